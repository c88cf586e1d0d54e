// The end-of-day reconciliation: a day's payments and refunds by state, what was paid, the net, and
// every operation still unresolved from that day or any earlier one, with the digital products
// (PPOB) beside them — read in one snapshot.

import { z } from 'zod';
import type { Minor } from '../../money/amount';
import type { PaymentRecord, RefundRecord } from '../journal-records';
import { PaymentRowSchema, RefundRowSchema } from '../journal-records';
import type { PaymentState, RefundState } from '../states';
import { PAYMENT_STATES, REFUND_STATES, REFUNDED_STATES } from '../states';
import type { JournalDatabase } from './database';
import { badDate } from './errors';
import { DATE_PATTERN, HOT_QUERIES } from './hot-queries';
import type { PpobDayReport } from './ppob-day-report';
import { ppobDayReport } from './ppob-day-report';

export interface Bucket {
  count: number;
  total: Minor;
}

export interface DayReport {
  date: string;
  payments: Record<PaymentState, Bucket>;
  refunds: Record<RefundState, Bucket>;
  /** Provider-confirmed PAID plus supervisor MANUAL_PAID. */
  paid: Bucket;
  /** Paid minus refunds that went through (provider-confirmed or a supervisor's), both of this business day. */
  net: Minor;
  /** Every operation not yet final from this day and every earlier one: they stay here until resolved. */
  unresolvedPayments: PaymentRecord[];
  unresolvedRefunds: RefundRecord[];
  /** Digital products (PPOB) sold, failed, refunded and still open: see ppob-day-report.ts. */
  ppob: PpobDayReport;
}

const PaymentTotalsRowSchema = z.object({
  state: z.enum(PAYMENT_STATES),
  n: z.bigint(),
  total: z.bigint().nullable(),
});
const RefundTotalsRowSchema = z.object({
  state: z.enum(REFUND_STATES),
  n: z.bigint(),
  total: z.bigint().nullable(),
});

function emptyBuckets<S extends string>(states: readonly S[]): Record<S, Bucket> {
  return Object.fromEntries(states.map((s) => [s, { count: 0, total: 0n }])) as Record<S, Bucket>;
}

export function dayReport(db: JournalDatabase, date: string): DayReport {
  if (!DATE_PATTERN.test(date)) throw badDate(date);
  const payments = emptyBuckets(PAYMENT_STATES);
  const refunds = emptyBuckets(REFUND_STATES);
  return db.snapshot(() => {
    for (const row of db.stmt(HOT_QUERIES.dayPaymentTotals).all(date)) {
      const r = PaymentTotalsRowSchema.parse(row);
      payments[r.state] = { count: Number(r.n), total: r.total ?? 0n };
    }
    for (const row of db.stmt(HOT_QUERIES.dayRefundTotals).all(date)) {
      const r = RefundTotalsRowSchema.parse(row);
      refunds[r.state] = { count: Number(r.n), total: r.total ?? 0n };
    }
    const paid = {
      count: payments.PAID.count + payments.MANUAL_PAID.count,
      total: payments.PAID.total + payments.MANUAL_PAID.total,
    };
    const refundedTotal = REFUNDED_STATES.reduce((sum, state) => sum + refunds[state].total, 0n);
    return {
      date,
      payments,
      refunds,
      paid,
      net: paid.total - refundedTotal,
      unresolvedPayments: db.rows(PaymentRowSchema, HOT_QUERIES.openPaymentsUpTo, date),
      unresolvedRefunds: db.rows(RefundRowSchema, HOT_QUERIES.openRefundsUpTo, date),
      ppob: ppobDayReport(db, date),
    };
  });
}
