// What the engine's parts share: the journal, the provider, the terminal's settings, injected time,
// and the two outward channels (live state events for the UI, crash points for the crash test).
// Every state change goes through `move*` here so it is journaled first and announced second.
//
// Durability: a change that comes before a request leaves is committed durably (the default); the
// record of an answer is committed 'relaxed' (see main/payments/journal/database.ts): if power fails
// before it is flushed, the operation is back where it was before the answer, and recovery asks the
// provider with the same references — exactly what it does after any other crash. RELAXED names that.

import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import { parseBoundedJson } from '../snap/bounded-json';
import type { SnapOutcome } from '../snap/client';
import type { ElapsedTime } from './elapsed-time';
import type { Mismatch } from './interpret';
import type {
  CancelChange,
  CancelRecord,
  Durability,
  EventInput,
  Journal,
  PaymentChange,
  PaymentRecord,
  ProviderStatus,
  RefundChange,
  RefundRecord,
} from './journal';
import { cancelMessage, paymentMessage, refundMessage } from './messages';
import type { ResolutionPolicy } from './policy';
import type { ProviderPort } from './provider-port';
import type { CancelState, PaymentState, RefundState } from './states';

export interface TerminalSettings {
  terminalId: string;
  merchantId: string;
  subMerchantId?: string | undefined;
  currency: string;
  /** The provider call timeout: also "the request's own timeout" of the 07 rule. */
  requestTimeoutMs: number;
  /** X-TIMESTAMP style offset, e.g. "+07:00"; used for the request's expiryTime. */
  utcOffset: string;
}

/** Named instants at which the crash test kills the process (a no-op everywhere else). */
export type CrashPoint =
  | 'payment:journaled'
  | 'payment:sending'
  | 'payment:answered'
  | 'payment:settled'
  | 'query:answered'
  | 'cancel:journaled'
  | 'cancel:answered'
  | 'refund:journaled'
  | 'refund:answered';

export type EngineEvent =
  | {
      operation: 'payment';
      paymentId: number;
      partnerReferenceNo: string;
      amount: Minor;
      previous: PaymentState | null;
      state: PaymentState;
      message: LocalizedText;
      at: number;
    }
  | {
      operation: 'cancel';
      paymentId: number;
      partnerReferenceNo: string;
      previous: CancelState | null;
      state: CancelState;
      message: LocalizedText;
      at: number;
    }
  | {
      operation: 'refund';
      paymentId: number;
      refundId: number;
      partnerReferenceNo: string;
      partnerRefundNo: string;
      amount: Minor;
      previous: RefundState | null;
      state: RefundState;
      message: LocalizedText;
      at: number;
    };

export interface EngineContext {
  journal: Journal;
  provider: ProviderPort;
  terminal: TerminalSettings;
  policy: ResolutionPolicy;
  /** The wall clock: what the journal shows, and which business day it is. Never for elapsed time. */
  now: () => number;
  /** Elapsed time for timeouts, deadlines and backoff (monotonic). */
  elapsed: ElapsedTime;
  sleep: (ms: number) => Promise<void>;
  emit: (event: EngineEvent) => void;
  checkpoint: (point: CrashPoint) => void;
  log: (line: string) => void;
  /**
   * Settles when something about this payment wants the resolver now rather than at its next
   * backoff step: a supervisor's cancel request journaled while it is being resolved, or a verified
   * notify that the next query should confirm.
   */
  attention: (paymentId: number) => Promise<void>;
  /** Anomalies already recorded by this engine (see recordMismatch). */
  noted: Set<string>;
}

/**
 * Records that an answer named another transaction (an `answer-mismatch` anomaly) once per service,
 * reference and mismatch in this process: the resolver asks again and again, and the same wrong
 * answer each time is one fact, not dozens. Every answer is still journaled as an event.
 */
export function recordMismatch(
  ctx: EngineContext,
  detail: {
    service: string;
    partnerReferenceNo: string;
    partnerRefundNo?: string;
    mismatch: Mismatch[];
    raw?: unknown;
  },
): void {
  const key = JSON.stringify([
    detail.service,
    detail.partnerReferenceNo,
    detail.partnerRefundNo,
    detail.mismatch,
  ]);
  if (ctx.noted.has(key)) return;
  if (ctx.noted.size >= MAX_NOTED) ctx.noted.clear();
  ctx.noted.add(key);
  ctx.journal.recordAnomaly('answer-mismatch', detail);
}

const MAX_NOTED = 10_000;

/** For records of what the provider answered: nothing is sent on the strength of them alone. */
export const RELAXED: Durability = 'relaxed';

export function isStale(error: unknown): boolean {
  return error instanceof KasirError && error.code === 'STALE_STATE';
}

/**
 * Journals a payment's move and announces it. Returns undefined when someone else (a notification,
 * another process) moved the payment first: the caller re-reads and decides again.
 */
