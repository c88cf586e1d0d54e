// The merchant's one ledger: every terminal's payments, refunds and PPOB purchases as last synced,
// read as the day's report across shops and terminals, the history, and the differences someone
// must look at: a notify no terminal journaled, a terminal's paid sale the provider notified as
// failed (or the reverse), anything still unresolved (oldest first), what the terminals themselves
// flagged, and the PPOB side's own (ppob-ledger.ts).

import { z } from 'zod';
import type {
  Bucket,
  Difference,
  LedgerPayment,
  MerchantDayReport,
  PaymentsPage,
  PurchaseDetail,
  PurchasesPage,
  ShopTotals,
  TerminalTotals,
} from '../../preload/contract/backoffice';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../preload/contract/payment-states';
import { csvText, isoAt } from '../csv';
import { formatSnapAmount } from '../money/amount';
import { ANOMALY_STREAM } from '../sync/protocol';
import type { Database } from './db/database';
import type { HistoryQuery } from './history';
import { addBucket, checkDay, emptyBucket, HistorySql, terminalOf } from './history';
import type { PurchaseQuery } from './ppob-ledger';
import { PpobLedger } from './ppob-ledger';
import type { TerminalInfo } from './terminals';

type PaymentState = (typeof PAYMENT_STATE_NAMES)[number];
type RefundState = (typeof REFUND_STATE_NAMES)[number];

const PAID: readonly PaymentState[] = ['PAID', 'MANUAL_PAID'];
const REFUNDED: readonly RefundState[] = ['REFUNDED', 'MANUAL_REFUNDED'];
/**
 * How long a notify (or a Klikoo callback) may wait for its terminal's sync before it counts as
 * journaled by none, and a failed QRIS sale for its refund to be synced before it counts as missing.
 */
export const UNJOURNALED_GRACE_MS = 2 * 60_000;

/** The instants [start, end) of a business day at `utcOffsetMinutes`. */
function dayBounds(date: string, utcOffsetMinutes: number): [number, number] {
  const start = Date.parse(`${date}T00:00:00Z`) - utcOffsetMinutes * 60_000;
  return [start, start + 86_400_000];
}

const TotalsRowSchema = z.object({
  terminal_id: z.string(),
  state: z.string(),
  n: z.bigint(),
  total: z.bigint(),
});

const PaymentRowSchema = z.object({
  terminal_id: z.string(),
  terminal_code: z.string(),
  partner_reference_no: z.string(),
  reference_no: z.string().nullable(),
  amount_minor: z.bigint(),
  refunded_minor: z.bigint(),
  state: z.enum(PAYMENT_STATE_NAMES),
  business_date: z.string(),
  created_at: z.bigint(),
  updated_at: z.bigint(),
  decided_by: z.string().nullable(),
});

const ContradictionRowSchema = z.object({
  terminal_id: z.string(),
  partner_reference_no: z.string(),
  state: z.enum(PAYMENT_STATE_NAMES),
  amount_minor: z.bigint(),
  hint_id: z.bigint(),
  status: z.string(),
});

const UnjournaledRowSchema = z.object({
  id: z.bigint(),
  source: z.string(),
  status: z.string().nullable(),
  refs: z.array(z.string()),
  received_at: z.bigint(),
});

const OpenRowSchema = z.object({
  operation: z.enum(['payment', 'refund', 'purchase']),
  terminal_id: z.string(),
  reference: z.string(),
  state: z.string(),
  amount_minor: z.bigint(),
  created_at: z.bigint(),
});

const AnomalyRowSchema = z.object({ terminal_id: z.string(), kind: z.string(), at: z.bigint() });

function emptyBuckets<S extends string>(states: readonly S[]): Record<S, Bucket> {
  return Object.fromEntries(states.map((s) => [s, emptyBucket()])) as Record<S, Bucket>;
}

function sumOf<S extends string>(buckets: Record<S, Bucket>, states: readonly S[]): Bucket {
  return states.reduce<Bucket>((sum, s) => addBucket(sum, buckets[s]), emptyBucket());
}

