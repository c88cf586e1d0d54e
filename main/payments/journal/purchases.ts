// PPOB purchase rows: journaling a purchase before its buy request leaves (or, for a sale paid by
// QRIS, before the payment), linking it to that payment and to the refund owed when it fails, the
// inquiries a purchase names, and the reads the engine, the CLI and the merchant server's sync make.

import { z } from 'zod';
import type { Minor } from '../../money/amount';
import type {
  InquiryRecord,
  PpobProviderName,
  PurchaseEventRecord,
  PurchaseRecord,
} from '../journal-records';
import { InquiryRowSchema, PurchaseEventRowSchema, PurchaseRowSchema } from '../journal-records';
import { redactedJson } from '../redact';
import { businessDate } from '../references';
import type { Durability, JournalDatabase } from './database';
import { badDate, isConstraintOn, purchaseInFlight, referenceTaken } from './errors';
import { DATE_PATTERN, HOT_QUERIES } from './hot-queries';

export interface NewPurchase {
  provider: PpobProviderName;
  /** The purchase's idempotency key at the provider (Klikoo partner_reference_id, DOKU request id). */
  partnerReferenceId: string;
  /** DOKU's per-request trace number of the first send, if the provider has one. */
  systrace?: string | undefined;
  product: { code: string; name: string; category: string };
  customerNo: string;
  msisdn?: string | undefined;
  period?: string | undefined;
  inquiryId?: number | undefined;
  customerName?: string | undefined;
  buyPrice: Minor;
  sellingPrice: Minor;
  terminalId: string;
  requestTimeoutMs: number;
  deadlineAt: number;
  /** A sale paid by QRIS: journaled before the payment, bought only once it is PAID. */
  awaitingPayment: boolean;
}

export interface NewInquiry {
  reference: string;
  provider: PpobProviderName;
  productCode: string;
  customerNo: string;
  period?: string | undefined;
  providerInquiryId?: string | undefined;
  customerName?: string | undefined;
  amount: Minor;
  adminFee: Minor;
  detail?: unknown;
  expiresAt: number;
}

export interface PurchaseHistoryQuery {
  /** "yyyy-MM-dd" business day; all days when absent. */
  date?: string | undefined;
  /** Keyset cursor: only purchases with an id below this one. */
  before?: number | undefined;
  limit?: number | undefined;
}

const CountRowSchema = z.object({ n: z.bigint() });

/**
 * Journals a purchase, durably: in SENDING with its first send (the buy request leaves right after
 * this commit), or in AWAITING_PAYMENT for a sale paid by QRIS. Throws PURCHASE_IN_FLIGHT while the
 * same product for the same customer number is still open (in any process).
 */
