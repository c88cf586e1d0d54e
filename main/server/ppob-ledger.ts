// The merchant ledger's PPOB side: every terminal's purchases as last synced (ingest.ts projects
// them from the "purchases" stream), read as the day report's PPOB section — sold by category and
// product with cost and margin, cash taken, purchases pending by age, the automatic refunds of failed
// sales paid by QRIS — the differences only purchases can have (a Klikoo callback no purchase
// explains, a callback contradicting the terminal, a failed QRIS sale with no refund), the history
// and one purchase with its events.

import { z } from 'zod';
import type {
  Bucket,
  Difference,
  LedgerPurchase,
  PpobReport,
  PpobTerminalTotals,
  PpobTotals,
  PurchaseDetail,
  PurchasesPage,
} from '../../preload/contract/backoffice';
import { PPOB_PENDING_BANDS_MS } from '../../preload/contract/backoffice';
import {
  PAYMENT_STATE_NAMES,
  PURCHASE_STATE_NAMES,
  REFUND_STATE_NAMES,
} from '../../preload/contract/payment-states';
import { REFUNDED_STATES } from '../payments/states';
import { PURCHASE_STREAM, PurchaseEntryDataSchema } from '../sync/protocol';
import type { Database } from './db/database';
import type { HistoryQuery } from './history';
import { addBucket, emptyBucket, HistorySql, terminalOf } from './history';
import { refuse } from './http';
import type { TerminalInfo } from './terminals';

type PurchaseState = (typeof PURCHASE_STATE_NAMES)[number];

const SOLD: readonly PurchaseState[] = ['SUCCESS', 'MANUAL_SUCCESS'];
const FAILED: readonly PurchaseState[] = ['FAILED', 'MANUAL_FAILED'];
/** Refund states in which the money definitely did not go back. */
const NOT_REFUNDED = ['REFUND_FAILED', 'MANUAL_NOT_REFUNDED'];

const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');

// A purchase names its refund (the event linking it is journaled before the refund's request
// leaves); the refund's own state and amount come from the refunds the journal stream keeps current.
const REFUND_JOIN =
  'LEFT JOIN ledger_refunds r ON r.terminal_id = p.terminal_id AND r.partner_refund_no = p.partner_refund_no';
const REFUND_STATE = 'coalesce(r.state, p.refund_state)';

/** The queries of the PPOB section, by name (one place to read their plans from). */
export const PPOB_QUERIES = {
  totals: `SELECT terminal_id, state, partner_reference_no IS NOT NULL AS qris, count(*) AS n,
                  sum(selling_price_minor)::bigint AS selling, sum(buy_price_minor)::bigint AS cost
             FROM ledger_purchases WHERE business_date = $1 GROUP BY terminal_id, state, qris`,
  products: `SELECT provider, category, product_code, product_name, count(*) AS n,
                    sum(selling_price_minor)::bigint AS selling, sum(buy_price_minor)::bigint AS cost
               FROM ledger_purchases WHERE business_date = $1 AND state IN (${list(SOLD)})
              GROUP BY provider, category, product_code, product_name
              ORDER BY category, product_name, product_code, provider`,
  /** $2: now; $3: the bands' lower edges. A band is how many edges the age has reached (1…n). */
  pending: `SELECT (SELECT count(*) FROM unnest($3::bigint[]) AS edge WHERE $2::bigint - p.created_at >= edge) AS band,
                   count(*) AS n, sum(p.selling_price_minor)::bigint AS selling
              FROM ledger_purchases p WHERE p.open AND p.business_date <= $1 GROUP BY band`,
  refunds: `SELECT ${REFUND_STATE} AS refund_state, count(*) AS n, sum(p.selling_price_minor)::bigint AS selling,
                   coalesce(sum(coalesce(r.amount_minor, p.refund_minor)), 0)::bigint AS refunded
              FROM ledger_purchases p ${REFUND_JOIN}
             WHERE p.business_date = $1 AND p.partner_reference_no IS NOT NULL AND p.state IN (${list(FAILED)})
             GROUP BY 1`,
  /** $2: before when a failure must have its refund journaled (a terminal refunds at once, then syncs). */
  refundMissing: `SELECT p.terminal_id, p.partner_reference_id, p.partner_reference_no, p.state, p.selling_price_minor,
                         ${REFUND_STATE} AS refund_state, p.business_date
                    FROM ledger_purchases p ${REFUND_JOIN}
                   WHERE p.business_date <= $1 AND p.partner_reference_no IS NOT NULL AND p.state IN (${list(FAILED)})
                     AND (${REFUND_STATE} IN (${list(NOT_REFUNDED)}) OR (p.partner_refund_no IS NULL AND p.updated_at < $2))
                   ORDER BY p.created_at LIMIT 500`,
  contradictions: `SELECT p.terminal_id, p.partner_reference_id, p.state, p.selling_price_minor, h.id AS hint_id, h.status
                     FROM hints h
                     JOIN ledger_purchases p
                       ON p.partner_reference_id = ANY (h.refs) OR p.transaction_id = ANY (h.refs)
                    WHERE h.source = 'klikoo-callback' AND h.status IN ('SUCCESS', 'FAILED')
                      AND p.business_date = $1
                      AND ((h.status = 'FAILED' AND p.state IN (${list(SOLD)}))
                        OR (h.status = 'SUCCESS' AND p.state IN (${list([...FAILED, 'NOT_PAID'])})))
                    ORDER BY h.id`,
  unexplained: `SELECT h.id, h.status, h.refs, h.received_at FROM hints h
                 WHERE h.source = 'klikoo-callback' AND h.received_at >= $1 AND h.received_at < $2
                   AND NOT EXISTS (SELECT 1 FROM ledger_purchases p
                                    WHERE p.partner_reference_id = ANY (h.refs) OR p.transaction_id = ANY (h.refs))
                 ORDER BY h.id LIMIT 500`,
} as const;

