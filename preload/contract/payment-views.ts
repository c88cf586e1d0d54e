// The shapes every cashier channel shares: money and business days as they cross IPC, a payment and a
// refund as the screens see them, and a receipt's line. Apart from payments.ts so that the PPOB
// contract (ppob.ts), which embeds a sale's payment and refund, and the history and report channels,
// which list purchases, can use each other without a cycle.
import { z } from 'zod';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from './payment-states';
import { LocalizedTextSchema } from './result';
import { WALLET_LABEL_MAX } from './wallet-label';

/** Minor units (sen) as a non-negative decimal string: "1000000" is Rp10.000. */
export const MinorSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,17})$/, { error: 'Minor units as a decimal string' });
/** A total that can go below zero (a day's net when refunds exceed payments). */
export const SignedMinorSchema = z
  .string()
  .regex(/^(0|-?[1-9]\d{0,17})$/, { error: 'Signed minor units as a decimal string' });

/** "2024-02-30" has the shape of a day but is none: refused here rather than failing deep in main. */
function isCalendarDay(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** A business day, "yyyy-MM-dd", at the terminal's UTC offset. */
export const BusinessDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'A date as yyyy-MM-dd' })
  .refine(isCalendarDay, { error: 'A day that exists in the calendar' });

// The engine's states, restated in the contract because it may not import main/ (the service checks
// at compile time that both lists agree).
export { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from './payment-states';

export const PaymentStateSchema = z.enum(PAYMENT_STATE_NAMES);
export type PaymentStateName = z.infer<typeof PaymentStateSchema>;

export const RefundStateSchema = z.enum(REFUND_STATE_NAMES);
export type RefundStateName = z.infer<typeof RefundStateSchema>;

export const OutcomeSchema = z.enum(['paid', 'not_paid', 'unresolved']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const WalletSchema = z.object({
  /** Tag 50 of the customer's QR, e.g. "GoPay" (null when the QR names none). */
  label: z.string().max(WALLET_LABEL_MAX).nullable(),
  /** Last 4 digits of the account (tag 9F25 or the PAN), never more. */
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
});
export type Wallet = z.infer<typeof WalletSchema>;

// ---------------------------------------------------------------------------------------------
// Payments

export const PaymentViewSchema = z.object({
  id: z.number().int().positive(),
  partnerReferenceNo: z.string(),
  /** The provider's reference, once it gave one. */
  referenceNo: z.string().nullable(),
  amountMinor: MinorSchema,
  state: PaymentStateSchema,
  outcome: OutcomeSchema,
  /** What the state means and what to do next. */
  message: LocalizedTextSchema,
  /** Why it did not go through, in the cashier's words, when it did not. */
  reason: LocalizedTextSchema.nullable(),
  /** The raw code and the engine's note behind `reason`, shown small, for support. */
  reasonDetail: z.string().nullable(),
  responseCode: z.string().nullable(),
  wallet: WalletSchema,
  qrFingerprint: z.string(),
  businessDate: BusinessDateSchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  refundedMinor: MinorSchema,
  /** Paid minus refunds that went through or may still go through. */
  refundableMinor: MinorSchema,
  /** Decided by a supervisor, not confirmed by the provider. */
  manual: z.boolean(),
  /** The digital-product sale this payment paid for (its partner_reference_id), or null. */
  purchaseReference: z.string().nullable(),
});
export type PaymentView = z.infer<typeof PaymentViewSchema>;

export const RefundViewSchema = z.object({
  id: z.number().int().positive(),
  paymentId: z.number().int().positive(),
  partnerRefundNo: z.string(),
  refundNo: z.string().nullable(),
  amountMinor: MinorSchema,
  state: RefundStateSchema,
  message: LocalizedTextSchema,
  reason: z.string().nullable(),
  failure: LocalizedTextSchema.nullable(),
  responseCode: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.number().int(),
});
export type RefundView = z.infer<typeof RefundViewSchema>;

export const ReceiptLineSchema = z.object({
  /**
   * 'test' marks a sandbox receipt (UJI COBA / TEST), top and bottom, as 'copy' marks a reprint;
   * 'token' is a PLN token or serial number, printed large in groups of four.
   */
  kind: z.enum(['title', 'text', 'pair', 'amount', 'rule', 'status', 'copy', 'test', 'small', 'token']),
  left: z.string(),
  right: z.string().optional(),
});
export type ReceiptLine = z.infer<typeof ReceiptLineSchema>;
