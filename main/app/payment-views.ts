// Journal rows as the cashier's screens see them: money as decimal strings of minor units, the
// state's instruction and, when a payment did not go through, the provider's reason in words.

import type {
  DayReportView,
  PaymentEventView,
  PaymentStateName,
  PaymentView,
  RefundStateName,
  RefundView,
  Wallet,
} from '../../preload/contract/payments';
import { EMPTY_PPOB_REPORT } from '../../preload/contract/ppob';
import type { Minor } from '../money/amount';
import type { DayReport } from '../payments/journal';
import type { EventRecord, PaymentRecord, RefundRecord } from '../payments/journal-records';
import { paymentMessage, refundMessage } from '../payments/messages';
import type { PaymentState, RefundState } from '../payments/states';
import { isPaidState, PAYMENT_STATES, paymentOutcome, REFUND_STATES } from '../payments/states';
import { reasonOf } from './provider-word';

// The contract restates the engine's state lists; these fail to compile the day they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const paymentStatesAgree: Same<PaymentState, PaymentStateName> = true;
const refundStatesAgree: Same<RefundState, RefundStateName> = true;
void paymentStatesAgree;
void refundStatesAgree;

export interface RefundTotals {
  /** Refunds the provider confirmed. */
  refunded: Minor;
  /** Refunds that went through or may still go through. */
  committed: Minor;
}

export function toPaymentView(record: PaymentRecord, wallet: Wallet, totals: RefundTotals): PaymentView {
  const paid = isPaidState(record.state);
  const refundable = paid && record.amount > totals.committed ? record.amount - totals.committed : 0n;
  const failed = paymentOutcome(record.state) === 'not_paid';
  const manual = record.state === 'MANUAL_PAID' || record.state === 'MANUAL_NOT_PAID';
  // A supervisor's decision carries the supervisor's own words; a provider's, the provider's reason.
  const why = manual
    ? {
        text: {
          id: `Keputusan supervisor (${record.decidedBy ?? '?'}): ${record.reason ?? ''}`,
          en: `Supervisor's decision (${record.decidedBy ?? '?'}): ${record.reason ?? ''}`,
        },
        detail: null,
      }
    : failed
      ? reasonOf(record.responseCode, record.reason, record.responseMessage)
      : { text: null, detail: null };
  return {
    id: record.id,
    partnerReferenceNo: record.partnerReferenceNo,
    referenceNo: record.referenceNo,
    amountMinor: record.amount.toString(),
    state: record.state,
    outcome: paymentOutcome(record.state),
    message: paymentMessage(record.state),
    reason: why.text,
    reasonDetail: why.detail,
    responseCode: record.responseCode,
    wallet,
    qrFingerprint: record.qrFingerprint,
    businessDate: record.businessDate,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    refundedMinor: totals.refunded.toString(),
    refundableMinor: refundable.toString(),
    manual,
    purchaseReference: null,
  };
}

export function toRefundView(record: RefundRecord): RefundView {
  return {
    id: record.id,
    paymentId: record.paymentId,
    partnerRefundNo: record.partnerRefundNo,
    refundNo: record.refundNo,
    amountMinor: record.amount.toString(),
    state: record.state,
    message: refundMessage(record.state),
    reason: record.reason,
    failure:
      record.state === 'REFUND_FAILED'
        ? reasonOf(record.responseCode, record.responseMessage, record.responseMessage).text
        : null,
    responseCode: record.responseCode,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt,
  };
}

const MAX_DETAIL_CHARACTERS = 400;

/** An event's detail (already redacted) as one line, shortened for the screen. */
export function shortDetail(value: unknown): string | null {
  const detail = value === null ? null : JSON.stringify(value);
  return detail === null || detail.length <= MAX_DETAIL_CHARACTERS
    ? detail
    : `${detail.slice(0, MAX_DETAIL_CHARACTERS - 1)}…`;
}

export function toEventView(record: EventRecord): PaymentEventView {
  return {
    id: record.id,
    at: record.at,
    operation: record.operation,
    kind: record.kind,
    fromState: record.fromState,
    toState: record.toState,
    httpStatus: record.httpStatus,
    responseCode: record.responseCode,
    detail: shortDetail(record.detail),
  };
}

export interface ReportHeading {
  generatedAt: number;
  merchantName: string;
  merchantId: string;
  terminalId: string;
  test: boolean;
}

export function toDayReportView(
  report: DayReport,
  view: (record: PaymentRecord) => PaymentView,
  ppob: DayReportView['ppob'] | undefined,
  heading: ReportHeading,
): DayReportView {
  return {
    date: report.date,
    ...heading,
    payments: PAYMENT_STATES.map((state) => ({
      state,
      count: report.payments[state].count,
      totalMinor: report.payments[state].total.toString(),
    })),
    refunds: REFUND_STATES.map((state) => ({
      state,
      count: report.refunds[state].count,
      totalMinor: report.refunds[state].total.toString(),
    })),
    paid: { count: report.paid.count, totalMinor: report.paid.total.toString() },
    refunded: { count: report.refunds.REFUNDED.count, totalMinor: report.refunds.REFUNDED.total.toString() },
    netMinor: report.net.toString(),
    unresolvedPayments: report.unresolvedPayments.map(view),
    unresolvedRefunds: report.unresolvedRefunds.map(toRefundView),
    ppob: ppob ?? EMPTY_PPOB_REPORT,
  };
}
