// One worker per terminal at a time, across every process sharing the data directory (the app, a
// `kasir` command, a second app instance). The lock is an open EXCLUSIVE transaction on a small
// SQLite file: the operating system holds it for as long as the process lives and drops it the
// instant the process dies, even by SIGKILL, so a crash can never leave a terminal locked and a
// live worker can never be overtaken.

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KasirError } from '../errors';

export interface TerminalLock {
  readonly terminalId: string;
  release: () => void;
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

/**
 * Takes the terminal's lock or throws TERMINAL_BUSY. `waitMs` > 0 waits that long for a holder to
 * finish (SQLite's busy handler polls); 0 fails at once.
 */
export function acquireTerminalLock(dataDir: string, terminalId: string, waitMs = 0): TerminalLock {
  const file = lockFile(dataDir, terminalId);
  mkdirSync(join(dataDir, 'locks'), { recursive: true });
  const db = new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(waitMs))}`);
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (error instanceof Error && /locked|busy/i.test(error.message)) throw busy(terminalId);
    throw error;
  }
  let held = true;
  return {
    terminalId,
    release: () => {
      if (!held) return;
      held = false;
      try {
        if (db.isTransaction) db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
