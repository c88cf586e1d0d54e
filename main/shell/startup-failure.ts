// What the person at the till sees when the app cannot start (a damaged audit log or journal, a data
// folder that is gone or not writable, a full disk): one sentence on what is wrong, and where the
// data is, in both languages since the settings that name the language may be what failed to load.
// Never a stack trace, and never a window that silently does not appear.

import { isKasirError } from '../errors';

export interface StartupFailure {
  title: string;
  message: string;
}

const TITLE = 'Kasir CPM tidak dapat dimulai / Kasir CPM cannot start';

/** Why, for errors that carry a system error code rather than our own message. */
function systemReason(code: string | undefined): { id: string; en: string } {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        id: 'Disk penuh, jadi Kasir CPM tidak dapat menulis datanya. Kosongkan ruang disk lalu buka lagi.',
        en: 'The disk is full, so Kasir CPM cannot write its data. Free some disk space and start it again.',
      };
    case 'EACCES':
    case 'EPERM':
      return {
        id: 'Kasir CPM tidak diizinkan menulis ke folder datanya. Periksa izin folder itu.',
        en: 'Kasir CPM is not allowed to write to its data folder. Check that folder’s permissions.',
      };
    case 'EROFS':
      return {
        id: 'Folder data berada di disk yang hanya dapat dibaca.',
        en: 'The data folder is on a read-only disk.',
      };
    case 'ENOENT':
    case 'ENOTDIR':
      return {
        id: 'Folder atau file yang diperlukan Kasir CPM tidak ada.',
        en: 'A folder or file Kasir CPM needs is missing.',
      };
    default:
      return {
        id: `Terjadi kesalahan tak terduga saat memulai${code ? ` (${code})` : ''}. Hubungi dukungan teknis.`,
        en: `An unexpected error happened while starting${code ? ` (${code})` : ''}. Contact support.`,
      };
  }
}

const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/** The dialog for a start that failed; `dataDir` is where the data is (undefined if not known yet). */
export function startupFailure(error: unknown, dataDir: string | undefined): StartupFailure {
  // Our own errors say what happened and what to do, except that a full or read-only disk under one
  // of them (which may blame permissions) is said plainly.
  const code = codeOf(error);
  const reason =
    isKasirError(error) && !(code !== undefined && DISK_CODES.has(code))
      ? error.messages
      : systemReason(code);
  const where = dataDir ?? '?';
  return {
    title: TITLE,
    message: `${reason.id}\nData: ${where}\n\n${reason.en}\nData: ${where}`,
  };
}
