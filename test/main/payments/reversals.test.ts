// Reversals, refunds and contradictory or hostile answers: the paths where a terminal could tell the
// cashier the wrong outcome for money. Driven through the real SNAP client over real HTTP by a
// provider that answers exactly what each test scripts, with the spec's sample answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { parseSnapAmount } from '../../../main/money/amount';
import type { PaymentRecord } from '../../../main/payments/journal';
import type { ScriptedRig } from './scripted-provider';
import {
  cancelled,
  error,
  MERCHANT_ID,
  paid,
  refunded,
  startScriptedRig,
  status,
  TERMINAL_ID,
} from './scripted-provider';

/** The EMVCo QRCPS example payload. */
const QR =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';
const AMOUNT = parseSnapAmount('10000.00');

let rig: ScriptedRig;
beforeEach(async () => {
  rig = await startScriptedRig();
});
afterEach(async () => {
  await rig.engine.idle();
  await rig.close();
});

function pay() {
  return rig.engine.pay({ qrContent: QR, amount: AMOUNT });
}

async function paidSale(): Promise<PaymentRecord> {
  rig.provider.on('payment', (r) => paid(r));
  const result = await pay();
  expect(result.payment.state).toBe('PAID');
  return result.payment;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof KasirError) return e.code;
    throw e;
  }
  throw new Error('expected a KasirError');
}

const anomalyKinds = () => rig.journal.anomalies(1000).map((a) => a.kind);

describe('a reversal is judged on its whole cancel history', () => {
  /** Pending until the deadline cancel, which is accepted; then a lagging 00 and refused re-cancels. */
  function laggingAfterAcceptedCancel(): void {
    let cancels = 0;
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r) => status(r, cancels === 0 ? '03' : '00'));
    rig.provider.on('cancel', (r) => {
      cancels += 1;
      return cancels === 1 ? cancelled(r) : error(404, '4046200', 'Invalid Transaction Status');
    });
  }

  it('never settles PAID after an accepted cancel, even when a later cancel is refused and the query lags at 00', async () => {
    laggingAfterAcceptedCancel();
    const result = await pay();
    expect(result).toMatchObject({ outcome: 'unresolved', payment: { state: 'CANCEL_UNKNOWN' } });
    expect(anomalyKinds()).toContain('reversal-unconfirmed');
  });

  it('settles that payment CANCELLED once the provider stops lagging', async () => {
    laggingAfterAcceptedCancel();
    expect((await pay()).outcome).toBe('unresolved');
    rig.provider.on('query', (r) => status(r, '05'));
    const recovered = await rig.engine.recover();
    expect(recovered.payments.map((p) => p.payment.state)).toEqual(['CANCELLED']);
  });

  it('keeps a same-day reversal of a paid sale unresolved when its accepted cancel is followed by a refusal and a lagging 00', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', (r, n) =>
      n === 1 ? cancelled(r) : error(404, '4046200', 'Invalid Transaction Status'),
    );
    const result = await rig.engine.cancel(sale.partnerReferenceNo);
    expect(result).toMatchObject({ outcome: 'unresolved', payment: { state: 'CANCEL_UNKNOWN' } });
  });

  it('refuses a full refund on top of a reversal the provider may have made', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', (r, n) =>
      n === 1 ? cancelled(r) : error(404, '4046200', 'Invalid Transaction Status'),
    );
    await rig.engine.cancel(sale.partnerReferenceNo);
    rig.provider.on('refund', (r) => refunded(r));
    expect(await codeOf(rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT }))).toBe(
      'PAYMENT_NOT_REFUNDABLE',
    );
    expect(rig.provider.of('refund')).toHaveLength(0);
  });

  it('does not restore PAID when a cancel answer was lost and its re-send is refused', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', (_r, n) =>
      n === 1 ? { drop: true } : error(405, '4056201', 'Requested Opearation Is Not Allowed'),
    );
    const result = await rig.engine.cancel(sale.partnerReferenceNo);
    expect(result).toMatchObject({ outcome: 'unresolved', payment: { state: 'CANCEL_UNKNOWN' } });
    expect(rig.journal.reversalFacts(sale.id)).toEqual({
      wasPaid: true,
      accepted: false,
      lost: true,
      refused: true,
    });
  });

  it('lets a paid sale stand when its only cancel is cleanly refused and the provider still says 00', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', () => error(405, '4056201', 'Requested Opearation Is Not Allowed'));
    const result = await rig.engine.cancel(sale.partnerReferenceNo);
    expect(result).toMatchObject({ outcome: 'paid', payment: { state: 'PAID' } });
  });
});

