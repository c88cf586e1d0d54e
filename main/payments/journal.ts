// The payment journal: the one durable record of every payment, cancel and refund, and of every
// state each passed through. It is written before anything leaves the terminal (docs/architecture.md,
// "Journal before the wire"), so after a crash it is the whole truth about what may have happened at
// the provider.
//
// This class is the journal's public face; the work is done by the modules under ./journal/: the
// SQLite plumbing and durability (database.ts), the one compare-and-set every state change of every
// operation kind goes through (operations.ts, kinds.ts), each kind's rows (payments.ts, cancels.ts,
// refunds.ts, and the PPOB purchases in purchases.ts), what the provider said (evidence.ts), the day's report (day-report.ts) and the
// X-EXTERNAL-ID counter (external-ids.ts).

import type { Minor } from '../money/amount';
import type { ExternalIdSource } from '../snap/external-id';
import { defaultRandomDigits } from '../snap/external-id';
import type { CancelRequest, NewCancel } from './journal/cancels';
import * as cancels from './journal/cancels';
import type { JournalOptions as DatabaseOptions, Durability, JournalDiagnostics } from './journal/database';
import { JournalDatabase } from './journal/database';
import type { DayReport } from './journal/day-report';
import { dayReport } from './journal/day-report';
import { anomalies, providerWord, recordAnomaly, reversalFacts } from './journal/evidence';
import { externalIdSource, importExternalIdCounters } from './journal/external-ids';
import type { HotQuery } from './journal/hot-queries';
import { HOT_QUERIES } from './journal/hot-queries';
import type { CancelChange, PaymentChange, PurchaseChange, RefundChange } from './journal/kinds';
import { CANCEL_KIND, PAYMENT_KIND, PURCHASE_KIND, REFUND_KIND } from './journal/kinds';
import { moveOperation } from './journal/operations';
import * as outbox from './journal/outbox';
import type { HistoryPage, HistoryQuery, NewPayment, PaymentSearch } from './journal/payments';
import * as payments from './journal/payments';
import type { NewInquiry, NewPurchase, PurchaseHistoryQuery, PurchaseNoteKind } from './journal/purchases';
import * as purchases from './journal/purchases';
import type { NewRefund } from './journal/refunds';
import * as refunds from './journal/refunds';
import type {
  AnomalyRecord,
  CancelRecord,
  EventInput,
  EventRecord,
  InquiryRecord,
  PaymentRecord,
  PpobProviderName,
  ProviderWord,
  PurchaseEventInput,
  PurchaseEventRecord,
  PurchaseRecord,
  RefundRecord,
  ReversalFacts,
} from './journal-records';
import type { CancelState, PaymentState, PurchaseState, RefundState } from './states';

export type { CancelRequest, NewCancel } from './journal/cancels';
export type { Durability } from './journal/database';
export type { Bucket, DayReport } from './journal/day-report';
export { HOT_QUERIES } from './journal/hot-queries';
export type { CancelChange, PaymentChange, PurchaseChange, RefundChange } from './journal/kinds';
export type {
  ExternalIdInput,
  HistoryPage,
  HistoryQuery,
  NewPayment,
  PaymentSearch,
} from './journal/payments';
export type { CountedTotal, PpobBucket, PpobCategoryLine, PpobDayReport } from './journal/ppob-day-report';
export type { NewInquiry, NewPurchase, PurchaseHistoryQuery, PurchaseNoteKind } from './journal/purchases';
export type { NewRefund } from './journal/refunds';
export type {
  AnomalyRecord,
  CancelRecord,
  EventInput,
  EventRecord,
  InquiryRecord,
  PaymentRecord,
  PpobProviderName,
  ProviderStatus,
  ProviderWord,
  PurchaseEventInput,
  PurchaseEventRecord,
  PurchaseProviderStatus,
  PurchaseRecord,
  RefundRecord,
  ReversalFacts,
} from './journal-records';

export const JOURNAL_FILE_NAME = 'journal.sqlite';

export interface JournalOptions extends DatabaseOptions {
  /** The random tail of X-EXTERNAL-IDs (n decimal digits); injectable for tests. */
  randomDigits?: (n: number) => string;
}

export class Journal {
  /** Fresh X-EXTERNAL-IDs; drawn inside the caller's journal transaction when there is one. */
  readonly externalIds: ExternalIdSource;

