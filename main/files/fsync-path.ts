// An fsync by path, of a file or a folder, for what is already written (a WAL, a database folder).
// A file's fsync returns its identity (device:inode), so a caller can tell a file it has synced
// before from a new one under the same name (whose entry in its folder is not yet on disk).
//
// A file is opened for writing, though nothing is written: Windows flushes only a handle that may
// write. A folder is opened for reading (Linux and macOS sync its entries so); Windows cannot open a
// folder to fsync it, and needs none (NTFS journals a file's name with its metadata), so a folder's
// fsync does nothing there.

import { closeSync, fstatSync, fsyncSync, openSync } from 'node:fs';
import { open as openHandle } from 'node:fs/promises';

const FOLDERS_SYNC = process.platform !== 'win32';

/** Flushes the file at `path` to disk and returns its identity. */
export function fsyncFile(path: string, fsync: (fd: number) => void = fsyncSync): string {
  const fd = openSync(path, 'r+');
  try {
    fsync(fd);
    const stat = fstatSync(fd);
    return `${stat.dev}:${stat.ino}`;
  } finally {
    closeSync(fd);
  }
}

/** Flushes the file at `path` to disk on the thread pool (the main thread goes on meanwhile). */
export async function fsyncFileAsync(path: string): Promise<string> {
  const handle = await openHandle(path, 'r+');
  try {
    await handle.sync();
    const stat = await handle.stat();
    return `${stat.dev}:${stat.ino}`;
  } finally {
    await handle.close();
  }
}

/** Flushes the folder at `path` (its entries: names created or renamed in it) to disk. */
export function fsyncFolder(path: string, fsync: (fd: number) => void = fsyncSync): void {
  if (!FOLDERS_SYNC) return;
  const fd = openSync(path, 'r');
  try {
    fsync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes the folder at `path` to disk on the thread pool. */
export async function fsyncFolderAsync(path: string): Promise<void> {
  if (!FOLDERS_SYNC) return;
  const handle = await openHandle(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
