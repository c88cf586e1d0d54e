// What an answer means for the money: the table in docs/architecture.md ("What an answer means") as code, one pure function per service.
// Each takes the client's outcome and what we asked, and returns a verdict the engine acts on. The
// order of the checks is the point: an answer that names another transaction is worth nothing, so
// matching comes before any reading of the code; and success is only ever the exact success code.

import { formatSnapAmount, type Minor } from '../money/amount';
import type { SnapOutcome } from '../snap/client';
import { decodeResponseCode } from '../snap/response-codes';
import type { CancelResponse, PaymentResponse, QueryResponse, RefundResponse } from '../snap/schemas';
import { successCode } from '../snap/schemas';

/** Why a re-send is safe: the provider said the request was not processed. */
export type ResendReason = 'external-id-conflict' | 'rate-limited';

export interface Mismatch {
  field: string;
  expected: string;
  received: string;
}

export type PaymentVerdict =
  | { verdict: 'paid'; referenceNo: string }
  | { verdict: 'failed'; responseCode: string; responseMessage: string; ourBug: boolean }
  | { verdict: 'resend'; reason: ResendReason; responseCode: string }
  | { verdict: 'query'; why: string; mismatch?: Mismatch[] };

export type QueryVerdict =
  | { verdict: 'paid'; referenceNo?: string; status: '00' }
  | { verdict: 'not-paid'; status: '05' | '06'; description: string }
  | { verdict: 'refunded'; referenceNo?: string; status: '04' }
  | { verdict: 'pending'; status: '01' | '02' | '03' }
  /** 07, or 404xx01 "Transaction Not Found": conclusive only under the timeout rule. */
  | { verdict: 'not-found' }
  | { verdict: 'no-answer'; why: string; mismatch?: Mismatch[] };

export type CancelVerdict =
  | { verdict: 'accepted' }
  | { verdict: 'rejected'; responseCode: string; responseMessage: string }
  | { verdict: 'not-found'; responseCode: string }
  | { verdict: 'resend'; reason: ResendReason; responseCode: string }
  | { verdict: 'lost'; why: string; mismatch?: Mismatch[] };

export type RefundVerdict =
  | { verdict: 'refunded'; refundNo?: string }
  | { verdict: 'failed'; responseCode: string; responseMessage: string }
  | { verdict: 'resend'; reason: ResendReason; responseCode: string }
  | { verdict: 'unknown'; why: string; mismatch?: Mismatch[] };

function differs(field: string, expected: string | undefined, received: string | undefined): Mismatch[] {
  if (expected === undefined || received === undefined || expected === received) return [];
  return [{ field, expected, received }];
}

function amountDiffers(
  field: string,
  expected: Minor | undefined,
  received: { value: string; currency: string } | undefined,
  currency: string,
): Mismatch[] {
  if (expected === undefined || received === undefined) return [];
  const wanted = `${formatSnapAmount(expected)} ${currency}`;
  const got = `${received.value} ${received.currency}`;
  return wanted === got ? [] : [{ field, expected: wanted, received: got }];
}

/** The merchant an answer names, when it names one (most SNAP answers do not). */
function merchantDiffers(expected: string | undefined, body: object): Mismatch[] {
  const named = 'merchantId' in body && typeof body.merchantId === 'string' ? body.merchantId : undefined;
  return differs('merchantId', expected, named);
}

/** The transaction status an answer names besides its code, when it names one. */
function statusNamed(body: object): string | undefined {
  return 'latestTransactionStatus' in body && typeof body.latestTransactionStatus === 'string'
    ? body.latestTransactionStatus
    : undefined;
}

function describeMismatch(mismatch: Mismatch[]): string {
  return `the answer names another transaction (${mismatch.map((m) => `${m.field} ${m.received} ≠ ${m.expected}`).join(', ')})`;
}

/** The action the response-code table gives a well-formed answer's code. */
function actionOf(responseCode: string) {
  return decodeResponseCode(responseCode, 'snap');
}

