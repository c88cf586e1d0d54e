// The PPOB sandbox's books: each partner's deposit and every purchase with its status. A purchase
// holds its price from the deposit while WAITING or SUCCESS and gives it back when it FAILS, so the
// books balance when every deposit is its opening balance minus what its purchases hold. All
// mutations are synchronous: two requests can never interleave between "is there enough" and "take it".

import type { Minor } from '../../money/amount';
import { formatSnapAmount } from '../../money/amount';
import type { PpobFaultKind } from './catalogue';

export type SandboxPurchaseStatus = 'WAITING' | 'SUCCESS' | 'FAILED';

export interface SandboxPurchase {
  provider: 'klikoo' | 'doku';
  partnerId: string;
  transactionId: string;
  /** Klikoo's partner_reference_id, DOKU's payment Request-Id: the purchase's idempotency key. */
  reference: string;
  productCode: string;
  customerNo: string;
  amount: Minor;
  sellingPrice?: Minor | undefined;
  status: SandboxPurchaseStatus;
  sn?: string | undefined;
  reason?: string | undefined;
  /** DOKU: the code an advice answers for a failed payment. */
  failureCode?: string | undefined;
  inquiryId?: string | undefined;
  period?: string | undefined;
  fault?: PpobFaultKind | undefined;
  createdAt: Date;
  settledAt?: Date | undefined;
  /** Lookups (detail, history, advice) still to answer WAITING before it settles. */
  waitingLookupsLeft: number;
  waitingOutcome?: 'SUCCESS' | 'FAILED' | undefined;
  /** Until then lookups answer "not found" (a search index lagging behind the write). */
  hiddenUntil?: Date | undefined;
  /** Answers of a settled purchase: the sn it will get, computed at creation. */
  pendingSn?: string | undefined;
}

export interface NewSandboxPurchase
  extends Omit<SandboxPurchase, 'transactionId' | 'createdAt' | 'settledAt' | 'status'> {
  status: SandboxPurchaseStatus;
}

