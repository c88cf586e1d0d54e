// Sending a refund (80) and resolving it when its outcome is unknown (DESIGN.md §3.8). A refund has
// its own partnerRefundNo, which the provider must treat as an idempotency key, so the only safe way
// to learn what became of a lost refund is to send the very same refund again (new X-EXTERNAL-ID)
// and read the answer. After an unknown, a refusal that a first success would also explain ("amount
// too high", "not allowed now") settles nothing: that refund waits for a person.

import { KasirError } from '../errors';
import { formatSnapAmount } from '../money/amount';
import type { SendAttempt } from '../snap/client';
import type { RefundRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import { answerChange, answerEvent, moveRefund, sleepUntilAtMost } from './engine-context';
import { interpretRefund } from './interpret';
import type { PaymentRecord, RefundRecord } from './journal';
import { merchantOf, originalReferencesOf } from './original-payment';
import { queryDelay } from './policy';
import { isOpenRefundState } from './states';

/** Codes that, after an earlier attempt went unanswered, may just mean that attempt succeeded. */
const AMBIGUOUS_AFTER_UNKNOWN = /^(404\d{2}13|403\d{2}02|405\d{2}01|409\d{2}01|404\d{2}00)$/;
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

/**
 * Works on one open refund until it is final or `until` passes; returns it as journaled.
 * `justJournaled`: the caller has just written it in REFUND_SENDING and nothing was sent yet;
 * otherwise it is a refund a stopped process left behind, and any earlier attempt may have landed.
 */
export async function runRefund(
  ctx: EngineContext,
  payment: PaymentRecord,
  refundId: number,
  until: number,
  justJournaled: boolean,
): Promise<RefundRecord> {
  const request = buildRefundRequest(payment, reread(ctx, refundId));
  let resends = 0;
  let retries = 0;
  let unknownBefore = !justJournaled;
  let fresh = justJournaled;

  for (;;) {
    let refund = reread(ctx, refundId);
    if (!isOpenRefundState(refund.state)) return refund;

    if (refund.state === 'REFUND_SENDING' && !fresh) {
      refund = moveRefund(
        ctx,
        payment,
        refund,
        'REFUND_UNKNOWN',
        {},
        {
          kind: 'note',
          detail: { why: 'no answer was journaled: the process stopped while sending' },
        },
      );
      unknownBefore = true;
    }
    if (refund.state === 'REFUND_UNKNOWN') {
      if (ctx.now() >= until) return refund;
      await sleepUntilAtMost(ctx, queryDelay(ctx.policy, retries), until);
      retries += 1;
      const externalId = ctx.provider.nextExternalId();
      refund = moveRefund(
        ctx,
        payment,
        refund,
        'REFUND_SENDING',
        { externalId, lastSentAt: ctx.now() },
        { kind: 'resend', externalId },
      );
    }
    fresh = false;

    const sent = refund;
    const onSend = (attempt: SendAttempt): void => {
      if (attempt.externalId !== sent.externalId) {
        moveRefund(
          ctx,
          payment,
          reread(ctx, refundId),
          undefined,
          { externalId: attempt.externalId, lastSentAt: ctx.now() },
          { kind: 'resend', externalId: attempt.externalId },
        );
      }
    };
    let outcome: Awaited<ReturnType<typeof ctx.provider.refund>>;
    try {
      outcome = await ctx.provider.refund(request, { externalId: sent.externalId, onSend });
    } catch (error) {
      const detail = error instanceof KasirError ? error.toPlain() : { error: String(error) };
      const current = reread(ctx, refundId);
      if (unknownBefore) {
        // This attempt never left, but an earlier one may have: still unknown.
        moveRefund(ctx, payment, current, 'REFUND_UNKNOWN', {}, { kind: 'note', detail });
        continue;
      }
      const code = error instanceof KasirError ? error.code : 'NOT_SENT';
      return moveRefund(
        ctx,
        payment,
        current,
        'REFUND_FAILED',
        { responseMessage: `not sent: ${code}` },
        {
          kind: 'answer',
          detail,
        },
      );
    }
    ctx.checkpoint('refund:answered');

    const verdict = interpretRefund(outcome, {
      partnerReferenceNo: payment.partnerReferenceNo,
      partnerRefundNo: refund.partnerRefundNo,
      amount: refund.amount,
      currency: refund.currency,
    });
    const event = answerEvent('answer', outcome, verdict);
    const change = answerChange(outcome);
    const current = reread(ctx, refundId);
    switch (verdict.verdict) {
      case 'refunded':
        return moveRefund(
          ctx,
          payment,
          current,
          'REFUNDED',
          { ...change, refundNo: verdict.refundNo },
          event,
        );
      case 'failed':
        if (
          (unknownBefore && AMBIGUOUS_AFTER_UNKNOWN.test(verdict.responseCode)) ||
          INCONSISTENT_REQUEST.test(verdict.responseCode)
        ) {
          ctx.journal.recordAnomaly('refund-ambiguous', {
            partnerRefundNo: refund.partnerRefundNo,
            responseCode: verdict.responseCode,
            responseMessage: verdict.responseMessage,
          });
          moveRefund(ctx, payment, current, 'REFUND_UNKNOWN', change, event);
          return reread(ctx, refundId);
        }
        return moveRefund(ctx, payment, current, 'REFUND_FAILED', change, event);
      case 'resend':
        if (resends >= ctx.policy.maxResends) {
          moveRefund(
            ctx,
            payment,
            current,
            unknownBefore ? 'REFUND_UNKNOWN' : 'REFUND_FAILED',
            change,
            event,
          );
          if (!unknownBefore) return reread(ctx, refundId);
          continue;
        }
        resends += 1;
        if (verdict.reason === 'rate-limited') await ctx.sleep(queryDelay(ctx.policy, resends - 1));
        {
          const externalId = ctx.provider.nextExternalId();
          moveRefund(
            ctx,
            payment,
            current,
            undefined,
            { externalId, lastSentAt: ctx.now() },
            {
              ...event,
              kind: 'resend',
              externalId,
            },
          );
        }
        fresh = true;
        continue;
      case 'unknown':
        if (verdict.mismatch) {
          ctx.journal.recordAnomaly('answer-mismatch', {
            service: 'refund',
            partnerRefundNo: refund.partnerRefundNo,
            mismatch: verdict.mismatch,
          });
        }
        moveRefund(ctx, payment, current, 'REFUND_UNKNOWN', change, event);
        unknownBefore = true;
        continue;
    }
  }
}
