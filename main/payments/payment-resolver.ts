// Resolving a payment whose outcome is unknown (DESIGN.md §3.2–3.3): query with the same
// references on a backoff schedule; at the deadline (or at once, when a supervisor's cancel request
// is in the journal) reverse it with a cancel, journaled first; then query again, because a late
// success can race the cancel. "Not found" proves nothing until the request's own timeout has
// passed, and then only with a second look or an accepted cancel.
//
// The loop is driven by the journaled state, re-read at every step, so it resumes exactly where a
// crashed process stopped and yields when a notification settles the payment first.

import { KasirError } from '../errors';
import { formatSnapAmount } from '../money/amount';
import type { SendAttempt } from '../snap/client';
import type { CancelRequest, QueryRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import {
  announceCancel,
  announcePayment,
  answerChange,
  answerEvent,
  isStale,
  moveCancel,
  movePayment,
  rawDetail,
  sleepUntilAtMost,
} from './engine-context';
import type { QueryVerdict } from './interpret';
import { interpretCancel, interpretQuery } from './interpret';
import type { CancelRecord, EventInput, PaymentRecord } from './journal';
import { merchantOf, originalReferencesOf } from './original-payment';
import { queryDelay } from './policy';
import type { PaymentState } from './states';
import { isOpenPaymentState } from './states';

function reread(ctx: EngineContext, id: number): PaymentRecord {
  const payment = ctx.journal.getPayment(id);
  if (!payment) throw new Error(`payment ${id} vanished from the journal`);
  return payment;
}

function timeoutPassed(ctx: EngineContext, payment: PaymentRecord): boolean {
  return ctx.now() >= payment.lastSentAt + payment.requestTimeoutMs;
}

interface QueryResult {
  verdict: QueryVerdict;
  event: EventInput;
}

async function queryOnce(ctx: EngineContext, payment: PaymentRecord): Promise<QueryResult> {
  const t = ctx.terminal;
  const request: QueryRequest = { ...originalReferencesOf(payment), ...merchantOf(payment) };
  let outcome: Awaited<ReturnType<typeof ctx.provider.query>>;
  try {
    outcome = await ctx.provider.query(request);
  } catch (error) {
    const why = `query not sent: ${error instanceof KasirError ? error.code : String(error)}`;
    return { verdict: { verdict: 'no-answer', why }, event: { kind: 'query', detail: { why } } };
  }
  ctx.checkpoint('query:answered');
  const verdict = interpretQuery(outcome, {
    partnerReferenceNo: payment.partnerReferenceNo,
    referenceNo: payment.referenceNo ?? undefined,
    amount: payment.amount,
    currency: t.currency,
  });
  if (verdict.verdict === 'no-answer' && verdict.mismatch) {
    ctx.journal.recordAnomaly('answer-mismatch', {
      service: 'query',
      partnerReferenceNo: payment.partnerReferenceNo,
      mismatch: verdict.mismatch,
      raw: rawDetail(outcome.raw),
    });
  }
  return { verdict, event: answerEvent('query', outcome, verdict) };
}

function referenceOf(verdict: QueryVerdict, payment: PaymentRecord): { referenceNo?: string } {
  if ((verdict.verdict === 'paid' || verdict.verdict === 'refunded') && verdict.referenceNo !== undefined) {
    return payment.referenceNo === null ? { referenceNo: verdict.referenceNo } : {};
  }
  return {};
}

function statusOf(verdict: QueryVerdict): { latestStatus?: string } {
  return 'status' in verdict ? { latestStatus: verdict.status } : {};
}

/** Journals and sends a cancel for a payment in `from`, then reads its answer. */
export async function startCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  reason: string,
  requestedBy?: string,
): Promise<void> {
  const externalId = ctx.provider.nextExternalId();
  const { payment: cancelling, cancel } = ctx.journal.beginCancel(
    payment.id,
    payment.state,
    { externalId, reason, requestedBy },
    { kind: 'state', externalId, detail: { reason, requestedBy: requestedBy ?? null } },
  );
  announcePayment(ctx, cancelling, payment.state);
  announceCancel(ctx, cancelling, cancel, null);
  await sendCancel(ctx, cancelling, cancel);
}