describe('a sale the provider confirmed paid', () => {
  for (const [latest, label] of [
    ['07', 'not found'],
    ['06', 'failed'],
  ] as const) {
    it(`is never turned FAILED by a refused cancel and a query saying ${latest} (${label}): left for a supervisor`, async () => {
      const sale = await paidSale();
      rig.provider.on('cancel', () => error(405, '4056201', 'Requested Opearation Is Not Allowed'));
      rig.provider.on('query', (r) => status(r, latest));
      const result = await rig.engine.cancel(sale.partnerReferenceNo);
      expect(result).toMatchObject({ outcome: 'unresolved', payment: { state: 'CANCEL_UNKNOWN' } });
      expect(anomalyKinds()).toContain('reversal-contradicts-paid-sale');
    });
  }

  it('is never turned FAILED by a lost cancel and a query saying 07', async () => {
    const sale = await paidSale();
    rig.provider.on('cancel', () => ({ drop: true }));
    rig.provider.on('query', (r) => status(r, '07'));
    const result = await rig.engine.cancel(sale.partnerReferenceNo);
    expect(result.outcome).toBe('unresolved');
  });

  it('ends CANCELLED on an accepted cancel and a query that no longer says 00', async () => {
    const sale = await paidSale();
    rig.provider.on('cancel', (r) => cancelled(r));
    rig.provider.on('query', (r) => status(r, '06'));
    const result = await rig.engine.cancel(sale.partnerReferenceNo);
    expect(result).toMatchObject({ outcome: 'not_paid', payment: { state: 'CANCELLED' } });
  });

  it('ends CANCELLED on a query saying 05, whatever the cancel answered', async () => {
    const sale = await paidSale();
    rig.provider.on('cancel', () => ({ drop: true }));
    rig.provider.on('query', (r) => status(r, '05'));
    expect((await rig.engine.cancel(sale.partnerReferenceNo)).payment.state).toBe('CANCELLED');
  });

  it('leaves no cancel open once the payment is final', async () => {
    const sale = await paidSale();
    rig.provider.on('cancel', () => ({ drop: true }));
    rig.provider.on('query', (r) => status(r, '05'));
    await rig.engine.cancel(sale.partnerReferenceNo);
    expect(rig.journal.openCancelOf(sale.id)).toBeUndefined();
    expect(rig.journal.cancelsOf(sale.id).map((c) => c.state)).toEqual(['CANCEL_CLOSED']);
  });
});

describe('elapsed time on the monotonic clock', () => {
  it('does not conclude "not charged" from 07 before the request’s own timeout, however far the wall clock jumps', async () => {
    await rig.close();
    let offset = 0;
    rig = await startScriptedRig({ timeoutMs: 300, engine: { now: () => Date.now() + offset } });
    let sentAt = 0;
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') {
        sentAt = performance.now();
        offset = 3_600_000; // an NTP step while the request is out
      }
    });
    rig.provider.on('payment', () => ({ drop: true }));
    rig.provider.on('query', (r) => status(r, '07'));
    let settledAt = 0;
    rig.engine.subscribe((event) => {
      if (event.operation === 'payment' && event.state === 'FAILED') settledAt = performance.now();
    });
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(settledAt - sentAt).toBeGreaterThanOrEqual(300);
  });

  it('does not cancel at the deadline early when the wall clock jumps forward', async () => {
    await rig.close();
    let offset = 0;
    rig = await startScriptedRig({ engine: { now: () => Date.now() + offset } });
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') offset = 3_600_000;
    });
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    let pending = 2;
    rig.provider.on('query', (r) => status(r, pending-- > 0 ? '03' : '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('cancel')).toHaveLength(0);
  });
});

