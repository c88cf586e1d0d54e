import type { ErrorCode } from '../errors';
// The payment engine: the cashier's operations (pay, cancel, refund, recover, manual decision) over
// the journal and a provider. It holds the terminal for the whole of each operation, in this
// process and across every process sharing the data directory, so one terminal never has two
// operations in flight; and it refuses a new payment while an earlier one is unresolved. The one
// thing that reaches into a running operation is a cancel of the very payment it is resolving: it
// is journaled as a request, and the running resolver sends the cancel itself.

import { setTimeout as delay } from 'node:timers/promises';
import { formatRupiah, MAX_AMOUNT_MINOR } from '../../preload/contract/rupiah';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import { utcOffsetMinutes } from '../snap/headers';
import type { NotifyRequest } from '../snap/schemas';
import { PaymentRequestSchema } from '../snap/schemas';
import { createElapsedTime, monotonicMs } from './elapsed-time';
import type { CrashPoint, EngineContext, EngineEvent, TerminalSettings } from './engine-context';
import { announcePayment, announceRefund, isStale, movePayment, moveRefund } from './engine-context';
import type {
  CancelRecord,
  EventRecord,
  Journal,
  PaymentRecord,
  ProviderStatus,
  RefundRecord,
} from './journal';
import { paymentMessage, refundMessage } from './messages';
import type { NotifyApplication } from './notify-apply';
import { applyNotification } from './notify-apply';
import { Listeners, OperationGate, TerminalLockFiles } from './operation-gate';
import {
  assertCancellable,
  assertDecidable,
  assertNoProductPending,
  assertRefundable,
  assertRefundDecidable,
  paymentNotFound,
  refundNotFound,
} from './operation-rules';
import type { PaymentInput } from './payment-attempt';
import { buildPaymentRequest, sendPayment } from './payment-attempt';
import { resolvePayment, startCancel } from './payment-resolver';
import type { ResolutionPolicy, ResolutionPolicyInput } from './policy';
import { ResolutionPolicySchema } from './policy';
import type { ProviderPort } from './provider-port';
import { businessDate, defaultReferenceDeps, newReferenceNo, qrFingerprint } from './references';
import { runRefund } from './refund-runner';
import type { PaymentState, RefundState } from './states';
import { isOpenPaymentState, paymentOutcome } from './states';
import type { TerminalLock } from './terminal-lock';

export type { CrashPoint, EngineEvent, TerminalSettings } from './engine-context';
export type { PaymentInput } from './payment-attempt';

export interface PaymentEngineOptions {
  journal: Journal;
  provider: ProviderPort;
  terminal: Omit<TerminalSettings, 'currency' | 'utcOffset'> & { currency?: string; utcOffset?: string };
  /** Where the cross-process terminal lock lives (the data directory). Required unless `lock` is given. */
  dataDir?: string;
  /** Takes the terminal for one operation; throws TERMINAL_BUSY when another process has it. */
  lock?: () => TerminalLock;
  policy?: ResolutionPolicyInput;
  /** The wall clock (journal times, business days). Default Date.now. */
  now?: () => number;
  /** A monotonic clock in ms for every elapsed-time rule. Default the process's (monotonicMs). */
  monotonic?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A fresh partnerReferenceNo / partnerRefundNo (the journal's UNIQUE index has the last word). */
  newReference?: () => string;
  /** The longest reference the provider takes (its preset's referenceMaxLength; DANA: 25). */
  referenceMaxLength?: number;
  onEvent?: (event: EngineEvent) => void;
  checkpoint?: (point: CrashPoint) => void;
  log?: (line: string) => void;
}

export type Outcome = 'paid' | 'not_paid' | 'unresolved';

export interface PaymentResult {
  payment: PaymentRecord;
  outcome: Outcome;
  message: LocalizedText;
}

export interface RefundResult {
  payment: PaymentRecord;
  refund: RefundRecord;
  outcome: 'refunded' | 'failed' | 'unresolved';
  message: LocalizedText;
}

export interface PaymentDetails extends PaymentResult {
  cancels: CancelRecord[];
  refunds: RefundRecord[];
  refunded: Minor;
  events: EventRecord[];
}

export interface RecoveryReport {
  payments: PaymentResult[];
  refunds: RefundResult[];
  /** True when nothing this terminal journaled is left unresolved. */
  clean: boolean;
}

export interface ManualDecision {
  outcome: 'paid' | 'not_paid';
  reason: string;
  supervisor: string;
}

export interface ManualRefundDecision {
  outcome: 'refunded' | 'not_refunded';
  reason: string;
  supervisor: string;
}

const MAX_REFERENCE_DRAWS = 5;
const DEFAULT_CANCEL_REASON = 'cancelled by the terminal';

function engineError(code: ErrorCode, id: string, en: string, raw?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw });
}

