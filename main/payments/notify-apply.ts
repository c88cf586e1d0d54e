// What a verified payment notify (79) may do to the journal. Only a notification that names one of
// our payments exactly (reference, merchant, amount) counts as the provider's word, and even then it
// never settles an open payment alone: it is recorded, and the engine asks the provider (a query)
// at once. The query settles it, and a query that contradicts the notify is an anomaly asked again,
// never a silent overwrite. A notify without an amount settles nothing.
//
// The one thing a notify does by itself: 04 "Refunded" on a paid sale that no refund of ours
// explains (there is none) moves it to PAID_REFUNDED, so the till stops counting money that went back.

import { parseSnapAmount } from '../money/amount';
import type { NotifyRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import { movePayment } from './engine-context';
import type { EventInput, PaymentRecord, ProviderStatus } from './journal';
import type { PaymentState } from './states';
import { isOpenPaymentState } from './states';

export type NotifyApplication =
  | { result: 'applied'; payment: PaymentRecord }
  /** Recorded; `confirm`: the payment is open and the engine should query it now. */
  | { result: 'recorded'; payment: PaymentRecord; why: string; confirm: boolean }
  | { result: 'unmatched'; why: string };

const NOT_PAID_STATES: ReadonlySet<PaymentState> = new Set<PaymentState>([
  'FAILED',
  'CANCELLED',
  'MANUAL_NOT_PAID',
  'PAID_REFUNDED',
]);
const PAID_STATES: ReadonlySet<PaymentState> = new Set<PaymentState>(['PAID', 'MANUAL_PAID']);

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

function contradictsJournal(state: PaymentState, status: ProviderStatus): boolean {
  return (
    ((status === '00' || status === '04') && NOT_PAID_STATES.has(state) && state !== 'PAID_REFUNDED') ||
    ((status === '05' || status === '06') && PAID_STATES.has(state))
  );
}

export function applyNotification(
  ctx: EngineContext,
  body: NotifyRequest,
  meta: { externalId?: string | undefined } = {},
): NotifyApplication {
  const payment = find(ctx, body);
  const status = body.latestTransactionStatus;
  const summary = {
    originalPartnerReferenceNo: body.originalPartnerReferenceNo ?? null,
    originalReferenceNo: body.originalReferenceNo ?? null,
    latestTransactionStatus: status,
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
  // Without the amount it could be about any payment of that reference: kept, but not the provider's word.
  const counts = body.amount !== undefined;
  const event: EventInput = {
    kind: 'notify',
    ...(meta.externalId === undefined ? {} : { externalId: meta.externalId }),
    ...(counts ? { providerStatus: status } : {}),
    detail: body,
  };
  if (!counts) {
    ctx.journal.recordAnomaly('notify-without-amount', { ...summary, journalState: payment.state });
  }

  if (counts && status === '04' && payment.state === 'PAID') {
    // Any refund of ours, whole or partial, sent or still unknown, explains a 04: SNAP's notify
    // says "refunded" without saying how much, so only a 04 with no refund of ours behind it is news.
    if (ctx.journal.committedRefundTotal(payment.id) === 0n) {
      ctx.journal.recordAnomaly('refund-unexplained', {
        ...summary,
        why: 'the provider reports this sale refunded and no refund of ours covers it',
      });
      const moved = movePayment(
        ctx,
        payment,
        'PAID_REFUNDED',
        { latestStatus: status, reason: 'notify: 04 Refunded, by no refund of this terminal' },
        event,
      );
      if (moved) return { result: 'applied', payment: moved };
    }
  }

  const current = ctx.journal.getPayment(payment.id) ?? payment;
  ctx.journal.updatePayment(current.id, current.state, undefined, {}, event);
  if (isOpenPaymentState(current.state)) {
    return {
      result: 'recorded',
      payment: current,
      why: counts ? 'to be confirmed by a query' : 'without an amount: it settles nothing; a query will',
      confirm: true,
    };
  }
  const contradicts = counts && contradictsJournal(current.state, status);
  if (contradicts) {
    ctx.journal.recordAnomaly('notify-contradicts-journal', { ...summary, journalState: current.state });
  }
  return {
    result: 'recorded',
    payment: current,
    why: contradicts
      ? `contradicts the journal's ${current.state}`
      : `kept for the record (${current.state})`,
    confirm: false,
  };
}
