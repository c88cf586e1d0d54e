// The embedded PostgreSQL, with its fsyncs made real.
//
// PGlite runs PostgreSQL compiled to WebAssembly, and there an fsync does nothing: Emscripten's NODEFS
// has no fsync of its own, and PGlite starts PostgreSQL with fsync off (`-F`). Its files are real files,
// so a killed process loses nothing committed, but a power cut could: strace of a PGlite insert shows
// no fsync at all. A commit the server acknowledged (a notify answered 2007900, a terminal's batch whose
// cursor it returned) must survive a power cut, and so must what a checkpoint wrote before PostgreSQL
// dropped the WAL that could redo it.
//
// So NODEFS gets an fsync that reaches the file (or directory) on disk, and PostgreSQL runs with fsync
// on: its own discipline then applies unchanged — the WAL at every commit, the data files and their
// directories at a checkpoint, pg_control, a renamed WAL segment's folder. PostgreSQL treats a failed
// fsync as fatal (it stops rather than carry on past lost writes), and so does the server then.

import { fsyncSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { fsyncFile, fsyncFolder } from '../../files/fsync-path';

type InitArgs = Parameters<NodeFS['init']>;

interface NodefsInternals {
  stream_ops: { fsync?: (stream: { nfd?: number }) => number };
  tryFSOperation<T>(operation: () => T): T;
}

function isNodefs(value: unknown): value is NodefsInternals {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { stream_ops?: unknown; tryFSOperation?: unknown };
  return typeof v.stream_ops === 'object' && v.stream_ops !== null && typeof v.tryFSOperation === 'function';
}

/** Gives Emscripten's NODEFS an fsync of the real descriptor; refuses a NODEFS it does not recognise. */
export function syncForReal(nodefs: unknown, fsync: (fd: number) => void = fsyncSync): void {
  if (!isNodefs(nodefs)) {
    // Starting without the guarantee would be silent data loss at the next power cut.
    throw new Error('this PGlite build has an unknown NODEFS: the embedded database cannot be made durable');
  }
  nodefs.stream_ops.fsync = (stream) => {
    const fd = stream.nfd;
    // A Node error becomes an errno PostgreSQL sees (and, for an fsync, stops on).
    if (fd !== undefined) nodefs.tryFSOperation(() => fsync(fd));
    return 0;
  };
}

/** PostgreSQL's start flags as PGlite sets them, but with fsync on and fsync() as the WAL's method. */
export function durableStartParams(defaults: readonly string[] = PGlite.defaultStartParams): string[] {
  // fdatasync would reach Emscripten's own syscall, which does nothing; fsync reaches syncForReal.
  return [...defaults.filter((flag) => flag !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

/**
 * Every file and folder under `dir` fsync'd: what PGlite wrote before PostgreSQL's fsyncs were real
 * (the cluster it unpacks on first start) is on disk before anything is acknowledged.
 */
export function syncTree(dir: string, fsync: (fd: number) => void = fsyncSync): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) syncTree(join(dir, entry.name), fsync);
    else if (entry.isFile()) fsyncFile(join(dir, entry.name), fsync);
  }
  // Nothing on Windows, which cannot open a folder to fsync it; PostgreSQL skips it there too.
  fsyncFolder(dir, fsync);
}

/** PGlite's Node filesystem, with syncForReal applied before the folder is mounted. */
export class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly fsync: (fd: number) => void = fsyncSync,
  ) {
    super(dataDir);
  }

  override async init(...[pg, opts]: InitArgs): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(pg, opts);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        // First: nothing is opened before NODEFS has its fsync.
        preRun: [(mod) => syncForReal(mod.NODEFS, this.fsync), ...(emscriptenOpts.preRun ?? [])],
      },
    };
  }
}
