// The sandbox's books: customer balances and every payment with its refunds. All mutations are
// synchronous, so two requests can never interleave between "is there enough money" and "take it";
// that is what makes 1,000 concurrent payments come out exact.

import type { Minor } from '../money/amount';
import type { TestCustomer } from './customers';
import type { FaultKind } from './faults';
import { snapTimestamp, wibDay } from './time';

/**
 * PENDING holds the money (202 answered, not final yet). REFUNDED means at least one refund was made
 * (partial or full); `refunded` says how much.
 */
export type TransactionState = 'PENDING' | 'SUCCESS' | 'FAILED' | 'CANCELED' | 'REFUNDED';

const STATUS_OF: Record<TransactionState, LatestStatus> = {
  SUCCESS: '00',
  PENDING: '03',
  REFUNDED: '04',
  CANCELED: '05',
  FAILED: '06',
};

export type LatestStatus = '00' | '01' | '02' | '03' | '04' | '05' | '06' | '07';

export const STATUS_DESCRIPTION: Record<LatestStatus, string> = {
  '00': 'Success',
  '01': 'Initiated',
  '02': 'Paying',
  '03': 'Pending',
  '04': 'Refunded',
  '05': 'Canceled',
  '06': 'Failed',
  '07': 'Not found',
};

export type NotifyEvent = 'payment' | 'cancel' | 'refund';
export type NotifyDelivery = 'sending' | 'delivered' | 'gave-up' | 'lost' | 'no-notify-url';

export interface NotifyRecord {
  event: NotifyEvent;
  externalId: string;
  latestTransactionStatus: LatestStatus;
  delivery: NotifyDelivery;
  attempts: number;
}

export interface RefundRecord {
  refundNo: string;
  partnerRefundNo: string;
  amount: Minor;
  at: Date;
}

export interface NewPayment {
  clientKey: string;
  partnerReferenceNo: string;
  externalId: string;
  merchantId: string;
  subMerchantId?: string;
  customerId: string;
  amount: Minor;
  fault: FaultKind;
}

/** A payment as the books keep it: what the request said, and what the provider made of it. */
export interface Transaction extends NewPayment {
  referenceNo: string;
  state: TransactionState;
  failureReason?: string;
  createdAt: Date;
  paidAt?: Date;
  canceledAt?: Date;
  refunds: RefundRecord[];
  /** Queries still to answer "03" before a pending payment settles. */
  pendingQueriesLeft: number;
  pendingOutcome?: 'SUCCESS' | 'FAILED';
  notifications: NotifyRecord[];
}

export function latestStatusOf(transaction: Transaction): LatestStatus {
  return STATUS_OF[transaction.state];
}

export function refundedOf(transaction: Transaction): Minor {
  return transaction.refunds.reduce((sum, r) => sum + r.amount, 0n);
}

export type Lookup = { kind: 'found'; transaction: Transaction } | { kind: 'notFound' };

export class Ledger {
  private readonly balances = new Map<string, Minor>();
  private readonly customers: readonly TestCustomer[];
  private readonly transactions: Transaction[] = [];
  private readonly byPartnerReference = new Map<string, Transaction>();
  private readonly byReferenceNo = new Map<string, Transaction>();
  private readonly refundsByPartnerRefundNo = new Map<
    string,
    { transaction: Transaction; refund: RefundRecord }
  >();
  private sequence = 0;

  constructor(customers: readonly TestCustomer[]) {
    this.customers = customers;
    for (const customer of customers) this.balances.set(customer.id, customer.openingBalance);
  }

  /** Provider-side identifier: yyyyMMdd + "7777" + a 10-digit sequence (22 characters, like the spec sample). */
  nextReferenceNo(now: Date, prefix = ''): string {
    this.sequence += 1;
    return `${prefix}${wibDay(now)}7777${String(this.sequence).padStart(10, '0')}`;
  }

  balance(customerId: string): Minor {
    return this.balances.get(customerId) ?? 0n;
  }

  hasPartnerReference(clientKey: string, partnerReferenceNo: string): boolean {
    return this.byPartnerReference.has(key(clientKey, partnerReferenceNo));
  }

