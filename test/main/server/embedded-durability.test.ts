// The embedded database's promise: what it committed survives a power cut, not only a killed process.
// PGlite's own fsync does nothing (WebAssembly), so the promise rests on PostgreSQL running with fsync
// on and each of its fsyncs reaching the real file. The fsyncs are watched by wrapping the real one.
import { fsyncSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DurableNodeFS,
  durableStartParams,
  syncForReal,
  syncTree,
} from '../../../main/server/db/durable-nodefs';
import { openEmbedded } from '../../../main/server/db/embedded';
import { tempDir } from '../payments/support';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('kasir-embedded-');
});
afterEach(() => dir.remove());

/** The real fsync, recording the path of each descriptor it syncs (relative to `root`). */
function watchedFsync(root: string) {
  const synced: string[] = [];
  const fsync = (fd: number) => {
    fsyncSync(fd);
    const path = readlinkSync(`/proc/self/fd/${fd}`);
    if (path.startsWith(root)) synced.push(path.slice(root.length + 1));
  };
  return { synced, fsync };
}

describe.skipIf(process.platform !== 'linux')('the embedded database', () => {
  /** A durable PGlite in a fresh folder, its fsyncs watched, closed after `run`. */
  async function withWatchedDatabase(run: (db: PGlite, synced: string[]) => Promise<void>) {
    const folder = join(dir.path, 'db');
    const watch = watchedFsync(folder);
    const db = await PGlite.create({
      fs: new DurableNodeFS(folder, watch.fsync),
      startParams: durableStartParams(),
    });
    try {
      await run(db, watch.synced);
    } finally {
      await db.close();
    }
  }

  it('fsyncs the WAL of a commit before the commit returns', async () => {
    await withWatchedDatabase(async (db, synced) => {
      await db.exec('CREATE TABLE notes (id serial PRIMARY KEY, body text)');
      synced.length = 0;
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes (body) VALUES ($1)', ['2007900 Successful']);
      });
      expect(synced.some((path) => path.startsWith('pg_wal/'))).toBe(true);
    });
  });

  it('fsyncs the data files and pg_control at a checkpoint', async () => {
    await withWatchedDatabase(async (db, synced) => {
      await db.exec("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('x')");
      synced.length = 0;
      await db.exec('CHECKPOINT');
      expect(synced.some((path) => path.startsWith('base/'))).toBe(true);
      expect(synced).toContain('global/pg_control');
    });
  });

  it('runs PostgreSQL with fsync on, whatever PGlite starts it with', async () => {
    const db = await openEmbedded(join(dir.path, 'db'));
    try {
      expect(await db.query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
      expect(await db.query('SHOW wal_sync_method')).toEqual([{ wal_sync_method: 'fsync' }]);
    } finally {
      await db.close();
    }
  });

  it('syncs every file and folder of a tree, the tree itself included', () => {
    const tree = join(dir.path, 'tree');
    mkdirSync(join(tree, 'base', '5'), { recursive: true });
    writeFileSync(join(tree, 'PG_VERSION'), '17\n');
    writeFileSync(join(tree, 'base', '5', '1259'), 'page');
    const watch = watchedFsync(dir.path);
    syncTree(tree, watch.fsync);
    expect([...watch.synced].sort()).toEqual(
      ['tree', 'tree/PG_VERSION', 'tree/base', 'tree/base/5', 'tree/base/5/1259'].sort(),
    );
  });
});

describe('the start flags of a durable embedded database', () => {
  it('drop PGlite’s -F (fsync off) and choose fsync() for the WAL', () => {
    expect(durableStartParams(['--single', '-F', '-O'])).toEqual([
      '--single',
      '-O',
      '-c',
      'fsync=on',
      '-c',
      'wal_sync_method=fsync',
    ]);
  });
});

describe('giving a PGlite filesystem a real fsync', () => {
  const nodefs = () => ({
    stream_ops: {} as { fsync?: (stream: { nfd?: number }) => number },
    tryFSOperation: <T>(operation: () => T) => operation(),
  });

  it('syncs the descriptor behind the stream', () => {
    const fs = nodefs();
    const synced: number[] = [];
    syncForReal(fs, (fd) => void synced.push(fd));
    expect(fs.stream_ops.fsync?.({ nfd: 7 })).toBe(0);
    expect(synced).toEqual([7]);
  });

  it('refuses a filesystem it does not recognise rather than run without the guarantee', () => {
    expect(() => syncForReal({})).toThrow(/cannot be made durable/);
  });
});
