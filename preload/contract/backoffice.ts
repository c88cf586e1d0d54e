// The merchant server's back-office API: what the back-office page (renderer/backoffice) reads
// over HTTP from the server that serves it (main/server/admin-api.ts). Not an IPC channel; it lives
// here because, like the IPC contract, both sides are typed from this one file. Money is minor
// units as decimal strings (bigint does not survive JSON); instants are epoch milliseconds.

import { z } from 'zod';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from './payment-states';

export const BACKOFFICE_API = {
  session: '/api/v1/admin/session',
  report: '/api/v1/admin/report',
  reportCsv: '/api/v1/admin/report.csv',
  payments: '/api/v1/admin/payments',
  terminals: '/api/v1/admin/terminals',
  enrolmentCodes: '/api/v1/admin/enrolment-codes',
  hints: '/api/v1/admin/hints',
} as const;

export function revokePath(terminalId: string): string {
  return `${BACKOFFICE_API.terminals}/${encodeURIComponent(terminalId)}/revoke`;
}

const Minor = z.string().regex(/^-?\d+$/);
const Instant = z.number().int();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const BucketSchema = z.object({ count: z.number().int(), totalMinor: Minor });
export type Bucket = z.infer<typeof BucketSchema>;

const PaymentState = z.enum(PAYMENT_STATE_NAMES);
const RefundState = z.enum(REFUND_STATE_NAMES);

export const TerminalTotalsSchema = z.object({
  terminalId: z.string(),
  shop: z.string(),
  label: z.string(),
  terminalCode: z.string(),
  payments: z.record(PaymentState, BucketSchema),
  refunds: z.record(RefundState, BucketSchema),
  /** Provider-confirmed PAID plus supervisor MANUAL_PAID. */
  paid: BucketSchema,
  /** Refunds that went back to the customer (REFUNDED, MANUAL_REFUNDED). */
  refunded: BucketSchema,
  netMinor: Minor,
});
export type TerminalTotals = z.infer<typeof TerminalTotalsSchema>;

export const ShopTotalsSchema = z.object({
  shop: z.string(),
  terminals: z.array(TerminalTotalsSchema),
  paid: BucketSchema,
  refunded: BucketSchema,
  netMinor: Minor,
});
export type ShopTotals = z.infer<typeof ShopTotalsSchema>;

/** A terminal's state of a payment against what the provider notified about it. */
const contradiction = {
  terminalId: z.string(),
  partnerReferenceNo: z.string(),
  state: PaymentState,
  notified: z.string(),
  amountMinor: Minor,
  hintId: z.number().int(),
};

export const DifferenceSchema = z.discriminatedUnion('kind', [
  /** The provider notified a payment that no terminal has journaled (synced). */
  z.object({
    kind: z.literal('notify-unjournaled'),
    hintId: z.number().int(),
    source: z.string(),
    status: z.string().nullable(),
    refs: z.array(z.string()),
    receivedAt: Instant,
  }),
  /** A terminal holds PAID (or a supervisor's paid) and the provider notified the payment failed or cancelled. */
  z.object({ kind: z.literal('paid-but-notified-failed'), ...contradiction }),
  /** A terminal holds it not paid and the provider notified it paid. */
  z.object({ kind: z.literal('not-paid-but-notified-paid'), ...contradiction }),
  /** An operation still not final, from this day or before: oldest first. */
  z.object({
    kind: z.literal('unresolved'),
    operation: z.enum(['payment', 'refund']),
    terminalId: z.string(),
    reference: z.string(),
    state: z.string(),
    amountMinor: Minor,
    createdAt: Instant,
    ageMs: z.number().int(),
  }),
  /** Something a terminal itself flagged (an answer or notify that matched nothing, a contradiction). */
  z.object({
    kind: z.literal('terminal-anomaly'),
    terminalId: z.string(),
    anomaly: z.string(),
    at: Instant,
  }),
]);
export type Difference = z.infer<typeof DifferenceSchema>;

export const MerchantDayReportSchema = z.object({
  date: Day,
  generatedAt: Instant,
  shops: z.array(ShopTotalsSchema),
  paid: BucketSchema,
  refunded: BucketSchema,
  netMinor: Minor,
  payments: z.record(PaymentState, BucketSchema),
  differences: z.array(DifferenceSchema),
});
export type MerchantDayReport = z.infer<typeof MerchantDayReportSchema>;

export const LedgerPaymentSchema = z.object({
  terminalId: z.string(),
  shop: z.string(),
  label: z.string(),
  terminalCode: z.string(),
  partnerReferenceNo: z.string(),
  referenceNo: z.string().nullable(),
  amountMinor: Minor,
  refundedMinor: Minor,
  state: PaymentState,
  businessDate: Day,
  createdAt: Instant,
  updatedAt: Instant,
  decidedBy: z.string().nullable(),
});
export type LedgerPayment = z.infer<typeof LedgerPaymentSchema>;

export const PaymentsPageSchema = z.object({
  items: z.array(LedgerPaymentSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type PaymentsPage = z.infer<typeof PaymentsPageSchema>;

export const TerminalViewSchema = z.object({
  id: z.string(),
  shop: z.string(),
  label: z.string(),
  terminalCode: z.string(),
  merchantId: z.string(),
  sandbox: z.boolean(),
  enrolledAt: Instant,
  revokedAt: Instant.nullable(),
  lastSeenAt: Instant.nullable(),
  connected: z.boolean(),
});
export type TerminalView = z.infer<typeof TerminalViewSchema>;
export const TerminalListSchema = z.object({ terminals: z.array(TerminalViewSchema) });

export const HintViewSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  status: z.string().nullable(),
  refs: z.array(z.string()),
  merchantId: z.string().nullable(),
  receivedAt: Instant,
  repeats: z.number().int(),
  deliveredTo: z.array(z.string()),
  acknowledged: z.boolean(),
});
export type HintView = z.infer<typeof HintViewSchema>;
export const HintListSchema = z.object({ hints: z.array(HintViewSchema) });

export const EnrolmentCodeRequestSchema = z.strictObject({
  shop: z.string().trim().min(1).max(80),
  label: z.string().trim().min(1).max(80),
});
export const EnrolmentCodeSchema = z.object({
  code: z.string(),
  expiresAt: Instant,
  shop: z.string(),
  label: z.string(),
});
export type EnrolmentCode = z.infer<typeof EnrolmentCodeSchema>;

export const SessionSchema = z.object({ server: z.string(), utcOffset: z.string(), today: Day });
export type Session = z.infer<typeof SessionSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.object({ id: z.string(), en: z.string() }) }),
});
