// A payment's history in the cashier's words: "Jawaban penyedia — Lunas" rather than
// "payment · answer ∅ → PAID". The raw kind, states and codes stay beside it, small, for support.

import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../../preload/contract/payment-states';
import type { PaymentEventView } from '../../../preload/contract/payments';
import type { MessageKey } from '../i18n/messages';

const KINDS: Readonly<Record<string, MessageKey>> = {
  created: 'event.created',
  send: 'event.send',
  resend: 'event.resend',
  answer: 'event.answer',
  query: 'event.query',
  notify: 'event.notify',
  state: 'event.state',
  note: 'event.note',
  manual: 'event.manual',
  receipt: 'event.receipt',
  'cancel-request': 'event.cancelRequest',
};

const OPERATIONS: Readonly<Record<PaymentEventView['operation'], MessageKey>> = {
  payment: 'event.op.payment',
  cancel: 'event.op.cancel',
  refund: 'event.op.refund',
};

const CANCEL_STATES: Readonly<Record<string, MessageKey>> = {
  CANCEL_SENDING: 'cancelState.CANCEL_SENDING',
  CANCEL_LOST: 'cancelState.CANCEL_LOST',
  CANCEL_ACCEPTED: 'cancelState.CANCEL_ACCEPTED',
  CANCEL_REJECTED: 'cancelState.CANCEL_REJECTED',
};

export function eventKindLabel(event: PaymentEventView): MessageKey {
  return KINDS[event.kind] ?? 'event.other';
}

export function eventOperationLabel(event: PaymentEventView): MessageKey {
  return OPERATIONS[event.operation];
}

/** The state an event moved to, in words; null when it moved none or to a state no table names. */
export function eventStateLabel(state: string | null): MessageKey | null {
  if (state === null) return null;
  if ((PAYMENT_STATE_NAMES as readonly string[]).includes(state)) return `state.${state}` as MessageKey;
  if ((REFUND_STATE_NAMES as readonly string[]).includes(state)) return `refundState.${state}` as MessageKey;
  return CANCEL_STATES[state] ?? null;
}

/** The small print of a journal event, for support: the move, the provider's code, the HTTP status. */
export function eventCodes(
  event: {
    fromState: string | null;
    toState: string | null;
    responseCode: string | null;
    httpStatus: number | null;
  },
  extra: { before?: string | null; after?: string | null } = {},
): string {
  return [
    extra.before ?? null,
    event.toState ? `${event.fromState ?? '—'}→${event.toState}` : null,
    event.responseCode,
    extra.after ?? null,
    event.httpStatus === null ? null : `HTTP ${event.httpStatus}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