export function beginPurchase(db: JournalDatabase, input: NewPurchase): PurchaseRecord {
  const at = db.now();
  return db.tx(() => {
    const state = input.awaitingPayment ? 'AWAITING_PAYMENT' : 'SENDING';
    let inserted: Record<string, unknown> | undefined;
    try {
      inserted = db
        .stmt(
          `INSERT INTO purchases (provider, partner_reference_id, systrace, product_code, product_name, category,
             customer_no, msisdn, period, inquiry_id, customer_name, buy_price_minor, selling_price_minor, state,
             open, terminal_id, business_date, created_at, updated_at, last_sent_at, request_timeout_ms, deadline_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          input.provider,
          input.partnerReferenceId,
          input.systrace ?? null,
          input.product.code,
          input.product.name,
          input.product.category,
          input.customerNo,
          input.msisdn ?? null,
          input.period ?? null,
          input.inquiryId ?? null,
          input.customerName ?? null,
          input.buyPrice,
          input.sellingPrice,
          state,
          input.terminalId,
          businessDate(at, db.utcOffsetMinutes),
          at,
          at,
          at,
          input.requestTimeoutMs,
          input.deadlineAt,
        );
    } catch (error) {
      if (isConstraintOn(error, 'purchases.product_code')) {
        throw purchaseInFlight(openPurchaseOf(db, input.product.code, input.customerNo), {
          productCode: input.product.code,
          customerNo: input.customerNo,
        });
      }
      if (isConstraintOn(error, 'purchases.partner_reference_id'))
        throw referenceTaken('partner_reference_id', error);
      throw error;
    }
    const purchase = PurchaseRowSchema.parse(inserted);
    db.appendPurchaseEvent(purchase.id, null, state, {
      kind: 'created',
      detail: {
        provider: input.provider,
        product: input.product,
        customerNo: input.customerNo,
        buyPrice: input.buyPrice.toString(),
        sellingPrice: input.sellingPrice.toString(),
        inquiryId: input.inquiryId ?? null,
      },
    });
    if (state === 'SENDING') {
      db.appendPurchaseEvent(purchase.id, null, null, {
        kind: 'send',
        ...(input.systrace === undefined ? {} : { requestId: input.systrace }),
      });
    }
    return purchase;
  });
}

export function getPurchase(db: JournalDatabase, id: number): PurchaseRecord | undefined {
  return db.row(PurchaseRowSchema, 'SELECT * FROM purchases WHERE id = ?', id);
}

function openPurchaseOf(db: JournalDatabase, productCode: string, customerNo: string) {
  return db.row(
    PurchaseRowSchema,
    'SELECT * FROM purchases WHERE open = 1 AND product_code = ? AND customer_no = ?',
    productCode,
    customerNo,
  );
}

/** By our partner_reference_id, the provider's transaction id, or the QRIS payment that paid for it. */
export function findPurchase(db: JournalDatabase, reference: string): PurchaseRecord | undefined {
  return (
    db.row(PurchaseRowSchema, HOT_QUERIES.purchaseByReference, reference) ??
    db.row(PurchaseRowSchema, HOT_QUERIES.purchaseByTransactionId, reference) ??
    db.row(PurchaseRowSchema, HOT_QUERIES.purchaseByPaymentReference, reference)
  );
}

export function findPurchaseByTransactionId(
  db: JournalDatabase,
  provider: PpobProviderName,
  transactionId: string,
): PurchaseRecord | undefined {
  return db.row(
    PurchaseRowSchema,
    'SELECT * FROM purchases WHERE provider = ? AND transaction_id = ? ORDER BY id DESC LIMIT 1',
    provider,
    transactionId,
  );
}

export function purchaseOfPayment(db: JournalDatabase, paymentId: number): PurchaseRecord | undefined {
  return db.row(PurchaseRowSchema, 'SELECT * FROM purchases WHERE payment_id = ?', paymentId);
}

/**
 * The purchase that paid (or may be paying) an inquiry's bill: the latest naming it that did not
 * definitely fail or go unpaid. An inquiry quotes one bill, paid once.
 */
export function purchaseOfInquiry(db: JournalDatabase, inquiryId: number): PurchaseRecord | undefined {
  return db.row(
    PurchaseRowSchema,
    "SELECT * FROM purchases WHERE inquiry_id = ? AND state NOT IN ('FAILED', 'MANUAL_FAILED', 'NOT_PAID') ORDER BY id DESC LIMIT 1",
    inquiryId,
  );
}

/** Purchases not yet final, oldest first. */
export function openPurchases(db: JournalDatabase): PurchaseRecord[] {
  return db.rows(PurchaseRowSchema, HOT_QUERIES.openPurchases);
}

/** Failed purchases of sales paid by QRIS whose refund has not been journaled yet. */
export function purchasesOwedRefund(db: JournalDatabase): PurchaseRecord[] {
  return db.rows(PurchaseRowSchema, HOT_QUERIES.purchasesOwedRefund);
}

/** A page of purchases, newest first, by keyset. */
export function purchaseHistory(
  db: JournalDatabase,
  query: PurchaseHistoryQuery = {},
): { items: PurchaseRecord[]; nextBefore: number | null } {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
  const before = query.before ?? Number.MAX_SAFE_INTEGER;
  if (query.date !== undefined && !DATE_PATTERN.test(query.date)) throw badDate(query.date);
  const rows =
    query.date === undefined
      ? db.stmt('SELECT * FROM purchases WHERE id < ? ORDER BY id DESC LIMIT ?').all(before, limit + 1)
      : db
          .stmt(
            'SELECT * FROM purchases WHERE business_date = ? AND id < ? ORDER BY business_date DESC, id DESC LIMIT ?',
          )
          .all(query.date, before, limit + 1);
  const items = rows.slice(0, limit).map((row) => PurchaseRowSchema.parse(row));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last ? last.id : null };
}

export function purchaseEvents(db: JournalDatabase, purchaseId: number): PurchaseEventRecord[] {
  return db.rows(PurchaseEventRowSchema, HOT_QUERIES.eventsOfPurchase, purchaseId);
}

/** Every purchase event after `afterId`, oldest first, at most `limit`: the outbox a merchant server reads. */
export function purchaseEventsAfter(
  db: JournalDatabase,
  afterId: number,
  limit = 500,
): PurchaseEventRecord[] {
  return db.rows(
    PurchaseEventRowSchema,
    HOT_QUERIES.purchaseEventsAfter,
    afterId,
    Math.min(Math.max(limit, 1), 5000),
  );
}

export function countPurchases(db: JournalDatabase): number {
  return Number(CountRowSchema.parse(db.stmt('SELECT count(*) AS n FROM purchases').get()).n);
}

// Inquiries -----------------------------------------------------------------------------------

/** Keeps what an inquiry quoted (relaxed: it moves no money, and a lost one is simply asked again). */
export function recordInquiry(db: JournalDatabase, input: NewInquiry): InquiryRecord {
  const at = db.now();
  return db.tx(() => {
    let inserted: Record<string, unknown> | undefined;
    try {
      inserted = db
        .stmt(
          `INSERT INTO ppob_inquiries (reference, provider, product_code, customer_no, period, provider_inquiry_id,
             customer_name, amount_minor, admin_fee_minor, detail, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          input.reference,
          input.provider,
          input.productCode,
          input.customerNo,
          input.period ?? null,
          input.providerInquiryId ?? null,
          input.customerName ?? null,
          input.amount,
          input.adminFee,
          redactedJson(input.detail ?? null),
          at,
          input.expiresAt,
        );
    } catch (error) {
      if (isConstraintOn(error, 'ppob_inquiries.reference')) throw referenceTaken('inquiry reference', error);
      throw error;
    }
    return InquiryRowSchema.parse(inserted);
  }, 'relaxed');
}

export function findInquiry(db: JournalDatabase, reference: string): InquiryRecord | undefined {
  return (
    db.row(InquiryRowSchema, 'SELECT * FROM ppob_inquiries WHERE reference = ?', reference) ??
    db.row(
      InquiryRowSchema,
      'SELECT * FROM ppob_inquiries WHERE provider_inquiry_id = ? ORDER BY id DESC LIMIT 1',
      reference,
    )
  );
}

export function getInquiry(db: JournalDatabase, id: number): InquiryRecord | undefined {
  return db.row(InquiryRowSchema, 'SELECT * FROM ppob_inquiries WHERE id = ?', id);
}

// What happened at the counter around a purchase -----------------------------------------------

/** Notes a purchase's history keeps without moving it: how it was paid, a receipt, cash handed back. */
export type PurchaseNoteKind = 'sale' | 'receipt' | 'cash-returned';

/**
 * Appends a note to a purchase's history. Relaxed by default: it moves no money; the next durable
 * commit or checkpoint makes it durable, and a lost one is only a note.
 */
export function notePurchase(
  db: JournalDatabase,
  purchaseId: number,
  kind: PurchaseNoteKind,
  detail: unknown,
  durability: Durability = 'relaxed',
): PurchaseEventRecord {
  return db.tx(() => {
    if (getPurchase(db, purchaseId) === undefined) throw new RangeError(`no purchase ${purchaseId}`);
    db.appendPurchaseEvent(purchaseId, null, null, { kind, detail });
    return db.rows(
      PurchaseEventRowSchema,
      'SELECT * FROM purchase_events WHERE purchase_id = ? ORDER BY id DESC LIMIT 1',
      purchaseId,
    )[0] as PurchaseEventRecord;
  }, durability);
}

/** How many notes of a kind a purchase's history holds (receipts printed, say). */
export function purchaseNotes(db: JournalDatabase, purchaseId: number, kind: PurchaseNoteKind): number {
  const row = db
    .stmt('SELECT count(*) AS n FROM purchase_events WHERE purchase_id = ? AND kind = ?')
    .get(purchaseId, kind);
  return Number(CountRowSchema.parse(row).n);
}

/** The customer numbers a category was last sold to, newest first, with the name an inquiry gave. */
export function recentCustomers(
  db: JournalDatabase,
  category: string,
  limit: number,
): { customerNo: string; customerName: string | null; at: number }[] {
  const rows = db
    .stmt(
      `SELECT customer_no, max(created_at) AS at,
         (SELECT customer_name FROM purchases AS named
           WHERE named.category = purchases.category AND named.customer_no = purchases.customer_no
             AND named.customer_name IS NOT NULL ORDER BY named.id DESC LIMIT 1) AS customer_name
       FROM purchases WHERE category = ? GROUP BY customer_no ORDER BY at DESC LIMIT ?`,
    )
    .all(category, Math.min(Math.max(Math.trunc(limit), 1), 50));
  return rows.map((row) => RecentRowSchema.parse(row));
}

const RecentRowSchema = z
  .object({
    customer_no: z.string(),
    customer_name: z.string().nullable(),
    at: z.union([z.bigint(), z.number()]),
  })
  .transform((r) => ({ customerNo: r.customer_no, customerName: r.customer_name, at: Number(r.at) }));

/** Purchases of business days `from`…`to` (inclusive), newest first, optionally by reference or number. */
export function searchPurchases(
  db: JournalDatabase,
  query: { from: string; to: string; text?: string | undefined; limit: number },
): { items: PurchaseRecord[]; truncated: boolean } {
  if (!DATE_PATTERN.test(query.from)) throw badDate(query.from);
  if (!DATE_PATTERN.test(query.to)) throw badDate(query.to);
  const limit = Math.min(Math.max(Math.trunc(query.limit), 1), 1000);
  const text = query.text?.trim() ?? '';
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows =
    text === ''
      ? db
          .stmt(
            'SELECT * FROM purchases WHERE business_date BETWEEN ? AND ? ORDER BY business_date DESC, id DESC LIMIT ?',
          )
          .all(query.from, query.to, limit + 1)
      : db
          .stmt(
            `SELECT * FROM purchases WHERE business_date BETWEEN ? AND ?
               AND (partner_reference_id LIKE ? ESCAPE '\\' OR transaction_id LIKE ? ESCAPE '\\'
                    OR customer_no LIKE ? ESCAPE '\\' OR product_code LIKE ? ESCAPE '\\')
             ORDER BY business_date DESC, id DESC LIMIT ?`,
          )
          .all(query.from, query.to, like, like, like, like, limit + 1);
  return {
    items: rows.slice(0, limit).map((row) => PurchaseRowSchema.parse(row)),
    truncated: rows.length > limit,
  };
}
