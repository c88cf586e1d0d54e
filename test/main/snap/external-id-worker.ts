// Child process for external-id.test.ts: draws N ids from a shared journal and prints them.
import { Journal } from '../../../main/payments/journal';

const [file, partner, count] = process.argv.slice(2);
if (file === undefined || partner === undefined || count === undefined)
  throw new Error('usage: FILE PARTNER COUNT');
const journal = Journal.open(file, { now: () => Date.parse('2024-05-02T07:00:00Z') });
const ids: string[] = [];
for (let i = 0; i < Number(count); i += 1) ids.push(journal.externalIds.next(partner));
journal.close();
process.stdout.write(`${ids.join('\n')}\n`);