/** The names of the queries the day report runs, so the bench can print their plans. */
export const REPORT_QUERIES = {
  paymentTotals: `SELECT terminal_id, state, count(*) AS n, sum(amount_minor)::bigint AS total
                    FROM ledger_payments WHERE business_date = $1 GROUP BY terminal_id, state`,
  refundTotals: `SELECT terminal_id, state, count(*) AS n, sum(amount_minor)::bigint AS total
                   FROM ledger_refunds WHERE business_date = $1 GROUP BY terminal_id, state`,
  contradictions: `SELECT p.terminal_id, p.partner_reference_no, p.state, p.amount_minor, h.id AS hint_id, h.status
                     FROM hints h
                     JOIN ledger_payments p ON p.partner_reference_no = ANY (h.refs)
                    WHERE h.source = 'snap-notify' AND h.status IN ('00', '05', '06')
                      AND p.business_date = $1
                      AND ((h.status IN ('05', '06') AND p.state IN ('PAID', 'MANUAL_PAID'))
                        OR (h.status = '00' AND p.state IN ('FAILED', 'MANUAL_NOT_PAID')))
                    ORDER BY h.id`,
  // Klikoo callbacks are matched against purchases instead (ppob-ledger.ts).
  unjournaled: `SELECT h.id, h.source, h.status, h.refs, h.received_at FROM hints h
                 WHERE h.received_at >= $1 AND h.received_at < $2 AND h.source <> 'klikoo-callback'
                   AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.hint_id = h.id)
                 ORDER BY h.id LIMIT 500`,
  unresolved: `SELECT 'payment' AS operation, terminal_id, partner_reference_no AS reference, state, amount_minor, created_at
                 FROM ledger_payments WHERE open AND business_date <= $1
               UNION ALL
               SELECT 'refund', terminal_id, partner_refund_no, state, amount_minor, created_at
                 FROM ledger_refunds WHERE open AND business_date <= $1
               UNION ALL
               SELECT 'purchase', terminal_id, partner_reference_id, state, selling_price_minor, created_at
                 FROM ledger_purchases WHERE open AND business_date <= $1
               ORDER BY created_at LIMIT 1000`,
} as const;

export interface LedgerOptions {
  db: Database;
  now: () => number;
  /** The merchant's offset (minutes east of UTC) for the days of server-side instants. Default +420 (WIB). */
  utcOffsetMinutes: number;
  terminals: () => Promise<TerminalInfo[]>;
}

export type PaymentQuery = HistoryQuery;

export class MerchantLedger {
  private readonly ppob: PpobLedger;

  constructor(private readonly options: LedgerOptions) {
    this.ppob = new PpobLedger({ db: options.db, terminals: () => this.terminalsById() });
  }

  private async terminalsById(): Promise<Map<string, TerminalInfo>> {
    return new Map((await this.options.terminals()).map((t) => [t.id, t]));
  }

