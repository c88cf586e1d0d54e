// Payment rows: journaling an attempt before its request leaves, moving it through its states, and
// the reads the engine, the screens and the CLI make of them.

import type { SQLInputValue } from 'node:sqlite';
import { z } from 'zod';
import type { Minor } from '../../money/amount';
import type { EventRecord, PaymentRecord } from '../journal-records';
import { EventRowSchema, PaymentRowSchema } from '../journal-records';
import { businessDate } from '../references';
import type { PaymentState } from '../states';
import type { JournalDatabase } from './database';
import { badDate, isConstraintOn, paymentInFlight, referenceTaken } from './errors';
import { DATE_PATTERN, HOT_QUERIES } from './hot-queries';
import { PAYMENT_KIND } from './kinds';
import { requireOperation } from './operations';

/** An X-EXTERNAL-ID, or how to draw one inside the journal's transaction (see external-ids.ts). */
export type ExternalIdInput = string | (() => string);

export interface NewPayment {
  partnerReferenceNo: string;
  terminalId: string;
  merchantId: string;
  subMerchantId?: string | undefined;
  amount: Minor;
  currency: string;
  qrFingerprint: string;
  externalId: ExternalIdInput;
  requestTimeoutMs: number;
  deadlineAt: number;
  /** What the scanned QR says about the customer's wallet: its label and the last 4 digits, never more. */
  wallet?: { label: string | null; last4: string | null } | undefined;
}

export interface PaymentSearch {
  /** First and last business day, "yyyy-MM-dd", inclusive. */
  from: string;
  to: string;
  states?: readonly PaymentState[] | undefined;
  amount?: Minor | undefined;
  /** A part of our partnerReferenceNo or of the provider's referenceNo. */
  reference?: string | undefined;
  limit?: number | undefined;
}

export interface HistoryQuery {
  /** "yyyy-MM-dd" business day; all days when absent. */
  date?: string | undefined;
  /** Keyset cursor: only payments with an id below this one (the previous page's `nextBefore`). */
  before?: number | undefined;
  limit?: number | undefined;
}

