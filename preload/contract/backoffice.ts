// The merchant server's back-office API: what the back-office page (renderer/backoffice) reads
// over HTTP from the server that serves it (main/server/admin-api.ts). Not an IPC channel; it lives
// here because, like the IPC contract, both sides are typed from this one file. Money is minor
// units as decimal strings (bigint does not survive JSON); instants are epoch milliseconds.

import { z } from 'zod';
import { PAYMENT_STATE_NAMES, PURCHASE_STATE_NAMES, REFUND_STATE_NAMES } from './payment-states';

export const BACKOFFICE_API = {
  session: '/api/v1/admin/session',
  report: '/api/v1/admin/report',
  reportCsv: '/api/v1/admin/report.csv',
  payments: '/api/v1/admin/payments',
  purchases: '/api/v1/admin/purchases',
  purchase: '/api/v1/admin/purchase',
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
const PurchaseState = z.enum(PURCHASE_STATE_NAMES);

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

/** A terminal's state of a PPOB purchase against what a Klikoo callback said about it. */
const purchaseContradiction = {
  terminalId: z.string(),
  partnerReferenceId: z.string(),
  state: PurchaseState,
  callback: z.string(),
  sellingMinor: Minor,
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
  /** A Klikoo callback that no terminal's synced purchase explains (after two minutes). */
  z.object({
    kind: z.literal('callback-unexplained'),
    hintId: z.number().int(),
    status: z.string().nullable(),
    refs: z.array(z.string()),
    receivedAt: Instant,
  }),
  /** A terminal holds a purchase SUCCESS (or a supervisor's success) that a Klikoo callback called FAILED. */
  z.object({ kind: z.literal('purchase-success-but-callback-failed'), ...purchaseContradiction }),
  /** A terminal holds a purchase failed that a Klikoo callback called SUCCESS. */
  z.object({ kind: z.literal('purchase-failed-but-callback-success'), ...purchaseContradiction }),
  /**
   * A sale paid by QRIS whose purchase failed, from this day or before, and whose payment has no refund
   * journaled two minutes after (refundState null) or a refund that definitely did not go through.
   */
  z.object({
    kind: z.literal('purchase-refund-missing'),
    terminalId: z.string(),
    partnerReferenceId: z.string(),
    partnerReferenceNo: z.string(),
    state: PurchaseState,
    sellingMinor: Minor,
    refundState: RefundState.nullable(),
    businessDate: Day,
  }),
  /** An operation still not final, from this day or before: oldest first. */
  z.object({
    kind: z.literal('unresolved'),
    operation: z.enum(['payment', 'refund', 'purchase']),
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

/** PPOB sold: how many, what the customers paid, what the provider charged the deposit, the difference. */
export const PpobTotalsSchema = z.object({
  count: z.number().int(),
  sellingMinor: Minor,
  costMinor: Minor,
  marginMinor: Minor,
});
export type PpobTotals = z.infer<typeof PpobTotalsSchema>;

export const PpobTerminalTotalsSchema = z.object({
  terminalId: z.string(),
  shop: z.string(),
  label: z.string(),
  terminalCode: z.string(),
  /** SUCCESS and a supervisor's MANUAL_SUCCESS. */
  sold: PpobTotalsSchema,
  /** Sold for cash: the cash the till took for PPOB (selling prices). */
  cash: BucketSchema,
  /** Sold and paid by QRIS (those payments are in the payment totals too). */
  qris: BucketSchema,
  failed: z.number().int(),
  pending: z.number().int(),
});
export type PpobTerminalTotals = z.infer<typeof PpobTerminalTotalsSchema>;

/** Age bands of pending purchases: [fromMs, toMs), the last one open-ended. */
export const PPOB_PENDING_BANDS_MS = [0, 5 * 60_000, 60 * 60_000, 24 * 60 * 60_000] as const;

export const PpobReportSchema = z.object({
  sold: PpobTotalsSchema,
  /** Every purchase of the day by state: count and selling prices. */
  states: z.record(PurchaseState, BucketSchema),
  cash: BucketSchema,
  qris: BucketSchema,
  categories: z.array(PpobTotalsSchema.extend({ category: z.string() })),
  products: z.array(
    PpobTotalsSchema.extend({
      provider: z.string(),
      category: z.string(),
      productCode: z.string(),
      productName: z.string(),
    }),
  ),
  terminals: z.array(PpobTerminalTotalsSchema),
  /** Purchases not final, from this day or before, by age (PPOB_PENDING_BANDS_MS). */
  pending: z.object({
    count: z.number().int(),
    sellingMinor: Minor,
    byAge: z.array(
      z.object({
        fromMs: z.number().int(),
        toMs: z.number().int().nullable(),
        count: z.number().int(),
        sellingMinor: Minor,
      }),
    ),
  }),
  /** The automatic refunds of the day's failed sales paid by QRIS. */
  refunds: z.object({
    /** Failed sales paid by QRIS: each owes its customer the payment back. */
    owed: BucketSchema,
    /** Refunds that went back to the customer (amounts refunded). */
    refunded: BucketSchema,
    /** Refunds journaled and not final yet. */
    inProgress: BucketSchema,
    /** No refund journaled, or one that definitely did not go through (selling prices). */
    missing: BucketSchema,
  }),
});
export type PpobReport = z.infer<typeof PpobReportSchema>;

export const MerchantDayReportSchema = z.object({
  date: Day,
  generatedAt: Instant,
  shops: z.array(ShopTotalsSchema),
  paid: BucketSchema,
  refunded: BucketSchema,
  netMinor: Minor,
  payments: z.record(PaymentState, BucketSchema),
  /** PPOB sales across terminals (a sale paid by QRIS is a payment above as well). */
  ppob: PpobReportSchema,
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

export const LedgerPurchaseSchema = z.object({
  terminalId: z.string(),
  shop: z.string(),
  label: z.string(),
  terminalCode: z.string(),
  partnerReferenceId: z.string(),
  provider: z.string(),
  productCode: z.string(),
  productName: z.string(),
  category: z.string(),
  /** Every digit but the last four hidden. */
  customerNo: z.string(),
  buyPriceMinor: Minor,
  sellingPriceMinor: Minor,
  marginMinor: Minor,
  state: PurchaseState,
  transactionId: z.string().nullable(),
  sn: z.string().nullable(),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  paidBy: z.enum(['cash', 'qris']),
  /** The QRIS payment it was paid with; its state null while that terminal's journal has not synced it. */
  payment: z.object({ partnerReferenceNo: z.string(), state: PaymentState.nullable() }).nullable(),
  refund: z.object({ partnerRefundNo: z.string(), state: RefundState, amountMinor: Minor }).nullable(),
  businessDate: Day,
  createdAt: Instant,
  updatedAt: Instant,
});
export type LedgerPurchase = z.infer<typeof LedgerPurchaseSchema>;

export const PurchasesPageSchema = z.object({
  items: z.array(LedgerPurchaseSchema),
  nextBefore: z.string().nullable(),
  /** The product categories sold on the page's day (for the kind filter). */
  categories: z.array(z.string()),
});
export type PurchasesPage = z.infer<typeof PurchasesPageSchema>;

export const PurchaseEventViewSchema = z.object({
  seq: z.number().int(),
  at: Instant,
  kind: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  providerStatus: z.string().nullable(),
  responseCode: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  requestId: z.string().nullable(),
  detail: z.unknown(),
});
export type PurchaseEventView = z.infer<typeof PurchaseEventViewSchema>;

export const PurchaseDetailSchema = z.object({
  purchase: LedgerPurchaseSchema,
  events: z.array(PurchaseEventViewSchema),
  /** The Klikoo callbacks the server received naming it. */
  callbacks: z.array(
    z.object({
      hintId: z.number().int(),
      status: z.string().nullable(),
      receivedAt: Instant,
      repeats: z.number().int(),
    }),
  ),
});
export type PurchaseDetail = z.infer<typeof PurchaseDetailSchema>;

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