/** A cancel again, after its first answer was lost or the provider still says paid or pending. */
async function resendCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  last: CancelRecord | undefined,
): Promise<void> {
  if (last === undefined || last.state !== 'CANCEL_LOST') {
    await startCancel(
      ctx,
      payment,
      last?.reason ?? 'unresolved at its deadline',
      last?.requestedBy ?? undefined,
    );
    return;
  }
  const externalId = ctx.provider.nextExternalId();
  // Both rows move together or not at all (a stale payment throws and rolls the cancel back).
  const { cancelling, cancel } = ctx.journal.tx(() => ({
    cancelling: ctx.journal.updatePayment(
      payment.id,
      payment.state,
      'CANCELLING',
      {},
      { kind: 'state', externalId },
    ),
    cancel: ctx.journal.updateCancel(
      last.id,
      last.state,
      'CANCEL_SENDING',
      { externalId },
      { kind: 'resend', externalId },
    ),
  }));
  announcePayment(ctx, cancelling, payment.state);
  announceCancel(ctx, cancelling, cancel, last.state);
  await sendCancel(ctx, cancelling, cancel);
}

async function sendCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  journaled: CancelRecord,
): Promise<void> {
  ctx.checkpoint('cancel:journaled');
  let cancel = journaled;
  let resends = 0;
  const request: CancelRequest = {
    ...originalReferencesOf(payment),
    ...merchantOf(payment),
    amount: { value: formatSnapAmount(payment.amount), currency: payment.currency },
    ...(cancel.reason === null ? {} : { reason: cancel.reason.slice(0, 256) }),
  };
  const onSend = (attempt: SendAttempt): void => {
    if (attempt.externalId !== cancel.externalId) {
      cancel = moveCancel(
        ctx,
        payment,
        cancel,
        undefined,
        { externalId: attempt.externalId },
        { kind: 'resend', externalId: attempt.externalId },
      );
    }
  };

  for (;;) {
    let outcome: Awaited<ReturnType<typeof ctx.provider.cancel>>;
    try {
      outcome = await ctx.provider.cancel(request, { externalId: cancel.externalId, onSend });
    } catch (error) {
      // Nothing left the machine: the provider has not cancelled anything.
      const code = error instanceof KasirError ? error.code : 'NOT_SENT';
      settleCancel(
        ctx,
        payment,
        cancel,
        'CANCEL_REJECTED',
        { responseMessage: `not sent: ${code}` },
        {
          kind: 'answer',
          detail: error instanceof KasirError ? error.toPlain() : { error: String(error) },
        },
      );
      return;
    }
    ctx.checkpoint('cancel:answered');
    const verdict = interpretCancel(outcome, {
      partnerReferenceNo: payment.partnerReferenceNo,
      referenceNo: payment.referenceNo ?? undefined,
    });
    const event = answerEvent('answer', outcome, verdict);
    const change = answerChange(outcome);
    switch (verdict.verdict) {
      case 'accepted':
        settleCancel(ctx, payment, cancel, 'CANCEL_ACCEPTED', change, event);
        return;
      case 'rejected':
      case 'not-found':
        settleCancel(ctx, payment, cancel, 'CANCEL_REJECTED', change, event);
        return;
      case 'lost':
        if (verdict.mismatch) {
          ctx.journal.recordAnomaly('answer-mismatch', {
            service: 'cancel',
            partnerReferenceNo: payment.partnerReferenceNo,
            mismatch: verdict.mismatch,
          });
        }
        settleCancel(ctx, payment, cancel, 'CANCEL_LOST', change, event);
        return;
      case 'resend': {
        if (resends >= ctx.policy.maxResends) {
          settleCancel(ctx, payment, cancel, 'CANCEL_REJECTED', change, event);
          return;
        }
        if (verdict.reason === 'rate-limited') await ctx.sleep(queryDelay(ctx.policy, resends));
        resends += 1;
        const externalId = ctx.provider.nextExternalId();
        cancel = moveCancel(
          ctx,
          payment,
          cancel,
          undefined,
          { externalId },
          { ...event, kind: 'resend', externalId },
        );
        continue;
      }
    }
  }
}

function settleCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  cancel: CancelRecord,
  to: 'CANCEL_ACCEPTED' | 'CANCEL_REJECTED' | 'CANCEL_LOST',
  change: { responseCode?: string | null; responseMessage?: string | null },
  event: EventInput,
): void {
  // Whatever the cancel's answer, only a query says what the payment now is.
  const settled = ctx.journal.tx(() => ({
    cancel: ctx.journal.updateCancel(cancel.id, cancel.state, to, change, event),
    payment: ctx.journal.updatePayment(
      payment.id,
      payment.state,
      'CANCEL_UNKNOWN',
      {},
      {
        kind: 'state',
        detail: { cancel: to },
      },
    ),
  }));
  announceCancel(ctx, settled.payment, settled.cancel, cancel.state);
  announcePayment(ctx, settled.payment, payment.state);
}

/**
 * Works on one open payment until it is final or `until` passes; returns it as journaled. Runs
 * under the terminal lock: nobody else sends for this payment meanwhile.
 */
export async function resolvePayment(
  ctx: EngineContext,
  paymentId: number,
  until: number,
): Promise<PaymentRecord> {
  let queries = 0;
  let notFoundAfterTimeout = 0;
  let cancelSends = 0;

  for (;;) {
    const payment = reread(ctx, paymentId);
    if (!isOpenPaymentState(payment.state)) return payment;

    if (payment.state === 'UNKNOWN' || payment.state === 'QUERYING') {
      // A supervisor asked to cancel it now (the cashier's F8): reverse it at once rather than at the
      // deadline, journaled first like every cancel; the queries after it say what it became.
      const requested = ctx.journal.pendingCancelRequest(payment.id);
      if (requested) {
        cancelSends += 1;
        try {
          await startCancel(ctx, payment, requested.reason, requested.requestedBy ?? undefined);
        } catch (error) {
          if (!isStale(error)) throw error;
        }
        continue;
      }
    }

    switch (payment.state) {
      case 'SENDING':
        // Only a stopped process leaves SENDING behind: its request may or may not have left.
        movePayment(
          ctx,
          payment,
          'UNKNOWN',
          {},
          {
            kind: 'note',
            detail: { why: 'no answer was journaled: the process stopped while sending' },
          },
        );
        continue;
      case 'UNKNOWN':
        movePayment(ctx, payment, 'QUERYING', {}, { kind: 'state' });
        continue;
      case 'CANCELLING': {
        // Likewise a cancel that was in flight when its process stopped.
        const cancel = ctx.journal.openCancelOf(payment.id);
        if (cancel && cancel.state === 'CANCEL_SENDING') {
          settleCancel(
            ctx,
            payment,
            cancel,
            'CANCEL_LOST',
            {},
            {
              kind: 'note',
              detail: { why: 'no answer was journaled: the process stopped while cancelling' },
            },
          );
        } else {
          movePayment(ctx, payment, 'CANCEL_UNKNOWN', {}, { kind: 'note' });
        }
        continue;
      }
      default:
        break;
    }

    // What a query sees is the provider's state when it asked: "not found" counts towards the 07
    // rule only if it was asked after the payment request's own timeout had passed.
    const askedAfterTimeout = timeoutPassed(ctx, payment);
    const { verdict, event } = await queryOnce(ctx, payment);
    queries += 1;
    const latest = reread(ctx, paymentId);
    if (latest.state !== payment.state) {
      ctx.journal.updatePayment(latest.id, latest.state, undefined, {}, event);
      continue;
    }
    if (verdict.verdict === 'not-found' && askedAfterTimeout) notFoundAfterTimeout += 1;

    const lastCancel = ctx.journal.cancelsOf(payment.id).at(-1);
    const decision =
      payment.state === 'QUERYING'
        ? decideWhileQuerying(verdict, notFoundAfterTimeout)
        : decideAfterCancel(
            verdict,
            notFoundAfterTimeout,
            lastCancel,
            cancelSends < ctx.policy.maxCancelSends,
          );

    if (decision.kind === 'final') {
      movePayment(
        ctx,
        payment,
        decision.state,
        { ...referenceOf(verdict, payment), ...statusOf(verdict), reason: decision.reason },
        event,
      );
      continue;
    }
    const noted = movePayment(ctx, payment, undefined, statusOf(verdict), event);
    if (noted === undefined) continue;
    try {
      if (decision.kind === 'cancel-again') {
        cancelSends += 1;
        await resendCancel(ctx, noted, lastCancel);
        continue;
      }
      if (payment.state === 'QUERYING' && ctx.now() >= payment.deadlineAt) {
        cancelSends += 1;
        await startCancel(ctx, noted, 'unresolved at its deadline');
        continue;
      }
    } catch (error) {
      // A notification settled it between our read and the cancel: look again.
      if (isStale(error)) continue;
      throw error;
    }
    if (ctx.now() >= until) return noted;

    let delay = queryDelay(ctx.policy, queries - 1);
    if (verdict.verdict === 'not-found') {
      delay = timeoutPassed(ctx, payment)
        ? ctx.policy.confirmNotFoundMs
        : Math.min(delay, payment.lastSentAt + payment.requestTimeoutMs - ctx.now() + 1);
    }
    const querying = payment.state === 'QUERYING';
    const wakeBy = querying ? Math.min(until, payment.deadlineAt) : until;
    // Only a payment still being queried can act on a cancel request (once cancelling, it is).
    const wake = querying ? ctx.cancelRequested(payment.id) : undefined;
    await sleepUntilAtMost(ctx, delay, Math.max(wakeBy, ctx.now()), wake);
  }
}

