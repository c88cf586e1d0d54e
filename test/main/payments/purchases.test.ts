// PPOB purchases in the journal: one more operation kind through the same compare-and-set, with its
// own append-only history (a cash purchase has no payment), one open purchase per product and
// customer number, and the outbox the merchant server syncs from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import type { NewPurchase } from '../../../main/payments/journal';
import { Journal } from '../../../main/payments/journal';

let dir: string;
let file: string;
let journal: Journal;

function purchase(overrides: Partial<NewPurchase> = {}): NewPurchase {
  return {
    provider: 'klikoo',
    partnerReferenceId: '6d654219-d9b7-4e1a-8b51-99a5cafb11cb',
    product: { code: 'TSEL10', name: 'Telkomsel 10.000', category: 'pulsa' },
    customerNo: '08996647676',
    buyPrice: 1_045_000n,
    sellingPrice: 1_200_000n,
    terminalId: 'T-01',
    requestTimeoutMs: 30_000,
    deadlineAt: Date.now() + 1_800_000,
    awaitingPayment: false,
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KasirError) return error.code;
    throw error;
  }
  throw new Error('expected a KasirError');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-purchases-'));
  file = join(dir, 'journal.sqlite');
  journal = Journal.open(file);
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a purchase in the journal', () => {
  it('is journaled in SENDING with its first send, before its request leaves', () => {
    const p = journal.beginPurchase(purchase());
    expect(p).toMatchObject({
      state: 'SENDING',
      buyPrice: 1_045_000n,
      sellingPrice: 1_200_000n,
      paymentId: null,
    });
    expect(journal.purchaseEvents(p.id).map((e) => [e.kind, e.toState])).toEqual([
      ['created', 'SENDING'],
      ['send', null],
    ]);
    expect(journal.findPurchase('6d654219-d9b7-4e1a-8b51-99a5cafb11cb')?.id).toBe(p.id);
  });

  it('a sale paid by QRIS waits for its payment, nothing sent yet', () => {
    const p = journal.beginPurchase(purchase({ awaitingPayment: true }));
    expect(p.state).toBe('AWAITING_PAYMENT');
    expect(journal.purchaseEvents(p.id).map((e) => e.kind)).toEqual(['created']);
  });

  it('moves through the one compare-and-set, refusing a stale or impossible move', () => {
    const p = journal.beginPurchase(purchase());
    const waiting = journal.updatePurchase(
      p.id,
      'SENDING',
      'WAITING',
      { transactionId: '14429004' },
      { kind: 'answer', providerStatus: 'WAITING' },
    );
    expect(waiting).toMatchObject({ state: 'WAITING', transactionId: '14429004' });
    expect(codeOf(() => journal.updatePurchase(p.id, 'SENDING', 'SUCCESS', {}, { kind: 'check' }))).toBe(
      'STALE_STATE',
    );
    expect(codeOf(() => journal.updatePurchase(p.id, 'WAITING', 'SENDING', {}, { kind: 'resend' }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    journal.updatePurchase(
      p.id,
      'WAITING',
      'SUCCESS',
      { sn: '223731' },
      { kind: 'check', providerStatus: 'SUCCESS' },
      'relaxed',
    );
    expect(journal.getPurchase(p.id)).toMatchObject({ state: 'SUCCESS', sn: '223731' });
    expect(journal.findPurchase('14429004')?.id).toBe(p.id);
    expect(journal.openPurchases()).toEqual([]);
  });

  it('allows one open purchase per product and customer number, across every process', () => {
    journal.beginPurchase(purchase());
    const other = Journal.open(file);
    try {
      expect(
        codeOf(() =>
          other.beginPurchase(purchase({ partnerReferenceId: '0b3f1c52-8a4e-4d6b-9f1e-2c7a5d9e8b10' })),
        ),
      ).toBe('PURCHASE_IN_FLIGHT');
      // Another number, or another product, is a purchase of its own.
      other.beginPurchase(
        purchase({ partnerReferenceId: '1c4a2d63-9b5f-4e7c-8a2f-3d8b6e0f9c21', customerNo: '08996647677' }),
      );
    } finally {
      other.close();
    }
  });

  it('refuses a partner_reference_id used before', () => {
    const p = journal.beginPurchase(purchase());
    journal.updatePurchase(p.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    expect(codeOf(() => journal.beginPurchase(purchase()))).toBe('REFERENCE_TAKEN');
  });

  it('keeps its history append-only', () => {
    const p = journal.beginPurchase(purchase());
    journal.close();
    const raw = new DatabaseSync(file);
    try {
      expect(() => raw.exec(`UPDATE purchase_events SET kind = 'x' WHERE purchase_id = ${p.id}`)).toThrow(
        /append-only/,
      );
      expect(() => raw.exec(`DELETE FROM purchase_events WHERE purchase_id = ${p.id}`)).toThrow(
        /append-only/,
      );
    } finally {
      raw.close();
      journal = Journal.open(file);
    }
  });

  it("hands the merchant server every purchase event after a cursor, in order, beside the payments' outbox", () => {
    const a = journal.beginPurchase(purchase());
    journal.updatePurchase(a.id, 'SENDING', 'SUCCESS', { sn: '1' }, { kind: 'answer' });
    const events = journal.purchaseEventsAfter(0);
    expect(events.map((e) => [e.purchaseId, e.kind, e.toState])).toEqual([
      [a.id, 'created', 'SENDING'],
      [a.id, 'send', null],
      [a.id, 'answer', 'SUCCESS'],
    ]);
    expect(journal.purchaseEventsAfter(events[1]?.id ?? 0).map((e) => e.kind)).toEqual(['answer']);
    expect(journal.eventsAfter(0)).toEqual([]);
  });

  it('lists a failed sale paid by QRIS as owed its refund until the refund is linked', () => {
    const payment = journal.beginPayment({
      partnerReferenceNo: 'SALE-1',
      terminalId: 'T-01',
      merchantId: 'M',
      amount: 1_200_000n,
      currency: 'IDR',
      qrFingerprint: 'sha256:0',
      externalId: '1',
      requestTimeoutMs: 1,
      deadlineAt: 1,
    });
    journal.updatePayment(payment.id, 'SENDING', 'PAID', { referenceNo: 'R1' }, { kind: 'answer' });
    const p = journal.beginPurchase(purchase({ awaitingPayment: true }));
    journal.updatePurchase(
      p.id,
      'AWAITING_PAYMENT',
      undefined,
      { paymentId: payment.id },
      { kind: 'payment' },
    );
    journal.updatePurchase(p.id, 'AWAITING_PAYMENT', 'SENDING', {}, { kind: 'send' });
    journal.updatePurchase(p.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    expect(journal.purchasesOwedRefund().map((x) => x.id)).toEqual([p.id]);
    expect(journal.findPurchase('SALE-1')?.id).toBe(p.id);
    const refund = journal.beginRefund({
      paymentId: payment.id,
      partnerRefundNo: 'RF-1',
      amount: 1_200_000n,
      externalId: '2',
    });
    journal.updatePurchase(p.id, 'FAILED', undefined, { refundId: refund.id }, { kind: 'refund' });
    expect(journal.purchasesOwedRefund()).toEqual([]);
  });
});
