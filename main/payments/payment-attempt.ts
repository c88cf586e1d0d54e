// Sending one payment (60) and reading its answer, with the re-sends the table allows: a payment
// the provider said it did not process (409xx00, 429) goes again under the same partnerReferenceNo
// with a new X-EXTERNAL-ID, and every send is journaled before it leaves. Anything that is not a
// definite success or a definite refusal leaves the payment UNKNOWN for the resolver, and so does a
// definite answer that contradicts what the provider already said about this payment (a verified
// notify that came while the request was out): the resolver's queries settle which is true.

import { KasirError } from '../errors';
import { formatSnapAmount, type Minor } from '../money/amount';
import type { SendAttempt } from '../snap/client';
import { formatSnapTimestamp } from '../snap/headers';
import type { PaymentRequest } from '../snap/schemas';
import type { EngineContext } from './engine-context';
import { answerEvent, contradicts, movePayment, RELAXED, rawDetail, recordMismatch } from './engine-context';
import { interpretPayment } from './interpret';
import type { PaymentRecord } from './journal';
import { queryDelay } from './policy';

export interface PaymentInput {
  qrContent: string;
  amount: Minor;
  title?: string | undefined;
  /** The wallet the QR names (label, last 4 digits), kept with the payment for history and receipts. */
  wallet?: { label: string | null; last4: string | null } | undefined;
}

export function buildPaymentRequest(
  ctx: EngineContext,
  partnerReferenceNo: string,
  input: PaymentInput,
): PaymentRequest {
  const t = ctx.terminal;
  return {
    partnerReferenceNo,
    qrContent: input.qrContent,
    amount: { value: formatSnapAmount(input.amount), currency: t.currency },
    merchantId: t.merchantId,
    ...(t.subMerchantId === undefined ? {} : { subMerchantId: t.subMerchantId }),
    ...(input.title === undefined ? {} : { title: input.title }),
    // The request's own timeout, told to the provider: after it, the attempt must not be processed.
    expiryTime: formatSnapTimestamp(new Date(ctx.now() + t.requestTimeoutMs), t.utcOffset),
    terminalId: t.terminalId,
  };
}

function reread(ctx: EngineContext, id: number): PaymentRecord {
  const payment = ctx.journal.getPayment(id);
  if (!payment) throw new Error(`payment ${id} vanished from the journal`);
  return payment;
}

