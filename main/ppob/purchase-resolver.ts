// Sending a purchase and settling one whose outcome is not known (docs/architecture.md, "PPOB"):
// WAITING, a timeout, a 5xx, a dropped or broken answer, or a "duplicate" after a lost answer. The
// purchase is asked after with its own references (transaction detail, history by
// partner_reference_id, DOKU's advice) on a backoff until it is final or the time runs out. It is
// re-sent only under the same reference — the provider's idempotency key — and only once the
// provider has said twice, after the request's own timeout, that it has nothing under it; a provider
// saying the reference exists is never followed by another send.
//
// The loop is driven by the journaled state, re-read at every step, so it resumes exactly where a
// crashed process stopped.

import { KasirError } from '../errors';
import { rawDetail, sleepUntilAtMost } from '../payments/engine-context';
import type { PurchaseEventInput, PurchaseRecord } from '../payments/journal';
import { isOpenPurchaseState } from '../payments/states';
import { checkDelay } from './policy';
import type { BuyOutcome, CheckOutcome } from './provider';
import type { PurchaseContext } from './purchase-context';
import { movePurchase, providerOf, RELAXED, rereadPurchase } from './purchase-context';

/** What one resolution has learned so far, beyond what the journal holds. */
interface Findings {
  /** The provider said the reference (or request id, inquiry) is taken: an attempt landed. Never re-send. */
  duplicate: boolean;
  /** A send was refused after an earlier one may have landed: only a confirmed "not found" settles it. */
  refusedAfterLost: boolean;
  /** "Not found" answers in a row after the request's own timeout. */
  notFound: number;
  resends: number;
}

/**
 * What earlier sends of this purchase already proved, read from its history (so it holds across a
 * restart): the provider called its reference a duplicate, or refused a re-send.
 */
function findingsOf(ctx: PurchaseContext, purchase: PurchaseRecord): Findings {
  const findings: Findings = { duplicate: false, refusedAfterLost: false, notFound: 0, resends: 0 };
  for (const event of ctx.journal.purchaseEvents(purchase.id)) {
    if (event.kind === 'resend') findings.resends += 1;
    if (event.kind !== 'answer') continue;
    const detail = event.detail as { verdict?: { verdict?: string }; refusedAfterLost?: boolean } | null;
    if (detail?.verdict?.verdict === 'duplicate') findings.duplicate = true;
    if (detail?.refusedAfterLost === true) findings.refusedAfterLost = true;
  }
  return findings;
}

function inquiryOf(ctx: PurchaseContext, purchase: PurchaseRecord) {
  return purchase.inquiryId === null ? undefined : ctx.journal.getInquiry(purchase.inquiryId);
}

function answerEvent(outcome: BuyOutcome): PurchaseEventInput {
  return {
    kind: 'answer',
    ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
    ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
    ...(outcome.responseCode === undefined ? {} : { responseCode: outcome.responseCode }),
    ...(outcome.verdict.verdict === 'success'
      ? { providerStatus: 'SUCCESS' as const }
      : outcome.verdict.verdict === 'waiting'
        ? { providerStatus: 'WAITING' as const }
        : outcome.verdict.verdict === 'failed'
          ? { providerStatus: 'FAILED' as const }
          : {}),
    detail: { verdict: outcome.verdict, raw: rawDetail(outcome.raw) },
  };
}

function checkEvent(check: CheckOutcome): PurchaseEventInput {
  const word = check.status === 'UNKNOWN' ? undefined : check.status;
  return {
    kind: 'check',
    ...(check.httpStatus === undefined ? {} : { httpStatus: check.httpStatus }),
    ...(check.responseCode === undefined ? {} : { responseCode: check.responseCode }),
    ...(word === undefined || check.mismatch !== undefined ? {} : { providerStatus: word }),
    detail: {
      via: check.via,
      status: check.status,
      ...(check.reason === undefined ? {} : { reason: check.reason }),
      ...(check.mismatch === undefined ? {} : { mismatch: check.mismatch }),
      raw: rawDetail(check.raw),
    },
  };
}

/**
 * Sends the buy request of a purchase journaled in SENDING and journals what came back. After a lost
 * answer (`afterLostAnswer`) a refusal may be the refusal of a repeat, so it only marks the purchase
 * unknown. Returns the purchase as journaled.
 */