  private constructor(
    private readonly db: JournalDatabase,
    options: JournalOptions,
  ) {
    this.externalIds = externalIdSource(db, options.randomDigits ?? defaultRandomDigits);
  }

  /** Opens (creating if needed) and migrates the journal; refuses a damaged or newer-version one. */
  static open(file: string, options: JournalOptions = {}): Journal {
    return new Journal(JournalDatabase.open(file, options), options);
  }

  /**
   * Opens an existing journal only to read it: nothing in its folder is created or changed, so a
   * backup on read-only media reads too.
   */
  static openReadOnly(file: string, options: Pick<JournalOptions, 'utcOffsetMinutes'> = {}): Journal {
    return new Journal(JournalDatabase.openReadOnly(file, options), {});
  }

  get file(): string {
    return this.db.file;
  }

  close(): void {
    this.db.close();
  }

  /** Everything committed so far made durable, off the main thread (see JournalDatabase.syncAll). */
  syncAll(): Promise<void> {
    return this.db.syncAll();
  }

  /** Relaxed commits made durable now, the journal left open (see JournalDatabase.syncRelaxed). */
  syncRelaxed(): boolean {
    return this.db.syncRelaxed();
  }

  get schemaVersion(): number {
    return this.db.userVersion();
  }

  /** The settings durability depends on, as SQLite reports them (for support and tests). */
  diagnostics(): JournalDiagnostics {
    return this.db.diagnostics();
  }

  /** SQLite's plan for one of HOT_QUERIES (the `detail` column of EXPLAIN QUERY PLAN). */
  queryPlan(name: HotQuery): string[] {
    return this.db.queryPlan(HOT_QUERIES[name]);
  }

  /** Every page read and its structure checked: seconds at a million payments (run it in the background). */
  fullCheck(): { ok: true } | { ok: false; detail: string } {
    return this.db.fullCheck();
  }

  /** Runs `fn` in one IMMEDIATE transaction (inside one already, in a savepoint of it: see JournalDatabase.tx). */
  tx<T>(fn: () => T, durability: Durability = 'durable'): T {
    return this.db.tx(fn, durability);
  }

  importExternalIdCounters(rows: readonly { partnerId: string; day: string; counter: number }[]): void {
    importExternalIdCounters(this.db, rows);
  }

  /** Wallets of payments journaled without one (see payments.ts backfillWallets). */
  backfillWallets(
    rows: readonly { fingerprint: string; label: string | null; last4: string | null }[],
  ): void {
    payments.backfillWallets(this.db, rows);
  }

  // Payments ----------------------------------------------------------------------------------

  beginPayment(input: NewPayment): PaymentRecord {
    return payments.beginPayment(this.db, input);
  }

  updatePayment(
    id: number,
    expect: PaymentState,
    to: PaymentState | undefined,
    change: PaymentChange,
    event: EventInput,
    durability: Durability = 'durable',
  ): PaymentRecord {
    return moveOperation(this.db, PAYMENT_KIND, id, expect, to, change, event, durability);
  }

  getPayment(id: number): PaymentRecord | undefined {
    return payments.getPayment(this.db, id);
  }

  findByPartnerReferenceNo(partnerReferenceNo: string): PaymentRecord | undefined {
    return payments.findByPartnerReferenceNo(this.db, partnerReferenceNo);
  }

  findByReferenceNo(referenceNo: string): PaymentRecord | undefined {
    return payments.findByReferenceNo(this.db, referenceNo);
  }

  /** By our partnerReferenceNo first, then by the provider's referenceNo. */
  findPayment(reference: string): PaymentRecord | undefined {
    return this.findByPartnerReferenceNo(reference) ?? this.findByReferenceNo(reference);
  }

  /** Payments not yet in a final state, oldest first (optionally of one terminal). */
  openPayments(terminalId?: string): PaymentRecord[] {
    return payments.openPayments(this.db, terminalId);
  }

  /** A page of payments, newest first, by keyset (constant time however long the history). */
  history(query: HistoryQuery = {}): HistoryPage {
    return payments.history(this.db, query);
  }

  /** Payments of a range of business days, narrowed by state, amount or a part of a reference. */
  search(query: PaymentSearch): { items: PaymentRecord[]; truncated: boolean } {
    return payments.search(this.db, query);
  }

