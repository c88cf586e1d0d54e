// Resolving a payment whose outcome is unknown (docs/architecture.md, "What an answer means"): query with the same
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
  contradicts,
  isStale,
  moveCancel,
  movePayment,
  RELAXED,
  rawDetail,
  recordMismatch,
  sleepUntilAtMost,
} from './engine-context';
import type { QueryVerdict } from './interpret';
import { interpretCancel, interpretQuery } from './interpret';
import type { CancelRecord, EventInput, PaymentRecord, ProviderStatus, ReversalFacts } from './journal';
import { merchantOf, originalReferencesOf } from './original-payment';
import { queryDelay } from './policy';
import type { PaymentState } from './states';
import { isOpenPaymentState } from './states';

function reread(ctx: EngineContext, id: number): PaymentRecord {
  const payment = ctx.journal.getPayment(id);
  if (!payment) throw new Error(`payment ${id} vanished from the journal`);
  return payment;
}

/** The request's own timeout, on the monotonic clock (see elapsed-time.ts). */
function timeoutPassed(ctx: EngineContext, payment: PaymentRecord): boolean {
  return ctx.elapsed.sinceSent(payment) >= payment.requestTimeoutMs;
}

export interface QueryResult {
  verdict: QueryVerdict;
  event: EventInput;
}

function wordOf(verdict: QueryVerdict): ProviderStatus | undefined {
  if ('status' in verdict) return verdict.status;
  return verdict.verdict === 'not-found' ? '07' : undefined;
}