const TotalsRowSchema = z.object({
  terminal_id: z.string(),
  state: z.enum(PURCHASE_STATE_NAMES),
  qris: z.boolean(),
  n: z.bigint(),
  selling: z.bigint(),
  cost: z.bigint(),
});

const ProductRowSchema = z.object({
  provider: z.string(),
  category: z.string(),
  product_code: z.string(),
  product_name: z.string(),
  n: z.bigint(),
  selling: z.bigint(),
  cost: z.bigint(),
});

const PendingRowSchema = z.object({ band: z.bigint(), n: z.bigint(), selling: z.bigint() });

const RefundRowSchema = z.object({
  refund_state: z.enum(REFUND_STATE_NAMES).nullable(),
  n: z.bigint(),
  selling: z.bigint(),
  refunded: z.bigint(),
});

const RefundMissingRowSchema = z.object({
  terminal_id: z.string(),
  partner_reference_id: z.string(),
  partner_reference_no: z.string(),
  state: z.enum(PURCHASE_STATE_NAMES),
  selling_price_minor: z.bigint(),
  refund_state: z.enum(REFUND_STATE_NAMES).nullable(),
  business_date: z.string(),
});

const ContradictionRowSchema = z.object({
  terminal_id: z.string(),
  partner_reference_id: z.string(),
  state: z.enum(PURCHASE_STATE_NAMES),
  selling_price_minor: z.bigint(),
  hint_id: z.bigint(),
  status: z.string(),
});

const UnexplainedRowSchema = z.object({
  id: z.bigint(),
  status: z.string().nullable(),
  refs: z.array(z.string()),
  received_at: z.bigint(),
});

const PurchaseRowSchema = z.object({
  terminal_id: z.string(),
  terminal_code: z.string(),
  partner_reference_id: z.string(),
  provider: z.string(),
  product_code: z.string(),
  product_name: z.string(),
  category: z.string(),
  customer_no: z.string(),
  buy_price_minor: z.bigint(),
  selling_price_minor: z.bigint(),
  state: z.enum(PURCHASE_STATE_NAMES),
  transaction_id: z.string().nullable(),
  sn: z.string().nullable(),
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  partner_reference_no: z.string().nullable(),
  payment_state: z.enum(PAYMENT_STATE_NAMES).nullable(),
  partner_refund_no: z.string().nullable(),
  refund_state: z.enum(REFUND_STATE_NAMES).nullable(),
  refund_minor: z.bigint().nullable(),
  business_date: z.string(),
  created_at: z.bigint(),
  updated_at: z.bigint(),
});

const EventRowSchema = z.object({ seq: z.bigint(), at: z.bigint(), data: z.unknown() });
const CallbackRowSchema = z.object({
  id: z.bigint(),
  status: z.string().nullable(),
  received_at: z.bigint(),
  repeats: z.number(),
});
const CategoryRowSchema = z.object({ category: z.string() });