  /** Records that a receipt (or a copy) of a payment was printed: receipts are part of its history. */
  recordReceipt(paymentId: number, copy: boolean): void {
    payments.recordReceipt(this.db, paymentId, copy);
  }

  receiptsPrinted(paymentId: number): number {
    return payments.receiptsPrinted(this.db, paymentId);
  }

  events(paymentId: number): EventRecord[] {
    return payments.events(this.db, paymentId);
  }

  /** Every event after `afterId`, oldest first: the outbox a merchant server reads. */
  eventsAfter(afterId: number, limit?: number): EventRecord[] {
    return payments.eventsAfter(this.db, afterId, limit);
  }

  // What the provider said --------------------------------------------------------------------

  providerWord(paymentId: number, options: { definite?: boolean } = {}): ProviderWord | undefined {
    return providerWord(this.db, paymentId, options);
  }

  reversalFacts(paymentId: number): ReversalFacts {
    return reversalFacts(this.db, paymentId);
  }

  recordAnomaly(kind: string, detail: unknown): void {
    recordAnomaly(this.db, kind, detail);
  }

  anomalies(limit = 100): AnomalyRecord[] {
    return anomalies(this.db, limit);
  }

  // Cancels -----------------------------------------------------------------------------------

  requestCancel(paymentId: number, request: CancelRequest): boolean {
    return cancels.requestCancel(this.db, paymentId, request);
  }

  pendingCancelRequest(paymentId: number): CancelRequest | undefined {
    return cancels.pendingCancelRequest(this.db, paymentId);
  }

  beginCancel(
    paymentId: number,
    expect: PaymentState,
    input: NewCancel,
    event: EventInput,
  ): { payment: PaymentRecord; cancel: CancelRecord } {
    return cancels.beginCancel(this.db, paymentId, expect, input, event);
  }

  updateCancel(
    id: number,
    expect: CancelState,
    to: CancelState | undefined,
    change: CancelChange,
    event: EventInput,
    durability: Durability = 'durable',
  ): CancelRecord {
    return moveOperation(this.db, CANCEL_KIND, id, expect, to, change, event, durability);
  }

  getCancel(id: number): CancelRecord | undefined {
    return cancels.getCancel(this.db, id);
  }

  cancelsOf(paymentId: number): CancelRecord[] {
    return cancels.cancelsOf(this.db, paymentId);
  }

  openCancelOf(paymentId: number): CancelRecord | undefined {
    return cancels.openCancelOf(this.db, paymentId);
  }

  // Refunds -----------------------------------------------------------------------------------

  beginRefund(input: NewRefund): RefundRecord {
    return refunds.beginRefund(this.db, input);
  }

  updateRefund(
    id: number,
    expect: RefundState,
    to: RefundState | undefined,
    change: RefundChange,
    event: EventInput,
    durability: Durability = 'durable',
  ): RefundRecord {
    return moveOperation(this.db, REFUND_KIND, id, expect, to, change, event, durability);
  }

  /** Refunds that went through or may still go through: what is no longer available to refund. */
  committedRefundTotal(paymentId: number): Minor {
    return refunds.committedRefundTotal(this.db, paymentId);
  }

  /** Refunds that went back to the customer: confirmed by the provider, or so decided by a supervisor. */
  refundedTotal(paymentId: number): Minor {
    return refunds.refundedTotal(this.db, paymentId);
  }

  getRefund(id: number): RefundRecord | undefined {
    return refunds.getRefund(this.db, id);
  }

  findRefund(partnerRefundNo: string): RefundRecord | undefined {
    return refunds.findRefund(this.db, partnerRefundNo);
  }

  refundsOf(paymentId: number): RefundRecord[] {
    return refunds.refundsOf(this.db, paymentId);
  }

  openRefunds(): RefundRecord[] {
    return refunds.openRefunds(this.db);
  }

  // Outbox (the merchant server's sync; eventsAfter is above) ------------------------------------

  countEventsAfter(afterId: number): number {
    return outbox.countEventsAfter(this.db, afterId);
  }

  anomaliesAfter(afterId: number, limit: number): AnomalyRecord[] {
    return outbox.anomaliesAfter(this.db, afterId, limit);
  }

