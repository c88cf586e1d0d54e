// The ledger: what GET /sandbox/ledger shows, and that notify, query and the ledger never disagree.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CUSTOMERS } from '../../../main/sandbox/customers';
import { Ledger, unbalancedCustomers } from '../../../main/sandbox/ledger';
import type { NotifyReceiver } from './notify-receiver';
import { startNotifyReceiver } from './notify-receiver';
import type { TestRig } from './support';
import { nextPartnerReference, startRig } from './support';

describe('GET /sandbox/ledger', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  async function pay(amount: string, customerId?: string): Promise<string> {
    const partnerReferenceNo = nextPartnerReference();
    await rig.client.pay({
      partnerReferenceNo,
      qrContent: rig.sandbox.issueQr(customerId).qrContent,
      amount: { value: amount, currency: 'IDR' },
      merchantId: '00007100010926',
      expiryTime: '60',
    });
    return partnerReferenceNo;
  }

  async function ledgerOverHttp(): Promise<{
    customers: Record<string, unknown>[];
    transactions: Record<string, unknown>[];
  }> {
    const response = await fetch(`${rig.sandbox.baseUrl}/sandbox/ledger`);
    expect(response.status).toBe(200);
    return (await response.json()) as {
      customers: Record<string, unknown>[];
      transactions: Record<string, unknown>[];
    };
  }

  it('lists every transaction with its state and amounts as n.nn strings', async () => {
    const paid = await pay('12500.00');
    await rig.client.refund({
      originalPartnerReferenceNo: paid,
      partnerRefundNo: 'RF-L1',
      refundAmount: { value: '2500.50', currency: 'IDR' },
    });
    const declined = await pay('10001.00');
    const ledger = await ledgerOverHttp();
    expect(ledger.transactions).toEqual([
      expect.objectContaining({
        partnerReferenceNo: paid,
        amount: '12500.00',
        refunded: '2500.50',
        state: 'REFUNDED',
        latestTransactionStatus: '04',
        customerId: 'budi',
        refunds: [expect.objectContaining({ partnerRefundNo: 'RF-L1', amount: '2500.50' })],
      }),
      expect.objectContaining({
        partnerReferenceNo: declined,
        amount: '10001.00',
        refunded: '0.00',
        state: 'FAILED',
        latestTransactionStatus: '06',
        fault: 'declined',
      }),
    ]);
  });

  it('lists the test customers with opening and current balances', async () => {
    await pay('1000.00', 'siti');
    const ledger = await ledgerOverHttp();
    expect(ledger.customers).toEqual([
      expect.objectContaining({ id: 'budi', openingBalance: '100000000.00', balance: '100000000.00' }),
      expect.objectContaining({ id: 'siti', openingBalance: '2500000.00', balance: '2499000.00' }),
      expect.objectContaining({ id: 'andi', openingBalance: '5000.00', balance: '5000.00' }),
    ]);
  });

  it('refuses anything but GET with a SNAP-shaped 405', async () => {
    const response = await fetch(`${rig.sandbox.baseUrl}/sandbox/ledger`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({
      responseCode: '4050000',
      responseMessage: 'Requested Function Is Not Supported',
    });
  });
});

