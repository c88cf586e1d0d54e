// What a terminal uploads: its journal's events and anomalies, each an append-only table whose ids
// only grow, read after the server's cursor. An event goes with the operation it belongs to as it
// stands now, so the server's ledger is right even about events it never saw. PPOB purchases are
// one more OutboxSource (purchaseSource), their own stream.

import type {
  AnomalyRecord,
  EventRecord,
  Journal,
  PaymentRecord,
  PurchaseEventRecord,
  PurchaseRecord,
  RefundRecord,
} from '../payments/journal';
import { maskCustomerNo, maskNumbersIn } from '../ppob/customer-mask';
import type {
  JournalEntryData,
  PaymentSnapshot,
  PurchaseEntryData,
  RefundSnapshot,
  SyncEntry,
} from './protocol';
import { ANOMALY_STREAM, JOURNAL_STREAM, PURCHASE_STREAM } from './protocol';

export interface OutboxSource {
  stream: string;
  /** Up to `limit` entries after seq `cursor`, oldest first. */
  after(cursor: number, limit: number): SyncEntry[];
  /** How many entries come after `cursor`. */
  pendingAfter(cursor: number): number;
  /**
   * Resolves once every entry `after` has returned is on disk. The answer to a payment is committed
   * before it is fsync'd (see main/payments/journal/database.ts); an entry the server holds but a
   * power cut took from this journal would have its seq reused for another entry, which the server
   * would then ignore as held, or stop the sync as "journal behind".
   */
  durable(): Promise<void>;
}

export type OutboxJournal = Pick<
  Journal,
  | 'eventsAfter'
  | 'countEventsAfter'
  | 'anomaliesAfter'
  | 'countAnomaliesAfter'
  | 'getPayment'
  | 'getRefund'
  | 'syncAll'
>;

function paymentSnapshot(p: PaymentRecord): PaymentSnapshot {
  return {
    partnerReferenceNo: p.partnerReferenceNo,
    referenceNo: p.referenceNo,
    terminalId: p.terminalId,
    merchantId: p.merchantId,
    amountMinor: p.amount.toString(),
    currency: p.currency,
    state: p.state,
    businessDate: p.businessDate,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    reason: p.reason,
    decidedBy: p.decidedBy,
    latestStatus: p.latestStatus,
    responseCode: p.responseCode,
    walletLabel: p.walletLabel,
    walletLast4: p.walletLast4,
  };
}

function refundSnapshot(r: RefundRecord): RefundSnapshot {
  return {
    partnerRefundNo: r.partnerRefundNo,
    refundNo: r.refundNo,
    amountMinor: r.amount.toString(),
    currency: r.currency,
    state: r.state,
    businessDate: r.businessDate,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    requestedBy: r.requestedBy,
  };
}

/** The references an entry is about, once each: what a hint that arrives later is matched by. */
function refsOf(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((r): r is string => typeof r === 'string' && r !== '' && r.length <= 64))];
}

function journalEntry(journal: OutboxJournal, event: EventRecord): SyncEntry {
  const payment = journal.getPayment(event.paymentId);
  const refund = event.operation === 'refund' ? journal.getRefund(event.operationId) : undefined;
  const { paymentId: _paymentId, id: _id, at: _at, kind: _kind, ...rest } = event;
  const data: JournalEntryData | { event: typeof rest } =
    payment === undefined
      ? { event: rest }
      : {
          event: rest,
          payment: paymentSnapshot(payment),
          ...(refund === undefined ? {} : { refund: refundSnapshot(refund) }),
        };
  return {
    seq: event.id,
    at: event.at,
    kind: event.kind,
    refs: refsOf([
      payment?.partnerReferenceNo,
      payment?.referenceNo,
      refund?.partnerRefundNo,
      refund?.refundNo,
    ]),
    data,
  };
}

function anomalyRefs(detail: unknown): string[] {
  if (typeof detail !== 'object' || detail === null) return [];
  const d = detail as Record<string, unknown>;
  return [d.originalPartnerReferenceNo, d.originalReferenceNo, d.partnerReferenceNo].filter(
    (r): r is string => typeof r === 'string' && r !== '' && r.length <= 64,
  );
}