  countAnomaliesAfter(afterId: number): number {
    return outbox.countAnomaliesAfter(this.db, afterId);
  }

  // PPOB purchases ----------------------------------------------------------------------------

  beginPurchase(input: NewPurchase): PurchaseRecord {
    return purchases.beginPurchase(this.db, input);
  }

  updatePurchase(
    id: number,
    expect: PurchaseState,
    to: PurchaseState | undefined,
    change: PurchaseChange,
    event: PurchaseEventInput,
    durability: Durability = 'durable',
  ): PurchaseRecord {
    return moveOperation(this.db, PURCHASE_KIND, id, expect, to, change, event, durability);
  }

  getPurchase(id: number): PurchaseRecord | undefined {
    return purchases.getPurchase(this.db, id);
  }

  /** By our partner_reference_id, the provider's transaction id, or the QRIS payment that paid for it. */
  findPurchase(reference: string): PurchaseRecord | undefined {
    return purchases.findPurchase(this.db, reference);
  }

  findPurchaseByTransactionId(provider: PpobProviderName, transactionId: string): PurchaseRecord | undefined {
    return purchases.findPurchaseByTransactionId(this.db, provider, transactionId);
  }

  purchaseOfPayment(paymentId: number): PurchaseRecord | undefined {
    return purchases.purchaseOfPayment(this.db, paymentId);
  }

  /** The purchase that paid (or may be paying) an inquiry's bill, if any. */
  purchaseOfInquiry(inquiryId: number): PurchaseRecord | undefined {
    return purchases.purchaseOfInquiry(this.db, inquiryId);
  }

  /** Purchases not yet final, oldest first. */
  openPurchases(): PurchaseRecord[] {
    return purchases.openPurchases(this.db);
  }

  /** Failed purchases of sales paid by QRIS whose refund has not been journaled yet. */
  purchasesOwedRefund(): PurchaseRecord[] {
    return purchases.purchasesOwedRefund(this.db);
  }

  purchaseHistory(query: PurchaseHistoryQuery = {}): { items: PurchaseRecord[]; nextBefore: number | null } {
    return purchases.purchaseHistory(this.db, query);
  }

  purchaseEvents(purchaseId: number): PurchaseEventRecord[] {
    return purchases.purchaseEvents(this.db, purchaseId);
  }

  /** Every purchase event after `afterId`, oldest first: the purchases' outbox a merchant server reads. */
  purchaseEventsAfter(afterId: number, limit?: number): PurchaseEventRecord[] {
    return purchases.purchaseEventsAfter(this.db, afterId, limit);
  }

  countPurchaseEventsAfter(afterId: number): number {
    return outbox.countPurchaseEventsAfter(this.db, afterId);
  }

  /** A note in a purchase's history that moves nothing: how it was paid, a receipt, cash handed back. */
  notePurchase(
    purchaseId: number,
    kind: PurchaseNoteKind,
    detail: unknown,
    durability?: Durability,
  ): PurchaseEventRecord {
    return purchases.notePurchase(this.db, purchaseId, kind, detail, durability);
  }

  purchaseNotes(purchaseId: number, kind: PurchaseNoteKind): number {
    return purchases.purchaseNotes(this.db, purchaseId, kind);
  }

  /** The customer numbers a category was last sold to, newest first. */
  recentCustomers(
    category: string,
    limit = 8,
  ): { customerNo: string; customerName: string | null; at: number }[] {
    return purchases.recentCustomers(this.db, category, limit);
  }

  /** Purchases of business days from…to, newest first, optionally matching a reference or number. */
  searchPurchases(query: { from: string; to: string; text?: string | undefined; limit: number }): {
    items: PurchaseRecord[];
    truncated: boolean;
  } {
    return purchases.searchPurchases(this.db, query);
  }

  recordInquiry(input: NewInquiry): InquiryRecord {
    return purchases.recordInquiry(this.db, input);
  }

  /** By our inquiry reference, or by the provider's inquiry id. */
  findInquiry(reference: string): InquiryRecord | undefined {
    return purchases.findInquiry(this.db, reference);
  }

  getInquiry(id: number): InquiryRecord | undefined {
    return purchases.getInquiry(this.db, id);
  }

  // End of day --------------------------------------------------------------------------------

  dayReport(date: string): DayReport {
    return dayReport(this.db, date);
  }
}
