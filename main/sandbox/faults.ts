// What happens to a payment (60) is chosen by its amount, so a tester can provoke every outcome a
// terminal must survive from the cashier's keypad; the payment's amount also picks what happens to a
// cancel (62) of it, and a refund's (80) own amount picks what happens to that refund. Amounts outside
// the tables simply succeed.

import type { Minor } from '../money/amount';
import { formatSnapAmount } from '../money/amount';

export type FaultKind =
  | 'success'
  | 'declined'
  | 'pendingThenSuccess'
  | 'pendingThenFailed'
  | 'lateAnswer'
  | 'chargedThenHttp500'
  | 'chargedThenDrop'
  | 'chargedThenMalformed'
  | 'gatewayTimeout'
  | 'notifyLost'
  | 'chargedThenMismatch'
  | 'conflictThenSuccess'
  | 'rateLimitedThenSuccess'
  | 'chargedThenOtherAmount'
  | 'notChargedOtherAmount'
  | 'chargedWithoutReferenceNo'
  | 'tokenExpiredThenSuccess'
  | 'cancelledThenHttp500'
  | 'cancelledThenDrop'
  | 'lateSuccessRacesCancel';

export type RefundFaultKind =
  | 'refunded'
  | 'refundedThenHttp500'
  | 'refundedThenDrop'
  | 'refundedThenLate'
  | 'refundedThenMalformed';

export interface FaultRow {
  amount: string;
  fault: FaultKind;
  /** What the terminal sees and what the ledger holds afterwards. */
  behaviour: string;
}

/** The documented fault table (README "Fault table"). Amounts are the payment's amount.value. */
export const FAULT_TABLE: readonly FaultRow[] = [
  { amount: '10001.00', fault: 'declined', behaviour: '403xx05 Do Not Honor; not charged (status 06)' },
  {
    amount: '10002.00',
    fault: 'pendingThenSuccess',
    behaviour: '202 2026000 In Progress; the first N queries say 03, then 00 (charged)',
  },
  {
    amount: '10003.00',
    fault: 'pendingThenFailed',
    behaviour: '202 2026000 In Progress; the first N queries say 03, then 06 (hold released)',
  },
  { amount: '10004.00', fault: 'lateAnswer', behaviour: 'charged; the 200 comes after lateAnswerMs' },
  { amount: '10005.00', fault: 'chargedThenHttp500', behaviour: 'charged; answers HTTP 500 5006001' },
  {
    amount: '10006.00',
    fault: 'chargedThenDrop',
    behaviour: 'charged; the connection is dropped, no answer',
  },
  {
    amount: '10007.00',
    fault: 'chargedThenMalformed',
    behaviour: 'charged; answers 200 with a truncated JSON body',
  },
  {
    amount: '10008.00',
    fault: 'gatewayTimeout',
    behaviour: 'not charged (status 06); answers HTTP 504 5046000',
  },
  { amount: '10009.00', fault: 'notifyLost', behaviour: 'charged; answers 200 but no notify is ever sent' },
  {
    amount: '10010.00',
    fault: 'chargedThenMismatch',
    behaviour: 'charged; answers 200 naming another partnerReferenceNo',
  },
  {
    amount: '10011.00',
    fault: 'conflictThenSuccess',
    behaviour: 'the first send answers 409xx00 Conflict (not processed); the re-send is charged',
  },
  {
    amount: '10012.00',
    fault: 'rateLimitedThenSuccess',
    behaviour: 'the first send answers 429xx00 Too Many Requests (not processed); the re-send is charged',
  },
  {
    amount: '10013.00',
    fault: 'chargedThenOtherAmount',
    behaviour: 'charged; answers 2006000 naming another amount',
  },
  {
    amount: '10014.00',
    fault: 'notChargedOtherAmount',
    behaviour: 'not charged (status 06); answers 2006000 naming another amount',
  },
  {
    amount: '10015.00',
    fault: 'chargedWithoutReferenceNo',
    behaviour: 'charged; answers 2006000 without a referenceNo',
  },
  {
    amount: '10016.00',
    fault: 'tokenExpiredThenSuccess',
    behaviour: "the first send answers 401xx01 (the partner's tokens expire); with a new token it is charged",
  },
  {
    amount: '10031.00',
    fault: 'cancelledThenHttp500',
    behaviour: 'charged; a cancel of it reverses the payment, then answers HTTP 500 5006201',
  },
  {
    amount: '10032.00',
    fault: 'cancelledThenDrop',
    behaviour: 'charged; a cancel of it reverses the payment, then the connection is dropped',
  },
  {
    amount: '10033.00',
    fault: 'lateSuccessRacesCancel',
    behaviour:
      '202 in progress; the first cancel is answered 2006200 but a late success lands after it (status 00); the next cancel reverses it',
  },
];

export interface RefundFaultRow {
  amount: string;
  fault: RefundFaultKind;
  behaviour: string;
}

/** The refund fault table (README "Fault table"). Amounts are the refund's refundAmount.value. */
export const REFUND_FAULT_TABLE: readonly RefundFaultRow[] = [
  { amount: '10021.00', fault: 'refundedThenHttp500', behaviour: 'refunded; answers HTTP 500 5008001' },
  { amount: '10022.00', fault: 'refundedThenDrop', behaviour: 'refunded; the connection is dropped' },
  {
    amount: '10023.00',
    fault: 'refundedThenLate',
    behaviour: "refunded; the 200 comes after the client's timeout",
  },
  {
    amount: '10024.00',
    fault: 'refundedThenMalformed',
    behaviour: 'refunded; answers 200 with a truncated body',
  },
];

export interface FaultScript {
  /** Overrides the table for one payment; undefined falls back to the table. */
  pick?: (payment: { amount: Minor; partnerReferenceNo: string }) => FaultKind | undefined;
  /** How many queries a 202 payment answers "03 Pending" before its final state (default 2). */
  pendingQueries?: number;
  /** Delay of the lateAnswer fault; longer than the terminal's timeout (default 20 s). */
  lateAnswerMs?: number;
}

export const DEFAULT_PENDING_QUERIES = 2;
export const DEFAULT_LATE_ANSWER_MS = 20_000;

const byAmount = new Map(FAULT_TABLE.map((row) => [row.amount, row.fault]));
const refundByAmount = new Map(REFUND_FAULT_TABLE.map((row) => [row.amount, row.fault]));

export function chooseRefundFault(amount: Minor): RefundFaultKind {
  return refundByAmount.get(formatSnapAmount(amount)) ?? 'refunded';
}

/** Faults whose first send is refused as not processed; the same payment re-sent goes through. */
export function isFirstSendFault(fault: FaultKind): boolean {
  return (
    fault === 'conflictThenSuccess' ||
    fault === 'rateLimitedThenSuccess' ||
    fault === 'tokenExpiredThenSuccess'
  );
}

export function chooseFault(
  script: FaultScript,
  payment: { amount: Minor; partnerReferenceNo: string },
): FaultKind {
  return script.pick?.(payment) ?? byAmount.get(formatSnapAmount(payment.amount)) ?? 'success';
}

/** Faults whose payment is accepted but left in progress (202) until queried. */
export function isPendingFault(fault: FaultKind): boolean {
  return (
    fault === 'pendingThenSuccess' || fault === 'pendingThenFailed' || fault === 'lateSuccessRacesCancel'
  );
}