export class PpobLedger {
  private readonly deposits = new Map<string, { opening: Minor; balance: Minor }>();
  private readonly purchases: SandboxPurchase[] = [];
  private readonly byReference = new Map<string, SandboxPurchase>();
  private readonly byTransactionId = new Map<string, SandboxPurchase>();
  private readonly paidBills = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly provider: 'klikoo' | 'doku',
    private readonly openingDeposit: Minor,
  ) {}

  private account(partnerId: string): { opening: Minor; balance: Minor } {
    let account = this.deposits.get(partnerId);
    if (!account) {
      account = { opening: this.openingDeposit, balance: this.openingDeposit };
      this.deposits.set(partnerId, account);
    }
    return account;
  }

  balance(partnerId: string): Minor {
    return this.account(partnerId).balance;
  }

  findByReference(partnerId: string, reference: string): SandboxPurchase | undefined {
    return this.byReference.get(`${partnerId}\u0000${reference}`);
  }

  findByTransactionId(partnerId: string, transactionId: string): SandboxPurchase | undefined {
    const found = this.byTransactionId.get(transactionId);
    return found?.partnerId === partnerId ? found : undefined;
  }

  /** A partner's purchases, newest first. */
  list(partnerId: string): SandboxPurchase[] {
    return this.purchases.filter((p) => p.partnerId === partnerId).reverse();
  }

  /** Another purchase for the same customer number still in progress (DOKU's U004). */
  waitingFor(partnerId: string, customerNo: string): SandboxPurchase | undefined {
    return this.purchases.find(
      (p) => p.partnerId === partnerId && p.customerNo === customerNo && p.status === 'WAITING',
    );
  }

  /**
   * Records a purchase. WAITING and SUCCESS take its price from the deposit; returns undefined,
   * touching nothing, when the deposit is short. FAILED is recorded without touching it.
   */
  create(input: NewSandboxPurchase, now: Date): SandboxPurchase | undefined {
    const account = this.account(input.partnerId);
    if (input.status !== 'FAILED') {
      if (account.balance < input.amount) return undefined;
      account.balance -= input.amount;
    }
    this.sequence += 1;
    const purchase: SandboxPurchase = {
      ...input,
      transactionId: `${this.provider === 'klikoo' ? '1442' : 'DKB'}${String(this.sequence).padStart(8, '0')}`,
      createdAt: now,
      ...(input.status === 'WAITING' ? {} : { settledAt: now }),
    };
    this.purchases.push(purchase);
    this.byReference.set(`${input.partnerId}\u0000${input.reference}`, purchase);
    this.byTransactionId.set(purchase.transactionId, purchase);
    if (purchase.status === 'SUCCESS' && purchase.period !== undefined)
      this.markBillPaid(purchase.customerNo, purchase.period);
    return purchase;
  }

  /** A WAITING purchase's final status: SUCCESS keeps the held price, FAILED gives it back. */
  settle(purchase: SandboxPurchase, now: Date): boolean {
    if (purchase.status !== 'WAITING') return false;
    purchase.status = purchase.waitingOutcome ?? 'SUCCESS';
    purchase.settledAt = now;
    purchase.waitingLookupsLeft = 0;
    if (purchase.status === 'FAILED') {
      this.account(purchase.partnerId).balance += purchase.amount;
      purchase.reason = purchase.reason ?? 'Transaksi gagal di operator';
      purchase.failureCode = purchase.failureCode ?? 'U000';
    } else {
      purchase.sn = purchase.pendingSn;
      if (purchase.period !== undefined) this.markBillPaid(purchase.customerNo, purchase.period);
    }
    return true;
  }

  /**
   * One lookup of a purchase (detail, history, advice): invisible while it lags, and counting down
   * its WAITING lookups. Returns whether the lookup sees it at all, and whether this lookup settled it.
   */
  lookup(purchase: SandboxPurchase, now: Date): { visible: boolean; settled: boolean } {
    if (purchase.hiddenUntil !== undefined && now < purchase.hiddenUntil)
      return { visible: false, settled: false };
    if (purchase.status !== 'WAITING') return { visible: true, settled: false };
    if (purchase.waitingLookupsLeft > 1) {
      purchase.waitingLookupsLeft -= 1;
      return { visible: true, settled: false };
    }
    return { visible: true, settled: this.settle(purchase, now) };
  }

  markBillPaid(customerNo: string, period: string): void {
    this.paidBills.add(`${customerNo}/${period}`);
  }

  billPaid(customerNo: string, period: string): boolean {
    return this.paidBills.has(`${customerNo}/${period}`);
  }

  snapshot(): PpobLedgerSnapshot {
    return {
      provider: this.provider,
      deposits: [...this.deposits.entries()].map(([partnerId, a]) => ({
        partnerId,
        opening: a.opening,
        balance: a.balance,
      })),
      purchases: this.purchases.map((p) => ({
        transactionId: p.transactionId,
        partnerId: p.partnerId,
        reference: p.reference,
        productCode: p.productCode,
        customerNo: p.customerNo,
        amount: p.amount,
        status: p.status,
        ...(p.sn === undefined ? {} : { sn: p.sn }),
        ...(p.reason === undefined ? {} : { reason: p.reason }),
        ...(p.fault === undefined ? {} : { fault: p.fault }),
        createdAt: p.createdAt.toISOString(),
      })),
    };
  }
}

export interface PpobLedgerSnapshot {
  provider: 'klikoo' | 'doku';
  deposits: { partnerId: string; opening: Minor; balance: Minor }[];
  purchases: {
    transactionId: string;
    partnerId: string;
    reference: string;
    productCode: string;
    customerNo: string;
    amount: Minor;
    status: SandboxPurchaseStatus;
    sn?: string;
    reason?: string;
    fault?: PpobFaultKind;
    createdAt: string;
  }[];
}

/** Partners whose deposit is not the opening balance minus what their purchases hold (empty: exact). */
export function unbalancedDeposits(snapshot: PpobLedgerSnapshot): string[] {
  return snapshot.deposits
    .filter((d) => {
      const held = snapshot.purchases
        .filter((p) => p.partnerId === d.partnerId && p.status !== 'FAILED')
        .reduce((sum, p) => sum + p.amount, 0n);
      return d.opening - held !== d.balance;
    })
    .map((d) => d.partnerId);
}

/** The books as GET /sandbox/ledger shows them: amounts as "10450.00" strings, like the SNAP sandbox's. */
export function ppobLedgerJson(snapshot: PpobLedgerSnapshot) {
  return {
    provider: snapshot.provider,
    deposits: snapshot.deposits.map((d) => ({
      ...d,
      opening: formatSnapAmount(d.opening),
      balance: formatSnapAmount(d.balance),
    })),
    purchases: snapshot.purchases.map((p) => ({ ...p, amount: formatSnapAmount(p.amount) })),
  };
}