/** Sends a journaled SENDING payment until it is PAID, FAILED or UNKNOWN (or moved by someone else). */
export async function sendPayment(
  ctx: EngineContext,
  journaled: PaymentRecord,
  request: PaymentRequest,
): Promise<PaymentRecord> {
  let current = journaled;
  let externalId = journaled.externalId;
  let resends = 0;

  const onSend = (attempt: SendAttempt): void => {
    // The first send was journaled with the attempt itself (one durable commit before the wire);
    // every later one — a re-send after 409xx00 or 429, or after a token refresh — is journaled here
    // first. The send time is what the 07 rule counts the request's own timeout from.
    const first = resends === 0 && attempt.attempt === 1 && attempt.externalId === journaled.externalId;
    if (!first) {
      current = ctx.journal.updatePayment(
        current.id,
        'SENDING',
        undefined,
        { externalId: attempt.externalId, lastSentAt: ctx.now() },
        { kind: 'resend', externalId: attempt.externalId },
      );
    }
    ctx.elapsed.sent(current.id);
    ctx.checkpoint('payment:sending');
  };

  for (;;) {
    let outcome: Awaited<ReturnType<typeof ctx.provider.pay>>;
    try {
      outcome = await ctx.provider.pay(request, { externalId, onSend });
    } catch (error) {
      // The client throws only when nothing left this machine: the customer cannot have been charged.
      const latest = reread(ctx, current.id);
      if (latest.state !== 'SENDING') return latest;
      const reason = error instanceof KasirError ? error.code : 'NOT_SENT';
      return (
        movePayment(
          ctx,
          latest,
          'FAILED',
          {
            reason: `not sent: ${reason}`,
            responseMessage: error instanceof Error ? error.message : String(error),
          },
          {
            kind: 'answer',
            detail: error instanceof KasirError ? error.toPlain() : { error: String(error) },
          },
          RELAXED,
        ) ?? reread(ctx, current.id)
      );
    }
    ctx.checkpoint('payment:answered');

    const verdict = interpretPayment(outcome, {
      partnerReferenceNo: journaled.partnerReferenceNo,
      amount: journaled.amount,
      currency: journaled.currency,
      merchantId: journaled.merchantId,
    });
    const word = verdict.verdict === 'paid' ? '00' : verdict.verdict === 'failed' ? '06' : undefined;
    const event = answerEvent('answer', outcome, verdict, word);
    const responseMessage = outcome.kind === 'answer' ? outcome.body.responseMessage : null;
    // Under the terminal lock only this attempt moves a SENDING payment; the compare-and-set of each
    // move below still catches anyone else, so no re-read is needed first.
    const latest = current;
    // Moved by someone else while the request was out: the answer still goes into its history.
    const keepAnswer = (): PaymentRecord => {
      const moved = reread(ctx, latest.id);
      return ctx.journal.updatePayment(moved.id, moved.state, undefined, {}, event, RELAXED);
    };
    const earlier = ctx.journal.providerWord(latest.id, { definite: true })?.status;
    if (word !== undefined && contradicts(earlier, word)) {
      ctx.journal.recordAnomaly('answer-contradicts-provider', {
        service: 'payment',
        partnerReferenceNo: latest.partnerReferenceNo,
        earlier,
        now: word,
        responseCode: outcome.responseCode ?? null,
      });
      return (
        movePayment(
          ctx,
          latest,
          'UNKNOWN',
          {
            ...(verdict.verdict === 'paid' ? { referenceNo: verdict.referenceNo } : {}),
            responseCode: outcome.responseCode ?? null,
            responseMessage,
            reason: `the answer (${outcome.responseCode ?? '?'}) contradicts the provider's earlier ${earlier}: checking`,
          },
          event,
          RELAXED,
        ) ?? keepAnswer()
      );
    }

    switch (verdict.verdict) {
      case 'paid':
        return (
          movePayment(
            ctx,
            latest,
            'PAID',
            { referenceNo: verdict.referenceNo, responseCode: outcome.responseCode ?? null, responseMessage },
            event,
            RELAXED,
          ) ?? keepAnswer()
        );
      case 'failed':
        if (verdict.ourBug) {
          ctx.journal.recordAnomaly('request-refused-as-malformed', {
            partnerReferenceNo: latest.partnerReferenceNo,
            responseCode: verdict.responseCode,
            responseMessage: verdict.responseMessage,
          });
          ctx.log(
            `payment ${latest.partnerReferenceNo} refused as malformed (${verdict.responseCode} ${verdict.responseMessage}): this is a bug in the terminal`,
          );
        }
        return (
          movePayment(
            ctx,
            latest,
            'FAILED',
            {
              responseCode: verdict.responseCode,
              responseMessage: verdict.responseMessage,
              reason: verdict.responseMessage,
            },
            event,
            RELAXED,
          ) ?? keepAnswer()
        );
      case 'resend': {
        if (resends >= ctx.policy.maxResends) {
          return (
            movePayment(
              ctx,
              latest,
              'FAILED',
              {
                responseCode: verdict.responseCode,
                responseMessage,
                reason: `not processed after ${resends + 1} attempts (${verdict.reason})`,
              },
              event,
              RELAXED,
            ) ?? keepAnswer()
          );
        }
        current = ctx.journal.updatePayment(latest.id, 'SENDING', undefined, {}, event);
        if (verdict.reason === 'rate-limited') await ctx.sleep(queryDelay(ctx.policy, resends));
        resends += 1;
        externalId = ctx.provider.nextExternalId();
        continue;
      }
      case 'query':
        if (verdict.mismatch) {
          recordMismatch(ctx, {
            service: 'payment',
            partnerReferenceNo: latest.partnerReferenceNo,
            mismatch: verdict.mismatch,
            raw: rawDetail(outcome.raw),
          });
        }
        return (
          movePayment(
            ctx,
            latest,
            'UNKNOWN',
            { responseCode: outcome.responseCode ?? null, responseMessage, reason: verdict.why },
            event,
            RELAXED,
          ) ?? keepAnswer()
        );
    }
  }
}
