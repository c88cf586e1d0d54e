// What happens to a payment (60) is chosen by its amount, so a tester can provoke every outcome a
// terminal must survive from the cashier's keypad. Amounts outside the table simply succeed.

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
  | 'chargedThenMismatch';

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

export function chooseFault(
  script: FaultScript,
  payment: { amount: Minor; partnerReferenceNo: string },
): FaultKind {
  return script.pick?.(payment) ?? byAmount.get(formatSnapAmount(payment.amount)) ?? 'success';
}

/** Faults whose payment is accepted but left in progress (202) until queried. */
export function isPendingFault(fault: FaultKind): boolean {
  return fault === 'pendingThenSuccess' || fault === 'pendingThenFailed';
}
