// The cashier's channels: scan validation, payments, history, refunds, the day's report, receipts
// and the customer-facing QR. Money crosses IPC as minor units in a decimal string (bigint does not
// survive every transport, a float must never exist). No response carries a full QR content: scans
// come back as a fingerprint, the wallet's label and the last 4 digits; a generated customer QR comes
// back as its module matrix, ready to draw.
import { z } from 'zod';
import {
  BusinessDateSchema,
  MinorSchema,
  PaymentStateSchema,
  PaymentViewSchema,
  ReceiptLineSchema,
  RefundStateSchema,
  RefundViewSchema,
  SignedMinorSchema,
  WalletSchema,
} from './payment-views';
import { PpobReportViewSchema, PurchaseViewSchema } from './ppob';
import { LocalizedTextSchema } from './result';

export { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from './payment-states';
export type {
  Outcome,
  PaymentStateName,
  PaymentView,
  ReceiptLine,
  RefundStateName,
  RefundView,
  Wallet,
} from './payment-views';
export {
  BusinessDateSchema,
  MinorSchema,
  OutcomeSchema,
  PaymentStateSchema,
  PaymentViewSchema,
  ReceiptLineSchema,
  RefundStateSchema,
  RefundViewSchema,
  SignedMinorSchema,
  WalletSchema,
} from './payment-views';

import { SupervisorApprovalSchema } from './supervisor';

// ---------------------------------------------------------------------------------------------
// Scans

export const ScanCheckRequestSchema = z.object({
  /** What the scanner typed, suffix included or not; main trims, checks and keeps it. */
  text: z.string().max(8192),
  source: z.enum(['keyboard', 'camera', 'serial']).default('keyboard'),
});

export const ScanCheckSchema = z.object({
  /** Single-use handle for payment:start; the QR itself stays in main. */
  scanId: z.string().min(8).max(64),
  fingerprint: z.string(),
  wallet: WalletSchema,
  /** When main forgets the scan (a CPM QR is short-lived). Epoch ms. */
  expiresAt: z.number().int(),
});
export type ScanCheck = z.infer<typeof ScanCheckSchema>;

export const PaymentEventViewSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  operation: z.enum(['payment', 'cancel', 'refund']),
  kind: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  responseCode: z.string().nullable(),
  /** The provider's answer or the engine's reasoning, already redacted, shortened for the screen. */
  detail: z.string().nullable(),
});
export type PaymentEventView = z.infer<typeof PaymentEventViewSchema>;

/** The newest thing the provider said about a payment: what a supervisor weighs before deciding by hand. */
export const ProviderWordSchema = z.object({
  at: z.number().int(),
  operation: z.enum(['payment', 'cancel', 'refund']),
  kind: z.enum(['answer', 'query', 'notify']),
  responseCode: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  /** A status query's or notify's latestTransactionStatus ("00"–"07"). */
  transactionStatus: z.string().nullable(),
  meaning: LocalizedTextSchema,
  /** The provider said paid, refunded, cancelled or failed: nothing is left to decide by hand. */
  definite: z.boolean(),
  /** Requests after this word got no answer, the first of them at this time (epoch ms). */
  silentSince: z.number().int().nullable(),
});
export type ProviderWord = z.infer<typeof ProviderWordSchema>;

export const PaymentDetailSchema = z.object({
  payment: PaymentViewSchema,
  events: z.array(PaymentEventViewSchema),
  /** Null when the provider never answered anything about this payment. */
  providerWord: ProviderWordSchema.nullable(),
  refunds: z.array(RefundViewSchema),
  receiptsPrinted: z.number().int().nonnegative(),
});
export type PaymentDetail = z.infer<typeof PaymentDetailSchema>;

const PaymentIdSchema = z.object({ paymentId: z.number().int().positive() });

export const PaymentStartRequestSchema = z.object({
  scanId: z.string().min(8).max(64),
  amountMinor: MinorSchema,
});

export const PaymentCancelRequestSchema = z.object({
  paymentId: z.number().int().positive(),
  ...SupervisorApprovalSchema,
});