describe('refunds after an unknown outcome', () => {
  it('keeps a refund unresolved, its amount reserved, when the re-send after a lost answer is refused', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', (_r, n) =>
      n === 1 ? { drop: true } : error(403, '4038015', 'Transaction Not Permitted.'),
    );
    const first = await rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT });
    expect(first).toMatchObject({ outcome: 'unresolved', refund: { state: 'REFUND_UNKNOWN' } });
    expect(anomalyKinds()).toContain('refund-ambiguous');
    const sent = new Set(rig.provider.of('refund').map((r) => r.body.partnerRefundNo));
    expect(await codeOf(rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT }))).toBe(
      'REFUND_EXCEEDS_REMAINING',
    );
    expect(new Set(rig.provider.of('refund').map((r) => r.body.partnerRefundNo))).toEqual(sent);
    expect(sent.size).toBe(1);
  });

  it('settles a re-sent refund as REFUNDED when the provider answers 409xx01 "already processed"', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', (_r, n) =>
      n === 1 ? { drop: true } : error(409, '4098001', 'Duplicate partnerReferenceNo'),
    );
    const result = await rig.engine.refund(sale.partnerReferenceNo, { amount: parseSnapAmount('2500.00') });
    expect(result).toMatchObject({ outcome: 'refunded', refund: { state: 'REFUNDED' } });
  });

  it('never takes a 2008000 naming another payment’s referenceNo as this refund done', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', (r) => refunded(r, { originalReferenceNo: 'SOMEONE-ELSES-PAYMENT' }));
    const result = await rig.engine.refund(sale.partnerReferenceNo, { amount: parseSnapAmount('2500.00') });
    expect(result.outcome).toBe('unresolved');
    expect(anomalyKinds()).toContain('answer-mismatch');
  });

  it('sends a refund no more once an answer named another amount for it: a supervisor decides which was refunded', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', (r, n) =>
      n === 1
        ? refunded(r, { refundAmount: { value: '10000.00', currency: 'IDR' } })
        : error(409, '4098001', 'Duplicate partnerReferenceNo'),
    );
    const result = await rig.engine.refund(sale.partnerReferenceNo, { amount: parseSnapAmount('2500.00') });
    expect(result).toMatchObject({ outcome: 'unresolved', refund: { state: 'REFUND_UNKNOWN' } });
    expect(anomalyKinds()).toContain('answer-mismatch');
    await rig.engine.recover();
    expect(rig.provider.of('refund')).toHaveLength(1); // no "already processed" can settle it
    expect(rig.journal.getRefund(result.refund.id)?.state).toBe('REFUND_UNKNOWN');
  });

  it('does not read 409xx01 to a refund’s very first send as done', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', () => error(409, '4098001', 'Duplicate partnerReferenceNo'));
    const result = await rig.engine.refund(sale.partnerReferenceNo, { amount: parseSnapAmount('2500.00') });
    expect(result.outcome).toBe('unresolved');
  });

  it('settles a lost refund of the whole payment when a query says 04 "Refunded"', async () => {
    const sale = await paidSale();
    rig.provider.on('refund', () => ({ drop: true }));
    rig.provider.on('query', (r) => status(r, '04'));
    const result = await rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT });
    expect(result).toMatchObject({ outcome: 'refunded', refund: { state: 'REFUNDED' } });
  });

  it('takes a supervisor’s decision on a refund only after re-sending it once, and then frees its amount', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', () => ({ drop: true }));
    const lost = await rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT });
    const before = rig.provider.of('refund').length;
    const decided = await rig.engine.decideRefundManually(lost.refund.partnerRefundNo, {
      outcome: 'not_refunded',
      reason: 'provider portal shows no refund',
      supervisor: 'SPV-01',
    });
    expect(rig.provider.of('refund').length).toBe(before + 1);
    expect(decided).toMatchObject({ outcome: 'failed', refund: { state: 'MANUAL_NOT_REFUNDED' } });
    expect(rig.journal.committedRefundTotal(sale.id)).toBe(0n);
  });

  it('refuses a supervisor’s refund decision when the re-send settles it', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('refund', () => ({ drop: true }));
    const lost = await rig.engine.refund(sale.partnerReferenceNo, { amount: AMOUNT });
    rig.provider.on('refund', (r) => refunded(r));
    expect(
      await codeOf(
        rig.engine.decideRefundManually(lost.refund.partnerRefundNo, {
          outcome: 'not_refunded',
          reason: 'x',
          supervisor: 'SPV',
        }),
      ),
    ).toBe('MANUAL_NOT_NEEDED');
    expect(rig.journal.getRefund(lost.refund.id)?.state).toBe('REFUNDED');
  });
});

