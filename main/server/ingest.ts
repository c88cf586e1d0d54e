// What a terminal's upload does on the server, all in one transaction: keep every new entry exactly
// once (a repeat of (terminal, stream, seq) is ignored: uploads are idempotent and resumable), bring
// the ledger (payments and refunds from "journal", PPOB purchases from "purchases") up to the latest
// state the entries carry, record which references the terminal journaled, and route to it any hint
// that was waiting for one of them.

import { z } from 'zod';
import { isOpenPaymentState, isOpenPurchaseState, isOpenRefundState } from '../payments/states';
import { maskCustomerNo, maskNumbersIn } from '../ppob/customer-mask';
import type { JournalEntryData, SyncBatch, SyncEntry } from '../sync/protocol';
import {
  JOURNAL_STREAM,
  JournalEntryDataSchema,
  PURCHASE_STREAM,
  PurchaseEntryDataSchema,
} from '../sync/protocol';
import type { Database, Sql } from './db/database';
import { lockRouting, routeHints } from './hints';

export interface IngestResult {
  stream: string;
  cursor: number;
  stored: number;
  /** Terminals with new deliveries (this one, when a waiting hint found it). */
  routedTo: string[];
}

/** Brings the ledger up to date from a stream's new entries. */
type Projector = (
  tx: Sql,
  terminalId: string,
  entries: readonly SyncEntry[],
  log: (line: string) => void,
) => Promise<void>;

const SeqRowSchema = z.object({ seq: z.bigint() });
const CursorRowSchema = z.object({ cursor: z.bigint().nullable() });

/** The newest entry per key, so a batch writes each ledger row once. */
function latestBy<T>(
  items: readonly { seq: number; data: T }[],
  key: (data: T) => string,
): { seq: number; data: T }[] {
  const latest = new Map<string, { seq: number; data: T }>();
  for (const item of items) {
    const k = key(item.data);
    const seen = latest.get(k);
    if (seen === undefined || seen.seq < item.seq) latest.set(k, item);
  }
  return [...latest.values()];
}

/** The entries whose data the ledger can read; any other is kept as it is, and logged. */
function readable<S extends z.ZodType>(
  schema: S,
  stream: string,
  terminalId: string,
  entries: readonly SyncEntry[],
  log: (line: string) => void,
): { seq: number; data: z.output<S> }[] {
  const parsed: { seq: number; data: z.output<S> }[] = [];
  for (const entry of entries) {
    const data = schema.safeParse(entry.data);
    if (data.success) parsed.push({ seq: entry.seq, data: data.data });
    else
      log(
        `${stream} entry ${entry.seq} of ${terminalId} kept but not in the ledger: ${data.error.issues[0]?.message}`,
      );
  }
  return parsed;
}

