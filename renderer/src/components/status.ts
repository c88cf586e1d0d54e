// Which look and headline a payment, refund or digital-product purchase state gets. Three tones only, so the counter reads
// them from a distance: green (hand over the goods), red (do not), amber (not known yet: wait).
import type { PaymentStateName, PaymentView, RefundStateName } from '../../../preload/contract/payments';
import type { PurchaseView } from '../../../preload/contract/ppob';
import type { MessageKey } from '../i18n/messages';

export type Tone = 'ok' | 'bad' | 'wait';

export function purchaseTone(purchase: Pick<PurchaseView, 'outcome'>): Tone {
  if (purchase.outcome === 'success') return 'ok';
  if (purchase.outcome === 'unresolved') return 'wait';
  return 'bad';
}

export function paymentTone(payment: Pick<PaymentView, 'outcome'>): Tone {
  return payment.outcome === 'paid' ? 'ok' : payment.outcome === 'not_paid' ? 'bad' : 'wait';
}

const PAYMENT_HEADLINES: Readonly<Record<PaymentStateName, MessageKey>> = {
  SENDING: 'status.sending',
  UNKNOWN: 'status.checking',
  QUERYING: 'status.checking',
  CANCELLING: 'status.cancelling',
  CANCEL_UNKNOWN: 'status.cancelling',
  PAID: 'status.paid',
  FAILED: 'status.failed',
  CANCELLED: 'status.cancelled',
  PAID_REFUNDED: 'status.refundedByProvider',
  MANUAL_PAID: 'status.manualPaid',
  MANUAL_NOT_PAID: 'status.manualNotPaid',
};

export function paymentHeadline(state: PaymentStateName): MessageKey {
  return PAYMENT_HEADLINES[state];
}

export function stateLabel(state: PaymentStateName): MessageKey {
  return `state.${state}` as MessageKey;
}

export function refundStateLabel(state: RefundStateName): MessageKey {
  return `refundState.${state}` as MessageKey;
}

const REFUND_TONES: Readonly<Record<RefundStateName, Tone>> = {
  REFUND_SENDING: 'wait',
  REFUND_UNKNOWN: 'wait',
  REFUNDED: 'ok',
  REFUND_FAILED: 'bad',
  // A supervisor's decision is final too: amber is only for "not known yet".
  MANUAL_REFUNDED: 'ok',
  MANUAL_NOT_REFUNDED: 'bad',
};

export function refundTone(state: RefundStateName): Tone {
  return REFUND_TONES[state];
}
