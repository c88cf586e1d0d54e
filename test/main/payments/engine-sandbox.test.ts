// The engine against the embedded sandbox over real HTTP: every fault in the sandbox's table ends in
// the right final state, and the journal and the sandbox's ledger agree about the money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapAmount } from '../../../main/money/amount';
import type { PaymentState } from '../../../main/payments/states';
import type { FaultKind } from '../../../main/sandbox/faults';
import { FAULT_TABLE, REFUND_FAULT_TABLE } from '../../../main/sandbox/faults';
import { unbalancedCustomers } from '../../../main/sandbox/ledger';
import type { EngineRig } from './support';
import { startEngineRig } from './support';

const EXPECTED: Record<FaultKind, PaymentState> = {
  success: 'PAID',
  declined: 'FAILED',
  pendingThenSuccess: 'PAID',
  pendingThenFailed: 'FAILED',
  lateAnswer: 'PAID',
  chargedThenHttp500: 'PAID',
  chargedThenDrop: 'PAID',
  chargedThenMalformed: 'PAID',
  gatewayTimeout: 'FAILED',
  notifyLost: 'PAID',
  chargedThenMismatch: 'PAID',
  conflictThenSuccess: 'PAID',
  rateLimitedThenSuccess: 'PAID',
  chargedThenOtherAmount: 'PAID',
  notChargedOtherAmount: 'FAILED',
  chargedWithoutReferenceNo: 'PAID',
  tokenExpiredThenSuccess: 'PAID',
  cancelledThenHttp500: 'PAID',
  cancelledThenDrop: 'PAID',
  // Still in progress at its deadline: cancelled, raced by a late success, cancelled again.
  lateSuccessRacesCancel: 'CANCELLED',
};

const LEDGER_STATE: Partial<Record<PaymentState, string>> = {
  PAID: 'SUCCESS',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELED',
};

/** The sandbox's view of one of our payments, in the journal's words. */
function ledgerState(rig: EngineRig, partnerReferenceNo: string): string {
  const t = rig.sandbox.ledger().transactions.find((x) => x.partnerReferenceNo === partnerReferenceNo);
  return t?.state ?? 'ABSENT';
}

let rig: EngineRig;
beforeAll(async () => {
  rig = await startEngineRig({
    timeoutMs: 300,
    sandbox: { faultScript: { lateAnswerMs: 700, pendingQueries: 2 } },
  });
});
afterAll(async () => {
  await rig.close();
});

describe('every fault in the sandbox table', () => {
  it.each(FAULT_TABLE.map((row) => [row.amount, row.fault] as const))(
    '%s (%s) reaches the right final state, agreeing with the ledger',
    async (amount, fault) => {
      const result = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount(amount) });
      const ref = result.payment.partnerReferenceNo;
      expect(result.payment.state).toBe(EXPECTED[fault]);
      expect(ledgerState(rig, ref)).toBe(LEDGER_STATE[EXPECTED[fault]]);
    },
  );

  it('pays an amount outside the table at once', async () => {
    const result = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount('25000.00') });
    expect(result.payment.state).toBe(EXPECTED.success);
  });
});

describe('refusals from the provider', () => {
  it('fails a payment the customer cannot afford (403xx14) and charges nothing', async () => {
    const result = await rig.engine.pay({ qrContent: rig.qr('andi'), amount: parseSnapAmount('6000.00') });
    expect(result.payment).toMatchObject({ state: 'FAILED', responseCode: '4036014' });
  });

  it('fails a second payment with the same single-use QR (404xx11)', async () => {
    const qrContent = rig.qr();
    await rig.engine.pay({ qrContent, amount: parseSnapAmount('100.00') });
    const again = await rig.engine.pay({ qrContent, amount: parseSnapAmount('100.00') });
    expect(again.payment).toMatchObject({ state: 'FAILED', responseCode: '4046011' });
  });
});