export async function sendBuy(
  ctx: PurchaseContext,
  journaled: PurchaseRecord,
  findings: Pick<Findings, 'duplicate' | 'refusedAfterLost'>,
  options: { afterLostAnswer: boolean },
): Promise<PurchaseRecord> {
  const provider = providerOf(ctx, journaled);
  ctx.elapsed.sent(journaled.id);
  let outcome: BuyOutcome;
  try {
    outcome = await provider.buy(journaled, inquiryOf(ctx, journaled), options);
  } catch (error) {
    const detail = error instanceof KasirError ? error.toPlain() : { error: String(error) };
    const current = rereadPurchase(ctx, journaled.id);
    if (options.afterLostAnswer) {
      // This send never left, but an earlier one may have: still unknown.
      return (
        movePurchase(ctx, current, 'UNKNOWN', {}, { kind: 'note', detail }) ??
        rereadPurchase(ctx, journaled.id)
      );
    }
    const code = error instanceof KasirError ? error.code : 'NOT_SENT';
    return (
      movePurchase(
        ctx,
        current,
        'FAILED',
        {
          reason: `not sent: ${code}`,
          responseMessage: error instanceof Error ? error.message : String(error),
        },
        { kind: 'answer', detail },
      ) ?? rereadPurchase(ctx, journaled.id)
    );
  }
  ctx.checkpoint('purchase:answered');
  if (outcome.mismatch !== undefined) {
    ctx.journal.recordAnomaly('purchase-answer-mismatch', {
      partnerReferenceId: journaled.partnerReferenceId,
      via: 'buy',
      mismatch: outcome.mismatch,
    });
  }
  const current = rereadPurchase(ctx, journaled.id);
  const event = answerEvent(outcome);
  const answered = {
    responseCode: outcome.responseCode ?? null,
    responseMessage: outcome.responseMessage ?? null,
  };
  const verdict = outcome.verdict;
  const move = (to: PurchaseRecord['state'], change: Parameters<typeof movePurchase>[3]) =>
    movePurchase(ctx, current, to, change, event, RELAXED) ?? rereadPurchase(ctx, journaled.id);
  switch (verdict.verdict) {
    case 'success':
      return move('SUCCESS', {
        ...answered,
        ...(verdict.transactionId === undefined ? {} : { transactionId: verdict.transactionId }),
        sn: verdict.sn ?? null,
      });
    case 'waiting':
      return move('WAITING', {
        ...answered,
        ...(verdict.transactionId === undefined ? {} : { transactionId: verdict.transactionId }),
      });
    case 'failed':
      if (options.afterLostAnswer) {
        ctx.journal.recordAnomaly('purchase-refused-after-unknown', {
          partnerReferenceId: journaled.partnerReferenceId,
          responseCode: outcome.responseCode ?? null,
          why: 'a re-send was refused while an earlier send may have landed: the refusal may be of a repeat',
        });
        findings.refusedAfterLost = true;
        return (
          movePurchase(
            ctx,
            current,
            'UNKNOWN',
            answered,
            { ...event, detail: { ...(event.detail as object), refusedAfterLost: true } },
            RELAXED,
          ) ?? rereadPurchase(ctx, journaled.id)
        );
      }
      return move('FAILED', {
        ...answered,
        reason: `${verdict.failure}: ${verdict.reason}`,
        ...(verdict.transactionId === undefined ? {} : { transactionId: verdict.transactionId }),
      });
    case 'duplicate':
      findings.duplicate = true;
      return move('UNKNOWN', answered);
    case 'unknown':
      return move('UNKNOWN', answered);
  }
}

export interface ResolveOptions {
  /** Ask at once (recovery, a supervisor's recheck, a status command) instead of after the first delay. */
  checkNow?: boolean;
  /** One check and no re-send: what a supervisor's decision is preceded by. */
  recheckOnly?: boolean;
}

/**
 * Works on one open purchase until it is final or the monotonic instant `until` passes (at least
 * one check is always made); returns it as journaled. A purchase still in SENDING was left by a
 * stopped process (or its send never answered): it may have landed.
 */