function resultOf(payment: PaymentRecord): PaymentResult {
  return { payment, outcome: paymentOutcome(payment.state), message: paymentMessage(payment.state) };
}

function refundResultOf(payment: PaymentRecord, refund: RefundRecord): RefundResult {
  const outcome: Record<RefundState, RefundResult['outcome']> = {
    REFUNDED: 'refunded',
    MANUAL_REFUNDED: 'refunded',
    REFUND_FAILED: 'failed',
    MANUAL_NOT_REFUNDED: 'failed',
    REFUND_SENDING: 'unresolved',
    REFUND_UNKNOWN: 'unresolved',
  };
  return { payment, refund, outcome: outcome[refund.state], message: refundMessage(refund.state) };
}

export class PaymentEngine {
  private readonly ctx: EngineContext;
  private readonly listeners: Listeners<EngineEvent>;
  /** The lock files this engine keeps open (one per terminal id it has worked for). */
  private readonly lockFiles: TerminalLockFiles | undefined;
  /** Another terminal id's lock in the same data directory (recovery of rows journaled under it). */
  private readonly lockOther: ((terminalId: string) => TerminalLock) | undefined;
  /** The operation holding the terminal, the payment it is working on, its resolver's wake-ups. */
  private readonly gate: OperationGate;
  private readonly newReference: () => string;