describe('cancel and refund', () => {
  it('reverses a paid payment the same day with cancel, and the customer gets the money back', async () => {
    const { payment } = await rig.engine.pay({
      qrContent: rig.qr('siti'),
      amount: parseSnapAmount('500.00'),
    });
    const result = await rig.engine.cancel(payment.partnerReferenceNo, {
      reason: 'wrong item',
      requestedBy: 'SPV-1',
    });
    expect(result.payment.state).toBe('CANCELLED');
    expect(ledgerState(rig, payment.partnerReferenceNo)).toBe('CANCELED');
  });

  it('refunds in parts up to the paid amount, each under its own partnerRefundNo', async () => {
    const { payment } = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount('300.00') });
    const first = await rig.engine.refund(payment.partnerReferenceNo, { amount: parseSnapAmount('100.00') });
    const rest = await rig.engine.refund(payment.partnerReferenceNo, { amount: parseSnapAmount('200.00') });
    expect([first.refund.state, rest.refund.state]).toEqual(['REFUNDED', 'REFUNDED']);
    expect(first.refund.partnerRefundNo).not.toBe(rest.refund.partnerRefundNo);
    const inLedger = rig.sandbox
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === payment.partnerReferenceNo);
    expect(inLedger?.refunded).toBe(30000n);
  });

  it('refuses a refund beyond what is left before sending anything', async () => {
    const { payment } = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount('300.00') });
    await rig.engine.refund(payment.partnerReferenceNo, { amount: parseSnapAmount('250.00') });
    await expect(
      rig.engine.refund(payment.partnerReferenceNo, { amount: parseSnapAmount('50.01') }),
    ).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_REMAINING' });
    expect(rig.journal.refundsOf(payment.id)).toHaveLength(1);
  });

  it('cancels a payment still pending at its deadline, and the sandbox holds nothing', async () => {
    const slow = await startEngineRig({
      timeoutMs: 300,
      sandbox: { faultScript: { pendingQueries: 10_000 } },
      policy: { queryDelaysMs: [20], deadlineMs: 300, settleMs: 1_000, confirmNotFoundMs: 20 },
    });
    try {
      const result = await slow.engine.pay({ qrContent: slow.qr(), amount: parseSnapAmount('10002.00') });
      expect(result.payment.state).toBe('CANCELLED');
      expect(ledgerState(slow, result.payment.partnerReferenceNo)).toBe('CANCELED');
    } finally {
      await slow.close();
    }
  });
});

describe('lost answers to cancels and refunds', () => {
  it.each(['10031.00', '10032.00'])(
    'reverses a sale whose cancel answer is lost (%s) by querying: CANCELLED, as in the ledger',
    async (amount) => {
      const { payment } = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount(amount) });
      expect(payment.state).toBe('PAID');
      const result = await rig.engine.cancel(payment.partnerReferenceNo, { reason: 'wrong item' });
      expect(result.payment.state).toBe('CANCELLED');
      expect(ledgerState(rig, payment.partnerReferenceNo)).toBe('CANCELED');
      expect(rig.journal.reversalFacts(payment.id)).toMatchObject({ wasPaid: true, lost: true });
    },
  );

  it.each(REFUND_FAULT_TABLE.map((row) => [row.amount, row.fault] as const))(
    'settles a refund whose answer is lost (%s, %s) by sending the same refund again, refunded once',
    async (amount) => {
      const { payment } = await rig.engine.pay({ qrContent: rig.qr(), amount: parseSnapAmount('20000.00') });
      const result = await rig.engine.refund(payment.partnerReferenceNo, { amount: parseSnapAmount(amount) });
      expect(result).toMatchObject({ outcome: 'refunded', refund: { state: 'REFUNDED' } });
      const inLedger = rig.sandbox
        .ledger()
        .transactions.find((t) => t.partnerReferenceNo === payment.partnerReferenceNo);
      expect(inLedger?.refunds.map((r) => r.partnerRefundNo)).toEqual([result.refund.partnerRefundNo]);
      expect(inLedger?.refunded).toBe(parseSnapAmount(amount));
    },
  );
});

describe('the books', () => {
  it('balance: every customer holds exactly their opening balance minus what they paid', () => {
    expect(unbalancedCustomers(rig.sandbox.ledger())).toEqual([]);
  });

  it('agree with the journal: paid in one exactly when charged in the other, refunds to the sen', () => {
    const journal = rig.journal.history({ limit: 500 }).items;
    for (const payment of journal) {
      const charged = ['SUCCESS', 'REFUNDED'].includes(ledgerState(rig, payment.partnerReferenceNo));
      expect([payment.partnerReferenceNo, payment.state === 'PAID']).toEqual([
        payment.partnerReferenceNo,
        charged,
      ]);
      const inLedger = rig.sandbox
        .ledger()
        .transactions.find((t) => t.partnerReferenceNo === payment.partnerReferenceNo);
      expect([payment.partnerReferenceNo, rig.journal.refundedTotal(payment.id)]).toEqual([
        payment.partnerReferenceNo,
        inLedger?.refunded ?? 0n,
      ]);
    }
  });
});