/** A supervisor's decision on a payment the provider never settled (MANUAL_PAID / MANUAL_NOT_PAID). */
export const PaymentDecideRequestSchema = z.object({
  paymentId: z.number().int().positive(),
  outcome: z.enum(['paid', 'not_paid']),
  ...SupervisorApprovalSchema,
});

export const RefundRequestSchema = z.object({
  paymentId: z.number().int().positive(),
  amountMinor: MinorSchema.refine((v) => v !== '0', { error: 'A refund of more than zero' }),
  ...SupervisorApprovalSchema,
});

export const RefundResultSchema = z.object({ refund: RefundViewSchema, payment: PaymentViewSchema });

/** A supervisor's decision on a refund whose outcome the provider never gave. */
export const RefundDecideRequestSchema = z.object({
  refundId: z.number().int().positive(),
  outcome: z.enum(['refunded', 'not_refunded']),
  ...SupervisorApprovalSchema,
});
export type RefundResult = z.infer<typeof RefundResultSchema>;

// ---------------------------------------------------------------------------------------------
// History and the day's report

export const HistoryStateFilterSchema = z.union([
  PaymentStateSchema,
  z.enum(['paid', 'not_paid', 'unresolved']),
]);

export const HistoryQuerySchema = z.object({
  /** Inclusive business days; both default to today. */
  from: BusinessDateSchema.optional(),
  to: BusinessDateSchema.optional(),
  amountMinor: MinorSchema.optional(),
  /** Our partnerReferenceNo or the provider's referenceNo, whole or in part. */
  reference: z.string().trim().max(64).optional(),
  state: HistoryStateFilterSchema.optional(),
  /** QRIS payments, digital-product sales (PPOB, with their payments), or both (the default). */
  kind: z.enum(['all', 'payments', 'ppob']).optional(),
});
export type HistoryQuery = z.input<typeof HistoryQuerySchema>;

export const HistoryResultSchema = z.object({
  from: BusinessDateSchema,
  to: BusinessDateSchema,
  items: z.array(PaymentViewSchema),
  /** Digital-product sales of the same days (a sale paid by QRIS also lists its payment in `items`). */
  purchases: z.array(PurchaseViewSchema),
  /** More payments matched than one answer carries: narrow the search. */
  truncated: z.boolean(),
});
export type HistoryResult = z.infer<typeof HistoryResultSchema>;

export const CsvExportSchema = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() });
export type CsvExport = z.infer<typeof CsvExportSchema>;

const BucketSchema = z.object({ count: z.number().int().nonnegative(), totalMinor: MinorSchema });

export const DayReportViewSchema = z.object({
  date: BusinessDateSchema,
  generatedAt: z.number().int(),
  /** Who the printout belongs to. */
  merchantName: z.string(),
  merchantId: z.string(),
  terminalId: z.string(),
  /** Sandbox money: the printout says UJI COBA / TEST. */
  test: z.boolean(),
  payments: z.array(BucketSchema.extend({ state: PaymentStateSchema })),
  refunds: z.array(BucketSchema.extend({ state: RefundStateSchema })),
  /** Provider-confirmed PAID plus supervisor MANUAL_PAID. */
  paid: BucketSchema,
  refunded: BucketSchema,
  /** Paid minus refunds that went through. */
  netMinor: SignedMinorSchema,
  unresolvedPayments: z.array(PaymentViewSchema),
  unresolvedRefunds: z.array(RefundViewSchema),
  /** Digital products: by category with margins, refunds, cash in the drawer, open purchases. */
  ppob: PpobReportViewSchema,
});
export type DayReportView = z.infer<typeof DayReportViewSchema>;

// ---------------------------------------------------------------------------------------------
// Receipts