/** One query (61) about a payment, read against what we asked. */
export async function queryOnce(ctx: EngineContext, payment: PaymentRecord): Promise<QueryResult> {
  const request: QueryRequest = {
    ...originalReferencesOf(payment),
    ...merchantOf(payment),
    // Left out on the standard's wire; a provider whose query names the amount (ShopeePay) gets it.
    amount: { value: formatSnapAmount(payment.amount), currency: payment.currency },
  };
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
    currency: payment.currency,
    merchantId: payment.merchantId,
  });
  if (verdict.verdict === 'no-answer' && verdict.mismatch) {
    recordMismatch(ctx, {
      service: 'query',
      partnerReferenceNo: payment.partnerReferenceNo,
      mismatch: verdict.mismatch,
      raw: rawDetail(outcome.raw),
    });
  }
  return { verdict, event: answerEvent('query', outcome, verdict, wordOf(verdict)) };
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
  const { payment: cancelling, cancel } = ctx.journal.beginCancel(
    payment.id,
    payment.state,
    { externalId: () => ctx.provider.nextExternalId(), reason, requestedBy },
    { kind: 'state', detail: { reason, requestedBy: requestedBy ?? null } },
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
      merchantId: payment.merchantId,
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
          recordMismatch(ctx, {
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
  const settled = ctx.journal.tx(
    () => ({
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
    }),
    RELAXED,
  );
  announceCancel(ctx, settled.payment, settled.cancel, cancel.state);
  announcePayment(ctx, settled.payment, payment.state);
}

export interface ResolveMode {
  /**
   * A supervisor's recheck before a manual decision: one query, applied like any other, and no
   * cancel sent; then back to the caller, settled or not.
   */
  recheckOnly?: boolean;
}

/**
 * Works on one open payment until it is final or the monotonic instant `until` passes; returns it as
 * journaled. Runs under the terminal lock: nobody else sends for this payment meanwhile.
 */
export async function resolvePayment(
  ctx: EngineContext,
  paymentId: number,
  until: number,
  mode: ResolveMode = {},
): Promise<PaymentRecord> {
  let queries = 0;
  let notFoundAfterTimeout = 0;
  let cancelSends = 0;
  // One anomaly of each kind per resolution: a provider stuck on a contradiction is one problem.
  const reported = new Set<string>();

  for (;;) {
    const payment = reread(ctx, paymentId);
    if (!isOpenPaymentState(payment.state)) {
      ctx.elapsed.forget(payment.id);
      return payment;
    }

    if (!mode.recheckOnly && (payment.state === 'UNKNOWN' || payment.state === 'QUERYING')) {
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
          RELAXED,
        );
        continue;
      case 'UNKNOWN':
        movePayment(ctx, payment, 'QUERYING', {}, { kind: 'state' }, RELAXED);
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
          movePayment(ctx, payment, 'CANCEL_UNKNOWN', {}, { kind: 'note' }, RELAXED);
        }
        continue;
      }
      default:
        break;
    }

    // What a query sees is the provider's state when it asked: "not found" counts towards the 07
    // rule only if it was asked after the payment request's own timeout had passed.
    const askedAfterTimeout = timeoutPassed(ctx, payment);
    // The provider's definite word before this query, to tell a confirmation from a contradiction.
    const earlier = ctx.journal.providerWord(payment.id, { definite: true })?.status;
    const { verdict, event } = await queryOnce(ctx, payment);
    queries += 1;
    const latest = reread(ctx, paymentId);
    if (latest.state !== payment.state) {
      ctx.journal.updatePayment(latest.id, latest.state, undefined, {}, event, RELAXED);
      continue;
    }
    if (verdict.verdict === 'not-found' && askedAfterTimeout) notFoundAfterTimeout += 1;

    const decision =
      payment.state === 'QUERYING'
        ? decideWhileQuerying(verdict, notFoundAfterTimeout, earlier)
        : decideReversal(
            verdict,
            ctx.journal.reversalFacts(payment.id),
            notFoundAfterTimeout,
            cancelSends < ctx.policy.maxCancelSends,
          );

    if (decision.kind === 'final') {
      movePayment(
        ctx,
        payment,
        decision.state,
        { ...referenceOf(verdict, payment), ...statusOf(verdict), reason: decision.reason },
        event,
        RELAXED,
      );
      continue;
    }
    if (decision.kind === 'contradiction' && !reported.has(decision.anomaly)) {
      reported.add(decision.anomaly);
      ctx.journal.recordAnomaly(decision.anomaly, {
        partnerReferenceNo: payment.partnerReferenceNo,
        state: payment.state,
        earlier: earlier ?? null,
        query: wordOf(verdict) ?? null,
        why: decision.why,
      });
      ctx.log(`payment ${payment.partnerReferenceNo}: ${decision.why}`);
    }
    const noted = movePayment(ctx, payment, undefined, statusOf(verdict), event, RELAXED);
    if (noted === undefined) continue;
    if (mode.recheckOnly) return noted;
    const deadline = ctx.elapsed.deadlineOf(payment, ctx.policy.deadlineMs, ctx.now());
    try {
      if (decision.kind === 'cancel-again') {
        cancelSends += 1;
        await resendCancel(ctx, noted, ctx.journal.cancelsOf(payment.id).at(-1));
        continue;
      }
      if (payment.state === 'QUERYING' && ctx.elapsed.now() >= deadline) {
        cancelSends += 1;
        await startCancel(ctx, noted, 'unresolved at its deadline');
        continue;
      }
    } catch (error) {
      // Moved by someone else between our read and the cancel: look again.
      if (isStale(error)) continue;
      throw error;
    }
    if (ctx.elapsed.now() >= until) return noted;

    let delay = queryDelay(ctx.policy, queries - 1);
    if (verdict.verdict === 'not-found') {
      delay = timeoutPassed(ctx, payment)
        ? ctx.policy.confirmNotFoundMs
        : Math.min(delay, payment.requestTimeoutMs - ctx.elapsed.sinceSent(payment) + 1);
    }
    const wakeBy = payment.state === 'QUERYING' ? Math.min(until, deadline) : until;
    await sleepUntilAtMost(ctx, delay, Math.max(wakeBy, ctx.elapsed.now()), ctx.attention(payment.id));
  }
}

export type Decision =
  | { kind: 'final'; state: PaymentState; reason: string }
  | { kind: 'wait' }
  | { kind: 'cancel-again' }
  /** The provider said something that cannot be true together with what it said before: ask again. */
  | { kind: 'contradiction'; anomaly: string; why: string };

