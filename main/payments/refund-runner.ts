// Sending a refund (80) and resolving it when its outcome is unknown. A refund has its own
// partnerRefundNo, which the provider must treat as an idempotency key, so the way to learn what
// became of a lost refund is to send the very same refund again (new X-EXTERNAL-ID) and read the
// answer; for a refund of the whole payment, a query saying 04 "Refunded" settles it too.
//
// Once any attempt may have reached the provider without a definite answer, no refusal settles the
// refund: "amount too high", "not allowed", "already processed" are exactly what a provider says to a
// repeat of a refund that went through. The refund stays unresolved, its amount reserved (so no
// second refund can be sent on top), until a definite answer or a supervisor's decision. An answer
// that names another amount for this very partnerRefundNo ends the sending for good: whatever comes
// after cannot say which amount went back, so a supervisor decides.

import { z } from 'zod';
import { KasirError } from '../errors';
import { formatSnapAmount } from '../money/amount';
import type { SendAttempt } from '../snap/client';
import type { RefundRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import {
  answerChange,
  answerEvent,
  moveRefund,
  RELAXED,
  recordMismatch,
  sleepUntilAtMost,
} from './engine-context';
import type { RefundVerdict } from './interpret';
import { interpretRefund } from './interpret';
import type { EventInput, PaymentRecord, RefundChange, RefundRecord } from './journal';
import { merchantOf, originalReferencesOf } from './original-payment';
import { queryOnce } from './payment-resolver';
import { queryDelay } from './policy';
import { isOpenRefundState } from './states';

/**
 * 404xx18 "Inconsistent Request": the SNAP table says a refund answered so "should be considered as
 * success", yet the answer names no refundNo. Never a failure, so its amount is never freed.
 */
const INCONSISTENT_REQUEST = /^404\d{2}18$/;

function reread(ctx: EngineContext, id: number): RefundRecord {
  const refund = ctx.journal.getRefund(id);
  if (!refund) throw new Error(`refund ${id} vanished from the journal`);
  return refund;
}

function buildRefundRequest(payment: PaymentRecord, refund: RefundRecord): RefundRequest {
  return {
    ...merchantOf(payment),
    ...originalReferencesOf(payment),
    partnerRefundNo: refund.partnerRefundNo,
    refundAmount: { value: formatSnapAmount(refund.amount), currency: refund.currency },
    ...(refund.reason === null ? {} : { reason: refund.reason.slice(0, 256) }),
  };
}

export interface RefundRun {
  /** The caller has just journaled it in REFUND_SENDING and nothing was sent yet. */
  justJournaled: boolean;
  /** Stop after this many sends (a supervisor's recheck sends once); default: until `until`. */
  maxSends?: number;
}

/**
 * Works on one open refund until it is final, the monotonic instant `until` passes, or `maxSends`
 * requests went out; returns it as journaled. Otherwise it is a refund a stopped process left
 * behind, and any earlier attempt may have landed.
 */
export async function runRefund(
  ctx: EngineContext,
  payment: PaymentRecord,
  refundId: number,
  until: number,
  run: RefundRun,
): Promise<RefundRecord> {
  const request = buildRefundRequest(payment, reread(ctx, refundId));
  let resends = 0;
  let retries = 0;
  let sends = 0;
  // Some attempt may have reached the provider and got no definite answer back.
  let unknownBefore = !run.justJournaled;
  // Some attempt of this very refund left and its answer never came: a repeat's "already processed" is ours.
  let lostBefore = !run.justJournaled;
  let fresh = run.justJournaled;

  const settle = (
    current: RefundRecord,
    to: RefundRecord['state'] | undefined,
    change: RefundChange,
    event: EventInput,
  ) => moveRefund(ctx, payment, current, to, change, event);

  for (;;) {
    let refund = reread(ctx, refundId);
    if (!isOpenRefundState(refund.state)) return refund;
    if (run.maxSends !== undefined && sends >= run.maxSends) return refund;

    if (refund.state === 'REFUND_SENDING' && !fresh) {
      refund = settle(
        refund,
        'REFUND_UNKNOWN',
        {},
        {
          kind: 'note',
          detail: { why: 'no answer was journaled: the process stopped while sending' },
        },
      );
      unknownBefore = true;
      lostBefore = true;
    }
    if (refund.state === 'REFUND_UNKNOWN') {
      // The provider named another amount for this very refund: no later answer can say which one
      // it refunded, so nothing more is sent and a supervisor decides (after checking with it).
      if (namedAnotherAmount(ctx, payment, refund)) return refund;
      const confirmed = await refundedInFull(ctx, payment, refund);
      if (confirmed) return confirmed;
      if (ctx.elapsed.now() >= until && run.maxSends === undefined) return refund;
      if (run.maxSends === undefined) await sleepUntilAtMost(ctx, queryDelay(ctx.policy, retries), until);
      retries += 1;
      const externalId = ctx.provider.nextExternalId();
      refund = settle(
        reread(ctx, refundId),
        'REFUND_SENDING',
        { externalId, lastSentAt: ctx.now() },
        { kind: 'resend', externalId },
      );
    }
    fresh = false;

    const sent = refund;
    const onSend = (attempt: SendAttempt): void => {
      if (attempt.externalId !== sent.externalId) {
        settle(
          reread(ctx, refundId),
          undefined,
          { externalId: attempt.externalId, lastSentAt: ctx.now() },
          { kind: 'resend', externalId: attempt.externalId },
        );
      }
    };
    sends += 1;
    let outcome: Awaited<ReturnType<typeof ctx.provider.refund>>;
    try {
      outcome = await ctx.provider.refund(request, { externalId: sent.externalId, onSend });
    } catch (error) {
      const detail = error instanceof KasirError ? error.toPlain() : { error: String(error) };
      const current = reread(ctx, refundId);
      if (unknownBefore) {
        // This attempt never left, but an earlier one may have: still unknown.
        settle(current, 'REFUND_UNKNOWN', {}, { kind: 'note', detail });
        continue;
      }
      const code = error instanceof KasirError ? error.code : 'NOT_SENT';
      return settle(
        current,
        'REFUND_FAILED',
        { responseMessage: `not sent: ${code}` },
        { kind: 'answer', detail },
      );
    }
    ctx.checkpoint('refund:answered');

    const verdict = interpretRefund(outcome, {
      partnerReferenceNo: payment.partnerReferenceNo,
      referenceNo: payment.referenceNo ?? undefined,
      partnerRefundNo: refund.partnerRefundNo,
      amount: refund.amount,
      currency: refund.currency,
      merchantId: payment.merchantId,
      resent: lostBefore,
    });
    const event = answerEvent('answer', outcome, verdict);
    const change = answerChange(outcome);
    const current = reread(ctx, refundId);
    switch (verdict.verdict) {
      case 'refunded':
        return settle(
          current,
          'REFUNDED',
          { ...change, ...(verdict.refundNo === undefined ? {} : { refundNo: verdict.refundNo }) },
          event,
        );
      case 'failed':
        if (unknownBefore || INCONSISTENT_REQUEST.test(verdict.responseCode)) {
          refusedAfterUnknown(ctx, refund, verdict);
          settle(current, 'REFUND_UNKNOWN', change, event);
          unknownBefore = true;
          continue;
        }
        return settle(current, 'REFUND_FAILED', change, event);
      case 'resend':
        if (resends >= ctx.policy.maxResends) {
          if (!unknownBefore) return settle(current, 'REFUND_FAILED', change, event);
          settle(current, 'REFUND_UNKNOWN', change, event);
          continue;
        }
        resends += 1;
        if (verdict.reason === 'rate-limited') await ctx.sleep(queryDelay(ctx.policy, resends - 1));
        {
          const externalId = ctx.provider.nextExternalId();
          settle(
            current,
            undefined,
            { externalId, lastSentAt: ctx.now() },
            { ...event, kind: 'resend', externalId },
          );
        }
        fresh = true;
        continue;
      case 'unknown':
        if (verdict.mismatch) {
          recordMismatch(ctx, {
            service: 'refund',
            partnerReferenceNo: payment.partnerReferenceNo,
            partnerRefundNo: refund.partnerRefundNo,
            mismatch: verdict.mismatch,
          });
        }
        settle(current, 'REFUND_UNKNOWN', change, event);
        unknownBefore = true;
        // A transport failure or a broken answer: this attempt may have landed unanswered.
        if (outcome.kind === 'unknown' || verdict.mismatch) lostBefore = true;
        continue;
    }
  }
}

const NamedMismatchSchema = z.object({
  verdict: z.object({ mismatch: z.array(z.object({ field: z.string() })) }),
});

/**
 * Some answer to this refund named its partnerRefundNo with another refundAmount: the provider may
 * have refunded that amount, so "refunded" or "already processed" says nothing about how much.
 */
function namedAnotherAmount(ctx: EngineContext, payment: PaymentRecord, refund: RefundRecord): boolean {
  return ctx.journal.events(payment.id).some((event) => {
    if (event.operation !== 'refund' || event.operationId !== refund.id || event.kind !== 'answer')
      return false;
    const named = NamedMismatchSchema.safeParse(event.detail);
    if (!named.success) return false;
    const fields = named.data.verdict.mismatch.map((m) => m.field);
    return fields.includes('refundAmount') && !fields.includes('partnerRefundNo');
  });
}

function refusedAfterUnknown(
  ctx: EngineContext,
  refund: RefundRecord,
  verdict: Extract<RefundVerdict, { verdict: 'failed' }>,
): void {
  ctx.journal.recordAnomaly('refund-ambiguous', {
    partnerRefundNo: refund.partnerRefundNo,
    responseCode: verdict.responseCode,
    responseMessage: verdict.responseMessage,
    why: 'refused after an attempt whose outcome is unknown: the refusal may be of a repeat; the amount stays reserved',
  });
}

/**
 * For a refund of the whole payment, a query saying 04 "Refunded" is the provider's own word that
 * the money went back: the refund is settled without another send. Undefined otherwise.
 */
async function refundedInFull(
  ctx: EngineContext,
  payment: PaymentRecord,
  refund: RefundRecord,
): Promise<RefundRecord | undefined> {
  if (refund.amount !== payment.amount) return undefined;
  const { verdict, event } = await queryOnce(ctx, ctx.journal.getPayment(payment.id) ?? payment);
  if (verdict.verdict !== 'refunded') {
    // Not settled by it, but every answer is journaled.
    moveRefund(ctx, payment, reread(ctx, refund.id), undefined, {}, event, RELAXED);
    return undefined;
  }
  return moveRefund(
    ctx,
    payment,
    reread(ctx, refund.id),
    'REFUNDED',
    { responseMessage: 'query: 04 Refunded' },
    { ...event, detail: { why: 'a query says the whole payment was refunded', query: event.detail } },
    RELAXED,
  );
}
