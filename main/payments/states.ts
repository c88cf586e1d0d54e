// The explicit state machines of the cashier's three operations (DESIGN.md §3). A state says what is
// known about the money, never what we hope: anything not definitely settled stays open and is
// worked on by the engine until it is. Every move between states goes through `assertTransition`,
// so an impossible move is a bug caught at the journal, never a silently wrong row.

import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../preload/contract/payment-states';
import { KasirError } from '../errors';

// The names, and what each payment state means, live in the contract: the renderer lists them too.
export const PAYMENT_STATES = PAYMENT_STATE_NAMES;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const CANCEL_STATES = ['CANCEL_SENDING', 'CANCEL_ACCEPTED', 'CANCEL_REJECTED', 'CANCEL_LOST'] as const;
export type CancelState = (typeof CANCEL_STATES)[number];

export const REFUND_STATES = REFUND_STATE_NAMES;
export type RefundState = (typeof REFUND_STATES)[number];

export type OperationKind = 'payment' | 'cancel' | 'refund';

const OPEN_PAYMENT_STATES: ReadonlySet<PaymentState> = new Set<PaymentState>([
  'SENDING',
  'UNKNOWN',
  'QUERYING',
  'CANCELLING',
  'CANCEL_UNKNOWN',
]);

const MANUAL: readonly PaymentState[] = ['MANUAL_PAID', 'MANUAL_NOT_PAID'];

const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  SENDING: ['PAID', 'FAILED', 'UNKNOWN', ...MANUAL],
  UNKNOWN: ['QUERYING', 'CANCELLING', 'PAID', 'FAILED', 'PAID_REFUNDED', ...MANUAL],
  QUERYING: ['PAID', 'FAILED', 'PAID_REFUNDED', 'CANCELLING', 'UNKNOWN', ...MANUAL],
  CANCELLING: ['CANCELLED', 'PAID', 'FAILED', 'PAID_REFUNDED', 'CANCEL_UNKNOWN', ...MANUAL],
  CANCEL_UNKNOWN: ['CANCELLING', 'CANCELLED', 'PAID', 'FAILED', 'PAID_REFUNDED', ...MANUAL],
  // A same-day paid payment can still be reversed by a supervisor's cancel.
  PAID: ['CANCELLING'],
  FAILED: [],
  CANCELLED: [],
  PAID_REFUNDED: [],
  MANUAL_PAID: [],
  MANUAL_NOT_PAID: [],
};

const CANCEL_TRANSITIONS: Readonly<Record<CancelState, readonly CancelState[]>> = {
  CANCEL_SENDING: ['CANCEL_ACCEPTED', 'CANCEL_REJECTED', 'CANCEL_LOST'],
  // A lost cancel answer is settled by what the payment turns out to be (or by sending it again).
  CANCEL_LOST: ['CANCEL_SENDING', 'CANCEL_ACCEPTED', 'CANCEL_REJECTED'],
  CANCEL_ACCEPTED: [],
  CANCEL_REJECTED: [],
};

const REFUND_TRANSITIONS: Readonly<Record<RefundState, readonly RefundState[]>> = {
  REFUND_SENDING: ['REFUNDED', 'REFUND_FAILED', 'REFUND_UNKNOWN'],
  // Resolved by re-sending the same partnerRefundNo, which the provider must treat idempotently.
  REFUND_UNKNOWN: ['REFUND_SENDING', 'REFUNDED', 'REFUND_FAILED'],
  REFUNDED: [],
  REFUND_FAILED: [],
};

export function isPaymentState(value: string): value is PaymentState {
  return (PAYMENT_STATES as readonly string[]).includes(value);
}

export function isOpenPaymentState(state: PaymentState): boolean {
  return OPEN_PAYMENT_STATES.has(state);
}

export function isOpenCancelState(state: CancelState): boolean {
  return state === 'CANCEL_SENDING' || state === 'CANCEL_LOST';
}

export function isOpenRefundState(state: RefundState): boolean {
  return state === 'REFUND_SENDING' || state === 'REFUND_UNKNOWN';
}

/** Paid as far as the till is concerned: goods may be (or were) handed over. */
export function isPaidState(state: PaymentState): boolean {
  return state === 'PAID' || state === 'MANUAL_PAID';
}

/** What the customer ended up doing, for the cashier and the CLI exit code. */
export function paymentOutcome(state: PaymentState): 'paid' | 'not_paid' | 'unresolved' {
  if (isOpenPaymentState(state)) return 'unresolved';
  return isPaidState(state) ? 'paid' : 'not_paid';
}

function illegal(operation: OperationKind, from: string, to: string): KasirError {
  return new KasirError({
    code: 'ILLEGAL_TRANSITION',
    message: {
      id: `Perpindahan status ${operation} dari ${from} ke ${to} tidak diizinkan. Laporkan ke dukungan teknis.`,
      en: `A ${operation} cannot move from ${from} to ${to}. Report this to support.`,
    },
  });
}

export function canTransitionPayment(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function assertPaymentTransition(from: PaymentState, to: PaymentState): void {
  if (!canTransitionPayment(from, to)) throw illegal('payment', from, to);
}

export function assertCancelTransition(from: CancelState, to: CancelState): void {
  if (!CANCEL_TRANSITIONS[from].includes(to)) throw illegal('cancel', from, to);
}

export function assertRefundTransition(from: RefundState, to: RefundState): void {
  if (!REFUND_TRANSITIONS[from].includes(to)) throw illegal('refund', from, to);
}
