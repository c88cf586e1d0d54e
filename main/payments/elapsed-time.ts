// Elapsed time for the engine's rules: timeouts, deadlines, backoff and "07 proves nothing until the
// request's own timeout has passed". These are measured on a monotonic clock, never on the wall
// clock: an NTP step or a cashier fixing the date while a request is out must not make a request
// look timed out (and a customer who may yet be charged look "not charged"). The wall clock stays
// what it is good for: what the journal shows, and which business day a payment belongs to.
//
// A monotonic clock does not survive a restart, so for an operation a previous process sent, this
// process counts from the moment it first looked at it: a lower bound of the real elapsed time,
// which can only make the rules wait longer, never conclude sooner.

import type { PaymentRecord } from './journal';

/**
 * The process's monotonic clock in ms. Not `performance.now()`: the first touch of the `performance`
 * global loads Node's whole perf_hooks (~1 ms of every CLI command), and this reads the same clock.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** What the clock needs of an operation: a payment, or anything else timed the same way (a PPOB purchase). */
type Timed = Pick<PaymentRecord, 'id' | 'deadlineAt'>;

export interface ElapsedTime {
  /** Monotonic milliseconds (any origin). */
  now(): number;
  /** The attempt was journaled in this process: its deadline counts from here. */
  started(paymentId: number): void;
  /** A request for this payment is leaving now. */
  sent(paymentId: number): void;
  /** Monotonic ms since this payment's last request left (a lower bound for one sent before a restart). */
  sinceSent(payment: Pick<Timed, 'id'>): number;
  /** The monotonic instant of the payment's deadline (the automatic cancel). */
  deadlineOf(payment: Timed, deadlineMs: number, wallNow: number): number;
  /** Drops what is kept about a payment that needs no more timing. */
  forget(paymentId: number): void;
}

export function createElapsedTime(monotonic: () => number): ElapsedTime {
  const startedAt = new Map<number, number>();
  const sentAt = new Map<number, number>();
  const firstSeen = new Map<number, number>();

  const seen = (id: number): number => {
    let at = firstSeen.get(id);
    if (at === undefined) {
      at = monotonic();
      firstSeen.set(id, at);
    }
    return at;
  };

  return {
    now: monotonic,
    started(id) {
      startedAt.set(id, monotonic());
    },
    sent(id) {
      sentAt.set(id, monotonic());
    },
    sinceSent(payment) {
      return monotonic() - (sentAt.get(payment.id) ?? seen(payment.id));
    },
    deadlineOf(payment, deadlineMs, wallNow) {
      const started = startedAt.get(payment.id);
      if (started !== undefined) return started + deadlineMs;
      // Journaled by an earlier process: what the wall clock says is left, but never more than a
      // whole deadline from now (a clock set back) and never before now (a clock set forward).
      const left = Math.min(Math.max(payment.deadlineAt - wallNow, 0), deadlineMs);
      return seen(payment.id) + left;
    },
    forget(id) {
      startedAt.delete(id);
      sentAt.delete(id);
      firstSeen.delete(id);
    },
  };
}
