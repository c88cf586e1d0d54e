// Earlier versions kept each scanned QR's wallet (and receipt print counts) in a file of the app's
// own, cashier-ui.sqlite, beside the journal that already has a place for both. The journal is the
// one source now: at start, the wallets of that file are carried into each backend's journal (only
// where the journal has none). Print counts are not carried: they were kept per app, not per
// journal, so they cannot be told apart; a reprint of an old receipt may therefore not say COPY.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Journal } from '../payments/journal';

export const LEGACY_UI_STORE_FILE_NAME = 'cashier-ui.sqlite';

export function importLegacyWallets(dataDir: string, journal: Journal, log: (line: string) => void): void {
  const file = join(dataDir, LEGACY_UI_STORE_FILE_NAME);
  if (!existsSync(file)) return;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const rows = db.prepare('SELECT fingerprint, label, last4 FROM wallets').all();
    journal.backfillWallets(
      rows.map((row) => ({
        fingerprint: String(row.fingerprint),
        label: typeof row.label === 'string' ? row.label : null,
        last4: typeof row.last4 === 'string' ? row.last4 : null,
      })),
    );
  } catch (error) {
    // The old file is a convenience for history screens, never money: a damaged one is left alone.
    log(
      `the old cashier-ui.sqlite could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    db?.close();
  }
}