describe('manual decisions come last', () => {
  function journalSending(): PaymentRecord {
    return rig.journal.beginPayment({
      partnerReferenceNo: '2020102900000000000001',
      terminalId: TERMINAL_ID,
      merchantId: MERCHANT_ID,
      amount: AMOUNT,
      currency: 'IDR',
      qrFingerprint: 'sha256:000000000000',
      externalId: '1',
      requestTimeoutMs: 200,
      deadlineAt: Date.now() + 60_000,
    });
  }

  it('rechecks a payment its process left SENDING, and refuses the decision when the provider settles it', async () => {
    const row = journalSending();
    rig.provider.on('query', (r) => status(r, '00'));
    expect(
      await codeOf(
        rig.engine.decideManually(row.partnerReferenceNo, {
          outcome: 'not_paid',
          reason: 'customer left',
          supervisor: 'SPV',
        }),
      ),
    ).toBe('MANUAL_NOT_NEEDED');
    expect(rig.provider.of('query')).toHaveLength(1);
    expect(rig.journal.getPayment(row.id)?.state).toBe('PAID');
  });

  it('refuses "not paid" on a paid sale whose reversal the provider still reports as 00', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', (r, n) =>
      n === 1 ? cancelled(r) : error(404, '4046200', 'Invalid Transaction Status'),
    );
    await rig.engine.cancel(sale.partnerReferenceNo);
    expect(
      await codeOf(
        rig.engine.decideManually(sale.partnerReferenceNo, {
          outcome: 'not_paid',
          reason: 'gave up',
          supervisor: 'SPV',
        }),
      ),
    ).toBe('MANUAL_CONTRADICTS_PROVIDER');
  });

  it('records the state it replaced, that the sale had been paid, and the provider’s last word', async () => {
    const sale = await paidSale();
    rig.provider.on('query', (r) => status(r, '00'));
    rig.provider.on('cancel', (r, n) =>
      n === 1 ? cancelled(r) : error(404, '4046200', 'Invalid Transaction Status'),
    );
    await rig.engine.cancel(sale.partnerReferenceNo);
    const decided = await rig.engine.decideManually(sale.partnerReferenceNo, {
      outcome: 'paid',
      reason: 'provider portal shows the sale settled',
      supervisor: 'SPV-02',
    });
    expect(decided.payment.state).toBe('MANUAL_PAID');
    expect(rig.journal.events(sale.id).find((e) => e.kind === 'manual')?.detail).toMatchObject({
      previous: 'CANCEL_UNKNOWN',
      wasPaid: true,
      providerWord: { status: '00', kind: 'query' },
    });
  });

  it('lets a supervisor decide when the recheck proves nothing, after asking', async () => {
    const row = journalSending();
    rig.provider.on('query', () => error(500, '5006101', 'Internal Server Error'));
    const decided = await rig.engine.decideManually(row.partnerReferenceNo, {
      outcome: 'not_paid',
      reason: 'provider portal shows nothing',
      supervisor: 'SPV',
    });
    expect(decided.payment.state).toBe('MANUAL_NOT_PAID');
    expect(rig.provider.of('query')).toHaveLength(1);
  });
});