const projectJournal: Projector = async (tx, terminalId, entries, log) => {
  const parsed = readable(JournalEntryDataSchema, JOURNAL_STREAM, terminalId, entries, log);
  const payments = latestBy(parsed, (d) => d.payment.partnerReferenceNo).map(
    ({ seq, data: { payment: p } }) => ({
      partner_reference_no: p.partnerReferenceNo,
      reference_no: p.referenceNo,
      terminal_code: p.terminalId,
      merchant_id: p.merchantId,
      amount_minor: p.amountMinor,
      currency: p.currency,
      state: p.state,
      open: isOpenPaymentState(p.state),
      business_date: p.businessDate,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      reason: p.reason,
      decided_by: p.decidedBy,
      latest_status: p.latestStatus,
      response_code: p.responseCode,
      wallet_label: p.walletLabel,
      wallet_last4: p.walletLast4,
      last_seq: seq,
    }),
  );
  if (payments.length > 0) {
    await tx.query(
      `INSERT INTO ledger_payments AS l (terminal_id, partner_reference_no, reference_no, terminal_code, merchant_id,
         amount_minor, currency, state, open, business_date, created_at, updated_at, reason, decided_by,
         latest_status, response_code, wallet_label, wallet_last4, last_seq)
       SELECT $1, p.* FROM jsonb_to_recordset($2::jsonb) AS p (partner_reference_no text, reference_no text,
         terminal_code text, merchant_id text, amount_minor bigint, currency text, state text, open boolean,
         business_date text, created_at bigint, updated_at bigint, reason text, decided_by text,
         latest_status text, response_code text, wallet_label text, wallet_last4 text, last_seq bigint)
       ON CONFLICT (terminal_id, partner_reference_no) DO UPDATE SET
         reference_no = excluded.reference_no, state = excluded.state, open = excluded.open,
         updated_at = excluded.updated_at, reason = excluded.reason, decided_by = excluded.decided_by,
         latest_status = excluded.latest_status, response_code = excluded.response_code,
         wallet_label = excluded.wallet_label, wallet_last4 = excluded.wallet_last4, last_seq = excluded.last_seq
       WHERE l.last_seq < excluded.last_seq`,
      [terminalId, JSON.stringify(payments)],
    );
  }
  const refunds = latestBy(
    parsed.filter((p) => p.data.refund !== undefined),
    (d) => d.refund?.partnerRefundNo ?? '',
  ).map(({ seq, data }) => {
    const r = data.refund as NonNullable<JournalEntryData['refund']>;
    return {
      partner_refund_no: r.partnerRefundNo,
      partner_reference_no: data.payment.partnerReferenceNo,
      refund_no: r.refundNo,
      amount_minor: r.amountMinor,
      currency: r.currency,
      state: r.state,
      open: isOpenRefundState(r.state),
      business_date: r.businessDate,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      requested_by: r.requestedBy,
      last_seq: seq,
    };
  });
  if (refunds.length > 0) {
    await tx.query(
      `INSERT INTO ledger_refunds AS l (terminal_id, partner_refund_no, partner_reference_no, refund_no, amount_minor,
         currency, state, open, business_date, created_at, updated_at, requested_by, last_seq)
       SELECT $1, r.* FROM jsonb_to_recordset($2::jsonb) AS r (partner_refund_no text, partner_reference_no text,
         refund_no text, amount_minor bigint, currency text, state text, open boolean, business_date text,
         created_at bigint, updated_at bigint, requested_by text, last_seq bigint)
       ON CONFLICT (terminal_id, partner_refund_no) DO UPDATE SET
         refund_no = excluded.refund_no, state = excluded.state, open = excluded.open,
         updated_at = excluded.updated_at, last_seq = excluded.last_seq
       WHERE l.last_seq < excluded.last_seq`,
      [terminalId, JSON.stringify(refunds)],
    );
  }
};

const projectPurchases: Projector = async (tx, terminalId, entries, log) => {
  const parsed = readable(PurchaseEntryDataSchema, PURCHASE_STREAM, terminalId, entries, log);
  const purchases = latestBy(parsed, (d) => d.purchase.partnerReferenceId).map(
    ({ seq, data: { purchase: p } }) => ({
      partner_reference_id: p.partnerReferenceId,
      provider: p.provider,
      product_code: p.productCode,
      product_name: p.productName,
      category: p.category,
      // Masked by the terminal already; masked here too, whatever a terminal sent.
      customer_no: maskCustomerNo(p.customerNo),
      buy_price_minor: p.buyPriceMinor,
      selling_price_minor: p.sellingPriceMinor,
      state: p.state,
      open: isOpenPurchaseState(p.state),
      transaction_id: p.transactionId,
      sn: p.sn,
      reason: p.reason,
      response_code: p.responseCode,
      decided_by: p.decidedBy,
      terminal_code: p.terminalId,
      business_date: p.businessDate,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      partner_reference_no: p.partnerReferenceNo,
      partner_refund_no: p.refund?.partnerRefundNo ?? null,
      refund_state: p.refund?.state ?? null,
      refund_minor: p.refund?.amountMinor ?? null,
      last_seq: seq,
    }),
  );
  if (purchases.length === 0) return;
  await tx.query(
    `INSERT INTO ledger_purchases AS l (terminal_id, partner_reference_id, provider, product_code, product_name,
       category, customer_no, buy_price_minor, selling_price_minor, state, open, transaction_id, sn, reason,
       response_code, decided_by, terminal_code, business_date, created_at, updated_at, partner_reference_no,
       partner_refund_no, refund_state, refund_minor, last_seq)
     SELECT $1, p.* FROM jsonb_to_recordset($2::jsonb) AS p (partner_reference_id text, provider text,
       product_code text, product_name text, category text, customer_no text, buy_price_minor bigint,
       selling_price_minor bigint, state text, open boolean, transaction_id text, sn text, reason text,
       response_code text, decided_by text, terminal_code text, business_date text, created_at bigint,
       updated_at bigint, partner_reference_no text, partner_refund_no text, refund_state text,
       refund_minor bigint, last_seq bigint)
     ON CONFLICT (terminal_id, partner_reference_id) DO UPDATE SET
       state = excluded.state, open = excluded.open, transaction_id = excluded.transaction_id, sn = excluded.sn,
       reason = excluded.reason, response_code = excluded.response_code, decided_by = excluded.decided_by,
       updated_at = excluded.updated_at, partner_reference_no = excluded.partner_reference_no,
       partner_refund_no = excluded.partner_refund_no, refund_state = excluded.refund_state,
       refund_minor = excluded.refund_minor, last_seq = excluded.last_seq
     WHERE l.last_seq < excluded.last_seq`,
    [terminalId, JSON.stringify(purchases)],
  );
};