  async dayReport(date: string): Promise<MerchantDayReport> {
    checkDay(date);
    const { db, now, utcOffsetMinutes } = this.options;
    const at = now();
    const [paymentRows, refundRows, terminals, differences, ppob] = await Promise.all([
      db.query(REPORT_QUERIES.paymentTotals, [date]),
      db.query(REPORT_QUERIES.refundTotals, [date]),
      this.terminalsById(),
      this.differences(date, utcOffsetMinutes, at),
      this.ppob.report(date, at),
    ]);
    const perTerminal = new Map<string, TerminalTotals>();
    const totalsOf = (terminalId: string): TerminalTotals => {
      let totals = perTerminal.get(terminalId);
      if (!totals) {
        const info = terminals.get(terminalId);
        totals = {
          terminalId,
          shop: info?.shop ?? '?',
          label: info?.label ?? terminalId,
          terminalCode: info?.terminalCode ?? '?',
          payments: emptyBuckets(PAYMENT_STATE_NAMES),
          refunds: emptyBuckets(REFUND_STATE_NAMES),
          paid: { count: 0, totalMinor: '0' },
          refunded: { count: 0, totalMinor: '0' },
          netMinor: '0',
        };
        perTerminal.set(terminalId, totals);
      }
      return totals;
    };
    for (const raw of paymentRows) {
      const row = TotalsRowSchema.parse(raw);
      totalsOf(row.terminal_id).payments[row.state as PaymentState] = {
        count: Number(row.n),
        totalMinor: row.total.toString(),
      };
    }
    for (const raw of refundRows) {
      const row = TotalsRowSchema.parse(raw);
      totalsOf(row.terminal_id).refunds[row.state as RefundState] = {
        count: Number(row.n),
        totalMinor: row.total.toString(),
      };
    }
    const shops = new Map<string, ShopTotals>();
    const payments = emptyBuckets(PAYMENT_STATE_NAMES);
    let paid: Bucket = { count: 0, totalMinor: '0' };
    let refunded: Bucket = { count: 0, totalMinor: '0' };
    for (const totals of [...perTerminal.values()].sort((a, b) => a.label.localeCompare(b.label))) {
      totals.paid = sumOf(totals.payments, PAID);
      totals.refunded = sumOf(totals.refunds, REFUNDED);
      totals.netMinor = (BigInt(totals.paid.totalMinor) - BigInt(totals.refunded.totalMinor)).toString();
      let shop = shops.get(totals.shop);
      if (!shop) {
        shop = {
          shop: totals.shop,
          terminals: [],
          paid: { count: 0, totalMinor: '0' },
          refunded: { count: 0, totalMinor: '0' },
          netMinor: '0',
        };
        shops.set(totals.shop, shop);
      }
      shop.terminals.push(totals);
      shop.paid = addBucket(shop.paid, totals.paid);
      shop.refunded = addBucket(shop.refunded, totals.refunded);
      shop.netMinor = (BigInt(shop.paid.totalMinor) - BigInt(shop.refunded.totalMinor)).toString();
      for (const state of PAYMENT_STATE_NAMES)
        payments[state] = addBucket(payments[state], totals.payments[state]);
      paid = addBucket(paid, totals.paid);
      refunded = addBucket(refunded, totals.refunded);
    }
    return {
      date,
      generatedAt: at,
      shops: [...shops.values()].sort((a, b) => a.shop.localeCompare(b.shop)),
      paid,
      refunded,
      netMinor: (BigInt(paid.totalMinor) - BigInt(refunded.totalMinor)).toString(),
      payments,
      ppob,
      differences,
    };
  }

  private async differences(date: string, utcOffsetMinutes: number, at: number): Promise<Difference[]> {
    const { db } = this.options;
    const [start, end] = dayBounds(date, utcOffsetMinutes);
    const settledBy = Math.min(end, at - UNJOURNALED_GRACE_MS);
    const [contradictions, unjournaled, open, anomalies, ppob] = await Promise.all([
      db.query(REPORT_QUERIES.contradictions, [date]),
      db.query(REPORT_QUERIES.unjournaled, [start, settledBy]),
      db.query(REPORT_QUERIES.unresolved, [date]),
      db.query(
        `SELECT terminal_id, kind, at FROM terminal_entries
          WHERE stream = $1 AND at >= $2 AND at < $3 ORDER BY at LIMIT 500`,
        [ANOMALY_STREAM, start, end],
      ),
      this.ppob.differences(date, { from: start, to: settledBy }, at - UNJOURNALED_GRACE_MS),
    ]);
    const found: Difference[] = [];
    for (const raw of unjournaled) {
      const row = UnjournaledRowSchema.parse(raw);
      found.push({
        kind: 'notify-unjournaled',
        hintId: Number(row.id),
        source: row.source,
        status: row.status,
        refs: row.refs,
        receivedAt: Number(row.received_at),
      });
    }
    for (const raw of contradictions) {
      const row = ContradictionRowSchema.parse(raw);
      found.push({
        kind: PAID.includes(row.state) ? 'paid-but-notified-failed' : 'not-paid-but-notified-paid',
        terminalId: row.terminal_id,
        partnerReferenceNo: row.partner_reference_no,
        state: row.state,
        notified: row.status,
        amountMinor: row.amount_minor.toString(),
        hintId: Number(row.hint_id),
      });
    }
    for (const raw of open) {
      const row = OpenRowSchema.parse(raw);
      found.push({
        kind: 'unresolved',
        operation: row.operation,
        terminalId: row.terminal_id,
        reference: row.reference,
        state: row.state,
        amountMinor: row.amount_minor.toString(),
        createdAt: Number(row.created_at),
        ageMs: Math.max(0, at - Number(row.created_at)),
      });
    }
    for (const raw of anomalies) {
      const row = AnomalyRowSchema.parse(raw);
      found.push({
        kind: 'terminal-anomaly',
        terminalId: row.terminal_id,
        anomaly: row.kind,
        at: Number(row.at),
      });
    }
    return [...found, ...ppob];
  }

