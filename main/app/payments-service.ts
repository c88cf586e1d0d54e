import type { ErrorCode } from '../errors';
// The cashier's side of the core: every payment channel of the contract, built on the payment engine
// (which owns the money rules), the journal (read only here), the scan registry, the supervisor's
// PIN check and the receipt printer. Plain Node: Electron and the e2e bridge run the same object.

import type {
  CsvExport,
  CustomerQr,
  DayReportView,
  HistoryResult,
  JournalHealth,
  PaymentDetail,
  PaymentView,
  paymentChannels,
  Receipt,
  RecoveryStatus,
  RefundResult,
  Wallet,
} from '../../preload/contract/payments';
import type { PpobReportView, PurchaseView } from '../../preload/contract/ppob';
import { walletFrom } from '../cpm/wallet';
import { KasirError } from '../errors';
import type { Handlers } from '../ipc/dispatcher';
import type { Minor } from '../money/amount';
import { minorFromString } from '../money/amount';
import type { DayReport, Journal } from '../payments/journal';
import type { PaymentRecord, RefundRecord } from '../payments/journal-records';
import {
  assertCancellable,
  assertDecidable,
  assertNoProductPending,
  assertRefundable,
  assertRefundDecidable,
  paymentNotFound,
  refundNotFound,
} from '../payments/operation-rules';
import { businessDate } from '../payments/references';
import type { PaymentState } from '../payments/states';
import { isOpenPaymentState, isPaidState, PAYMENT_STATES, paymentOutcome } from '../payments/states';
import { csvFileName, historyCsv } from './history-csv';
import { toDayReportView, toEventView, toPaymentView, toRefundView } from './payment-views';
import { lastProviderWord } from './provider-word';
import { qrMatrix } from './qr-matrix';
import type { ReceiptLanguage } from './receipt-layout';
import { receiptHtml, receiptLayout } from './receipt-layout';
import { ReceiptPrints } from './receipt-prints';
import type { ScanRegistry } from './scan-registry';
import { readCpmScan } from './scan-registry';

/** What the service needs from the payment engine (main/payments): it decides, we show. */
export interface PaymentEnginePort {
  /**
   * Starts a payment: `journaled` settles as soon as the attempt is in the journal (before its request
   * leaves), or rejects when it was refused before that; `settled` once it is final or left to recovery.
   */
  begin(input: { amount: Minor; qrContent: string; wallet: Wallet }): {
    journaled: Promise<PaymentRecord>;
    settled: Promise<PaymentRecord>;
  };
  /** Asks the provider again (service 61) and returns the payment as it now stands. */
  recheck(paymentId: number): Promise<PaymentRecord>;
  /** Cancels (journaled, then queried), even while pay() is still checking the payment. */
  cancel(paymentId: number, input: { reason: string; requestedBy: string }): Promise<PaymentRecord>;
  refund(
    paymentId: number,
    input: { amount: Minor; reason: string; requestedBy: string },
  ): Promise<RefundRecord>;
  /** A supervisor's manual decision (the engine rechecks and may refuse it). */
  decide(
    paymentId: number,
    input: { outcome: 'paid' | 'not_paid'; reason: string; supervisor: string },
  ): Promise<PaymentRecord>;
  /** A supervisor's decision on an unresolved refund (the engine re-sends it once and may refuse). */
  decideRefund(
    refundId: number,
    input: { outcome: 'refunded' | 'not_refunded'; reason: string; supervisor: string },
  ): Promise<RefundRecord>;
  /** Resolves every unfinished operation; new payments wait for it. */
  recover(): Promise<void>;
  /** Called with a payment's id whenever it, or one of its cancels or refunds, moved. */
  onChange(listener: (paymentId: number) => void): () => void;
}

/** The journal as the screens use it: reads, and the one record they add (a printed receipt). */
export type JournalReader = Pick<
  Journal,
  | 'getPayment'
  | 'findPayment'
  | 'openPayments'
  | 'history'
  | 'search'
  | 'events'
  | 'refundsOf'
  | 'getRefund'
  | 'refundedTotal'
  | 'committedRefundTotal'
  | 'dayReport'
  | 'receiptsPrinted'
  | 'recordReceipt'
  | 'purchaseOfPayment'
>;