const PURCHASE_COLUMNS = `p.terminal_id, p.terminal_code, p.partner_reference_id, p.provider, p.product_code,
  p.product_name, p.category, p.customer_no, p.buy_price_minor, p.selling_price_minor, p.state, p.transaction_id,
  p.sn, p.reason, p.decided_by, p.partner_reference_no, pay.state AS payment_state, p.partner_refund_no,
  ${REFUND_STATE} AS refund_state, coalesce(r.amount_minor, p.refund_minor) AS refund_minor, p.business_date,
  p.created_at, p.updated_at`;
const PURCHASE_FROM = `ledger_purchases p
  JOIN terminals t ON t.id = p.terminal_id
  LEFT JOIN ledger_payments pay ON pay.terminal_id = p.terminal_id AND pay.partner_reference_no = p.partner_reference_no
  ${REFUND_JOIN}`;

export interface PurchaseQuery extends HistoryQuery {
  /** The product category (pulsa, data, pln-prepaid…). */
  category?: string | undefined;
  paidBy?: string | undefined;
}

/** What the PPOB side needs of the ledger around it. */
export interface PpobLedgerOptions {
  db: Database;
  terminals: () => Promise<Map<string, TerminalInfo>>;
}

const zero = (): PpobTotals => ({ count: 0, sellingMinor: '0', costMinor: '0', marginMinor: '0' });

function totals(count: number, selling: bigint, cost: bigint): PpobTotals {
  return {
    count,
    sellingMinor: selling.toString(),
    costMinor: cost.toString(),
    marginMinor: (selling - cost).toString(),
  };
}

function plus(a: PpobTotals, b: PpobTotals): PpobTotals {
  return totals(
    a.count + b.count,
    BigInt(a.sellingMinor) + BigInt(b.sellingMinor),
    BigInt(a.costMinor) + BigInt(b.costMinor),
  );
}

function addTo(a: Bucket, count: number, total: bigint): Bucket {
  return addBucket(a, { count, totalMinor: total.toString() });
}

export class PpobLedger {
  constructor(private readonly options: PpobLedgerOptions) {}

  async report(date: string, at: number): Promise<PpobReport> {
    const { db } = this.options;
    const [totalRows, productRows, pendingRows, refundRows, terminals] = await Promise.all([
      db.query(PPOB_QUERIES.totals, [date]),
      db.query(PPOB_QUERIES.products, [date]),
      db.query(PPOB_QUERIES.pending, [date, at, PPOB_PENDING_BANDS_MS.map(String)]),
      db.query(PPOB_QUERIES.refunds, [date]),
      this.options.terminals(),
    ]);
    const states = Object.fromEntries(PURCHASE_STATE_NAMES.map((s) => [s, emptyBucket()])) as Record<
      PurchaseState,
      Bucket
    >;
    let sold = zero();
    let cash = emptyBucket();
    let qris = emptyBucket();
    const perTerminal = new Map<string, PpobTerminalTotals>();
    for (const raw of totalRows) {
      const row = TotalsRowSchema.parse(raw);
      const n = Number(row.n);
      states[row.state] = addTo(states[row.state], n, row.selling);
      let terminal = perTerminal.get(row.terminal_id);
      if (!terminal) {
        terminal = {
          ...terminalOf(row.terminal_id, terminals),
          terminalCode: terminals.get(row.terminal_id)?.terminalCode ?? '?',
          sold: zero(),
          cash: emptyBucket(),
          qris: emptyBucket(),
          failed: 0,
          pending: 0,
        };
        perTerminal.set(row.terminal_id, terminal);
      }
      if (SOLD.includes(row.state)) {
        const line = totals(n, row.selling, row.cost);
        terminal.sold = plus(terminal.sold, line);
        sold = plus(sold, line);
        if (row.qris) {
          terminal.qris = addTo(terminal.qris, n, row.selling);
          qris = addTo(qris, n, row.selling);
        } else {
          terminal.cash = addTo(terminal.cash, n, row.selling);
          cash = addTo(cash, n, row.selling);
        }
      } else if (FAILED.includes(row.state) || row.state === 'NOT_PAID') {
        terminal.failed += n;
      } else {
        terminal.pending += n;
      }
    }
    const products = productRows.map((raw) => {
      const row = ProductRowSchema.parse(raw);
      return {
        provider: row.provider,
        category: row.category,
        productCode: row.product_code,
        productName: row.product_name,
        ...totals(Number(row.n), row.selling, row.cost),
      };
    });
    const categories = new Map<string, PpobTotals>();
    for (const p of products) categories.set(p.category, plus(categories.get(p.category) ?? zero(), p));

    const byAge = PPOB_PENDING_BANDS_MS.map((fromMs, i) => ({
      fromMs,
      toMs: PPOB_PENDING_BANDS_MS[i + 1] ?? null,
      count: 0,
      sellingMinor: '0',
    }));
    let pending = emptyBucket();
    for (const raw of pendingRows) {
      const row = PendingRowSchema.parse(raw);
      // A purchase stamped ahead of the server's clock (band 0) is the youngest.
      const band = byAge[Math.max(0, Number(row.band) - 1)];
      if (!band) continue;
      band.count += Number(row.n);
      band.sellingMinor = (BigInt(band.sellingMinor) + row.selling).toString();
      pending = addTo(pending, Number(row.n), row.selling);
    }

    const refunds = {
      owed: emptyBucket(),
      refunded: emptyBucket(),
      inProgress: emptyBucket(),
      missing: emptyBucket(),
    };
    for (const raw of refundRows) {
      const row = RefundRowSchema.parse(raw);
      const n = Number(row.n);
      refunds.owed = addTo(refunds.owed, n, row.selling);
      if (row.refund_state === null || NOT_REFUNDED.includes(row.refund_state)) {
        refunds.missing = addTo(refunds.missing, n, row.selling);
      } else if (REFUNDED_STATES.includes(row.refund_state)) {
        refunds.refunded = addTo(refunds.refunded, n, row.refunded);
      } else {
        refunds.inProgress = addTo(refunds.inProgress, n, row.refunded);
      }
    }
    return {
      sold,
      states,
      cash,
      qris,
      categories: [...categories.entries()].map(([category, t]) => ({ category, ...t })),
      products,
      terminals: [...perTerminal.values()].sort(
        (a, b) => a.shop.localeCompare(b.shop) || a.label.localeCompare(b.label),
      ),
      pending: { count: pending.count, sellingMinor: pending.totalMinor, byAge },
      refunds,
    };
  }

