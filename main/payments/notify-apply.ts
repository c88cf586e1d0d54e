// What a verified payment notify (79) may do to the journal. Only a notification that names one of
// our payments exactly (reference, merchant, amount) counts, and it may only settle a payment whose
// outcome we are still waiting for. A payment being cancelled is left to the query that follows the
// cancel: a notify racing a cancel must not decide which of them won. Everything else is recorded.

import { parseSnapAmount } from '../money/amount';
import type { NotifyRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import { movePayment } from './engine-context';
import type { PaymentRecord } from './journal';
import type { PaymentState } from './states';

export type NotifyApplication =
  | { result: 'applied'; payment: PaymentRecord }
  | { result: 'recorded'; payment: PaymentRecord; why: string }
  | { result: 'unmatched'; why: string };

const SETTLEABLE: ReadonlySet<PaymentState> = new Set<PaymentState>(['SENDING', 'UNKNOWN', 'QUERYING']);
const NOT_PAID_STATES: ReadonlySet<PaymentState> = new Set<PaymentState>([
  'FAILED',
  'CANCELLED',
  'MANUAL_NOT_PAID',
]);

function find(ctx: EngineContext, body: NotifyRequest): PaymentRecord | undefined {
  if (body.originalPartnerReferenceNo !== undefined) {
    return ctx.journal.findByPartnerReferenceNo(body.originalPartnerReferenceNo);
  }
  return body.originalReferenceNo === undefined
    ? undefined
    : ctx.journal.findByReferenceNo(body.originalReferenceNo);
}

function mismatchOf(payment: PaymentRecord, body: NotifyRequest): string | undefined {
  if (body.merchantId !== payment.merchantId)
    return `merchantId ${body.merchantId} is not ${payment.merchantId}`;
  if (
    body.originalReferenceNo !== undefined &&
    payment.referenceNo !== null &&
    body.originalReferenceNo !== payment.referenceNo
  ) {
    return `originalReferenceNo ${body.originalReferenceNo} is not ${payment.referenceNo}`;
  }
  if (body.amount !== undefined) {
    if (body.amount.currency !== payment.currency || parseSnapAmount(body.amount.value) !== payment.amount) {
      return `amount ${body.amount.value} ${body.amount.currency} is not the payment's`;
    }
  }
  return undefined;
}

export function applyNotification(
  ctx: EngineContext,
  body: NotifyRequest,
  meta: { externalId?: string | undefined } = {},
): NotifyApplication {
  const payment = find(ctx, body);
  const summary = {
    originalPartnerReferenceNo: body.originalPartnerReferenceNo ?? null,
    originalReferenceNo: body.originalReferenceNo ?? null,
    latestTransactionStatus: body.latestTransactionStatus,
  };
  if (!payment) {
    ctx.journal.recordAnomaly('notify-unmatched', {
      ...summary,
      why: 'no such payment in the journal',
      body,
    });
    return { result: 'unmatched', why: 'no such payment in the journal' };
  }
  const mismatch = mismatchOf(payment, body);
  if (mismatch) {
    ctx.journal.recordAnomaly('notify-unmatched', { ...summary, why: mismatch, body });
    return { result: 'unmatched', why: mismatch };
  }
  const event = {
    kind: 'notify' as const,
    ...(meta.externalId === undefined ? {} : { externalId: meta.externalId }),
    detail: body,
  };
  const status = body.latestTransactionStatus;

  if (SETTLEABLE.has(payment.state) && (status === '00' || status === '05' || status === '06')) {
    const to: PaymentState = status === '00' ? 'PAID' : 'FAILED';
    const change =
      status === '00'
        ? {
            latestStatus: status,
            reason: 'notify: 00 Success',
            ...(payment.referenceNo === null && body.originalReferenceNo !== undefined
              ? { referenceNo: body.originalReferenceNo }
              : {}),
          }
        : { latestStatus: status, reason: `notify: ${status} ${body.transactionStatusDesc ?? ''}`.trim() };
    const moved = movePayment(ctx, payment, to, change, event);
    if (moved) return { result: 'applied', payment: moved };
    // Moved by the engine meanwhile: fall through and record against the new state.
  }

  const current = ctx.journal.getPayment(payment.id) ?? payment;
  ctx.journal.updatePayment(current.id, current.state, undefined, {}, event);
  const contradicts =
    (status === '00' && NOT_PAID_STATES.has(current.state)) ||
    ((status === '05' || status === '06') && (current.state === 'PAID' || current.state === 'MANUAL_PAID'));
  if (contradicts) {
    ctx.journal.recordAnomaly('notify-contradicts-journal', { ...summary, journalState: current.state });
  }
  return {
    result: 'recorded',
    payment: current,
    why: contradicts
      ? `contradicts the journal's ${current.state}`
      : `kept for the record (${current.state})`,
  };
}