  constructor(options: PaymentEngineOptions) {
    const terminal: TerminalSettings = {
      ...options.terminal,
      currency: options.terminal.currency ?? 'IDR',
      utcOffset: options.terminal.utcOffset ?? '+07:00',
    };
    const policy: ResolutionPolicy = ResolutionPolicySchema.parse(options.policy ?? {});
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => {});
    this.listeners = new Listeners(log, 'a state listener');
    if (options.onEvent) this.listeners.add(options.onEvent);
    const dataDir = options.dataDir;
    this.lockFiles = dataDir === undefined ? undefined : new TerminalLockFiles(dataDir);
    const lockFiles = this.lockFiles;
    const lock =
      options.lock ?? (lockFiles === undefined ? undefined : () => lockFiles.acquire(terminal.terminalId));
    if (lock === undefined) throw new Error('PaymentEngine needs a dataDir or a lock');
    this.lockOther = lockFiles === undefined ? undefined : (id) => lockFiles.acquire(id);
    this.gate = new OperationGate(lock, () =>
      engineError(
        'TERMINAL_BUSY',
        'Terminal sedang memproses transaksi lain. Tunggu hingga selesai.',
        'The terminal is busy with another operation. Wait for it to finish.',
      ),
    );
    this.ctx = {
      journal: options.journal,
      provider: options.provider,
      terminal,
      policy,
      now,
      elapsed: createElapsedTime(options.monotonic ?? monotonicMs),
      sleep: options.sleep ?? ((ms) => delay(ms)),
      emit: (event) => this.listeners.emit(event),
      checkpoint: options.checkpoint ?? (() => {}),
      log,
      attention: (paymentId) =>
        // A request journaled while the resolver was busy asking: no need to wait for a wake-up.
        this.ctx.journal.pendingCancelRequest(paymentId) ? Promise.resolve() : this.gate.wait(paymentId),
      noted: new Set(),
    };
    this.newReference =
      options.newReference ??
      (() =>
        newReferenceNo(
          { ...defaultReferenceDeps, now, utcOffsetMinutes: utcOffsetMinutes(terminal.utcOffset) },
          options.referenceMaxLength,
        ));
  }

  get terminal(): TerminalSettings {
    return this.ctx.terminal;
  }

  get policy(): ResolutionPolicy {
    return this.ctx.policy;
  }

  /** Lets go of the lock files (the journal is its owner's to close). */
  dispose(): void {
    this.lockFiles?.close();
  }

  /** Settles once no operation holds the terminal (a background notify confirmation included). */
  idle(): Promise<void> {
    return this.gate.idle();
  }

  /** Live state changes, for the UI. Returns the unsubscribe function. */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  // -------------------------------------------------------------------------------------------

  private withTerminal<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.run(work);
  }

  /** Any payment of this data directory (rows of an earlier terminal id are still this till's). */
  private requirePayment(reference: string): PaymentRecord {
    const payment = this.ctx.journal.findPayment(reference);
    if (!payment) throw paymentNotFound(reference);
    return payment;
  }

  private drawReference<T>(use: (reference: string) => T): T {
    for (let draw = 1; ; draw++) {
      try {
        return use(this.newReference());
      } catch (error) {
        const taken = error instanceof KasirError && error.code === 'REFERENCE_TAKEN';
        if (!taken || draw >= MAX_REFERENCE_DRAWS) throw error;
      }
    }
  }

  /** The monotonic instant after which a resolution stops and leaves the payment for recovery. */
  private settleUntil(payment: PaymentRecord): number {
    const ctx = this.ctx;
    const deadline = ctx.elapsed.deadlineOf(payment, ctx.policy.deadlineMs, ctx.now());
    return Math.max(deadline, ctx.elapsed.now()) + ctx.policy.settleMs;
  }

  private wake(paymentId: number): void {
    this.gate.wake(paymentId);
  }

  // -------------------------------------------------------------------------------------------
  // Operations

  /**
   * Takes one payment from scan to a final state, or as far as the policy allows (then
   * `unresolved`: the payment stays open and `recover` continues it). Bad input throws before
   * anything is journaled.
   */
  async pay(
    input: PaymentInput,
    options: {
      /** Called once the attempt is journaled, before its request leaves (the screen can show it now). */
      onJournaled?: (payment: PaymentRecord) => void;
    } = {},
  ): Promise<PaymentResult> {
    const ctx = this.ctx;
    if (input.amount <= 0n) {
      throw engineError(
        'AMOUNT_INVALID',
        'Jumlah harus lebih dari nol.',
        'The amount must be more than zero.',
      );
    }
    if (input.amount > MAX_AMOUNT_MINOR) {
      throw engineError(
        'AMOUNT_INVALID',
        `Jumlah terlalu besar: paling banyak ${formatRupiah(MAX_AMOUNT_MINOR, 'id')}.`,
        `The amount is too large: at most ${formatRupiah(MAX_AMOUNT_MINOR, 'en')}.`,
      );
    }
    const probe = PaymentRequestSchema.safeParse(buildPaymentRequest(ctx, '0', input));
    if (!probe.success) {
      throw engineError(
        'PAYMENT_INPUT_INVALID',
        `Data pembayaran tidak valid: ${probe.error.issues.map((i) => i.path.join('.')).join(', ')}.`,
        `The payment data is not valid: ${probe.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
      );
    }
    return this.withTerminal(async () => {
      // The attempt, its X-EXTERNAL-ID and its first send: one durable commit before the wire.
      const journaled = this.drawReference((partnerReferenceNo) =>
        ctx.journal.beginPayment({
          partnerReferenceNo,
          terminalId: ctx.terminal.terminalId,
          merchantId: ctx.terminal.merchantId,
          subMerchantId: ctx.terminal.subMerchantId,
          amount: input.amount,
          currency: ctx.terminal.currency,
          qrFingerprint: qrFingerprint(input.qrContent),
          externalId: () => ctx.provider.nextExternalId(),
          requestTimeoutMs: ctx.terminal.requestTimeoutMs,
          deadlineAt: ctx.now() + ctx.policy.deadlineMs,
          wallet: input.wallet,
        }),
      );
      this.gate.focus = journaled.id;
      ctx.elapsed.started(journaled.id);
      try {
        options.onJournaled?.(journaled);
      } catch (error) {
        // A journaled payment goes on whatever its watcher does.
        ctx.log(`onJournaled failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      announcePayment(ctx, journaled, null);
      ctx.checkpoint('payment:journaled');
      const request = buildPaymentRequest(ctx, journaled.partnerReferenceNo, input);
      let payment = await sendPayment(ctx, journaled, request);
      ctx.checkpoint('payment:settled');
      if (isOpenPaymentState(payment.state)) {
        payment = await resolvePayment(ctx, payment.id, this.settleUntil(payment));
      }
      // An open one keeps its marks for whoever goes on resolving it in this process.
      if (!isOpenPaymentState(payment.state)) ctx.elapsed.forget(payment.id);
      return resultOf(payment);
    });
  }

  /** What the journal knows about a payment, with its cancels, refunds and full history. */
  status(reference: string): PaymentDetails {
    const payment = this.requirePayment(reference);
    const journal = this.ctx.journal;
    return {
      ...resultOf(payment),
      cancels: journal.cancelsOf(payment.id),
      refunds: journal.refundsOf(payment.id),
      refunded: journal.refundedTotal(payment.id),
      events: journal.events(payment.id),
    };
  }

  /**
   * Reverses a payment with cancel (62): an unresolved one, or a paid one on its own business day
   * with nothing refunded. Resolved like everything else: journaled first, then queried. Asked while
   * this engine is still sending or checking that very payment, it does not wait for the deadline:
   * the request is journaled and the running resolver cancels at once (see finishRequestedCancel).
   */
  async cancel(
    reference: string,
    options: { reason?: string; requestedBy?: string } = {},
  ): Promise<PaymentResult> {
    const payment = this.requirePayment(reference);
    const running = this.gate.running;
    if (running === undefined || this.gate.focus !== payment.id) {
      return this.withTerminal(() => this.cancelHeld(reference, options));
    }
    // The terminal is busy sending or resolving this very payment (the cashier's F8 while it is still
    // being checked). An unfinished one gets a journaled request, and its resolver is woken to send
    // the cancel at its next step; then, once the operation lets go, we finish what is left.
    const requested =
      isOpenPaymentState(payment.state) &&
      this.ctx.journal.requestCancel(payment.id, {
        reason: options.reason ?? DEFAULT_CANCEL_REASON,
        requestedBy: options.requestedBy ?? null,
      });
    this.wake(payment.id);
    await running.catch(() => undefined);
    return this.withTerminal(() =>
      requested ? this.finishRequestedCancel(reference, options) : this.cancelHeld(reference, options),
    );
  }

  /**
   * After the operation that held the terminal let go of a payment whose cancel was requested: the
   * resolver sent the cancel (or the payment ended not paid first), and what is left is to settle
   * it; or the payment's answer came back paid before the cancel could leave, and the request
   * stands as a same-day reversal.
   */
  private async finishRequestedCancel(
    reference: string,
    options: { reason?: string; requestedBy?: string },
  ): Promise<PaymentResult> {
    const payment = this.requirePayment(reference);
    const unmet = this.ctx.journal.pendingCancelRequest(payment.id) !== undefined;
    if (isOpenPaymentState(payment.state) || (unmet && payment.state === 'PAID')) {
      return this.cancelHeld(reference, options);
    }
    return resultOf(payment);
  }

  /** The cancel itself, with the terminal held. */
  private async cancelHeld(
    reference: string,
    options: { reason?: string; requestedBy?: string },
  ): Promise<PaymentResult> {
    const ctx = this.ctx;
    let payment = this.requirePayment(reference);
    const reason = options.reason ?? DEFAULT_CANCEL_REASON;
    assertCancellable(payment, {
      today: businessDate(ctx.now(), utcOffsetMinutes(ctx.terminal.utcOffset)),
      committedRefunds: ctx.journal.committedRefundTotal(payment.id),
    });
    assertNoProductPending(payment, ctx.journal.purchaseOfPayment(payment.id));
    if (payment.state === 'SENDING') {
      payment = movePayment(ctx, payment, 'UNKNOWN', {}, { kind: 'note' }) ?? this.requirePayment(reference);
    }
    if (payment.state === 'PAID' || payment.state === 'UNKNOWN' || payment.state === 'QUERYING') {
      try {
        await startCancel(ctx, payment, reason, options.requestedBy);
      } catch (error) {
        if (!isStale(error)) throw error;
      }
    }
    const settled = await resolvePayment(ctx, payment.id, ctx.elapsed.now() + ctx.policy.settleMs);
    return resultOf(settled);
  }

  /**
   * Refunds part or all of a paid payment under a new partnerRefundNo. The journal refuses more than
   * what was paid minus every refund that went (or may have gone) through.
   */
  async refund(
    reference: string,
    options: { amount: Minor; reason?: string; requestedBy?: string },
  ): Promise<RefundResult> {
    const ctx = this.ctx;
    return this.withTerminal(async () => {
      const payment = this.requirePayment(reference);
      // Checked again, inside the transaction that writes the refund; this refuses before any draw.
      assertRefundable(payment, options.amount, ctx.journal.committedRefundTotal(payment.id));
      assertNoProductPending(payment, ctx.journal.purchaseOfPayment(payment.id));
      const refund = this.drawReference((partnerRefundNo) =>
        ctx.journal.beginRefund({
          paymentId: payment.id,
          partnerRefundNo,
          amount: options.amount,
          reason: options.reason,
          requestedBy: options.requestedBy,
          externalId: () => ctx.provider.nextExternalId(),
        }),
      );
      announceRefund(ctx, payment, refund, null);
      ctx.checkpoint('refund:journaled');
      const settled = await runRefund(ctx, payment, refund.id, ctx.elapsed.now() + ctx.policy.settleMs, {
        justJournaled: true,
      });
      return refundResultOf(payment, settled);
    });
  }

  /**
   * Resolves everything left unfinished in this data directory; run before taking payments. That
   * includes rows journaled under an earlier terminal id (the profile's id was changed): they are
   * still this till's money, resolved with their own references under their own id's lock.
   */
  async recover(): Promise<RecoveryReport> {
    const ctx = this.ctx;
    return this.withTerminal(async () => {
      const payments: PaymentResult[] = [];
      for (const open of ctx.journal.openPayments()) {
        const result = await this.asTerminalOf(open.terminalId, async () => {
          this.gate.focus = open.id;
          return resultOf(await resolvePayment(ctx, open.id, this.settleUntil(open)));
        });
        payments.push(result ?? resultOf(open));
      }
      this.gate.focus = undefined;
      const refunds: RefundResult[] = [];
      for (const open of ctx.journal.openRefunds()) {
        const payment = ctx.journal.getPayment(open.paymentId);
        if (!payment) continue;
        const result = await this.asTerminalOf(payment.terminalId, async () => {
          const settled = await runRefund(ctx, payment, open.id, ctx.elapsed.now() + ctx.policy.settleMs, {
            justJournaled: false,
          });
          return refundResultOf(payment, settled);
        });
        refunds.push(result ?? refundResultOf(payment, open));
      }
      const clean =
        payments.every((p) => p.outcome !== 'unresolved') && refunds.every((r) => r.outcome !== 'unresolved');
      return { payments, refunds, clean };
    });
  }

  /**
   * Runs `work` for a row of `terminalId`: at once for our own (whose lock we hold), under that id's
   * lock for another. Undefined when another process holds that id (it is working on it itself).
   */
  private async asTerminalOf<T>(terminalId: string, work: () => Promise<T>): Promise<T | undefined> {
    if (terminalId === this.ctx.terminal.terminalId) return work();
    if (this.lockOther === undefined) return undefined;
    let lock: TerminalLock;
    try {
      lock = this.lockOther(terminalId);
    } catch (error) {
      if (error instanceof KasirError && error.code === 'TERMINAL_BUSY') return undefined;
      throw error;
    }
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  /** Works on one open payment now (e.g. the cashier presses "check again"). */
  async resolve(reference: string): Promise<PaymentResult> {
    const ctx = this.ctx;
    return this.withTerminal(async () => {
      const payment = this.requirePayment(reference);
      if (!isOpenPaymentState(payment.state)) return resultOf(payment);
      this.gate.focus = payment.id;
      return resultOf(await resolvePayment(ctx, payment.id, this.settleUntil(payment)));
    });
  }

  /**
   * A supervisor's decision on an unresolved payment: explicit, with a reason, audited, and kept
   * apart from provider-confirmed outcomes (MANUAL_PAID / MANUAL_NOT_PAID). It is the last resort, so
   * it first asks the provider once more: if that settles the payment, no decision is taken; a
   * decision that contradicts the provider's latest definite word is refused. The journal keeps
   * the state it replaced, whether the provider had confirmed the sale paid, and the provider's last word.
   */
  async decideManually(reference: string, decision: ManualDecision): Promise<PaymentResult> {
    const ctx = this.ctx;
    const { reason, supervisor } = requireReason(decision);
    return this.withTerminal(async () => {
      const before = this.requirePayment(reference);
      assertDecidable(before);
      const facts = ctx.journal.reversalFacts(before.id);
      this.gate.focus = before.id;
      const checked = await resolvePayment(ctx, before.id, ctx.elapsed.now(), { recheckOnly: true });
      if (!isOpenPaymentState(checked.state))
        throw settledByProvider(checked.state, checked.partnerReferenceNo);
      const definite = ctx.journal.providerWord(checked.id, { definite: true });
      if (definite && disagrees(decision.outcome, definite.status)) {
        throw engineError(
          'MANUAL_CONTRADICTS_PROVIDER',
          `Penyedia terakhir menyatakan status ${definite.status}; keputusan "${decision.outcome === 'paid' ? 'lunas' : 'tidak dibayar'}" bertentangan dengannya. Hubungi penyedia dulu.`,
          `The provider last said ${definite.status}; deciding "${decision.outcome === 'paid' ? 'paid' : 'not paid'}" contradicts it. Check with the provider first.`,
          { providerWord: definite },
        );
      }
      const to: PaymentState = decision.outcome === 'paid' ? 'MANUAL_PAID' : 'MANUAL_NOT_PAID';
      const decided = movePayment(
        ctx,
        checked,
        to,
        { reason, decidedBy: supervisor },
        {
          kind: 'manual',
          detail: {
            outcome: decision.outcome,
            reason,
            supervisor,
            previous: before.state,
            wasPaid: facts.wasPaid,
            providerWord: ctx.journal.providerWord(checked.id) ?? null,
            recheck: { latestStatus: checked.latestStatus, reason: checked.reason },
          },
        },
      );
      return resultOf(decided ?? this.requirePayment(reference));
    });
  }

  /**
   * A supervisor's decision on a refund the provider never settled (MANUAL_REFUNDED frees nothing;
   * MANUAL_NOT_REFUNDED makes its amount refundable again). The same refund is re-sent once first;
   * a definite answer to it settles the refund instead.
   */
  async decideRefundManually(partnerRefundNo: string, decision: ManualRefundDecision): Promise<RefundResult> {
    const ctx = this.ctx;
    const { reason, supervisor } = requireReason(decision);
    return this.withTerminal(async () => {
      const refund = ctx.journal.findRefund(partnerRefundNo);
      const payment = refund ? ctx.journal.getPayment(refund.paymentId) : undefined;
      if (!refund || !payment) throw refundNotFound(partnerRefundNo);
      assertRefundDecidable(refund);
      const checked = await runRefund(ctx, payment, refund.id, ctx.elapsed.now(), {
        justJournaled: false,
        maxSends: 1,
      });
      if (checked.state !== 'REFUND_UNKNOWN' && checked.state !== 'REFUND_SENDING') {
        throw settledByProvider(checked.state, checked.partnerRefundNo);
      }
      const settled = moveRefund(
        ctx,
        payment,
        checked,
        decision.outcome === 'refunded' ? 'MANUAL_REFUNDED' : 'MANUAL_NOT_REFUNDED',
        {},
        {
          kind: 'manual',
          detail: {
            outcome: decision.outcome,
            reason,
            supervisor,
            previous: refund.state,
            lastAnswer: { responseCode: checked.responseCode, responseMessage: checked.responseMessage },
          },
        },
      );
      return refundResultOf(payment, settled);
    });
  }

  /**
   * A verified notify (79) from the provider; see notify-apply.ts for what it may change. A notify
   * about an open payment is confirmed by a query at once: the resolver working on it is woken, or,
   * with the terminal idle, a resolution starts in the background.
   */
  applyNotify(body: NotifyRequest, meta: { externalId?: string } = {}): NotifyApplication {
    const applied = applyNotification(this.ctx, body, meta);
    if (applied.result === 'recorded' && applied.confirm) {
      const id = applied.payment.id;
      if (this.gate.focus === id) this.wake(id);
      else if (!this.gate.busy) {
        this.resolve(applied.payment.partnerReferenceNo).catch((error: unknown) => {
          this.ctx.log(
            `confirming a notify for ${applied.payment.partnerReferenceNo} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      }
    }
    return applied;
  }

  /** Payments in this data directory not yet final (whatever terminal id journaled them). */
  unresolved(): PaymentRecord[] {
    return this.ctx.journal.openPayments();
  }

  /** Refunds in this data directory not yet final. */
  unresolvedRefunds(): RefundRecord[] {
    return this.ctx.journal.openRefunds();
  }
}

function requireReason(decision: { reason: string; supervisor: string }): {
  reason: string;
  supervisor: string;
} {
  const reason = decision.reason.trim();
  const supervisor = decision.supervisor.trim();
  if (reason === '' || supervisor === '') {
    throw engineError(
      'MANUAL_REASON_REQUIRED',
      'Keputusan manual memerlukan nama supervisor dan alasan.',
      'A manual decision needs the supervisor and a reason.',
    );
  }
  return { reason, supervisor };
}

function settledByProvider(state: string, reference: string): KasirError {
  return engineError(
    'MANUAL_NOT_NEEDED',
    `Penyedia sudah memastikan ${reference}: ${state}. Keputusan manual tidak diperlukan.`,
    `The provider has now settled ${reference}: ${state}. No manual decision is needed.`,
    { state },
  );
}

/** A manual outcome the provider's definite word rules out. */
function disagrees(outcome: ManualDecision['outcome'], status: ProviderStatus): boolean {
  return outcome === 'paid' ? status !== '00' : status === '00';
}

export function createPaymentEngine(options: PaymentEngineOptions): PaymentEngine {
  return new PaymentEngine(options);
}
