// Reading a small file a person named (a terminal profile, a key, a body to sign): only a regular
// file, opened without blocking and checked on the open descriptor, so a FIFO or a device given by
// mistake (or swapped in after a check) is refused at once instead of hanging the command or the app.

import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type FileReadProblem = 'missing' | 'not_regular' | 'too_large' | 'unreadable';

export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly problem: FileReadProblem,
    /** The system's error code (ENOENT, EACCES, …), when there was one. */
    readonly errno: string | undefined,
    cause?: unknown,
  ) {
    super(`${path}: ${problem}${errno ? ` (${errno})` : ''}`, cause === undefined ? undefined : { cause });
    this.name = 'FileReadError';
  }
}

export interface RegularFile {
  text: string;
  /** Taken on the descriptor that was read, not on the path. */
  stats: Stats;
}

/** Reads a regular file of at most `maxBytes` as UTF-8; anything else is a FileReadError. */
export function readRegularFile(path: string, maxBytes: number): RegularFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw new FileReadError(path, errno === 'ENOENT' ? 'missing' : 'unreadable', errno, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(path, 'not_regular', undefined);
    if (stats.size > maxBytes) throw new FileReadError(path, 'too_large', undefined);
    // One byte more than allowed, to notice a file that grew after the check.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new FileReadError(path, 'too_large', undefined);
    }
    return { text: buffer.subarray(0, length).toString('utf8'), stats };
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    throw new FileReadError(path, 'unreadable', errno, error);
  } finally {
    closeSync(fd);
  }
}
