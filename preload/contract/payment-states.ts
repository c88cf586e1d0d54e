// The engine's state names as plain constants, apart from the schemas: the renderer lists them in its
// filters without pulling the schema library into its bundle. The engine's state machines
// (main/payments/states.ts) take their lists from here, so the two can never disagree.
export const PAYMENT_STATE_NAMES = [
  // journaled before the payment request leaves
  'SENDING',
  // the answer was lost, late, an error that proves nothing, or did not match the request
  'UNKNOWN',
  // the engine is asking the provider (service 61) what became of it
  'QUERYING',
  // a cancel (62) is being sent: the reversal of an unresolved or same-day payment
  'CANCELLING',
  // the cancel's own outcome is not known yet: the payment may be paid or cancelled
  'CANCEL_UNKNOWN',
  // final, provider-confirmed
  'PAID',
  'FAILED',
  'CANCELLED',
  // the provider says it was paid and then refunded outside this terminal (latestTransactionStatus 04)
  'PAID_REFUNDED',
  // final, a supervisor's decision (audited, with a reason), never confused with the provider's word
  'MANUAL_PAID',
  'MANUAL_NOT_PAID',
] as const;

export const REFUND_STATE_NAMES = [
  // journaled before the refund request leaves
  'REFUND_SENDING',
  // the answer was lost or proves nothing: its amount stays reserved, it is re-sent under the same number
  'REFUND_UNKNOWN',
  // final, provider-confirmed
  'REFUNDED',
  'REFUND_FAILED',
  // final, a supervisor's decision on a refund the provider never settled (audited, with a reason)
  'MANUAL_REFUNDED',
  'MANUAL_NOT_REFUNDED',
] as const;

export const PURCHASE_STATE_NAMES = [
  // a sale paid by QRIS: journaled before the payment, waiting for it to be PAID; nothing bought yet
  'AWAITING_PAYMENT',
  // journaled before the buy request leaves
  'SENDING',
  // the provider has the purchase and says it is still being processed (Klikoo WAITING, DOKU 5586)
  'WAITING',
  // the answer was lost, late, an error that proves nothing, or a "duplicate" after a lost answer
  'UNKNOWN',
  // final, provider-confirmed
  'SUCCESS',
  'FAILED',
  // final: the QRIS payment for it ended not paid, so nothing was bought
  'NOT_PAID',
  // final, a supervisor's decision on a purchase the provider never settled (audited, with a reason)
  'MANUAL_SUCCESS',
  'MANUAL_FAILED',
] as const;