type Decision =
  | { kind: 'final'; state: PaymentState; reason: string }
  | { kind: 'wait' }
  | { kind: 'cancel-again' };

function decideWhileQuerying(verdict: QueryVerdict, notFoundAfterTimeout: number): Decision {
  switch (verdict.verdict) {
    case 'paid':
      return { kind: 'final', state: 'PAID', reason: 'query: 00 Success' };
    case 'refunded':
      return { kind: 'final', state: 'PAID_REFUNDED', reason: 'query: 04 Refunded' };
    case 'not-paid':
      return { kind: 'final', state: 'FAILED', reason: `query: ${verdict.status} ${verdict.description}` };
    case 'not-found':
      return notFoundAfterTimeout >= 2
        ? { kind: 'final', state: 'FAILED', reason: 'not found by two queries after the request timed out' }
        : { kind: 'wait' };
    default:
      return { kind: 'wait' };
  }
}

function decideAfterCancel(
  verdict: QueryVerdict,
  notFoundAfterTimeout: number,
  lastCancel: CancelRecord | undefined,
  mayCancelAgain: boolean,
): Decision {
  const refused = lastCancel?.state === 'CANCEL_REJECTED';
  const accepted = lastCancel?.state === 'CANCEL_ACCEPTED';
  switch (verdict.verdict) {
    case 'paid':
      // Paid and the provider refused the reversal: the sale stands. Otherwise the cancel has not
      // (yet) taken: a late success raced it, so cancel again.
      if (refused)
        return { kind: 'final', state: 'PAID', reason: 'query: 00 Success; the cancel was refused' };
      return mayCancelAgain ? { kind: 'cancel-again' } : { kind: 'wait' };
    case 'refunded':
      return { kind: 'final', state: 'PAID_REFUNDED', reason: 'query: 04 Refunded' };
    case 'not-paid':
      return verdict.status === '05'
        ? { kind: 'final', state: 'CANCELLED', reason: 'query: 05 Canceled' }
        : { kind: 'final', state: 'FAILED', reason: `query: 06 ${verdict.description}` };
    case 'pending':
      // Still payable at the provider and our cancel did not take: try again (bounded).
      return !accepted && mayCancelAgain ? { kind: 'cancel-again' } : { kind: 'wait' };
    case 'not-found':
      if (accepted && notFoundAfterTimeout >= 1) {
        return { kind: 'final', state: 'CANCELLED', reason: 'cancel accepted and the payment is not found' };
      }
      return notFoundAfterTimeout >= 2
        ? { kind: 'final', state: 'FAILED', reason: 'not found by two queries after the request timed out' }
        : { kind: 'wait' };
    default:
      return { kind: 'wait' };
  }
}