/**
 * The supervisor's approval for refunds and cancels. Throws a KasirError the cashier can read (wrong
 * PIN, locked out, no PIN set) and returns who approved, for the journal.
 */
export interface SupervisorAuth {
  verify(
    pin: string,
    action: 'refund' | 'cancel' | 'decide' | 'ppob-cash-returned',
    reference: string,
  ): Promise<{ supervisor: string }>;
}

export interface PrintOptions {
  /** The receipt printer chosen in Settings; absent: ask with the system's print dialog. */
  deviceName?: string | undefined;
  paperWidthMm: 58 | 80;
}

/** Prints a self-contained HTML page (Electron's webContents.print in the app); false when nothing printed. */
export interface ReceiptPrinter {
  print(html: string, options: PrintOptions): Promise<boolean>;
}

export interface CustomerQrSource {
  /** A fresh CPM QR for a (test) customer, through service 59. */
  generate(): Promise<{ qrContent: string; expiresAt: number; issuedAt: number }>;
}

export interface TerminalIdentity {
  terminalId: string;
  merchantId: string;
  merchantName: string;
}

export type EmitPaymentEvent = (view: PaymentView) => void;

export interface PaymentsServiceDeps {
  engine: PaymentEnginePort;
  journal: JournalReader;
  scans: ScanRegistry;
  supervisor: SupervisorAuth;
  printer: ReceiptPrinter;
  /** The printer settings as they are now. */
  printOptions: () => Promise<PrintOptions>;
  terminal: TerminalIdentity;
  customerQr?: CustomerQrSource | undefined;
  emit: EmitPaymentEvent;
  now: () => number;
  utcOffsetMinutes: number;
  /** Sandbox money: receipts and report printouts say UJI COBA / TEST. */
  testMode: boolean;
  language: () => ReceiptLanguage;
  log?: (message: string, detail?: unknown) => void;
  /** Recovery at start moved on (the screen says so while it is not done). */
  emitRecovery?: (status: RecoveryStatus) => void;
  /** The journal's full integrity check, off the main thread (main/payments/journal/integrity-check.ts). */
  checkJournal?: () => Promise<{ ok: true } | { ok: false; detail: string }>;
  emitJournalHealth?: (health: JournalHealth) => void;
  /** Waits between recovery attempts; the delays grow to the last one and stay there. */
  sleep?: (ms: number) => Promise<void>;
  recoveryDelaysMs?: readonly number[];
  /** Digital-product sales, which History lists and the day's report sums beside the payments. */
  purchases?: (() => PurchaseLister | undefined) | undefined;
}

/** What History and the report need from the digital-product side (main/app/ppob-service.ts). */
export interface PurchaseLister {
  purchases(query: { from: string; to: string; text?: string | undefined; limit: number }): PurchaseView[];
  reportView(report: DayReport['ppob']): PpobReportView;
  /** A sale's payment moved: its purchase is announced too. */
  paymentChanged(paymentId: number): void;
}

/** From a failed recovery to the next attempt: quick at first (a CLI command finishing), then steady. */
export const RECOVERY_DELAYS_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000];

/** One answer to a history search carries at most this many payments. */
export const HISTORY_LIMIT = 500;
/** A search spans at most this many business days. */
const MAX_SEARCH_DAYS = 366;

type PaymentChannel = keyof typeof paymentChannels;

function kasirError(code: ErrorCode, id: string, en: string): KasirError {
  return new KasirError({ code, message: { id, en } });
}