export function movePayment(
  ctx: EngineContext,
  payment: PaymentRecord,
  to: PaymentState | undefined,
  change: PaymentChange,
  event: EventInput,
  durability: Durability = 'durable',
): PaymentRecord | undefined {
  let updated: PaymentRecord;
  try {
    updated = ctx.journal.updatePayment(payment.id, payment.state, to, change, event, durability);
  } catch (error) {
    if (isStale(error)) return undefined;
    throw error;
  }
  if (to !== undefined) announcePayment(ctx, updated, payment.state);
  return updated;
}

export function announcePayment(
  ctx: EngineContext,
  payment: PaymentRecord,
  previous: PaymentState | null,
): void {
  ctx.emit({
    operation: 'payment',
    paymentId: payment.id,
    partnerReferenceNo: payment.partnerReferenceNo,
    amount: payment.amount,
    previous,
    state: payment.state,
    message: paymentMessage(payment.state),
    at: ctx.now(),
  });
}

export function moveCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  cancel: CancelRecord,
  to: CancelState | undefined,
  change: CancelChange,
  event: EventInput,
  durability: Durability = 'durable',
): CancelRecord {
  const updated = ctx.journal.updateCancel(cancel.id, cancel.state, to, change, event, durability);
  if (to !== undefined) announceCancel(ctx, payment, updated, cancel.state);
  return updated;
}

export function announceCancel(
  ctx: EngineContext,
  payment: PaymentRecord,
  cancel: CancelRecord,
  previous: CancelState | null,
): void {
  ctx.emit({
    operation: 'cancel',
    paymentId: payment.id,
    partnerReferenceNo: payment.partnerReferenceNo,
    previous,
    state: cancel.state,
    message: cancelMessage(cancel.state),
    at: ctx.now(),
  });
}

export function moveRefund(
  ctx: EngineContext,
  payment: PaymentRecord,
  refund: RefundRecord,
  to: RefundState | undefined,
  change: RefundChange,
  event: EventInput,
  durability: Durability = 'durable',
): RefundRecord {
  const updated = ctx.journal.updateRefund(refund.id, refund.state, to, change, event, durability);
  if (to !== undefined) announceRefund(ctx, payment, updated, refund.state);
  return updated;
}

export function announceRefund(
  ctx: EngineContext,
  payment: PaymentRecord,
  refund: RefundRecord,
  previous: RefundState | null,
): void {
  ctx.emit({
    operation: 'refund',
    paymentId: payment.id,
    refundId: refund.id,
    partnerReferenceNo: payment.partnerReferenceNo,
    partnerRefundNo: refund.partnerRefundNo,
    amount: refund.amount,
    previous,
    state: refund.state,
    message: refundMessage(refund.state),
    at: ctx.now(),
  });
}

/** The provider's redacted body as JSON when it is JSON, so journal readers see structure. */
export function rawDetail(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  // An answer that could not be read stays as its text: parsed, one of two equal keys would vanish.
  const json = parseBoundedJson(raw);
  return json.ok ? json.value : raw;
}

/** What a provider's answer (or its absence) adds to the history: our reading of it and its redacted body. */
export function answerEvent(
  kind: 'answer' | 'query',
  outcome: SnapOutcome<unknown>,
  verdict: unknown,
  providerStatus?: ProviderStatus,
): EventInput {
  return {
    kind,
    externalId: outcome.externalId,
    ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
    ...(outcome.responseCode === undefined ? {} : { responseCode: outcome.responseCode }),
    ...(providerStatus === undefined ? {} : { providerStatus }),
    detail: { verdict, raw: rawDetail(outcome.raw) },
  };
}

/**
 * True when two of the provider's words about one payment cannot both be true: paid (00, 04) and
 * not paid (05, 06), either way round, or "not found" (07) for a payment it said was paid.
 */
export function contradicts(earlier: ProviderStatus | undefined, now: ProviderStatus): boolean {
  if (earlier === undefined) return false;
  const paid = (s: ProviderStatus) => s === '00' || s === '04';
  const notPaid = (s: ProviderStatus) => s === '05' || s === '06';
  return (paid(earlier) && (notPaid(now) || now === '07')) || (notPaid(earlier) && paid(now));
}

/** The provider's response code and message, as a cancel's or refund's row keeps them. */
export function answerChange(outcome: SnapOutcome<{ responseMessage: string }>): {
  responseCode: string | null;
  responseMessage: string | null;
} {
  return {
    responseCode: outcome.responseCode ?? null,
    responseMessage: outcome.kind === 'answer' ? outcome.body.responseMessage : null,
  };
}

/** Sleeps at most until the monotonic instant `until` (never negative), or until `wake` settles. */
export async function sleepUntilAtMost(
  ctx: Pick<EngineContext, 'elapsed' | 'sleep'>,
  ms: number,
  until: number,
  wake?: Promise<void>,
): Promise<void> {
  const wait = Math.max(0, Math.min(ms, until - ctx.elapsed.now()));
  if (wait > 0) await (wake ? Promise.race([ctx.sleep(wait), wake]) : ctx.sleep(wait));
}