function resendReason(responseCode: string): ResendReason | undefined {
  if (/^409\d{2}00$/.test(responseCode)) return 'external-id-conflict';
  if (/^429\d{2}\d{2}$/.test(responseCode)) return 'rate-limited';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Payment (60)

export interface PaymentExpectation {
  partnerReferenceNo: string;
  amount: Minor;
  currency: string;
  merchantId: string;
}

export function interpretPayment(
  outcome: SnapOutcome<PaymentResponse>,
  expected: PaymentExpectation,
): PaymentVerdict {
  if (outcome.kind === 'unknown') return { verdict: 'query', why: `${outcome.reason}: ${outcome.detail}` };
  const body = outcome.body;
  // Any answer that names another payment, amount or merchant proves nothing about ours.
  const mismatch = [
    ...differs('partnerReferenceNo', expected.partnerReferenceNo, body.partnerReferenceNo),
    ...amountDiffers('amount', expected.amount, body.amount, expected.currency),
    ...merchantDiffers(expected.merchantId, body),
  ];
  if (mismatch.length > 0) return { verdict: 'query', why: describeMismatch(mismatch), mismatch };

  const code = outcome.responseCode;
  // Some providers add the transaction's status to the payment's answer: it must say what the code says.
  const status = statusNamed(body);
  if (code === successCode('payment')) {
    if (status !== undefined && status !== '00') {
      return {
        verdict: 'query',
        why: `${code} whose latestTransactionStatus is ${status}: it says two things`,
      };
    }
    // The schema already refuses a 2006000 without referenceNo; this keeps the type honest.
    if (body.referenceNo === undefined) return { verdict: 'query', why: '2006000 without a referenceNo' };
    return { verdict: 'paid', referenceNo: body.referenceNo };
  }
  if (status === '00') {
    return { verdict: 'query', why: `${code} whose latestTransactionStatus is 00: it says two things` };
  }
  const resend = resendReason(code);
  if (resend) return { verdict: 'resend', reason: resend, responseCode: code };

  const decoded = actionOf(code);
  switch (decoded.action) {
    case 'fix-input':
    case 'stop':
    case 're-authenticate': // the client already refreshed the token and re-sent once
      return {
        verdict: 'failed',
        responseCode: code,
        responseMessage: body.responseMessage,
        ourBug: decoded.action === 'fix-input',
      };
    default:
      // done (a success code of another service), query (409xx01, unlisted 2xx): ask.
      return { verdict: 'query', why: `answer ${code} ${body.responseMessage} is not a definite outcome` };
  }
}

// ---------------------------------------------------------------------------------------------
// Query (61)

export interface QueryExpectation {
  partnerReferenceNo: string;
  referenceNo?: string | undefined;
  amount: Minor;
  currency: string;
  merchantId?: string | undefined;
}

export function interpretQuery(
  outcome: SnapOutcome<QueryResponse>,
  expected: QueryExpectation,
): QueryVerdict {
  if (outcome.kind === 'unknown')
    return { verdict: 'no-answer', why: `${outcome.reason}: ${outcome.detail}` };
  const body = outcome.body;
  const code = outcome.responseCode;
  if (/^404\d{2}01$/.test(code)) return { verdict: 'not-found' };
  if (code !== successCode('query')) {
    return { verdict: 'no-answer', why: `query answered ${code} ${body.responseMessage}` };
  }
  const mismatch = [
    ...differs('originalPartnerReferenceNo', expected.partnerReferenceNo, body.originalPartnerReferenceNo),
    ...differs('originalReferenceNo', expected.referenceNo, body.originalReferenceNo),
    ...amountDiffers('amount', expected.amount, body.amount, expected.currency),
    ...merchantDiffers(expected.merchantId, body),
  ];
  if (mismatch.length > 0) return { verdict: 'no-answer', why: describeMismatch(mismatch), mismatch };

  const referenceNo = body.originalReferenceNo;
  const withRef = referenceNo === undefined ? {} : { referenceNo };
  switch (body.latestTransactionStatus) {
    case '00':
      return { verdict: 'paid', status: '00', ...withRef };
    case '04':
      return { verdict: 'refunded', status: '04', ...withRef };
    case '05':
    case '06':
      return {
        verdict: 'not-paid',
        status: body.latestTransactionStatus,
        description:
          body.transactionStatusDesc ?? (body.latestTransactionStatus === '05' ? 'Canceled' : 'Failed'),
      };
    case '01':
    case '02':
    case '03':
      return { verdict: 'pending', status: body.latestTransactionStatus };
    case '07':
      return { verdict: 'not-found' };
    default:
      return { verdict: 'no-answer', why: '2006100 without latestTransactionStatus' };
  }
}

// ---------------------------------------------------------------------------------------------
// Cancel (62)

export function interpretCancel(
  outcome: SnapOutcome<CancelResponse>,
  expected: { partnerReferenceNo: string; referenceNo?: string | undefined; merchantId?: string | undefined },
): CancelVerdict {
  if (outcome.kind === 'unknown') return { verdict: 'lost', why: `${outcome.reason}: ${outcome.detail}` };
  const body = outcome.body;
  const mismatch = [
    ...differs('originalPartnerReferenceNo', expected.partnerReferenceNo, body.originalPartnerReferenceNo),
    ...differs('originalReferenceNo', expected.referenceNo, body.originalReferenceNo),
    ...merchantDiffers(expected.merchantId, body),
  ];
  if (mismatch.length > 0) return { verdict: 'lost', why: describeMismatch(mismatch), mismatch };
  const code = outcome.responseCode;
  if (code === successCode('cancel')) return { verdict: 'accepted' };
  if (/^404\d{2}01$/.test(code)) return { verdict: 'not-found', responseCode: code };
  // 404xx18 "Inconsistent Request": the SNAP table says a void answered so "should be considered as
  // success". Never a refusal (which would let a lagging "00" settle the sale as paid): not known.
  if (/^404\d{2}18$/.test(code)) {
    return { verdict: 'lost', why: `cancel answered ${code} ${body.responseMessage}, which may mean done` };
  }
  const resend = resendReason(code);
  if (resend) return { verdict: 'resend', reason: resend, responseCode: code };
  const action = actionOf(code).action;
  if (action === 'fix-input' || action === 'stop' || action === 're-authenticate') {
    return { verdict: 'rejected', responseCode: code, responseMessage: body.responseMessage };
  }
  return { verdict: 'lost', why: `cancel answered ${code} ${body.responseMessage}` };
}

// ---------------------------------------------------------------------------------------------
// Refund (80)

export interface RefundExpectation {
  partnerReferenceNo: string;
  /** The provider's referenceNo of the payment refunded, when it gave one. */
  referenceNo?: string | undefined;
  partnerRefundNo: string;
  amount: Minor;
  currency: string;
  merchantId?: string | undefined;
  /**
   * This very refund (same partnerRefundNo and amount) may already have reached the provider: an
   * earlier send of it went unanswered. Then 409xx01 "already processed" means it went through.
   */
  resent: boolean;
}

export function interpretRefund(
  outcome: SnapOutcome<RefundResponse>,
  expected: RefundExpectation,
): RefundVerdict {
  if (outcome.kind === 'unknown') return { verdict: 'unknown', why: `${outcome.reason}: ${outcome.detail}` };
  const body = outcome.body;
  const mismatch = [
    ...differs('originalPartnerReferenceNo', expected.partnerReferenceNo, body.originalPartnerReferenceNo),
    ...differs('originalReferenceNo', expected.referenceNo, body.originalReferenceNo),
    ...differs('partnerRefundNo', expected.partnerRefundNo, body.partnerRefundNo),
    ...amountDiffers('refundAmount', expected.amount, body.refundAmount, expected.currency),
    ...merchantDiffers(expected.merchantId, body),
  ];
  if (mismatch.length > 0) return { verdict: 'unknown', why: describeMismatch(mismatch), mismatch };
  const code = outcome.responseCode;
  if (code === successCode('refund')) {
    if (body.refundNo === undefined) return { verdict: 'unknown', why: '2008000 without a refundNo' };
    return { verdict: 'refunded', refundNo: body.refundNo };
  }
  // The spec's 409xx01: the same reference "has previously been processed … already success". Our
  // partnerRefundNo is ours alone, so to a re-send of the same refund it can only mean that refund.
  if (/^409\d{2}01$/.test(code)) {
    return expected.resent
      ? { verdict: 'refunded', ...(body.refundNo === undefined ? {} : { refundNo: body.refundNo }) }
      : { verdict: 'unknown', why: `refund answered ${code} ${body.responseMessage} to its first send` };
  }
  const resend = resendReason(code);
  if (resend) return { verdict: 'resend', reason: resend, responseCode: code };
  const action = actionOf(code).action;
  if (action === 'fix-input' || action === 'stop' || action === 're-authenticate') {
    return { verdict: 'failed', responseCode: code, responseMessage: body.responseMessage };
  }
  return { verdict: 'unknown', why: `refund answered ${code} ${body.responseMessage}` };
}