  /**
   * The differences only purchases have; unresolved purchases are among the ledger's unresolved.
   * Callbacks received in [callbacksFrom, callbacksTo) and failures older than `refundsDueBy` have
   * had their time to sync.
   */
  async differences(
    date: string,
    callbacks: { from: number; to: number },
    refundsDueBy: number,
  ): Promise<Difference[]> {
    const { db } = this.options;
    const [unexplained, contradictions, missing] = await Promise.all([
      db.query(PPOB_QUERIES.unexplained, [callbacks.from, callbacks.to]),
      db.query(PPOB_QUERIES.contradictions, [date]),
      db.query(PPOB_QUERIES.refundMissing, [date, refundsDueBy]),
    ]);
    const found: Difference[] = [];
    for (const raw of unexplained) {
      const row = UnexplainedRowSchema.parse(raw);
      found.push({
        kind: 'callback-unexplained',
        hintId: Number(row.id),
        status: row.status,
        refs: row.refs,
        receivedAt: Number(row.received_at),
      });
    }
    for (const raw of contradictions) {
      const row = ContradictionRowSchema.parse(raw);
      found.push({
        kind: SOLD.includes(row.state)
          ? 'purchase-success-but-callback-failed'
          : 'purchase-failed-but-callback-success',
        terminalId: row.terminal_id,
        partnerReferenceId: row.partner_reference_id,
        state: row.state,
        callback: row.status,
        sellingMinor: row.selling_price_minor.toString(),
        hintId: Number(row.hint_id),
      });
    }
    for (const raw of missing) {
      const row = RefundMissingRowSchema.parse(raw);
      found.push({
        kind: 'purchase-refund-missing',
        terminalId: row.terminal_id,
        partnerReferenceId: row.partner_reference_id,
        partnerReferenceNo: row.partner_reference_no,
        state: row.state,
        sellingMinor: row.selling_price_minor.toString(),
        refundState: row.refund_state,
        businessDate: row.business_date,
      });
    }
    return found;
  }