  /** Finds a partner's transaction by either reference; when both are given they must name the same one. */
  find(clientKey: string, refs: { partnerReferenceNo?: string; referenceNo?: string }): Lookup {
    const byPartner =
      refs.partnerReferenceNo === undefined
        ? undefined
        : this.byPartnerReference.get(key(clientKey, refs.partnerReferenceNo));
    const byProvider = refs.referenceNo === undefined ? undefined : this.byReferenceNo.get(refs.referenceNo);
    if (refs.partnerReferenceNo !== undefined && refs.referenceNo !== undefined && byPartner !== byProvider) {
      return { kind: 'notFound' };
    }
    const transaction = byPartner ?? byProvider;
    if (!transaction || transaction.clientKey !== clientKey) return { kind: 'notFound' };
    return { kind: 'found', transaction };
  }

  /** A payment refused before any money moved (declined, no funds, issuer timeout): final, status 06. */
  recordFailed(payment: NewPayment, reason: string, now: Date): Transaction {
    return this.insert(payment, { state: 'FAILED', failureReason: reason }, now);
  }

  /**
   * Takes the money and records the payment, SUCCESS or PENDING (a pending payment holds the money
   * until it settles). Returns undefined, touching nothing, when the balance is short.
   */
  charge(
    payment: NewPayment,
    now: Date,
    pending?: { queries: number; outcome: 'SUCCESS' | 'FAILED' },
  ): Transaction | undefined {
    const balance = this.balance(payment.customerId);
    if (balance < payment.amount) return undefined;
    this.balances.set(payment.customerId, balance - payment.amount);
    return pending
      ? this.insert(
          payment,
          { state: 'PENDING', pendingQueriesLeft: pending.queries, pendingOutcome: pending.outcome },
          now,
        )
      : this.insert(payment, { state: 'SUCCESS', paidAt: now }, now);
  }

  /** A pending payment's final state: SUCCESS keeps the held money, FAILED gives it back. */
  settle(transaction: Transaction, now: Date): void {
    if (transaction.state !== 'PENDING') return;
    if (transaction.pendingOutcome === 'FAILED') {
      this.credit(transaction.customerId, transaction.amount);
      transaction.state = 'FAILED';
      transaction.failureReason = 'Declined after processing';
    } else {
      transaction.state = 'SUCCESS';
      transaction.paidAt = now;
    }
    transaction.pendingQueriesLeft = 0;
  }

  /** Same-day reversal of a pending or paid (not refunded) payment; the customer gets everything back. */
  cancel(transaction: Transaction, now: Date): 'cancelled' | 'alreadyCancelled' | 'notAllowed' {
    if (transaction.state === 'CANCELED') return 'alreadyCancelled';
    const sameDay = wibDay(transaction.createdAt) === wibDay(now);
    if (!sameDay || (transaction.state !== 'PENDING' && transaction.state !== 'SUCCESS')) return 'notAllowed';
    this.credit(transaction.customerId, transaction.amount);
    transaction.state = 'CANCELED';
    transaction.canceledAt = now;
    transaction.pendingQueriesLeft = 0;
    return 'cancelled';
  }

  findRefund(
    clientKey: string,
    partnerRefundNo: string,
  ): { transaction: Transaction; refund: RefundRecord } | undefined {
    return this.refundsByPartnerRefundNo.get(key(clientKey, partnerRefundNo));
  }

  remainingOf(transaction: Transaction): Minor {
    return transaction.amount - refundedOf(transaction);
  }

  refund(
    transaction: Transaction,
    partnerRefundNo: string,
    amount: Minor,
    now: Date,
  ): { kind: 'refunded'; refund: RefundRecord } | { kind: 'notAllowed' } | { kind: 'exceeds' } {
    if (transaction.state !== 'SUCCESS' && transaction.state !== 'REFUNDED') return { kind: 'notAllowed' };
    if (amount <= 0n || amount > this.remainingOf(transaction)) return { kind: 'exceeds' };
    const refund: RefundRecord = {
      refundNo: this.nextReferenceNo(now, 'RF'),
      partnerRefundNo,
      amount,
      at: now,
    };
    transaction.refunds.push(refund);
    transaction.state = 'REFUNDED';
    this.credit(transaction.customerId, amount);
    this.refundsByPartnerRefundNo.set(key(transaction.clientKey, partnerRefundNo), { transaction, refund });
    return { kind: 'refunded', refund };
  }