/** A payment not (yet) being reversed: the query settles it unless it contradicts the provider's earlier word. */
export function decideWhileQuerying(
  verdict: QueryVerdict,
  notFoundAfterTimeout: number,
  earlier: ProviderStatus | undefined,
): Decision {
  const word = wordOf(verdict);
  if (word !== undefined && contradicts(earlier, word)) {
    return {
      kind: 'contradiction',
      anomaly: 'answer-contradicts-provider',
      why: `the query says ${word} after the provider said ${earlier}: asking again before deciding`,
    };
  }
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

/**
 * A payment being reversed, judged on everything the provider said (the whole cancel history, and
 * whether it had confirmed the sale paid), never on the last cancel alone:
 * - once any cancel was accepted or its answer lost, no refusal restores PAID;
 * - a sale the provider confirmed paid ends not paid only on a confirmation (a query 05, or an
 *   accepted cancel and a query that no longer says 00); 06, 07 or "pending" without an accepted
 *   cancel contradict the confirmed sale and leave it for a supervisor, never FAILED.
 */
export function decideReversal(
  verdict: QueryVerdict,
  facts: ReversalFacts,
  notFoundAfterTimeout: number,
  mayCancelAgain: boolean,
): Decision {
  const mayHaveReversed = facts.accepted || facts.lost;
  const unconfirmedSale = (why: string): Decision => ({
    kind: 'contradiction',
    anomaly: 'reversal-contradicts-paid-sale',
    why: `the provider confirmed this sale paid, ${why}: left for a supervisor`,
  });
  switch (verdict.verdict) {
    case 'refunded':
      return { kind: 'final', state: 'PAID_REFUNDED', reason: 'query: 04 Refunded' };
    case 'not-paid':
      if (verdict.status === '05') return { kind: 'final', state: 'CANCELLED', reason: 'query: 05 Canceled' };
      if (facts.wasPaid) {
        return facts.accepted
          ? { kind: 'final', state: 'CANCELLED', reason: 'cancel accepted; the query says 06' }
          : unconfirmedSale('and now the query says 06 with no cancel accepted');
      }
      return { kind: 'final', state: 'FAILED', reason: `query: 06 ${verdict.description}` };
    case 'not-found':
      if (facts.wasPaid) {
        return facts.accepted
          ? { kind: 'final', state: 'CANCELLED', reason: 'cancel accepted; the payment is no longer found' }
          : unconfirmedSale('and now the query does not find it with no cancel accepted');
      }
      if (facts.accepted && notFoundAfterTimeout >= 1) {
        return { kind: 'final', state: 'CANCELLED', reason: 'cancel accepted and the payment is not found' };
      }
      return notFoundAfterTimeout >= 2
        ? { kind: 'final', state: 'FAILED', reason: 'not found by two queries after the request timed out' }
        : { kind: 'wait' };
    case 'paid':
      if (mayHaveReversed) {
        // A cancel may have taken, yet the provider still says paid: a lagging status, or a late
        // success that raced the cancel. Cancel again (bounded); a refusal now proves nothing.
        if (mayCancelAgain) return { kind: 'cancel-again' };
        return {
          kind: 'contradiction',
          anomaly: 'reversal-unconfirmed',
          why: 'the provider still says 00 after a cancel it accepted or whose answer was lost',
        };
      }
      if (facts.refused) {
        return { kind: 'final', state: 'PAID', reason: 'query: 00 Success; the cancel was refused' };
      }
      return mayCancelAgain ? { kind: 'cancel-again' } : { kind: 'wait' };
    case 'pending':
      if (facts.wasPaid) return unconfirmedSale(`and now the query says ${verdict.status}`);
      // Still payable at the provider and no cancel has taken: try again (bounded).
      return !facts.accepted && mayCancelAgain ? { kind: 'cancel-again' } : { kind: 'wait' };
    default:
      return { kind: 'wait' };
  }
}