/** The states a search's state filter names: one state, or every state of an outcome ("paid"…). */
function statesMatching(filter: string): PaymentState[] {
  return PAYMENT_STATES.filter((state) => state === filter || paymentOutcome(state) === filter);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export class PaymentsService {
  private readonly unsubscribe: () => void;
  private recoveryStatus: RecoveryStatus = {
    state: 'running',
    attempts: 0,
    nextAttemptAt: null,
    message: null,
  };
  /** The recovery attempt under way (or the last one): true when it succeeded. */
  private attempt: Promise<boolean> = Promise.resolve(true);
  private closed = false;
  private health: JournalHealth = { state: 'unchecked', checkedAt: null, message: null };
  private readonly prints = new ReceiptPrints();
  /** Resolves the start() waiting for its payment's first journal row. */

  constructor(private readonly deps: PaymentsServiceDeps) {
    this.unsubscribe = deps.engine.onChange((paymentId) => this.changed(paymentId));
  }

  /**
   * Starts recovery in the background and retries it until it succeeds (another process may hold
   * the terminal, the journal may be busy); new payments wait for it, everything else does not.
   * Resolves when recovery succeeded, or when the service closes first.
   */
  async startRecovery(): Promise<void> {
    const delays = this.deps.recoveryDelaysMs ?? RECOVERY_DELAYS_MS;
    const sleep =
      this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempts = 1; !this.closed; attempts++) {
      this.setRecovery({ state: 'running', attempts, nextAttemptAt: null, message: null });
      let failure: unknown;
      this.attempt = this.deps.engine.recover().then(
        () => true,
        (error: unknown) => {
          failure = error;
          return false;
        },
      );
      if (await this.attempt) {
        this.setRecovery({ state: 'done', attempts, nextAttemptAt: null, message: null });
        return;
      }
      this.deps.log?.(`recovery attempt ${attempts} failed`, failure);
      const delay = delays[Math.min(attempts - 1, delays.length - 1)] ?? 30_000;
      this.setRecovery({
        state: 'retrying',
        attempts,
        nextAttemptAt: this.deps.now() + delay,
        message:
          failure instanceof KasirError
            ? failure.messages
            : { id: 'Kesalahan tak terduga.', en: 'An unexpected error.' },
      });
      await sleep(delay);
    }
  }

  recovery(): RecoveryStatus {
    return this.recoveryStatus;
  }

  private setRecovery(status: RecoveryStatus): void {
    this.recoveryStatus = status;
    this.deps.emitRecovery?.(status);
  }

  journalHealth(): JournalHealth {
    return this.health;
  }

  /**
   * Runs the journal's full integrity check. A damaged journal stops new payments (the file is the
   * evidence support needs; nothing is repaired automatically) and the screen says so in red.
   */
  async checkJournal(): Promise<JournalHealth> {
    const check = this.deps.checkJournal;
    if (!check || this.health.state === 'checking') return this.health;
    this.setHealth({ ...this.health, state: 'checking' });
    const verdict = await check();
    this.setHealth(
      verdict.ok
        ? { state: 'ok', checkedAt: this.deps.now(), message: null }
        : {
            state: 'damaged',
            checkedAt: this.deps.now(),
            message: {
              id: `Jurnal pembayaran rusak (${verdict.detail}). Jangan terima pembayaran; hubungi dukungan teknis dengan salinan folder data.`,
              en: `The payment journal is damaged (${verdict.detail}). Take no payments; contact support with a copy of the data folder.`,
            },
          },
    );
    if (!verdict.ok) this.deps.log?.('the journal failed its integrity check', verdict.detail);
    return this.health;
  }

  private setHealth(health: JournalHealth): void {
    this.health = health;
    this.deps.emitJournalHealth?.(health);
  }

  /** New payments (and PPOB sales) wait for recovery; while it is retrying they are refused with the reason. */
  async requireRecovered(): Promise<void> {
    if (this.health.state === 'damaged' && this.health.message) {
      throw new KasirError({ code: 'JOURNAL_CORRUPT', message: this.health.message });
    }
    if (this.recoveryStatus.state === 'done') return;
    if (this.recoveryStatus.state === 'running' && (await this.attempt)) return;
    throw new KasirError({
      code: 'RECOVERY_PENDING',
      message: {
        id: 'Transaksi sebelumnya belum selesai dipulihkan; sistem mencoba lagi otomatis. Tunggu sebentar lalu pindai lagi.',
        en: 'Earlier transactions are not resolved yet; the system retries by itself. Wait a moment, then scan again.',
      },
      raw: this.recoveryStatus.message,
    });
  }

  private readonly closers: (() => void)[] = [];

  /** Runs `fn` when the service closes (timers the owner set for it). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  close(): void {
    this.closed = true;
    for (const fn of this.closers.splice(0)) fn();
    this.unsubscribe();
  }

  private changed(paymentId: number): void {
    const record = this.deps.journal.getPayment(paymentId);
    if (record) this.deps.emit(this.view(record));
    this.deps.purchases?.()?.paymentChanged(paymentId);
  }

  view(record: PaymentRecord): PaymentView {
    return {
      ...toPaymentView(record, walletFrom(record.walletLabel, record.walletLast4), {
        refunded: this.deps.journal.refundedTotal(record.id),
        committed: this.deps.journal.committedRefundTotal(record.id),
      }),
      purchaseReference: this.deps.journal.purchaseOfPayment(record.id)?.partnerReferenceId ?? null,
    };
  }

  private requirePayment(paymentId: number): PaymentRecord {
    const record = this.deps.journal.getPayment(paymentId);
    if (!record) throw paymentNotFound(paymentId);
    return record;
  }

  today(): string {
    return businessDate(this.deps.now(), this.deps.utcOffsetMinutes);
  }

  checkScan(text: string) {
    return this.deps.scans.check(text);
  }

  async start(scanId: string, amountMinor: string): Promise<PaymentView> {
    const amount = minorFromString(amountMinor);
    if (amount <= 0n) {
      throw kasirError(
        'AMOUNT_REQUIRED',
        'Ketik jumlah pembayaran dulu, lalu pindai QR pelanggan.',
        'Type the amount first, then scan the customer QR.',
      );
    }
    await this.requireRecovered();
    // Refused, the scan untouched, while another payment is open or on its way (the registry asks the journal).
    const scan = this.deps.scans.take(scanId);
    // The engine says when the attempt is journaled (before its request leaves); the screen gets it then.
    const { journaled, settled } = this.deps.engine.begin({
      amount,
      qrContent: scan.qrContent,
      wallet: scan.wallet,
    });
    let record: PaymentRecord;
    try {
      record = await journaled;
    } catch (error) {
      // Refused before anything was journaled (terminal busy, bad input): the QR is still unspent.
      this.deps.scans.putBack(scanId);
      throw error;
    }
    this.deps.scans.spend(scanId);
    settled.catch((error: unknown) => this.deps.log?.(`payment ${record.id} stopped with an error`, error));
    // Read again: the provider may have answered between the journaling and now.
    const view = this.view(this.deps.journal.getPayment(record.id) ?? record);
    this.deps.emit(view);
    return view;
  }

  active(): PaymentView | null {
    const open = this.deps.journal.openPayments(this.deps.terminal.terminalId)[0];
    return open ? this.view(open) : null;
  }

  detail(paymentId: number): PaymentDetail {
    const record = this.requirePayment(paymentId);
    const events = this.deps.journal.events(paymentId);
    return {
      payment: this.view(record),
      events: events.map(toEventView),
      providerWord: lastProviderWord(events),
      refunds: this.deps.journal.refundsOf(paymentId).map(toRefundView),
      receiptsPrinted: this.deps.journal.receiptsPrinted(paymentId),
    };
  }

  async recheck(paymentId: number): Promise<PaymentView> {
    this.requirePayment(paymentId);
    return this.view(await this.deps.engine.recheck(paymentId));
  }

  /**
   * A supervisor's cancel: of an unresolved payment (even one the engine is still checking, which
   * then sends the cancel at once and queries after it), or a same-day reversal of a paid one.
   */
  async cancel(paymentId: number, pin: string, reason: string): Promise<PaymentView> {
    const record = this.requirePayment(paymentId);
    assertCancellable(record, {
      today: this.today(),
      committedRefunds: this.deps.journal.committedRefundTotal(paymentId),
    });
    assertNoProductPending(record, this.deps.journal.purchaseOfPayment(paymentId));
    const { supervisor } = await this.deps.supervisor.verify(pin, 'cancel', record.partnerReferenceNo);
    const after = await this.deps.engine.cancel(paymentId, { reason, requestedBy: supervisor });
    return this.view(after);
  }

  /**
   * A supervisor's decision on a payment the provider never settled. Only an unresolved payment; the
   * PIN is checked first, then the engine rechecks with the provider and refuses while its word is definite.
   */
  async decide(
    paymentId: number,
    outcome: 'paid' | 'not_paid',
    pin: string,
    reason: string,
  ): Promise<PaymentView> {
    const record = this.requirePayment(paymentId);
    assertDecidable(record);
    const { supervisor } = await this.deps.supervisor.verify(pin, 'decide', record.partnerReferenceNo);
    const after = await this.deps.engine.decide(paymentId, { outcome, reason, supervisor });
    const view = this.view(after);
    this.deps.emit(view);
    return view;
  }

  /**
   * A supervisor's decision on a refund the provider never settled: the PIN first, then the engine
   * re-sends the same refund once and takes the decision only if the answer is still unknown.
   */
  async decideRefund(
    refundId: number,
    outcome: 'refunded' | 'not_refunded',
    pin: string,
    reason: string,
  ): Promise<RefundResult> {
    const before = this.deps.journal.getRefund(refundId);
    if (!before) throw refundNotFound(refundId);
    assertRefundDecidable(before);
    const { supervisor } = await this.deps.supervisor.verify(pin, 'decide', before.partnerRefundNo);
    const refund = await this.deps.engine.decideRefund(refundId, { outcome, reason, supervisor });
    const payment = this.view(this.requirePayment(refund.paymentId));
    this.deps.emit(payment);
    return { refund: toRefundView(refund), payment };
  }

  async refund(paymentId: number, amountMinor: string, pin: string, reason: string): Promise<RefundResult> {
    const record = this.requirePayment(paymentId);
    const amount = minorFromString(amountMinor);
    assertRefundable(record, amount, this.deps.journal.committedRefundTotal(paymentId));
    assertNoProductPending(record, this.deps.journal.purchaseOfPayment(paymentId));
    const { supervisor } = await this.deps.supervisor.verify(pin, 'refund', record.partnerReferenceNo);
    const refund = await this.deps.engine.refund(paymentId, { amount, reason, requestedBy: supervisor });
    const payment = this.view(this.requirePayment(paymentId));
    this.deps.emit(payment);
    return { refund: toRefundView(refund), payment };
  }

  search(query: {
    from?: string | undefined;
    to?: string | undefined;
    amountMinor?: string | undefined;
    reference?: string | undefined;
    state?: string | undefined;
    kind?: 'all' | 'payments' | 'ppob' | undefined;
  }): HistoryResult {
    const today = this.today();
    const from = query.from ?? query.to ?? today;
    const to = query.to ?? (query.from === undefined ? today : from < today ? today : from);
    const [first, last] = from <= to ? [from, to] : [to, from];
    const amount = query.amountMinor === undefined ? undefined : minorFromString(query.amountMinor);
    const reference = query.reference?.trim() ?? '';
    // At most a year of days; the journal's own search does the rest, from its indexes.
    const earliest = addDays(last, -(MAX_SEARCH_DAYS - 1));
    const states = query.state === undefined ? undefined : statesMatching(query.state);
    const kind = query.kind ?? 'all';
    const since = first < earliest ? earliest : first;
    // A state or amount filter is a payment's: digital-product sales are listed by days and reference.
    const purchases =
      kind === 'payments' || query.state !== undefined || amount !== undefined
        ? []
        : (this.deps
            .purchases?.()
            ?.purchases({ from: since, to: last, text: reference, limit: HISTORY_LIMIT }) ?? []);
    // The span searched, and said so: the days in order, at most a year back from the last one.
    if (states?.length === 0 || kind === 'ppob') {
      return { from: since, to: last, items: [], purchases, truncated: false };
    }
    const result = this.deps.journal.search({
      from: since,
      to: last,
      states,
      amount,
      reference,
      limit: HISTORY_LIMIT,
    });
    return {
      from: since,
      to: last,
      items: result.items.map((record) => this.view(record)),
      purchases,
      truncated: result.truncated,
    };
  }

  exportCsv(query: Parameters<PaymentsService['search']>[0]): CsvExport {
    const result = this.search(query);
    return {
      fileName: csvFileName(result.from, result.to),
      csv: historyCsv(result.items, this.deps.utcOffsetMinutes),
      rows: result.items.length,
    };
  }

  report(date?: string): DayReportView {
    const day = date ?? this.today();
    const report = this.deps.journal.dayReport(day);
    const ppob = this.deps.purchases?.()?.reportView(report.ppob);
    return toDayReportView(report, (record) => this.view(record), ppob, {
      generatedAt: this.deps.now(),
      merchantName: this.deps.terminal.merchantName,
      merchantId: this.deps.terminal.merchantId,
      terminalId: this.deps.terminal.terminalId,
      test: this.deps.testMode,
    });
  }

  private receipt(record: PaymentRecord, copy: boolean): Receipt {
    if (isOpenPaymentState(record.state)) {
      throw kasirError(
        'RECEIPT_UNRESOLVED',
        'Hasil pembayaran belum pasti; struk dicetak setelah hasilnya diketahui.',
        'The payment result is not known yet; the receipt prints once it is.',
      );
    }
    return receiptLayout(
      {
        paymentId: record.id,
        merchantName: this.deps.terminal.merchantName,
        merchantId: record.merchantId,
        terminalId: record.terminalId,
        amount: record.amount,
        refunded: this.deps.journal.refundedTotal(record.id),
        paid: isPaidState(record.state),
        referenceNo: record.referenceNo,
        partnerReferenceNo: record.partnerReferenceNo,
        at: record.updatedAt,
        wallet: walletFrom(record.walletLabel, record.walletLast4),
        manual: record.state === 'MANUAL_PAID',
      },
      {
        language: this.deps.language(),
        copy,
        test: this.deps.testMode,
        utcOffsetMinutes: this.deps.utcOffsetMinutes,
      },
    );
  }

  previewReceipt(paymentId: number): Receipt {
    const record = this.requirePayment(paymentId);
    return this.receipt(record, this.deps.journal.receiptsPrinted(paymentId) > 0);
  }

  /** Behind any print of the same receipt still under way: the first printed is the original. */
  printReceipt(paymentId: number): Promise<{ copy: boolean; printed: boolean }> {
    return this.prints.run(`payment:${paymentId}`, async () => {
      const record = this.requirePayment(paymentId);
      const copy = this.deps.journal.receiptsPrinted(paymentId) > 0;
      const receipt = this.receipt(record, copy);
      const options = await this.deps.printOptions();
      const printed = await this.deps.printer.print(
        receiptHtml(receipt, this.deps.language(), options.paperWidthMm),
        options,
      );
      if (printed) this.deps.journal.recordReceipt(paymentId, copy);
      return { copy, printed };
    });
  }

  async customerQr(): Promise<CustomerQr> {
    if (!this.deps.customerQr) {
      throw kasirError(
        'CUSTOMER_QR_UNAVAILABLE',
        'QR pelanggan hanya tersedia pada mode sandbox atau penyiapan dompet tertaut.',
        'A customer QR is only available in sandbox mode or a wallet-linked setup.',
      );
    }
    const issued = await this.deps.customerQr.generate();
    const { fingerprint, wallet } = readCpmScan(issued.qrContent);
    return {
      matrix: qrMatrix(issued.qrContent),
      fingerprint,
      wallet,
      expiresAt: issued.expiresAt,
      issuedAt: issued.issuedAt,
    };
  }

  handlers(): Pick<Handlers, PaymentChannel> {
    return {
      'scan:check': async ({ text }) => this.checkScan(text),
      'payment:start': ({ scanId, amountMinor }) => this.start(scanId, amountMinor),
      'payment:active': async () => this.active(),
      'payment:recovery': async () => this.recovery(),
      'journal:health': async () => this.journalHealth(),
      'payment:get': async ({ paymentId }) => this.detail(paymentId),
      'payment:recheck': ({ paymentId }) => this.recheck(paymentId),
      'payment:cancel': ({ paymentId, pin, reason }) => this.cancel(paymentId, pin, reason),
      'payment:refund': ({ paymentId, amountMinor, pin, reason }) =>
        this.refund(paymentId, amountMinor, pin, reason),
      'payment:decide': ({ paymentId, outcome, pin, reason }) => this.decide(paymentId, outcome, pin, reason),
      'refund:decide': ({ refundId, outcome, pin, reason }) =>
        this.decideRefund(refundId, outcome, pin, reason),
      'history:search': async (query) => this.search(query),
      'history:export': async (query) => this.exportCsv(query),
      'report:day': async ({ date }) => this.report(date),
      'receipt:preview': async ({ paymentId }) => this.previewReceipt(paymentId),
      'receipt:print': ({ paymentId }) => this.printReceipt(paymentId),
      'customer-qr:generate': () => this.customerQr(),
    };
  }
}
