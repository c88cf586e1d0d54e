// One worker per terminal at a time, across every process sharing the data directory (the app, a
// `kasir` command, a second app instance). The lock is an open EXCLUSIVE transaction on a small
// SQLite file: the operating system holds it for as long as the process lives and drops it the
// instant the process dies, even by SIGKILL, so a crash can never leave a terminal locked and a
// live worker can never be overtaken. The file stays open between operations, so taking the lock
// is one statement, not a file opened and closed per payment. The file is in WAL mode, where
// BEGIN EXCLUSIVE takes only the WAL's write lock (a lock on the -shm index, dropped at process death
// like any other): about 5 µs instead of ~90 µs for a rollback journal's lock dance and hot-journal
// check, paid on every payment.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KasirError } from '../errors';
import { preparePrivateDatabase } from '../files/private-files';

export interface TerminalLock {
  readonly terminalId: string;
  release: () => void;
}

export interface TerminalLockFile {
  /** Takes the terminal or throws TERMINAL_BUSY (after waiting up to `waitMs`). */
  acquire: (waitMs?: number) => TerminalLock;
  /** Closes the file (releasing the lock if held). */
  close: () => void;
}

function lockFile(dataDir: string, terminalId: string): string {
  // Terminal ids come from configuration: hash them into a safe file name.
  const digest = createHash('sha256').update(terminalId, 'utf8').digest('hex').slice(0, 24);
  return join(dataDir, 'locks', `terminal-${digest}.lock`);
}

function busy(terminalId: string): KasirError {
  return new KasirError({
    code: 'TERMINAL_BUSY',
    message: {
      id: `Terminal ${terminalId} sedang dipakai proses lain (pembayaran atau pemulihan sedang berjalan). Tunggu hingga selesai.`,
      en: `Terminal ${terminalId} is in use by another process (a payment or recovery is running). Wait for it to finish.`,
    },
  });
}

export function openTerminalLockFile(dataDir: string, terminalId: string): TerminalLockFile {
  const file = lockFile(dataDir, terminalId);
  preparePrivateDatabase(file);
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
  } catch {
    // A holder from an older version keeps the file busy in rollback mode: the lock works the same,
    // only slower, and the file turns WAL at the next open.
  }
  let waiting = -1;
  let held = false;
  return {
    acquire(waitMs = 0) {
      if (held) throw busy(terminalId);
      const wait = Math.max(0, Math.trunc(waitMs));
      if (wait !== waiting) {
        db.exec(`PRAGMA busy_timeout = ${wait}`);
        waiting = wait;
      }
      try {
        db.exec('BEGIN EXCLUSIVE');
      } catch (error) {
        if (error instanceof Error && /locked|busy/i.test(error.message)) throw busy(terminalId);
        throw error;
      }
      held = true;
      let released = false;
      return {
        terminalId,
        release: () => {
          if (released) return;
          released = true;
          held = false;
          if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
        },
      };
    },
    close() {
      held = false;
      if (db.isOpen) db.close();
    },
  };
}

/**
 * Takes the terminal's lock once, on a file opened for it and closed on release. `waitMs` > 0 waits
 * that long for a holder to finish (SQLite's busy handler polls); 0 fails at once.
 */
export function acquireTerminalLock(dataDir: string, terminalId: string, waitMs = 0): TerminalLock {
  const file = openTerminalLockFile(dataDir, terminalId);
  let lock: TerminalLock;
  try {
    lock = file.acquire(waitMs);
  } catch (error) {
    file.close();
    throw error;
  }
  return {
    terminalId,
    release: () => {
      lock.release();
      file.close();
    },
  };
}
