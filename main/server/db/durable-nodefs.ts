// The embedded PostgreSQL's folder, opened so that every write reaches the disk before it returns.
//
// PGlite runs PostgreSQL compiled to WebAssembly, whose fsync and fdatasync are no-ops (Emscripten's
// syscalls answer 0 and do nothing; PGlite also starts PostgreSQL with fsync off). Its files are real
// files (Emscripten's NODEFS), so a killed process loses nothing committed, but a power cut could:
// strace of a PGlite insert shows no fsync at all. A commit the server acknowledged (a provider's
// notify answered 2007900, a terminal's batch whose cursor it returned) must survive a power cut, and
// so must the data pages a checkpoint writes before PostgreSQL drops the WAL that could redo them.
//
// So every file the database opens for writing is opened O_SYNC: each write — the WAL record of a
// commit, a data page, pg_control — is on disk when it returns, in the order PostgreSQL wrote it.
// That is the ordering PostgreSQL's own fsyncs would give. It costs ~0.25 ms per commit here.

import { NodeFS } from '@electric-sql/pglite/nodefs';

/** Emscripten's (musl's) open flags, which NODEFS maps to Node's: O_SYNC becomes Node's O_SYNC. */
const ACCESS_MODE = 0o3;
const O_SYNC_BIT = 0o10000;

type InitArgs = Parameters<NodeFS['init']>;

interface FlagMapper {
  flagsForNode(flags: number): number;
}

function isFlagMapper(value: unknown): value is FlagMapper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { flagsForNode?: unknown }).flagsForNode === 'function'
  );
}

/** Makes NODEFS open every writable file O_SYNC; refuses a NODEFS it does not recognise. */
export function syncEveryWrite(nodefs: unknown): void {
  if (!isFlagMapper(nodefs)) {
    // Starting without the guarantee would be silent data loss at the next power cut.
    throw new Error(
      'this PGlite build has no NODEFS.flagsForNode: the embedded database cannot be made durable',
    );
  }
  const original = nodefs.flagsForNode.bind(nodefs);
  nodefs.flagsForNode = (flags: number) => original((flags & ACCESS_MODE) === 0 ? flags : flags | O_SYNC_BIT);
}

/** PGlite's Node filesystem, with syncEveryWrite applied before the folder is mounted. */
export class DurableNodeFS extends NodeFS {
  override async init(...[pg, opts]: InitArgs): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(pg, opts);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        // First: the mount that follows opens nothing before the flags are changed.
        preRun: [(mod) => syncEveryWrite(mod.NODEFS), ...(emscriptenOpts.preRun ?? [])],
      },
    };
  }
}
