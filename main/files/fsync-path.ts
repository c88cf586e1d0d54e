// An fsync by path, of a file or a folder, for what is already written (a WAL, a database folder).

import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Flushes `path` to disk. A file is opened for writing, though nothing is written: Windows flushes
 * only a handle that may write. A folder is opened for reading (Linux and macOS sync its entries so).
 */
export function fsyncPath(
  path: string,
  kind: 'file' | 'folder',
  fsync: (fd: number) => void = fsyncSync,
): void {
  const fd = openSync(path, kind === 'file' ? 'r+' : 'r');
  try {
    fsync(fd);
  } finally {
    closeSync(fd);
  }
}