export const ReceiptSchema = z.object({
  paymentId: z.number().int().positive(),
  copy: z.boolean(),
  lines: z.array(ReceiptLineSchema),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

export const ReceiptPrintResultSchema = z.object({ copy: z.boolean(), printed: z.boolean() });

// ---------------------------------------------------------------------------------------------
// Customer-facing QR (sandbox / wallet-linked setups): generated through service 59

export const QrMatrixSchema = z.object({
  /** Modules per side, quiet zone excluded. */
  size: z.number().int().min(21).max(177),
  /** One string per row, "1" dark and "0" light. */
  rows: z.array(z.string().regex(/^[01]+$/)),
});
export type QrMatrix = z.infer<typeof QrMatrixSchema>;

export const CustomerQrSchema = z.object({
  matrix: QrMatrixSchema,
  fingerprint: z.string(),
  wallet: WalletSchema,
  /** Epoch ms. */
  expiresAt: z.number().int(),
  issuedAt: z.number().int(),
});
export type CustomerQr = z.infer<typeof CustomerQrSchema>;

/**
 * Recovery at start: every unfinished operation is resolved before a new payment is taken. It is
 * retried until it succeeds (another process may hold the terminal, the journal may be busy).
 */
export const RecoveryStatusSchema = z.object({
  state: z.enum(['running', 'done', 'retrying']),
  attempts: z.number().int().nonnegative(),
  /** While retrying: when the next attempt starts, epoch ms. */
  nextAttemptAt: z.number().int().nullable(),
  /** Why the last attempt failed, for the cashier. */
  message: LocalizedTextSchema.nullable(),
});
export type RecoveryStatus = z.infer<typeof RecoveryStatusSchema>;

/**
 * The journal's full integrity check (run in the background after start and daily). "damaged": the
 * terminal takes no new payments until support has looked at the file; everything stays readable.
 */
export const JournalHealthSchema = z.object({
  state: z.enum(['unchecked', 'checking', 'ok', 'damaged']),
  /** When the last check finished, epoch ms. */
  checkedAt: z.number().int().nullable(),
  message: LocalizedTextSchema.nullable(),
});
export type JournalHealth = z.infer<typeof JournalHealthSchema>;

const NoPayload = z.undefined();

export const paymentChannels = {
  'payment:recovery': { request: NoPayload, response: RecoveryStatusSchema },
  'journal:health': { request: NoPayload, response: JournalHealthSchema },
  'scan:check': { request: ScanCheckRequestSchema, response: ScanCheckSchema },
  'payment:start': { request: PaymentStartRequestSchema, response: PaymentViewSchema },
  /** The payment of this terminal still in flight (after a restart, too), or null. */
  'payment:active': { request: NoPayload, response: PaymentViewSchema.nullable() },
  'payment:get': { request: PaymentIdSchema, response: PaymentDetailSchema },
  'payment:recheck': { request: PaymentIdSchema, response: PaymentViewSchema },
  'payment:cancel': { request: PaymentCancelRequestSchema, response: PaymentViewSchema },
  'payment:refund': { request: RefundRequestSchema, response: RefundResultSchema },
  /** Rechecks with the provider first; refused while the provider's last word is definite. */
  'payment:decide': { request: PaymentDecideRequestSchema, response: PaymentViewSchema },
  /** Re-sends the same refund once first; a definite answer settles it instead (MANUAL_NOT_NEEDED). */
  'refund:decide': { request: RefundDecideRequestSchema, response: RefundResultSchema },
  'history:search': { request: HistoryQuerySchema, response: HistoryResultSchema },
  'history:export': { request: HistoryQuerySchema, response: CsvExportSchema },
  'report:day': {
    request: z.object({ date: BusinessDateSchema.optional() }),
    response: DayReportViewSchema,
  },
  'receipt:preview': { request: PaymentIdSchema, response: ReceiptSchema },
  'receipt:print': { request: PaymentIdSchema, response: ReceiptPrintResultSchema },
  'customer-qr:generate': { request: NoPayload, response: CustomerQrSchema },
} as const;

export const paymentEvents = {
  /** A payment (or one of its refunds or cancels) moved. */
  'payment:changed': PaymentViewSchema,
  /** Recovery at start progressed (see RecoveryStatusSchema). */
  'payment:recovery': RecoveryStatusSchema,
  /** The journal's integrity check finished (see JournalHealthSchema). */
  'journal:health': JournalHealthSchema,
  /**
   * A serial scanner (read in main with serialport): raw bytes as they came off the port, or a change
   * of its connection. The renderer splits them into scans (renderer/scanner/serial-frames) and checks
   * each through scan:check like any other scan.
   */
  'scanner:serial': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('data'), base64: z.string().max(16384) }),
    z.object({ kind: z.literal('status'), connected: z.boolean(), message: LocalizedTextSchema.nullable() }),
  ]),
} as const;