/**
 * A purchases entry as the server keeps it: the customer's number masked wherever the entry repeats
 * it (the terminal masks it before sending; one that did not is masked here all the same).
 */
function maskedPurchase(entry: SyncEntry): SyncEntry {
  const data = entry.data as { purchase?: { customerNo?: unknown } } | null | undefined;
  const customerNo = data?.purchase?.customerNo;
  if (typeof customerNo !== 'string' || maskCustomerNo(customerNo) === customerNo) return entry;
  return { ...entry, data: maskNumbersIn(entry.data, [customerNo]) };
}

/** Streams the ledger reads; any other stream is kept (and its references claimed) as it is. */
const PROJECTORS: ReadonlyMap<string, Projector> = new Map([
  [JOURNAL_STREAM, projectJournal],
  [PURCHASE_STREAM, projectPurchases],
]);

export class SyncIngest {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async ingest(terminalId: string, sent: SyncBatch): Promise<IngestResult> {
    const at = this.now();
    const batch =
      sent.stream === PURCHASE_STREAM ? { ...sent, entries: sent.entries.map(maskedPurchase) } : sent;
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO terminal_entries (terminal_id, stream, seq, at, kind, refs, data, received_at)
         SELECT $1, $2, (e->>'seq')::bigint, (e->>'at')::bigint, e->>'kind',
                ARRAY(SELECT jsonb_array_elements_text(e->'refs')), coalesce(e->'data', 'null'::jsonb), $4
           FROM jsonb_array_elements($3::jsonb) AS e
         ON CONFLICT (terminal_id, stream, seq) DO NOTHING
         RETURNING seq`,
        [terminalId, batch.stream, JSON.stringify(batch.entries), at],
      );
      const fresh = new Set(inserted.map((row) => Number(SeqRowSchema.parse(row).seq)));
      const entries = batch.entries.filter((entry) => fresh.has(entry.seq));
      await PROJECTORS.get(batch.stream)?.(tx, terminalId, entries, this.log);

      let routedTo: string[] = [];
      const refs = [...new Set(entries.flatMap((entry) => entry.refs))];
      if (refs.length > 0) {
        await lockRouting(tx);
        const claimed = await tx.query<{ ref: string }>(
          `INSERT INTO ref_claims (ref, terminal_id, claimed_at) SELECT unnest($1::text[]), $2, $3
           ON CONFLICT (ref, terminal_id) DO NOTHING RETURNING ref`,
          [refs, terminalId, at],
        );
        if (claimed.length > 0) {
          routedTo = await routeHints(tx, at, { terminalId, refs: claimed.map((row) => row.ref) });
        }
      }
      const highest = batch.entries.reduce((max, entry) => Math.max(max, entry.seq), 0);
      const cursor = await tx.query(
        `INSERT INTO sync_cursors AS c (terminal_id, stream, cursor, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (terminal_id, stream) DO UPDATE SET cursor = greatest(c.cursor, excluded.cursor),
           updated_at = excluded.updated_at
         RETURNING cursor`,
        [terminalId, batch.stream, highest, at],
      );
      return {
        stream: batch.stream,
        cursor: Number(CursorRowSchema.parse(cursor[0]).cursor ?? 0n),
        stored: entries.length,
        routedTo,
      };
    });
  }

  /** How far the server holds each of the terminal's streams. */
  async cursors(terminalId: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ stream: string; cursor: bigint }>(
      'SELECT stream, cursor FROM sync_cursors WHERE terminal_id = $1',
      [terminalId],
    );
    return Object.fromEntries(rows.map((row) => [row.stream, Number(row.cursor)]));
  }
}
