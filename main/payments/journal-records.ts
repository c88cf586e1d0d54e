// The journal's rows as the rest of the code sees them. The database is a boundary like the wire:
// every row is parsed, so a hand-edited or half-migrated journal fails loudly instead of turning a
// state into `undefined`. Integers are read as bigint; money stays bigint, counters and instants
// become numbers (they are far below 2^53).

import { z } from 'zod';
import { CANCEL_STATES, PAYMENT_STATES, PURCHASE_STATES, REFUND_STATES } from './states';

const count = z.bigint().transform((v) => Number(v));
const text = z.string();
const maybeText = z.string().nullable();

export const PaymentRowSchema = z
  .object({
    id: count,
    partner_reference_no: text,
    reference_no: maybeText,
    terminal_id: text,
    merchant_id: text,
    sub_merchant_id: maybeText,
    amount_minor: z.bigint(),
    currency: text,
    qr_fingerprint: text,
    external_id: text,
    state: z.enum(PAYMENT_STATES),
    response_code: maybeText,
    response_message: maybeText,
    latest_status: maybeText,
    reason: maybeText,
    decided_by: maybeText,
    business_date: text,
    created_at: count,
    updated_at: count,
    last_sent_at: count,
    request_timeout_ms: count,
    deadline_at: count,
    wallet_label: maybeText,
    wallet_last4: maybeText,
  })
  .transform((r) => ({
    id: r.id,
    partnerReferenceNo: r.partner_reference_no,
    referenceNo: r.reference_no,
    terminalId: r.terminal_id,
    merchantId: r.merchant_id,
    subMerchantId: r.sub_merchant_id,
    amount: r.amount_minor,
    currency: r.currency,
    qrFingerprint: r.qr_fingerprint,
    externalId: r.external_id,
    state: r.state,
    responseCode: r.response_code,
    responseMessage: r.response_message,
    latestStatus: r.latest_status,
    reason: r.reason,
    decidedBy: r.decided_by,
    businessDate: r.business_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSentAt: r.last_sent_at,
    requestTimeoutMs: r.request_timeout_ms,
    deadlineAt: r.deadline_at,
    walletLabel: r.wallet_label,
    walletLast4: r.wallet_last4,
  }));
export type PaymentRecord = z.output<typeof PaymentRowSchema>;

