// An fsync by path, of a file or a folder, for what is already written (a WAL, a database folder).
// Each returns the identity (device:inode) of what it synced, so a caller can tell a file it has
// synced before from a new one under the same name (whose entry in its folder is not yet on disk).

import { closeSync, fstatSync, fsyncSync, openSync } from 'node:fs';
import { open as openHandle } from 'node:fs/promises';

export type FsyncKind = 'file' | 'folder';

/**
 * A file is opened for writing, though nothing is written: Windows flushes only a handle that may
 * write. A folder is opened for reading (Linux and macOS sync its entries so).
 */
function openFlags(kind: FsyncKind): 'r+' | 'r' {
  return kind === 'file' ? 'r+' : 'r';
}

/** Flushes `path` to disk. */
export function fsyncPath(path: string, kind: FsyncKind, fsync: (fd: number) => void = fsyncSync): string {
  const fd = openSync(path, openFlags(kind));
  try {
    fsync(fd);
    const stat = fstatSync(fd);
    return `${stat.dev}:${stat.ino}`;
  } finally {
    closeSync(fd);
  }
}

/** Flushes `path` to disk on the thread pool (the main thread goes on meanwhile). */
export async function fsyncPathAsync(path: string, kind: FsyncKind): Promise<string> {
  const handle = await openHandle(path, openFlags(kind));
  try {
    await handle.sync();
    const stat = await handle.stat();
    return `${stat.dev}:${stat.ino}`;
  } finally {
    await handle.close();
  }
}