export async function resolvePurchase(
  ctx: PurchaseContext,
  id: number,
  until: number,
  options: ResolveOptions = {},
): Promise<PurchaseRecord> {
  const findings = findingsOf(ctx, rereadPurchase(ctx, id));
  let checks = 0;
  for (;;) {
    let purchase = rereadPurchase(ctx, id);
    if (!isOpenPurchaseState(purchase.state) || purchase.state === 'AWAITING_PAYMENT') return purchase;
    if (purchase.state === 'SENDING') {
      purchase =
        movePurchase(
          ctx,
          purchase,
          'UNKNOWN',
          {},
          {
            kind: 'note',
            detail: { why: 'no answer was journaled: the process stopped while sending' },
          },
        ) ?? rereadPurchase(ctx, id);
      continue;
    }
    if (checks > 0 && (ctx.elapsed.now() >= until || options.recheckOnly)) return purchase;
    const wait =
      checks === 0
        ? options.checkNow
          ? 0
          : checkDelay(ctx.policy, 0)
        : findings.notFound === 1
          ? ctx.policy.confirmNotFoundMs
          : checkDelay(ctx.policy, checks);
    if (wait > 0) await sleepUntilAtMost(ctx, wait, until, ctx.attention(id));
    checks += 1;

    let check: CheckOutcome;
    try {
      check = await providerOf(ctx, purchase).check(purchase, inquiryOf(ctx, purchase));
    } catch (error) {
      check = {
        status: 'UNKNOWN',
        via: 'check',
        reason: error instanceof Error ? error.message : String(error),
      };
    }
    ctx.checkpoint('purchase:checked');
    const current = rereadPurchase(ctx, id);
    if (!isOpenPurchaseState(current.state)) return current;
    if (check.mismatch !== undefined) {
      ctx.journal.recordAnomaly('purchase-answer-mismatch', {
        partnerReferenceId: current.partnerReferenceId,
        via: check.via,
        mismatch: check.mismatch,
      });
      check = { ...check, status: 'UNKNOWN' };
    }
    const event = checkEvent(check);
    const found = check.transactionId === undefined ? {} : { transactionId: check.transactionId };
    const record = () => movePurchase(ctx, current, undefined, found, event, RELAXED);
    switch (check.status) {
      case 'SUCCESS':
        movePurchase(ctx, current, 'SUCCESS', { ...found, sn: check.sn ?? null }, event, RELAXED);
        continue;
      case 'FAILED':
        movePurchase(
          ctx,
          current,
          'FAILED',
          {
            ...found,
            reason: `${check.failure ?? 'refused'}: ${check.reason ?? 'the provider reports it failed'}`,
          },
          event,
          RELAXED,
        );
        continue;
      case 'WAITING':
        findings.notFound = 0;
        if (current.state === 'UNKNOWN') movePurchase(ctx, current, 'WAITING', found, event, RELAXED);
        else record();
        continue;
      case 'UNKNOWN':
        record();
        continue;
      case 'NOT_FOUND':
        record();
        break;
    }

    // "Not found": proves nothing until the request's own timeout has passed, and then only twice.
    if (current.state === 'WAITING') {
      ctx.journal.recordAnomaly('purchase-vanished', {
        partnerReferenceId: current.partnerReferenceId,
        via: check.via,
        why: 'the provider said the purchase was in progress and now has no record of it',
      });
      continue;
    }
    if (ctx.elapsed.sinceSent(current) < current.requestTimeoutMs) continue;
    findings.notFound += 1;
    if (findings.notFound < 2) continue;
    if (findings.refusedAfterLost) {
      movePurchase(
        ctx,
        current,
        'FAILED',
        { reason: 'refused: the provider refused the re-send and has no record of any earlier one' },
        { kind: 'note', detail: { why: 'a refused re-send, then "not found" twice after the timeout' } },
        RELAXED,
      );
      continue;
    }
    if (findings.duplicate || options.recheckOnly || findings.resends >= ctx.policy.maxResends) continue;
    if (ctx.elapsed.now() >= until) continue;
    findings.resends += 1;
    findings.notFound = 0;
    const requestId = providerOf(ctx, current).nextRequestId();
    const resent = movePurchase(
      ctx,
      current,
      'SENDING',
      { lastSentAt: ctx.now(), ...(requestId === undefined ? {} : { systrace: requestId }) },
      {
        kind: 'resend',
        ...(requestId === undefined ? {} : { requestId }),
        detail: {
          why: 'the provider has no record of it after the request timeout: the same reference again',
        },
      },
    );
    if (resent === undefined) continue;
    await sendBuy(ctx, resent, findings, { afterLostAnswer: true });
  }
}
