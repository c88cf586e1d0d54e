// A folder that once held a payment journal keeps a small marker file next to it. SQLite opens a
// missing or zero-byte file as a brand-new empty database, so without the marker a journal that was
// deleted or truncated (by a person, a sync tool, a full disk) would quietly become an empty journal:
// every unresolved payment forgotten and the day's report wrong. With it, that is refused as damage.

import { closeSync, constants, fsyncSync, lstatSync, openSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { KasirError } from '../errors';
import { notRegular, PRIVATE_FILE_MODE } from './private-files';

export function journalMarkerFile(file: string): string {
  return `${file}.marker`;
}

function sizeOf(file: string): number | undefined {
  try {
    const stats = statSync(file);
    // SQLite would block for ever on a FIFO planted under the journal's name.
    if (!stats.isFile()) throw notRegular(file);
    return stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function journalLost(code: 'JOURNAL_MISSING' | 'JOURNAL_CORRUPT', file: string): KasirError {
  const marker = journalMarkerFile(file);
  const what =
    code === 'JOURNAL_MISSING'
      ? { id: 'hilang', en: 'is missing' }
      : { id: 'kosong (0 byte)', en: 'is empty (0 bytes)' };
  return new KasirError({
    code,
    message: {
      id: `Jurnal pembayaran ${file} ${what.id}, padahal folder ini pernah berisi jurnal (${marker}). Jangan terima pembayaran; pulihkan file itu dari cadangan atau hubungi dukungan teknis. Untuk sengaja memulai jurnal baru, pindahkan seluruh folder ini.`,
      en: `The payment journal ${file} ${what.en}, although this folder held one (${marker}). Take no payments; restore the file from a backup or contact support. To start a new journal on purpose, move this whole folder aside.`,
    },
  });
}

/**
 * A symbolic link in the journal's place. SQLite follows it and keeps the write-ahead log beside the
 * link's target, while the journal's own fsyncs (and every other path it derives from its name) look
 * beside the link: what they reported synced would not be.
 */
function refuseSymlink(file: string): void {
  let link: boolean;
  try {
    link = lstatSync(file).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!link) return;
  throw new KasirError({
    code: 'DATA_FILE_NOT_REGULAR',
    message: {
      id: `Jurnal pembayaran ${file} adalah tautan simbolik, bukan file biasa. Tutup aplikasi, lalu pindahkan file jurnal yang ditunjuknya, beserta file -wal-nya bila ada, ke tempat tautan itu.`,
      en: `The payment journal ${file} is a symbolic link, not a regular file. Close the app, then move the journal it points to, with its -wal file if there is one, into the link's place.`,
    },
  });
}

/**
 * Before the journal is opened (to write or only to read): refuses something that is not a regular
 * file under its name (a symbolic link included), and a journal that is gone or emptied from a
 * folder that held one. A zero-byte file whose write-ahead log still holds pages is left to SQLite's
 * own recovery (and to the integrity check that follows).
 */
export function guardJournalFile(file: string): void {
  if (file === ':memory:') return;
  refuseSymlink(file);
  const size = sizeOf(file);
  if (sizeOf(journalMarkerFile(file)) === undefined) return;
  if (size === undefined) throw journalLost('JOURNAL_MISSING', file);
  if (size === 0 && (sizeOf(`${file}-wal`) ?? 0) === 0) throw journalLost('JOURNAL_CORRUPT', file);
}

/** After the journal opened and passed its checks: marks its folder as one that holds a journal. */
export function markJournalFile(file: string, now: () => number = Date.now): void {
  if (file === ':memory:' || sizeOf(journalMarkerFile(file)) !== undefined) return;
  let fd: number;
  try {
    fd = openSync(
      journalMarkerFile(file),
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      PRIVATE_FILE_MODE,
    );
  } catch (error) {
    // Another process (the app and the CLI share the folder) marked it first.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(
      fd,
      `${JSON.stringify({
        journal: basename(file),
        since: new Date(now()).toISOString(),
        note: 'Kasir CPM: this folder holds a payment journal. Never delete the journal or this file.',
      })}\n`,
    );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
