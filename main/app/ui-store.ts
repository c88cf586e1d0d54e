// What the cashier's screens remember beside the payment journal: the wallet label and last 4 digits
// read from each scanned QR (the journal keeps only the QR's fingerprint), and how many times each
// receipt was printed (a reprint says COPY). Its own small SQLite file, so the engine's journal stays
// the engine's alone.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { Wallet } from '../../preload/contract/payments';
import { WALLET_LABEL_MAX } from '../../preload/contract/payments';

export const UI_STORE_FILE_NAME = 'cashier-ui.sqlite';

const WalletRowSchema = z.object({ label: z.string().nullable(), last4: z.string().nullable() });
const CountRowSchema = z.object({ n: z.number() });

export interface UiStore {
  rememberWallet(fingerprint: string, wallet: Wallet): void;
  walletOf(fingerprint: string): Wallet;
  /** Records one print and returns how many there were before it (0: the original). */
  recordPrint(paymentId: number, at: number): number;
  printsOf(paymentId: number): number;
  close(): void;
}

const NO_WALLET: Wallet = { label: null, last4: null };

/** At most `max` UTF-16 units, never half a surrogate pair, with "…" where it was cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * The wallet as screens may show it. The label is the customer's QR's own text (tag 50), so it is
 * shortened to what the contract carries rather than failing every answer that names the payment.
 */
export function walletFrom(label: string | null | undefined, last4: string | null | undefined): Wallet {
  return {
    label: label === null || label === undefined ? null : shorten(label, WALLET_LABEL_MAX),
    last4: last4 !== null && last4 !== undefined && /^\d{4}$/.test(last4) ? last4 : null,
  };
}

export function openUiStore(file: string): UiStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS wallets (
      fingerprint TEXT PRIMARY KEY,
      label TEXT,
      last4 TEXT
    );
    CREATE TABLE IF NOT EXISTS receipt_prints (
      id INTEGER PRIMARY KEY,
      payment_id INTEGER NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS receipt_prints_payment ON receipt_prints (payment_id);
  `);
  const insertWallet = db.prepare(
    'INSERT INTO wallets (fingerprint, label, last4) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING',
  );
  const selectWallet = db.prepare('SELECT label, last4 FROM wallets WHERE fingerprint = ?');
  const insertPrint = db.prepare('INSERT INTO receipt_prints (payment_id, at) VALUES (?, ?)');
  const countPrints = db.prepare('SELECT count(*) AS n FROM receipt_prints WHERE payment_id = ?');

  const printsOf = (paymentId: number) => CountRowSchema.parse(countPrints.get(paymentId)).n;

  return {
    rememberWallet(fingerprint, wallet) {
      insertWallet.run(fingerprint, wallet.label, wallet.last4);
    },
    walletOf(fingerprint) {
      const row = selectWallet.get(fingerprint);
      if (row === undefined) return NO_WALLET;
      const parsed = WalletRowSchema.parse(row);
      return walletFrom(parsed.label, parsed.last4);
    },
    recordPrint(paymentId, at) {
      const before = printsOf(paymentId);
      insertPrint.run(paymentId, at);
      return before;
    },
    printsOf,
    close() {
      if (db.isOpen) db.close();
    },
  };
}