function anomalyEntry(anomaly: AnomalyRecord): SyncEntry {
  return {
    seq: anomaly.id,
    at: anomaly.at,
    kind: anomaly.kind.slice(0, 64),
    refs: [],
    data: { kind: anomaly.kind, detail: anomaly.detail, refs: anomalyRefs(anomaly.detail) },
  };
}

/** The payment journal's two streams. */
export function journalSources(journal: OutboxJournal): OutboxSource[] {
  return [
    {
      stream: JOURNAL_STREAM,
      after: (cursor, limit) => journal.eventsAfter(cursor, limit).map((e) => journalEntry(journal, e)),
      pendingAfter: (cursor) => journal.countEventsAfter(cursor),
      durable: () => journal.syncAll(),
    },
    {
      stream: ANOMALY_STREAM,
      after: (cursor, limit) => journal.anomaliesAfter(cursor, limit).map(anomalyEntry),
      pendingAfter: (cursor) => journal.countAnomaliesAfter(cursor),
      durable: () => journal.syncAll(),
    },
  ];
}

export type PurchaseOutboxJournal = Pick<
  Journal,
  'purchaseEventsAfter' | 'countPurchaseEventsAfter' | 'getPurchase' | 'getPayment' | 'getRefund' | 'syncAll'
>;

function purchaseSnapshot(
  journal: PurchaseOutboxJournal,
  purchase: PurchaseRecord,
): PurchaseEntryData['purchase'] {
  const payment = purchase.paymentId === null ? undefined : journal.getPayment(purchase.paymentId);
  const refund = purchase.refundId === null ? undefined : journal.getRefund(purchase.refundId);
  return {
    partnerReferenceId: purchase.partnerReferenceId,
    provider: purchase.provider,
    productCode: purchase.productCode,
    productName: purchase.productName,
    category: purchase.category,
    customerNo: maskCustomerNo(purchase.customerNo),
    buyPriceMinor: purchase.buyPrice.toString(),
    sellingPriceMinor: purchase.sellingPrice.toString(),
    state: purchase.state,
    transactionId: purchase.transactionId,
    sn: purchase.sn,
    reason: purchase.reason,
    responseCode: purchase.responseCode,
    decidedBy: purchase.decidedBy,
    terminalId: purchase.terminalId,
    businessDate: purchase.businessDate,
    createdAt: purchase.createdAt,
    updatedAt: purchase.updatedAt,
    partnerReferenceNo: payment?.partnerReferenceNo ?? null,
    refund:
      refund === undefined
        ? null
        : {
            partnerRefundNo: refund.partnerRefundNo,
            state: refund.state,
            amountMinor: refund.amount.toString(),
          },
  };
}

function purchaseEntry(journal: PurchaseOutboxJournal, event: PurchaseEventRecord): SyncEntry {
  const purchase = journal.getPurchase(event.purchaseId);
  const snapshot = purchase === undefined ? undefined : purchaseSnapshot(journal, purchase);
  const data: PurchaseEntryData | { event: PurchaseEntryData['event'] } = {
    event: {
      purchaseId: event.purchaseId,
      kind: event.kind,
      fromState: event.fromState,
      toState: event.toState,
      providerStatus: event.providerStatus,
      requestId: event.requestId,
      httpStatus: event.httpStatus,
      responseCode: event.responseCode,
      detail: maskNumbersIn(event.detail, [purchase?.customerNo, purchase?.msisdn]),
    },
    ...(snapshot === undefined ? {} : { purchase: snapshot }),
  };
  // The references a provider's callback names (Klikoo: partner_reference_id, transaction_id): how a
  // hint that arrives at the server finds this terminal.
  return {
    seq: event.id,
    at: event.at,
    kind: event.kind,
    refs: refsOf([snapshot?.partnerReferenceId, snapshot?.transactionId, snapshot?.partnerReferenceNo]),
    data,
  };
}

/** The PPOB purchases' stream. */
export function purchaseSource(journal: PurchaseOutboxJournal): OutboxSource {
  return {
    stream: PURCHASE_STREAM,
    after: (cursor, limit) =>
      journal.purchaseEventsAfter(cursor, limit).map((e) => purchaseEntry(journal, e)),
    pendingAfter: (cursor) => journal.countPurchaseEventsAfter(cursor),
    durable: () => journal.syncAll(),
  };
}