export const CancelRowSchema = z
  .object({
    id: count,
    payment_id: count,
    external_id: text,
    state: z.enum(CANCEL_STATES),
    reason: maybeText,
    requested_by: maybeText,
    response_code: maybeText,
    response_message: maybeText,
    created_at: count,
    updated_at: count,
  })
  .transform((r) => ({
    id: r.id,
    paymentId: r.payment_id,
    externalId: r.external_id,
    state: r.state,
    reason: r.reason,
    requestedBy: r.requested_by,
    responseCode: r.response_code,
    responseMessage: r.response_message,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
export type CancelRecord = z.output<typeof CancelRowSchema>;

export const RefundRowSchema = z
  .object({
    id: count,
    payment_id: count,
    partner_refund_no: text,
    refund_no: maybeText,
    amount_minor: z.bigint(),
    currency: text,
    reason: maybeText,
    requested_by: maybeText,
    external_id: text,
    state: z.enum(REFUND_STATES),
    response_code: maybeText,
    response_message: maybeText,
    business_date: text,
    created_at: count,
    updated_at: count,
    last_sent_at: count,
  })
  .transform((r) => ({
    id: r.id,
    paymentId: r.payment_id,
    partnerRefundNo: r.partner_refund_no,
    refundNo: r.refund_no,
    amount: r.amount_minor,
    currency: r.currency,
    reason: r.reason,
    requestedBy: r.requested_by,
    externalId: r.external_id,
    state: r.state,
    responseCode: r.response_code,
    responseMessage: r.response_message,
    businessDate: r.business_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSentAt: r.last_sent_at,
  }));
export type RefundRecord = z.output<typeof RefundRowSchema>;

/** Who sells digital products (PPOB) to this terminal. */
export const PPOB_PROVIDERS = ['klikoo', 'doku'] as const;
export type PpobProviderName = (typeof PPOB_PROVIDERS)[number];

export const PurchaseRowSchema = z
  .object({
    id: count,
    provider: z.enum(PPOB_PROVIDERS),
    partner_reference_id: text,
    systrace: maybeText,
    product_code: text,
    product_name: text,
    category: text,
    customer_no: text,
    msisdn: maybeText,
    period: maybeText,
    inquiry_id: count.nullable(),
    customer_name: maybeText,
    buy_price_minor: z.bigint(),
    selling_price_minor: z.bigint(),
    state: z.enum(PURCHASE_STATES),
    transaction_id: maybeText,
    sn: maybeText,
    response_code: maybeText,
    response_message: maybeText,
    reason: maybeText,
    decided_by: maybeText,
    payment_id: count.nullable(),
    refund_id: count.nullable(),
    terminal_id: text,
    business_date: text,
    created_at: count,
    updated_at: count,
    last_sent_at: count,
    request_timeout_ms: count,
    deadline_at: count,
  })
  .transform((r) => ({
    id: r.id,
    provider: r.provider,
    partnerReferenceId: r.partner_reference_id,
    systrace: r.systrace,
    productCode: r.product_code,
    productName: r.product_name,
    category: r.category,
    customerNo: r.customer_no,
    msisdn: r.msisdn,
    period: r.period,
    inquiryId: r.inquiry_id,
    customerName: r.customer_name,
    buyPrice: r.buy_price_minor,
    sellingPrice: r.selling_price_minor,
    state: r.state,
    transactionId: r.transaction_id,
    sn: r.sn,
    responseCode: r.response_code,
    responseMessage: r.response_message,
    reason: r.reason,
    decidedBy: r.decided_by,
    paymentId: r.payment_id,
    refundId: r.refund_id,
    terminalId: r.terminal_id,
    businessDate: r.business_date,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastSentAt: r.last_sent_at,
    requestTimeoutMs: r.request_timeout_ms,
    deadlineAt: r.deadline_at,
  }));
export type PurchaseRecord = z.output<typeof PurchaseRowSchema>;

/** What a provider said about a purchase, in one vocabulary for Klikoo and DOKU. */
export const PURCHASE_PROVIDER_STATUSES = ['SUCCESS', 'WAITING', 'FAILED', 'NOT_FOUND'] as const;
export type PurchaseProviderStatus = (typeof PURCHASE_PROVIDER_STATUSES)[number];

export const PurchaseEventRowSchema = z
  .object({
    id: count,
    purchase_id: count,
    kind: text,
    from_state: maybeText,
    to_state: maybeText,
    request_id: maybeText,
    http_status: count.nullable(),
    response_code: maybeText,
    detail: maybeText,
    at: count,
    provider_status: z.enum(PURCHASE_PROVIDER_STATUSES).nullable(),
  })
  .transform((r) => ({
    id: r.id,
    purchaseId: r.purchase_id,
    kind: r.kind,
    fromState: r.from_state,
    toState: r.to_state,
    requestId: r.request_id,
    httpStatus: r.http_status,
    responseCode: r.response_code,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    at: r.at,
    providerStatus: r.provider_status,
  }));
export type PurchaseEventRecord = z.output<typeof PurchaseEventRowSchema>;

/** What each purchase state change or observation adds to its append-only history. */
export interface PurchaseEventInput {
  kind:
    | 'created'
    | 'state'
    | 'send'
    | 'resend'
    | 'answer'
    | 'check'
    | 'callback'
    | 'payment'
    | 'refund'
    | 'manual'
    | 'note'
    /** How the customer paid at the counter (cash received, the price as the receipt shows it). */
    | 'sale'
    | 'receipt'
    /** A supervisor confirmed the cash of a failed cash sale went back to the customer. */
    | 'cash-returned';
  /** The per-request id that went with it (DOKU's systrace), when there is one. */
  requestId?: string;
  httpStatus?: number;
  responseCode?: string;
  providerStatus?: PurchaseProviderStatus;
  /** The provider's answer or our reasoning; redacted before it is written. */
  detail?: unknown;
}

/** A bill or price the provider quoted for a customer number, kept so a purchase can name it. */
export const InquiryRowSchema = z
  .object({
    id: count,
    reference: text,
    provider: z.enum(PPOB_PROVIDERS),
    product_code: text,
    customer_no: text,
    period: maybeText,
    provider_inquiry_id: maybeText,
    customer_name: maybeText,
    amount_minor: z.bigint(),
    admin_fee_minor: z.bigint(),
    detail: maybeText,
    created_at: count,
    expires_at: count,
  })
  .transform((r) => ({
    id: r.id,
    reference: r.reference,
    provider: r.provider,
    productCode: r.product_code,
    customerNo: r.customer_no,
    period: r.period,
    providerInquiryId: r.provider_inquiry_id,
    customerName: r.customer_name,
    amount: r.amount_minor,
    adminFee: r.admin_fee_minor,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  }));
export type InquiryRecord = z.output<typeof InquiryRowSchema>;

export const EventRowSchema = z
  .object({
    id: count,
    payment_id: count,
    operation: z.enum(['payment', 'cancel', 'refund']),
    operation_id: count,
    kind: text,
    from_state: maybeText,
    to_state: maybeText,
    external_id: maybeText,
    http_status: count.nullable(),
    response_code: maybeText,
    detail: maybeText,
    at: count,
    provider_status: maybeText,
  })
  .transform((r) => ({
    id: r.id,
    paymentId: r.payment_id,
    operation: r.operation,
    operationId: r.operation_id,
    kind: r.kind,
    fromState: r.from_state,
    toState: r.to_state,
    externalId: r.external_id,
    httpStatus: r.http_status,
    responseCode: r.response_code,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    at: r.at,
    providerStatus: r.provider_status,
  }));
export type EventRecord = z.output<typeof EventRowSchema>;

export const AnomalyRowSchema = z
  .object({ id: count, kind: text, detail: maybeText, at: count })
  .transform((r) => ({
    id: r.id,
    kind: r.kind,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    at: r.at,
  }));
export type AnomalyRecord = z.output<typeof AnomalyRowSchema>;

/** What every state change or observation adds to the append-only history. */
export interface EventInput {
  kind:
    | 'created'
    | 'state'
    | 'send'
    | 'resend'
    | 'answer'
    | 'query'
    | 'notify'
    | 'manual'
    | 'receipt'
    | 'note'
    /** A supervisor asked for the payment to be cancelled now; the engine resolving it acts on it. */
    | 'cancel-request';
  externalId?: string;
  httpStatus?: number;
  responseCode?: string;
  /**
   * What the provider said the payment's status is, in latestTransactionStatus terms: a query's or a
   * verified notify's status, "00" for a matching 2006000, "06" for a definite refusal.
   */
  providerStatus?: ProviderStatus;
  /** The provider's answer or our reasoning; redacted before it is written. */
  detail?: unknown;
}

export type ProviderStatus = '00' | '01' | '02' | '03' | '04' | '05' | '06' | '07';

/** The latest thing the provider said about a payment's status, and where it said it. */
export interface ProviderWord {
  status: ProviderStatus;
  kind: string;
  responseCode: string | null;
  at: number;
}

/** Everything the provider said about a payment's reversal, over its whole cancel history. */
export interface ReversalFacts {
  /**
   * The provider said the payment was paid: it reached PAID, or any answer, query or verified
   * notification of it said 00 (or 04, refunded, which it can only be once paid).
   */
  wasPaid: boolean;
  /** Some cancel was accepted (2006200). */
  accepted: boolean;
  /** Some cancel's answer was lost, or said something that may mean done (404xx18). */
  lost: boolean;
  /** Some cancel was refused. */
  refused: boolean;
}