describe('answers that contradict what the provider said before', () => {
  function notify(partnerReferenceNo: string, latest: string, extra: Record<string, unknown> = {}) {
    return rig.engine.applyNotify({
      originalPartnerReferenceNo: partnerReferenceNo,
      merchantId: MERCHANT_ID,
      latestTransactionStatus: latest as '00',
      ...extra,
    });
  }

  it('does not let a 2006000 after a notify 06 settle it, keeps its referenceNo, and resolves it by query', async () => {
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') {
        notify(String(request.body.partnerReferenceNo), '06', {
          amount: { value: '10000.00', currency: 'IDR' },
        });
      }
    });
    rig.provider.on('payment', (r) => paid(r));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment).toMatchObject({ state: 'PAID', referenceNo: '2020102977770000000009' });
    expect(rig.provider.of('query').length).toBeGreaterThanOrEqual(1);
    expect(anomalyKinds()).toContain('answer-contradicts-provider');
  });

  it('lets a notify without an amount settle nothing: a decline after it is a decline', async () => {
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') notify(String(request.body.partnerReferenceNo), '00');
    });
    rig.provider.on('payment', () => error(403, '4036014', 'Insufficient Funds'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
  });

  it('never fails a payment a notify called paid because queries then do not find it (07): left for a supervisor', async () => {
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') {
        notify(String(request.body.partnerReferenceNo), '00', {
          amount: { value: '10000.00', currency: 'IDR' },
        });
      }
    });
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r) => status(r, '07'));
    const result = await pay();
    expect(result.payment.state).not.toBe('FAILED');
    expect(anomalyKinds()).toContain('answer-contradicts-provider');
  });

  it('never fails a reversed payment a notify called paid on a refused cancel and a query saying 06', async () => {
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r) => status(r, rig.provider.of('cancel').length === 0 ? '03' : '06'));
    rig.provider.onArrival((request) => {
      if (request.service === 'cancel') {
        notify(String(request.body.originalPartnerReferenceNo), '00', {
          amount: { value: '10000.00', currency: 'IDR' },
        });
      }
    });
    rig.provider.on('cancel', () => error(405, '4056201', 'Requested Function Is Not Supported'));
    const result = await pay();
    expect(rig.provider.of('cancel').length).toBeGreaterThanOrEqual(1);
    expect(result.payment.state).not.toBe('FAILED');
    expect(anomalyKinds()).toContain('reversal-contradicts-paid-sale');
  });

  it('asks again rather than failing when a query says 06 after a notify said 00', async () => {
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') {
        notify(String(request.body.partnerReferenceNo), '00', {
          amount: { value: '10000.00', currency: 'IDR' },
        });
      }
    });
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r, n) => status(r, n === 1 ? '06' : '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(anomalyKinds()).toContain('answer-contradicts-provider');
  });
});

describe('answers that name another amount or merchant', () => {
  it('never takes a 2006000 naming another amount as paid: it queries, and the query’s 06 stands', async () => {
    rig.provider.on('payment', (r) => paid(r, { amount: { value: '1.00', currency: 'IDR' } }));
    rig.provider.on('query', (r) => status(r, '06'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'answer-mismatch' });
  });

  it('never takes a 2006000 whose latestTransactionStatus says 06 as paid: it queries, and the query’s 06 stands', async () => {
    rig.provider.on('payment', (r) =>
      paid(r, { latestTransactionStatus: '06', transactionStatusDesc: 'Failed' }),
    );
    rig.provider.on('query', (r) => status(r, '06'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(rig.provider.of('query')).toHaveLength(1);
  });

  it('never takes a refusal whose latestTransactionStatus says 00 as failed: it queries, and the query’s 00 stands', async () => {
    rig.provider.on('payment', () => ({
      status: 403,
      body: { responseCode: '4036014', responseMessage: 'Insufficient Funds', latestTransactionStatus: '00' },
    }));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(1);
  });

  it('records a query answer naming another payment once, however often the same answer comes back', async () => {
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r, n) =>
      n <= 4 ? status(r, '00', { originalPartnerReferenceNo: 'SOMEONE-ELSE' }) : status(r, '00'),
    );
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(5);
    expect(anomalyKinds().filter((kind) => kind === 'answer-mismatch')).toHaveLength(1);
  });

  it('never takes a 2006000 naming another merchant as paid', async () => {
    rig.provider.on('payment', (r) => paid(r, { merchantId: 'SOMEONE-ELSE' }));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(1);
  });
});

