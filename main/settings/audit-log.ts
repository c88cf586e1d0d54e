// The security audit trail: every supervisor PIN use (right, wrong, locked out) and every change to
// credentials, append-only. The payment journal has no general event log to put these in (its events
// belong to a payment), so this is a table of its own, in audit.sqlite next to the journal; triggers
// refuse UPDATE and DELETE so a row, once written, stays as written. Each row says who acted (the
// supervisor, by PIN; or nobody in particular, before a PIN existed) and what changed, never a secret.

import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { AuditEntry } from '../../preload/contract/settings';
import { KasirError } from '../errors';
import { preparePrivateDatabase } from '../files/private-files';

export const AUDIT_FILE_NAME = 'audit.sqlite';

export type AuditAction =
  | 'pin.verify'
  | 'pin.set'
  | 'pin.change'
  | 'pin.recover'
  | 'pin.lost'
  | 'secret.store'
  | 'key.generate'
  | 'key.import'
  | 'profile.save'
  | 'profile.delete'
  | 'profile.activate'
  | 'vault.accept-unprotected'
  | 'settings.general'
  | 'ppob.pricing';

export interface AuditInput {
  action: AuditAction;
  outcome: string;
  /** What the PIN was asked for: 'refund', 'cancel', 'override', 'settings', … */
  purpose?: string | undefined;
  /** The payment/refund reference or profile id concerned. Never a secret. */
  reference?: string | undefined;
  detail?: string | undefined;
  /** Who acted: 'supervisor' (the PIN was checked), 'no PIN set yet', … */
  actor?: string | undefined;
}

export interface AuditLog {
  append(entry: AuditInput): void;
  /** Newest first. */
  recent(limit?: number): AuditEntry[];
  /** Whether a supervisor PIN was ever set here (it survives losing the vault). */
  pinEverSet(): boolean;
  close(): void;
}

const RowSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  action: z.string(),
  outcome: z.string(),
  purpose: z.string().nullable(),
  reference: z.string().nullable(),
  detail: z.string().nullable(),
  actor: z.string().nullable(),
});

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    purpose TEXT,
    reference TEXT,
    detail TEXT
  );
  CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** SQLITE_CORRUPT (11) or SQLITE_NOTADB (26): the file is there but is not a sound database. */
function isDamaged(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | undefined)?.errcode;
  return errcode === 11 || errcode === 26;
}

const clip = (value: string | undefined, max: number) => (value === undefined ? null : value.slice(0, max));

export function openAuditLog(file: string, now: () => number): AuditLog {
  let db: DatabaseSync;
  try {
    preparePrivateDatabase(file);
    db = new DatabaseSync(file);
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA fullfsync = ON'); // macOS: past the drive's cache, as the journal (a no-op elsewhere)
    db.exec(SCHEMA);
    // Logs written before rows named who acted get the column (ALTER TABLE is not an UPDATE).
    const columns = db.prepare('PRAGMA table_info(audit)').all();
    if (!columns.some((column) => column.name === 'actor'))
      db.exec('ALTER TABLE audit ADD COLUMN actor TEXT');
  } catch (error) {
    if (isDamaged(error)) {
      throw new KasirError({
        code: 'AUDIT_CORRUPT',
        message: {
          id: `Log audit rusak atau bukan log audit Kasir (${file}). Simpan file itu untuk dukungan teknis, pindahkan dari folder data, lalu buka lagi aplikasi.`,
          en: `The audit log is damaged or not a Kasir audit log (${file}). Keep the file for support, move it out of the data folder, then start the app again.`,
        },
        cause: error,
      });
    }
    throw new KasirError({
      code: 'AUDIT_OPEN_FAILED',
      message: {
        id: `Log audit tidak dapat dibuka (${file}). Periksa izin folder data.`,
        en: `The audit log cannot be opened (${file}). Check the data folder's permissions.`,
      },
      cause: error,
    });
  }
  const insert = db.prepare(
    'INSERT INTO audit (at, action, outcome, purpose, reference, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const pinSet = db.prepare(
    "SELECT 1 AS found FROM audit WHERE action IN ('pin.set', 'pin.change', 'pin.recover') AND outcome = 'ok' LIMIT 1",
  );
  const select = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  return {
    append(entry) {
      insert.run(
        now(),
        entry.action,
        entry.outcome,
        clip(entry.purpose, 40),
        clip(entry.reference, 80),
        clip(entry.detail, 300),
        clip(entry.actor, 60),
      );
    },
    pinEverSet() {
      return pinSet.get() !== undefined;
    },
    recent(limit = 200) {
      return select.all(Math.max(1, Math.min(1000, Math.trunc(limit)))).map((row) => RowSchema.parse(row));
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