  snapshot(): LedgerSnapshot {
    return {
      customers: this.customers.map((c) => ({
        id: c.id,
        name: c.name,
        openingBalance: c.openingBalance,
        balance: this.balance(c.id),
      })),
      transactions: this.transactions.map(viewOf),
    };
  }

  private credit(customerId: string, amount: Minor): void {
    this.balances.set(customerId, this.balance(customerId) + amount);
  }

  private insert(
    payment: NewPayment,
    fields: Partial<Transaction> & { state: TransactionState },
    now: Date,
  ): Transaction {
    const transaction: Transaction = {
      ...payment,
      referenceNo: this.nextReferenceNo(now),
      createdAt: now,
      refunds: [],
      pendingQueriesLeft: 0,
      notifications: [],
      ...fields,
    };
    this.transactions.push(transaction);
    this.byPartnerReference.set(key(payment.clientKey, payment.partnerReferenceNo), transaction);
    this.byReferenceNo.set(transaction.referenceNo, transaction);
    return transaction;
  }
}

function key(clientKey: string, reference: string): string {
  return `${clientKey}\u0000${reference}`;
}

export interface CustomerView {
  id: string;
  name: string;
  openingBalance: Minor;
  balance: Minor;
}

export interface TransactionView {
  referenceNo: string;
  partnerId: string;
  partnerReferenceNo: string;
  externalId: string;
  merchantId: string;
  customerId: string;
  amount: Minor;
  refunded: Minor;
  state: TransactionState;
  latestTransactionStatus: LatestStatus;
  fault: FaultKind;
  failureReason?: string;
  createdAt: string;
  paidTime?: string;
  cancelTime?: string;
  refunds: { refundNo: string; partnerRefundNo: string; amount: Minor; refundTime: string }[];
  notifications: NotifyRecord[];
}

export interface LedgerSnapshot {
  customers: CustomerView[];
  transactions: TransactionView[];
}

function viewOf(t: Transaction): TransactionView {
  return {
    referenceNo: t.referenceNo,
    partnerId: t.clientKey,
    partnerReferenceNo: t.partnerReferenceNo,
    externalId: t.externalId,
    merchantId: t.merchantId,
    customerId: t.customerId,
    amount: t.amount,
    refunded: refundedOf(t),
    state: t.state,
    latestTransactionStatus: latestStatusOf(t),
    fault: t.fault,
    ...(t.failureReason === undefined ? {} : { failureReason: t.failureReason }),
    createdAt: snapTimestamp(t.createdAt),
    ...(t.paidAt === undefined ? {} : { paidTime: snapTimestamp(t.paidAt) }),
    ...(t.canceledAt === undefined ? {} : { cancelTime: snapTimestamp(t.canceledAt) }),
    refunds: t.refunds.map((r) => ({
      refundNo: r.refundNo,
      partnerRefundNo: r.partnerRefundNo,
      amount: r.amount,
      refundTime: snapTimestamp(r.at),
    })),
    notifications: t.notifications.map((n) => ({ ...n })),
  };
}

/**
 * The books balance when every customer's balance is the opening balance minus what each of their
 * transactions still holds. Returns the customers for whom that fails (empty = the ledger is exact).
 */
export function unbalancedCustomers(snapshot: LedgerSnapshot): string[] {
  return snapshot.customers
    .filter((customer) => {
      const held = snapshot.transactions
        .filter((t) => t.customerId === customer.id)
        .reduce((sum, t) => sum + heldBy(t), 0n);
      return customer.openingBalance - held !== customer.balance;
    })
    .map((c) => c.id);
}

function heldBy(t: TransactionView): Minor {
  return t.state === 'FAILED' || t.state === 'CANCELED' ? 0n : t.amount - t.refunded;
}