describe('notify, query and the ledger agree', () => {
  let rig: TestRig;
  let receiver: NotifyReceiver;
  beforeEach(async () => {
    receiver = await startNotifyReceiver();
    rig = await startRig({
      notifyUrl: receiver.url,
      notifyRetryDelaysMs: [5],
      faultScript: { pendingQueries: 1 },
    });
  });
  afterEach(async () => {
    await rig.close();
    await receiver.close();
  });

  it('after a day of mixed payments, cancels, refunds and faults', async () => {
    const refs: string[] = [];
    const pay = async (amount: string, customerId?: string) => {
      const partnerReferenceNo = nextPartnerReference();
      refs.push(partnerReferenceNo);
      await rig.client.pay({
        partnerReferenceNo,
        qrContent: rig.sandbox.issueQr(customerId).qrContent,
        amount: { value: amount, currency: 'IDR' },
        merchantId: '00007100010926',
        expiryTime: '60',
      });
      return partnerReferenceNo;
    };
    await pay('20000.00');
    const cancelled = await pay('15000.00');
    await rig.client.cancel({ originalPartnerReferenceNo: cancelled });
    const refunded = await pay('30000.00');
    await rig.client.refund({
      originalPartnerReferenceNo: refunded,
      partnerRefundNo: 'RF-A',
      refundAmount: { value: '10000.00', currency: 'IDR' },
    });
    await rig.client.refund({
      originalPartnerReferenceNo: refunded,
      partnerRefundNo: 'RF-B',
      refundAmount: { value: '20000.00', currency: 'IDR' },
    });
    await pay('6000.00', 'andi');
    await pay('10001.00');
    await pay('10008.00');
    const pendingOk = await pay('10002.00');
    const pendingFailed = await pay('10003.00');
    for (const ref of [pendingOk, pendingFailed, pendingOk, pendingFailed]) {
      await rig.client.query({ originalPartnerReferenceNo: ref });
    }
    await rig.sandbox.notifyIdle();

    const ledger = rig.sandbox.ledger();
    expect(unbalancedCustomers(ledger)).toEqual([]);
    for (const ref of refs) {
      const entry = ledger.transactions.find((t) => t.partnerReferenceNo === ref);
      const query = await rig.client.query({ originalPartnerReferenceNo: ref });
      const notifies = receiver.received.filter((n) => n.body.originalPartnerReferenceNo === ref);
      const lastNotify = notifies.at(-1)?.body.latestTransactionStatus;
      expect({
        ref,
        query: query.kind === 'answer' ? query.body.latestTransactionStatus : 'none',
        notify: lastNotify,
      }).toEqual({
        ref,
        query: entry?.latestTransactionStatus,
        notify: entry?.latestTransactionStatus,
      });
    }
  });
});

describe('Ledger', () => {
  const now = new Date('2024-05-01T03:00:00Z');
  const payment = (partnerReferenceNo: string, amount: bigint, customerId = 'budi') => ({
    clientKey: 'p',
    partnerReferenceNo,
    externalId: '1',
    merchantId: 'm',
    customerId,
    amount,
    fault: 'success' as const,
  });

  it('charges nothing and records nothing when the balance is short', () => {
    const ledger = new Ledger(TEST_CUSTOMERS);
    expect(ledger.charge(payment('A', 500_001n, 'andi'), now)).toBeUndefined();
    expect(ledger.balance('andi')).toBe(500_000n);
    expect(ledger.snapshot().transactions).toEqual([]);
  });

  it('gives a pending payment’s held money back when it settles as failed', () => {
    const ledger = new Ledger(TEST_CUSTOMERS);
    const pending = ledger.charge(payment('A', 100n), now, { queries: 0, outcome: 'FAILED' });
    if (!pending) throw new Error('not charged');
    const opening = ledger.balance('budi') + 100n;
    ledger.settle(pending, now);
    expect(pending.state).toBe('FAILED');
    expect(ledger.balance('budi')).toBe(opening);
    expect(unbalancedCustomers(ledger.snapshot())).toEqual([]);
  });

  it('refuses a refund of zero as beyond what remains', () => {
    const ledger = new Ledger(TEST_CUSTOMERS);
    const paid = ledger.charge(payment('A', 100n), now);
    if (!paid) throw new Error('not charged');
    expect(ledger.refund(paid, 'R', 0n, now).kind).toBe('exceeds');
  });

  it('hands out a distinct 22-digit referenceNo for every transaction', () => {
    const ledger = new Ledger(TEST_CUSTOMERS);
    const refs = Array.from({ length: 5 }, (_, i) => ledger.charge(payment(`A${i}`, 1n), now)?.referenceNo);
    expect(new Set(refs).size).toBe(5);
    for (const ref of refs) expect(ref).toMatch(/^20240501\d{14}$/);
  });
});
