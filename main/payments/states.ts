// The explicit state machines of the cashier's three operations (docs/architecture.md, "The state machines"). A state says what is
// known about the money, never what we hope: anything not definitely settled stays open and is
// worked on by the engine until it is. Every move between states goes through `assertTransition`,
// so an impossible move is a bug caught at the journal, never a silently wrong row.

import {
  PAYMENT_STATE_NAMES,
  PURCHASE_STATE_NAMES,
  REFUND_STATE_NAMES,
} from '../../preload/contract/payment-states';
import { KasirError } from '../errors';

// The names, and what each payment state means, live in the contract: the renderer lists them too.
export const PAYMENT_STATES = PAYMENT_STATE_NAMES;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const CANCEL_STATES = [
  'CANCEL_SENDING',
  'CANCEL_ACCEPTED',
  'CANCEL_REJECTED',
  'CANCEL_LOST',
  // its own answer was never known, and the payment has since become final: that final state says
  // what happened; the cancel stays in the history as lost (see reversalFacts)
  'CANCEL_CLOSED',
] as const;
export type CancelState = (typeof CANCEL_STATES)[number];

export const REFUND_STATES = REFUND_STATE_NAMES;
export type RefundState = (typeof REFUND_STATES)[number];

export const PURCHASE_STATES = PURCHASE_STATE_NAMES;
export type PurchaseState = (typeof PURCHASE_STATES)[number];

export type OperationKind = 'payment' | 'cancel' | 'refund' | 'purchase';
/** The kinds whose history is a payment's (the `events` table); a purchase keeps its own. */
export type PaymentHistoryKind = Exclude<OperationKind, 'purchase'>;

/** Refund states whose amount is no longer available to refund again (went, or may still go, through). */
export const COMMITTED_REFUND_STATES: readonly RefundState[] = [
  'REFUND_SENDING',
  'REFUND_UNKNOWN',
  'REFUNDED',
  'MANUAL_REFUNDED',
];
/** Refund states in which the money went back to the customer. */
export const REFUNDED_STATES: readonly RefundState[] = ['REFUNDED', 'MANUAL_REFUNDED'];

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
  // A same-day paid payment can still be reversed by a supervisor's cancel; a verified notify 04
  // that no refund of ours explains says the provider refunded it.
  PAID: ['CANCELLING', 'PAID_REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  PAID_REFUNDED: [],
  MANUAL_PAID: [],
  MANUAL_NOT_PAID: [],
};

const CANCEL_TRANSITIONS: Readonly<Record<CancelState, readonly CancelState[]>> = {
  CANCEL_SENDING: ['CANCEL_ACCEPTED', 'CANCEL_REJECTED', 'CANCEL_LOST', 'CANCEL_CLOSED'],
  // A lost cancel answer is settled by sending it again, or closed when the payment becomes final.
  CANCEL_LOST: ['CANCEL_SENDING', 'CANCEL_ACCEPTED', 'CANCEL_REJECTED', 'CANCEL_CLOSED'],
  CANCEL_ACCEPTED: [],
  CANCEL_REJECTED: [],
  CANCEL_CLOSED: [],
};

const MANUAL_REFUND: readonly RefundState[] = ['MANUAL_REFUNDED', 'MANUAL_NOT_REFUNDED'];

const REFUND_TRANSITIONS: Readonly<Record<RefundState, readonly RefundState[]>> = {
  REFUND_SENDING: ['REFUNDED', 'REFUND_FAILED', 'REFUND_UNKNOWN', ...MANUAL_REFUND],
  // Resolved by re-sending the same partnerRefundNo, which the provider must treat idempotently, or
  // in the end by a supervisor. Never freed by a refusal: that could be the refusal of a repeat.
  REFUND_UNKNOWN: ['REFUND_SENDING', 'REFUNDED', 'REFUND_FAILED', ...MANUAL_REFUND],
  REFUNDED: [],
  REFUND_FAILED: [],
  MANUAL_REFUNDED: [],
  MANUAL_NOT_REFUNDED: [],
};

const MANUAL_PURCHASE: readonly PurchaseState[] = ['MANUAL_SUCCESS', 'MANUAL_FAILED'];

const PURCHASE_TRANSITIONS: Readonly<Record<PurchaseState, readonly PurchaseState[]>> = {
  // The payment ended paid (the buy is journaled next), not paid, or paid too late to buy after a
  // restart (FAILED: nothing was sent, so the sale is refunded).
  AWAITING_PAYMENT: ['SENDING', 'NOT_PAID', 'FAILED'],
  SENDING: ['SUCCESS', 'FAILED', 'WAITING', 'UNKNOWN', ...MANUAL_PURCHASE],
  WAITING: ['SUCCESS', 'FAILED', 'UNKNOWN', ...MANUAL_PURCHASE],
  // Re-sent under the same reference (the provider's idempotency key) once nothing was found.
  UNKNOWN: ['SENDING', 'WAITING', 'SUCCESS', 'FAILED', ...MANUAL_PURCHASE],
  SUCCESS: [],
  FAILED: [],
  NOT_PAID: [],
  MANUAL_SUCCESS: [],
  MANUAL_FAILED: [],
};

export function isOpenPurchaseState(state: PurchaseState): boolean {
  return PURCHASE_TRANSITIONS[state].length > 0;
}

/** Purchase states in which the product definitely did not reach the customer and a QRIS payment for it is owed back. */
export const PURCHASE_REFUND_OWED_STATES: readonly PurchaseState[] = ['FAILED', 'MANUAL_FAILED'];

export function assertPurchaseTransition(from: PurchaseState, to: PurchaseState): void {
  if (!PURCHASE_TRANSITIONS[from].includes(to)) throw illegal('purchase', from, to);
}

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