  /** Payments newest first, across terminals and shops, by keyset ("createdAt|terminal|reference"). */
  async payments(query: PaymentQuery): Promise<PaymentsPage> {
    const sql = new HistorySql(query, 'p.partner_reference_no');
    const rows = await this.options.db.query(
      `SELECT p.terminal_id, p.terminal_code, p.partner_reference_no, p.reference_no, p.amount_minor, p.state,
              p.business_date, p.created_at, p.updated_at, p.decided_by,
              coalesce((SELECT sum(r.amount_minor) FROM ledger_refunds r
                         WHERE r.terminal_id = p.terminal_id AND r.partner_reference_no = p.partner_reference_no
                           AND r.state IN ('REFUNDED', 'MANUAL_REFUNDED')), 0)::bigint AS refunded_minor
         FROM ledger_payments p JOIN terminals t ON t.id = p.terminal_id
        ${sql.tail()}`,
      sql.params,
    );
    const terminals = await this.terminalsById();
    return sql.page(
      rows,
      (raw): LedgerPayment => {
        const row = PaymentRowSchema.parse(raw);
        return {
          ...terminalOf(row.terminal_id, terminals),
          terminalCode: row.terminal_code,
          partnerReferenceNo: row.partner_reference_no,
          referenceNo: row.reference_no,
          amountMinor: row.amount_minor.toString(),
          refundedMinor: row.refunded_minor.toString(),
          state: row.state,
          businessDate: row.business_date,
          createdAt: Number(row.created_at),
          updatedAt: Number(row.updated_at),
          decidedBy: row.decided_by,
        };
      },
      (p) => p.partnerReferenceNo,
    );
  }

  /** PPOB purchases newest first, across terminals and shops (see PpobLedger.purchases). */
  purchases(query: PurchaseQuery): Promise<PurchasesPage> {
    return this.ppob.purchases(query);
  }

  /** One purchase with its events and the callbacks that named it. */
  purchase(terminalId: string, reference: string): Promise<PurchaseDetail> {
    return this.ppob.purchase(terminalId, reference);
  }