  private view(raw: unknown, terminals: Map<string, TerminalInfo>): LedgerPurchase {
    const row = PurchaseRowSchema.parse(raw);
    return {
      ...terminalOf(row.terminal_id, terminals),
      terminalCode: row.terminal_code,
      partnerReferenceId: row.partner_reference_id,
      provider: row.provider,
      productCode: row.product_code,
      productName: row.product_name,
      category: row.category,
      customerNo: row.customer_no,
      buyPriceMinor: row.buy_price_minor.toString(),
      sellingPriceMinor: row.selling_price_minor.toString(),
      marginMinor: (row.selling_price_minor - row.buy_price_minor).toString(),
      state: row.state,
      transactionId: row.transaction_id,
      sn: row.sn,
      reason: row.reason,
      decidedBy: row.decided_by,
      paidBy: row.partner_reference_no === null ? 'cash' : 'qris',
      payment:
        row.partner_reference_no === null
          ? null
          : { partnerReferenceNo: row.partner_reference_no, state: row.payment_state },
      refund:
        row.partner_refund_no === null || row.refund_state === null
          ? null
          : {
              partnerRefundNo: row.partner_refund_no,
              state: row.refund_state,
              amountMinor: (row.refund_minor ?? 0n).toString(),
            },
      businessDate: row.business_date,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  /** Purchases newest first, across terminals and shops, by keyset ("createdAt|terminal|reference"). */
  async purchases(query: PurchaseQuery): Promise<PurchasesPage> {
    const sql = new HistorySql(query, 'p.partner_reference_id');
    const { where, param } = sql;
    if (query.category !== undefined) where.push(`p.category = ${param(query.category)}`);
    if (query.paidBy === 'cash') where.push('p.partner_reference_no IS NULL');
    else if (query.paidBy === 'qris') where.push('p.partner_reference_no IS NOT NULL');
    else if (query.paidBy !== undefined) {
      throw refuse(
        400,
        'PAID_BY_INVALID',
        'Cara bayar harus "cash" atau "qris".',
        'Paid by must be "cash" or "qris".',
      );
    }
    const [rows, categories, terminals] = await Promise.all([
      this.options.db.query(`SELECT ${PURCHASE_COLUMNS} FROM ${PURCHASE_FROM} ${sql.tail()}`, sql.params),
      query.date === undefined
        ? Promise.resolve([])
        : this.options.db.query(
            'SELECT DISTINCT category FROM ledger_purchases WHERE business_date = $1 ORDER BY category',
            [query.date],
          ),
      this.options.terminals(),
    ]);
    return {
      ...sql.page(
        rows,
        (raw) => this.view(raw, terminals),
        (p) => p.partnerReferenceId,
      ),
      categories: categories.map((raw) => CategoryRowSchema.parse(raw).category),
    };
  }

  /** One purchase with every event its terminal synced and the Klikoo callbacks that named it. */
  async purchase(terminalId: string, reference: string): Promise<PurchaseDetail> {
    const { db } = this.options;
    const [rows, terminals] = await Promise.all([
      db.query(
        `SELECT ${PURCHASE_COLUMNS} FROM ${PURCHASE_FROM} WHERE p.terminal_id = $1 AND p.partner_reference_id = $2`,
        [terminalId, reference],
      ),
      this.options.terminals(),
    ]);
    if (rows[0] === undefined) {
      throw refuse(
        404,
        'PURCHASE_NOT_FOUND',
        'Pembelian ini tidak ada di server.',
        'No such purchase on this server.',
      );
    }
    const purchase = this.view(rows[0], terminals);
    const refs = [
      purchase.partnerReferenceId,
      ...(purchase.transactionId === null ? [] : [purchase.transactionId]),
    ];
    const [entries, callbacks] = await Promise.all([
      db.query(
        `SELECT seq, at, data FROM terminal_entries
          WHERE terminal_id = $1 AND stream = $2 AND data #>> '{purchase,partnerReferenceId}' = $3
          ORDER BY seq`,
        [terminalId, PURCHASE_STREAM, reference],
      ),
      db.query(
        `SELECT id, status, received_at, repeats FROM hints
          WHERE source = 'klikoo-callback' AND refs && $1::text[] ORDER BY id`,
        [refs],
      ),
    ]);
    const events = entries.flatMap((raw) => {
      const row = EventRowSchema.parse(raw);
      const data = PurchaseEntryDataSchema.safeParse(row.data);
      if (!data.success) return [];
      const e = data.data.event;
      return [
        {
          seq: Number(row.seq),
          at: Number(row.at),
          kind: e.kind,
          fromState: e.fromState,
          toState: e.toState,
          providerStatus: e.providerStatus,
          responseCode: e.responseCode,
          httpStatus: e.httpStatus,
          requestId: e.requestId,
          detail: e.detail ?? null,
        },
      ];
    });
    return {
      purchase,
      events,
      callbacks: callbacks.map((raw) => {
        const row = CallbackRowSchema.parse(raw);
        return {
          hintId: Number(row.id),
          status: row.status,
          receivedAt: Number(row.received_at),
          repeats: row.repeats,
        };
      }),
    };
  }
}
