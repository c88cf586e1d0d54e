// Everything the app keeps on disk belongs to the OS user running it and to no one else: folders 0700,
// files 0600, whatever the umask. SQLite gives its -wal/-shm/-journal files the database file's own
// mode, so a database file created 0600 here keeps its sidecars 0600 too. Windows has no such bits
// (its ACLs follow the user profile), so there the checks are skipped.

import type { Stats } from 'node:fs';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { KasirError } from '../errors';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';
const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'] as const;

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, '0');

function ownedByAnother(stats: Stats): boolean {
  return POSIX && typeof process.getuid === 'function' && stats.uid !== process.getuid();
}

function insecureFolder(dir: string, why: { id: string; en: string }, cause?: unknown): KasirError {
  return new KasirError({
    code: 'DATA_DIR_INSECURE',
    message: {
      id: `Folder data ${dir} ${why.id} Pakai folder milik pengguna ini saja.`,
      en: `The data folder ${dir} ${why.en} Use a folder that belongs to this user alone.`,
    },
    cause,
  });
}

/**
 * Creates `dir` (and missing parents) 0700, or tightens an existing one that group or others can
 * enter to 0700. Returns a sentence saying what was tightened, or null. A folder that belongs to
 * another user, or whose mode cannot be changed, is refused (DATA_DIR_INSECURE): the journal and
 * the secrets vault would be readable by someone else.
 */
export function securePrivateDir(dir: string): string | null {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const stats = statSync(dir);
  if (!stats.isDirectory()) {
    throw insecureFolder(dir, { id: 'bukan sebuah folder.', en: 'is not a folder.' });
  }
  if (!POSIX) return null;
  if (ownedByAnother(stats)) {
    throw insecureFolder(dir, {
      id: `milik pengguna lain (uid ${stats.uid}).`,
      en: `belongs to another user (uid ${stats.uid}).`,
    });
  }
  if ((stats.mode & 0o077) === 0) return null;
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    throw insecureFolder(
      dir,
      {
        id: `dapat dibuka pengguna lain (mode ${octal(stats.mode)}) dan izinnya tidak dapat diperketat.`,
        en: `is open to other users (mode ${octal(stats.mode)}) and its permissions cannot be tightened.`,
      },
      error,
    );
  }
  return `tightened ${dir} from mode ${octal(stats.mode)} to ${octal(PRIVATE_DIR_MODE)}: it holds payment data and secrets`;
}

/**
 * Creates the folder a private file goes in (and missing parents) 0700. An existing folder is left as
 * it is: only the data folder itself is tightened (securePrivateDir), and it alone guards what is in it.
 */
export function ensurePrivateDirOf(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
}

export function notRegular(file: string): KasirError {
  return new KasirError({
    code: 'DATA_FILE_NOT_REGULAR',
    message: {
      id: `${file} bukan file biasa (mungkin FIFO, perangkat atau folder). Pindahkan benda itu dari folder data.`,
      en: `${file} is not a regular file (perhaps a FIFO, a device or a folder). Move it out of the data folder.`,
    },
  });
}

/**
 * Makes sure `file` exists as a regular file only its owner can read and write: created 0600 when
 * missing, an existing one tightened to 0600. Opened non-blocking, so a FIFO planted under the
 * file's name is refused instead of hanging the app.
 */
export function preparePrivateFile(file: string): void {
  ensurePrivateDirOf(file);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = openSync(file, flags, PRIVATE_FILE_MODE);
  } catch (error) {
    // ENXIO: a FIFO with no reader; EISDIR: a folder in the way.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENXIO' || code === 'EISDIR') throw notRegular(file);
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(file);
    if (POSIX && (stats.mode & 0o077) !== 0) fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** A SQLite database file, before DatabaseSync opens it: the file and any sidecars left over, 0600. */
export function preparePrivateDatabase(file: string): void {
  if (file === ':memory:') return;
  preparePrivateFile(file);
  if (!POSIX) return;
  for (const suffix of SQLITE_SIDECARS) {
    try {
      if ((statSync(`${file}${suffix}`).mode & 0o077) !== 0) chmodSync(`${file}${suffix}`, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
