// Child process for external-id.test.ts: draws N ids from a shared store file and prints them.
import { openExternalIdStore } from '../../../main/snap/external-id';

const [file, partner, count] = process.argv.slice(2);
if (file === undefined || partner === undefined || count === undefined)
  throw new Error('usage: FILE PARTNER COUNT');
const store = openExternalIdStore({ file, clock: () => new Date('2024-05-02T07:00:00Z') });
const ids: string[] = [];
for (let i = 0; i < Number(count); i += 1) ids.push(store.next(partner));
store.close();
process.stdout.write(`${ids.join('\n')}\n`);