export interface HistoryPage {
  items: PaymentRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

const CountRowSchema = z.object({ n: z.bigint() });

/**
 * Journals a payment attempt in SENDING, with its first send, in one durable commit before its
 * request may leave. Throws PAYMENT_IN_FLIGHT when the terminal already has an unfinished payment
 * (in any process) and REFERENCE_TAKEN when the partnerReferenceNo exists (the caller draws again).
 */
export function beginPayment(db: JournalDatabase, input: NewPayment): PaymentRecord {
  const at = db.now();
  return db.tx(() => {
    const externalId = typeof input.externalId === 'function' ? input.externalId() : input.externalId;
    let inserted: Record<string, unknown> | undefined;
    try {
      inserted = db
        .stmt(
          `INSERT INTO payments (partner_reference_no, terminal_id, merchant_id, sub_merchant_id, amount_minor,
             currency, qr_fingerprint, external_id, state, open, business_date, created_at, updated_at,
             last_sent_at, request_timeout_ms, deadline_at, wallet_label, wallet_last4)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SENDING', 1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          input.partnerReferenceNo,
          input.terminalId,
          input.merchantId,
          input.subMerchantId ?? null,
          input.amount,
          input.currency,
          input.qrFingerprint,
          externalId,
          businessDate(at, db.utcOffsetMinutes),
          at,
          at,
          at,
          input.requestTimeoutMs,
          input.deadlineAt,
          input.wallet?.label ?? null,
          input.wallet?.last4 ?? null,
        );
    } catch (error) {
      if (isConstraintOn(error, 'payments.terminal_id'))
        throw paymentInFlight(openPayments(db, input.terminalId)[0]);
      if (isConstraintOn(error, 'payments.partner_reference_no'))
        throw referenceTaken('partnerReferenceNo', error);
      throw error;
    }
    const payment = PaymentRowSchema.parse(inserted);
    db.appendEvent(payment.id, 'payment', payment.id, null, 'SENDING', {
      kind: 'created',
      externalId,
      detail: { amount: input.amount.toString(), currency: input.currency, qr: input.qrFingerprint },
    });
    // The request leaves right after this commit: its send is on record already.
    db.appendEvent(payment.id, 'payment', payment.id, null, null, { kind: 'send', externalId });
    return payment;
  });
}

export function getPayment(db: JournalDatabase, id: number): PaymentRecord | undefined {
  return db.row(PaymentRowSchema, 'SELECT * FROM payments WHERE id = ?', id);
}

export function requirePayment(db: JournalDatabase, id: number): PaymentRecord {
  return requireOperation(db, PAYMENT_KIND, id);
}

export function findByPartnerReferenceNo(
  db: JournalDatabase,
  partnerReferenceNo: string,
): PaymentRecord | undefined {
  return db.row(PaymentRowSchema, HOT_QUERIES.paymentByPartnerReferenceNo, partnerReferenceNo);
}

export function findByReferenceNo(db: JournalDatabase, referenceNo: string): PaymentRecord | undefined {
  return db.row(PaymentRowSchema, HOT_QUERIES.paymentByReferenceNo, referenceNo);
}

/** Payments not yet in a final state, oldest first (optionally of one terminal). */
export function openPayments(db: JournalDatabase, terminalId?: string): PaymentRecord[] {
  return terminalId === undefined
    ? db.rows(PaymentRowSchema, HOT_QUERIES.openPayments)
    : db.rows(
        PaymentRowSchema,
        'SELECT * FROM payments WHERE open = 1 AND terminal_id = ? ORDER BY id',
        terminalId,
      );
}

/** A page of payments, newest first, by keyset (constant time however long the history). */
export function history(db: JournalDatabase, query: HistoryQuery = {}): HistoryPage {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
  const before = query.before ?? Number.MAX_SAFE_INTEGER;
  if (query.date !== undefined && !DATE_PATTERN.test(query.date)) throw badDate(query.date);
  const rows =
    query.date === undefined
      ? db.stmt(HOT_QUERIES.historyPage).all(before, limit + 1)
      : db.stmt(HOT_QUERIES.historyPageOfDay).all(query.date, before, limit + 1);
  const items = rows.slice(0, limit).map((row) => PaymentRowSchema.parse(row));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last ? last.id : null };
}

/**
 * Payments of a range of business days, newest first, optionally narrowed by state, exact amount
 * or a part of either reference. At most `limit` (default 200); `truncated` says more matched.
 */
export function search(
  db: JournalDatabase,
  query: PaymentSearch,
): { items: PaymentRecord[]; truncated: boolean } {
  for (const day of [query.from, query.to]) if (!DATE_PATTERN.test(day)) throw badDate(day);
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 200), 1), 1000);
  const where = ['business_date BETWEEN ? AND ?'];
  const values: SQLInputValue[] = [query.from, query.to];
  if (query.states !== undefined && query.states.length > 0) {
    where.push(`state IN (${query.states.map(() => '?').join(', ')})`);
    values.push(...query.states);
  }
  if (query.amount !== undefined) {
    where.push('amount_minor = ?');
    values.push(query.amount);
  }
  if (query.reference !== undefined && query.reference !== '') {
    const pattern = `%${query.reference.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push("(partner_reference_no LIKE ? ESCAPE '\\' OR reference_no LIKE ? ESCAPE '\\')");
    values.push(pattern, pattern);
  }
  const rows = db
    .stmt(`SELECT * FROM payments WHERE ${where.join(' AND ')} ORDER BY business_date DESC, id DESC LIMIT ?`)
    .all(...values, limit + 1);
  return {
    items: rows.slice(0, limit).map((row) => PaymentRowSchema.parse(row)),
    truncated: rows.length > limit,
  };
}

/** Records that a receipt (or a copy) of a payment was printed: receipts are part of its history. */
export function recordReceipt(db: JournalDatabase, paymentId: number, copy: boolean): void {
  db.tx(() => {
    const payment = requirePayment(db, paymentId);
    db.appendEvent(paymentId, 'payment', paymentId, null, null, {
      kind: 'receipt',
      detail: { copy, state: payment.state },
    });
  });
}

export function receiptsPrinted(db: JournalDatabase, paymentId: number): number {
  const row = db
    .stmt("SELECT count(*) AS n FROM events WHERE payment_id = ? AND kind = 'receipt'")
    .get(paymentId);
  return Number(CountRowSchema.parse(row).n);
}

export function events(db: JournalDatabase, paymentId: number): EventRecord[] {
  return db.rows(EventRowSchema, HOT_QUERIES.eventsOfPayment, paymentId);
}

/** Every event after `afterId`, oldest first, at most `limit`: the outbox a merchant server reads. */
export function eventsAfter(db: JournalDatabase, afterId: number, limit = 500): EventRecord[] {
  return db.rows(EventRowSchema, HOT_QUERIES.eventsAfter, afterId, Math.min(Math.max(limit, 1), 5000));
}

/**
 * Fills in the wallet of payments journaled without one (the app once kept wallets in a file of its
 * own). Only empty wallets are written, so it is safe to run again; no state or event changes.
 */
export function backfillWallets(
  db: JournalDatabase,
  rows: readonly { fingerprint: string; label: string | null; last4: string | null }[],
): void {
  db.tx(() => {
    for (const row of rows) {
      db.stmt(
        `UPDATE payments SET wallet_label = ?, wallet_last4 = ?
          WHERE qr_fingerprint = ? AND wallet_label IS NULL AND wallet_last4 IS NULL`,
      ).run(row.label, row.last4, row.fingerprint);
    }
  }, 'relaxed');
}