  /**
   * The day as CSV: every payment and every PPOB purchase with its shop and terminal, then the
   * differences that are not about one of them, one row each. The last columns are the PPOB ones
   * (a sale paid by QRIS is its payment's row and its purchase's row).
   */
  async dayCsv(date: string): Promise<string> {
    const report = await this.dayReport(date);
    const flagged = new Map<string, string>();
    for (const d of report.differences) {
      if (d.kind === 'paid-but-notified-failed' || d.kind === 'not-paid-but-notified-paid') {
        flagged.set(`payment|${d.terminalId}|${d.partnerReferenceNo}`, `${d.kind} (${d.notified})`);
      } else if (
        d.kind === 'purchase-success-but-callback-failed' ||
        d.kind === 'purchase-failed-but-callback-success'
      ) {
        flagged.set(`purchase|${d.terminalId}|${d.partnerReferenceId}`, `${d.kind} (${d.callback})`);
      } else if (d.kind === 'purchase-refund-missing') {
        flagged.set(`purchase|${d.terminalId}|${d.partnerReferenceId}`, d.kind);
      } else if (d.kind === 'unresolved' && d.operation !== 'refund') {
        flagged.set(`${d.operation}|${d.terminalId}|${d.reference}`, 'unresolved');
      }
    }
    const offset = this.options.utcOffsetMinutes;
    const noPpob = ['', '', '', '', ''];
    /** The CSV's first columns: the day, where and when. */
    const placeOf = (p: {
      businessDate: string;
      shop: string;
      label: string;
      terminalCode: string;
      createdAt: number;
    }) => [p.businessDate, p.shop, p.label, p.terminalCode, isoAt(p.createdAt, offset)];
    const rows: string[][] = [
      [
        'business_date',
        'shop',
        'terminal',
        'terminal_id',
        'created_at',
        'partner_reference_no',
        'reference_no',
        'amount',
        'state',
        'refunded',
        'decided_by',
        'difference',
        'operation',
        'product',
        'customer',
        'buy_price',
        'margin',
        'paid_by',
      ],
    ];
    for await (const p of everyItem((before) => this.payments({ date, before, limit: 500 }))) {
      rows.push([
        ...placeOf(p),
        p.partnerReferenceNo,
        p.referenceNo ?? '',
        formatSnapAmount(BigInt(p.amountMinor)),
        p.state,
        formatSnapAmount(BigInt(p.refundedMinor)),
        p.decidedBy ?? '',
        flagged.get(`payment|${p.terminalId}|${p.partnerReferenceNo}`) ?? '',
        'payment',
        ...noPpob,
      ]);
    }
    for await (const p of everyItem((before) => this.ppob.purchases({ date, before, limit: 500 }))) {
      const refunded =
        p.refund !== null && (REFUNDED as readonly string[]).includes(p.refund.state)
          ? BigInt(p.refund.amountMinor)
          : 0n;
      rows.push([
        ...placeOf(p),
        p.partnerReferenceId,
        p.transactionId ?? '',
        formatSnapAmount(BigInt(p.sellingPriceMinor)),
        p.state,
        formatSnapAmount(refunded),
        p.decidedBy ?? '',
        flagged.get(`purchase|${p.terminalId}|${p.partnerReferenceId}`) ?? '',
        'ppob',
        `${p.productCode} ${p.productName}`,
        p.customerNo,
        formatSnapAmount(BigInt(p.buyPriceMinor)),
        signedAmount(BigInt(p.marginMinor)),
        p.payment === null ? 'cash' : `qris ${p.payment.partnerReferenceNo}`,
      ]);
    }
    for (const d of report.differences) {
      if (d.kind === 'notify-unjournaled' || d.kind === 'callback-unexplained') {
        rows.push([
          date,
          '',
          '',
          '',
          isoAt(d.receivedAt, offset),
          d.refs[0] ?? '',
          d.refs[1] ?? '',
          '',
          '',
          '',
          '',
          `${d.kind} (${d.status ?? '?'})`,
          d.kind === 'notify-unjournaled' ? 'notify' : 'ppob',
          ...noPpob,
        ]);
      } else if (d.kind === 'unresolved' && d.operation === 'refund') {
        rows.push([
          date,
          '',
          '',
          '',
          isoAt(d.createdAt, offset),
          d.reference,
          '',
          formatSnapAmount(BigInt(d.amountMinor)),
          d.state,
          '',
          '',
          'unresolved refund',
          'refund',
          ...noPpob,
        ]);
      }
    }
    return csvText(rows);
  }
}

/** Every item of a history, page after page by its keyset cursor. */
async function* everyItem<T>(
  page: (before: string | undefined) => Promise<{ items: T[]; nextBefore: string | null }>,
): AsyncGenerator<T> {
  let before: string | undefined;
  do {
    const next = await page(before);
    yield* next.items;
    before = next.nextBefore ?? undefined;
  } while (before !== undefined);
}

/** Minor units as "10500.00", with a minus sign below zero (a PPOB sale sold at a loss). */
function signedAmount(minor: bigint): string {
  return minor < 0n ? `-${formatSnapAmount(-minor)}` : formatSnapAmount(minor);
}