describe('hostile answers', () => {
  const deep = (depth: number) =>
    `{"responseCode":"2006000","responseMessage":"ok","additionalInfo":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

  it('reads an answer nested 20,000 deep as unknown, queries, and takes the next payment', async () => {
    rig.provider.on('payment', () => ({ raw: deep(20_000), status: 200 }));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(1);
    rig.provider.on('payment', (r) => paid(r));
    expect((await pay()).payment.state).toBe('PAID');
  });

  it('does not read an answer larger than 1 MiB: unknown, then queried', async () => {
    rig.provider.on('payment', () => ({ raw: `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`, status: 200 }));
    rig.provider.on('query', (r) => status(r, '06'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(rig.journal.events(result.payment.id).find((e) => e.kind === 'answer')?.detail).toMatchObject({
      verdict: { verdict: 'query' },
    });
  });

  it('never takes an answer naming responseCode twice as its last word: unknown, queried, both words kept', async () => {
    rig.provider.on('payment', (r) => {
      const body = JSON.stringify({
        responseCode: '2006000',
        responseMessage: 'Successful',
        referenceNo: '2020102977770000000009',
        partnerReferenceNo: r.body.partnerReferenceNo,
        amount: r.body.amount,
      });
      return { raw: body.replace('{', '{"responseCode":"5006000",'), status: 200 };
    });
    rig.provider.on('query', (r) => status(r, '06'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    const answer = rig.journal.events(result.payment.id).find((e) => e.kind === 'answer');
    expect(JSON.stringify(answer?.detail)).toContain('5006000');
    expect(JSON.stringify(answer?.detail)).toContain('names \\"responseCode\\" twice');
  });

  it('never takes a query answer naming latestTransactionStatus twice as paid', async () => {
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r, n) => {
      if (n > 1) return status(r, '06');
      const body = JSON.stringify({
        responseCode: '2006100',
        responseMessage: 'Request has been processed successfully',
        originalReferenceNo: '2020102977770000000009',
        originalPartnerReferenceNo: r.body.originalPartnerReferenceNo,
        latestTransactionStatus: '00',
      });
      const twice = '"latestTransactionStatus":"06","latestTransactionStatus":"00"';
      return { raw: body.replace('"latestTransactionStatus":"00"', twice), status: 200 };
    });
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(rig.provider.of('query').length).toBeGreaterThan(1);
  });

  it('treats a deeply nested query answer as no answer and asks again', async () => {
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    rig.provider.on('query', (r, n) => (n === 1 ? { raw: deep(5_000), status: 200 } : status(r, '00')));
    expect((await pay()).payment.state).toBe('PAID');
  });
});

describe('recovery', () => {
  it('resolves what was journaled under an earlier terminal id in the same data directory', async () => {
    const orphan = rig.journal.beginPayment({
      partnerReferenceNo: '2020102900000000000042',
      terminalId: 'T-RENAMED-FROM',
      merchantId: MERCHANT_ID,
      amount: AMOUNT,
      currency: 'IDR',
      qrFingerprint: 'sha256:000000000000',
      externalId: '1',
      requestTimeoutMs: 200,
      deadlineAt: Date.now() + 60_000,
    });
    rig.provider.on('query', (r) => status(r, '00'));
    const report = await rig.engine.recover();
    expect(report.clean).toBe(true);
    expect(rig.journal.getPayment(orphan.id)?.state).toBe('PAID');
  });
});

describe('saying "journaled"', () => {
  it('tells the caller the payment is journaled before its request leaves', async () => {
    let journaledAt: PaymentRecord | undefined;
    let sentWhileKnown = false;
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') sentWhileKnown = journaledAt !== undefined;
    });
    rig.provider.on('payment', (r) => paid(r));
    const result = await rig.engine.pay(
      { qrContent: QR, amount: AMOUNT },
      {
        onJournaled: (payment) => {
          journaledAt = payment;
        },
      },
    );
    expect(journaledAt).toMatchObject({ id: result.payment.id, state: 'SENDING' });
    expect(sentWhileKnown).toBe(true);
  });
});
