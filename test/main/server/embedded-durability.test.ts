// The embedded database's promise: what it committed survives a power cut, not only a killed process.
// PGlite's own fsync does nothing (WebAssembly), so the promise rests on every writable file of its
// folder being open O_SYNC; Linux shows each descriptor's flags in /proc/self/fdinfo.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncEveryWrite } from '../../../main/server/db/durable-nodefs';
import { openEmbedded } from '../../../main/server/db/embedded';
import { tempDir } from '../payments/support';

const O_ACCMODE = 0o3;
const O_SYNC = 0o4010000; // O_DSYNC | __O_SYNC on Linux

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('kasir-embedded-');
});
afterEach(() => dir.remove());

/** Every descriptor this process holds on a file under `root`, with its open flags. */
function openFilesUnder(root: string): { file: string; flags: number }[] {
  const found: { file: string; flags: number }[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    let info: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // closed meanwhile (readdir's own descriptor)
    }
    const flags = /^flags:\s+([0-7]+)$/m.exec(info)?.[1];
    if (target.startsWith(`${root}/`) && flags !== undefined) {
      found.push({ file: target.slice(root.length + 1), flags: Number.parseInt(flags, 8) });
    }
  }
  return found;
}

describe('the embedded database', () => {
  it.skipIf(process.platform !== 'linux')(
    'writes every file synchronously, the WAL of each commit included',
    async () => {
      const db = await openEmbedded(join(dir.path, 'db'));
      try {
        await db.exec('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
        await db.transaction(async (tx) => {
          await tx.query('INSERT INTO notes (body) VALUES ($1)', ['2007900 Successful']);
        });
        const writable = openFilesUnder(join(dir.path, 'db')).filter((f) => (f.flags & O_ACCMODE) !== 0);
        expect(writable.some((f) => f.file.startsWith('pg_wal/'))).toBe(true);
        expect(writable.some((f) => f.file.startsWith('base/'))).toBe(true);
        expect(writable.filter((f) => (f.flags & O_SYNC) !== O_SYNC)).toEqual([]);
        expect(await db.query('SELECT body FROM notes')).toEqual([{ body: '2007900 Successful' }]);
      } finally {
        await db.close();
      }
    },
  );
});

describe('making a PGlite filesystem write synchronously', () => {
  const mapper = () => ({ flagsForNode: (flags: number) => flags });

  it('adds O_SYNC to an open for writing or reading and writing', () => {
    const nodefs = mapper();
    syncEveryWrite(nodefs);
    expect([nodefs.flagsForNode(0o1), nodefs.flagsForNode(0o2 | 0o100)]).toEqual([0o10001, 0o10102]);
  });

  it('leaves an open for reading only as it was', () => {
    const nodefs = mapper();
    syncEveryWrite(nodefs);
    expect(nodefs.flagsForNode(0)).toBe(0);
  });

  it('refuses a filesystem it does not recognise rather than run without the guarantee', () => {
    expect(() => syncEveryWrite({})).toThrow(/cannot be made durable/);
  });
});
