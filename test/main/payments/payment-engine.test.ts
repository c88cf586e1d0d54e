// The payment engine against its rules (docs/architecture.md), driven through the real SNAP client over real HTTP by a
// provider that answers exactly what each test scripts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { parseSnapAmount } from '../../../main/money/amount';
import type { PaymentRecord } from '../../../main/payments/journal';
import type { Received, ScriptedRig } from './scripted-provider';
import { cancelled, error, paid, SCRIPT_POLICY, startScriptedRig, status } from './scripted-provider';

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
  await rig.close();
});

function pay() {
  return rig.engine.pay({ qrContent: QR, amount: AMOUNT });
}

function only(): PaymentRecord {
  const items = rig.journal.history().items;
  expect(items).toHaveLength(1);
  return items[0] as PaymentRecord;
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

const externalIdOf = (r: Received) => r.headers['x-external-id'];

describe('writing the attempt first', () => {
  it('has the attempt journaled as SENDING with its references when the request reaches the provider', async () => {
    let seen: PaymentRecord | undefined;
    rig.provider.onArrival((request) => {
      if (request.service === 'payment')
        seen = rig.journal.findPayment(String(request.body.partnerReferenceNo));
    });
    rig.provider.on('payment', (r) => paid(r));
    await pay();
    const request = rig.provider.of('payment')[0];
    expect(seen).toMatchObject({
      state: 'SENDING',
      amount: AMOUNT,
      externalId: request && externalIdOf(request),
      qrFingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
    });
  });

  it('never writes the QR content itself to the data directory', async () => {
    rig.provider.on('payment', (r) => paid(r));
    await pay();
    const files = readdirSync(rig.dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const bytes = files.map((f) => readFileSync(join(f.parentPath, f.name)).toString('latin1')).join('');
    expect(bytes).toContain(only().partnerReferenceNo);
    expect(bytes).not.toContain(QR.slice(0, 40));
  });
});

describe('reading a payment answer (what an answer means)', () => {
  it('is PAID on 200 2006000 naming our partnerReferenceNo, and keeps the referenceNo', async () => {
    rig.provider.on('payment', (r) => paid(r));
    const result = await pay();
    expect(result.outcome).toBe('paid');
    expect(result.payment).toMatchObject({
      state: 'PAID',
      referenceNo: '2020102977770000000009',
      responseCode: '2006000',
    });
    expect(rig.provider.of('query')).toHaveLength(0);
  });

  it('does not accept a 2006000 that names another partnerReferenceNo: it queries, and records the anomaly', async () => {
    rig.provider.on('payment', (r) => paid(r, { partnerReferenceNo: 'SOMEONE-ELSE' }));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(1);
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'answer-mismatch' });
  });

  it('fails on a decline (403xx14) with the reason, without querying', async () => {
    rig.provider.on('payment', () => error(403, '4036014', 'Insufficient Funds'));
    const result = await pay();
    expect(result).toMatchObject({
      outcome: 'not_paid',
      payment: { state: 'FAILED', reason: 'Insufficient Funds' },
    });
    expect(rig.provider.of('query')).toHaveLength(0);
  });

  it('fails on an invalid QR (404xx11) and an invalid amount (404xx13)', async () => {
    rig.provider.on('payment', (_r, n) =>
      n === 1
        ? error(404, '4046011', 'Invalid Card/Account/Customer')
        : error(404, '4046013', 'Invalid Amount'),
    );
    expect((await pay()).payment.state).toBe('FAILED');
    expect((await pay()).payment.state).toBe('FAILED');
  });

  it('fails on 400xx01 and records it loudly as our own bug', async () => {
    rig.provider.on('payment', () => error(400, '4006001', 'Invalid Field Format amount.value'));
    expect((await pay()).payment.state).toBe('FAILED');
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'request-refused-as-malformed' });
  });

  it('re-sends after 409xx00 with the same partnerReferenceNo and a new, journaled X-EXTERNAL-ID', async () => {
    rig.provider.on('payment', (r, n) => (n === 1 ? error(409, '4096000', 'Conflict') : paid(r)));
    const result = await pay();
    const [first, second] = rig.provider.of('payment');
    expect(result.payment.state).toBe('PAID');
    expect(second?.body.partnerReferenceNo).toBe(first?.body.partnerReferenceNo);
    expect(second && externalIdOf(second)).not.toBe(first && externalIdOf(first));
    expect(result.payment.externalId).toBe(second && externalIdOf(second));
  });

  it('waits after 429 and re-sends the same partnerReferenceNo', async () => {
    rig.provider.on('payment', (r, n) => (n === 1 ? error(429, '4296000', 'Too Many Requests') : paid(r)));
    const result = await pay();
    const [first, second] = rig.provider.of('payment');
    expect(result.payment.state).toBe('PAID');
    expect(second?.body.partnerReferenceNo).toBe(first?.body.partnerReferenceNo);
    expect(rig.sleeps.length).toBeGreaterThan(0);
  });

  it('gives up re-sending a request the provider keeps refusing to process, as FAILED', async () => {
    rig.provider.on('payment', () => error(429, '4296000', 'Too Many Requests'));
    const result = await pay();
    expect(result.payment.state).toBe('FAILED');
    expect(rig.provider.of('payment')).toHaveLength(4);
  });

  it('treats 409xx01 "already processed" as a reason to query, never to re-send', async () => {
    rig.provider.on('payment', () => error(409, '4096001', 'Duplicate partnerReferenceNo'));
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('payment')).toHaveLength(1);
  });

  it('on 401xx01 lets the client refresh the token and re-send once, journaling the new X-EXTERNAL-ID first', async () => {
    const journaledAtArrival: (string | undefined)[] = [];
    rig.provider.onArrival((request) => {
      if (request.service === 'payment') {
        journaledAtArrival.push(rig.journal.findPayment(String(request.body.partnerReferenceNo))?.externalId);
      }
    });
    rig.provider.on('payment', (r, n) => (n === 1 ? error(401, '4016001', 'Invalid Token (B2B)') : paid(r)));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.tokenCalls()).toBe(2);
    expect(journaledAtArrival).toEqual(rig.provider.of('payment').map(externalIdOf));
  });

  it.each([
    ['HTTP 500', () => error(500, '5006001', 'Internal Server Error')],
    ['HTTP 504', () => error(504, '5046000', 'Timeout')],
    [
      '202 in progress',
      () => ({ status: 202, body: { responseCode: '2026000', responseMessage: 'Request In Progress' } }),
    ],
    ['a dropped connection', () => ({ drop: true as const })],
    ['a truncated body', () => ({ status: 200, raw: '{"responseCode":"2006000","respon' })],
    ['no answer within the timeout', (r: Received) => ({ ...paid(r), delayMs: 1_000 })],
  ])('treats %s as unknown and resolves it by query with the same references', async (_name, answer) => {
    rig.provider.on('payment', answer);
    rig.provider.on('query', (r) => status(r, '00'));
    const result = await pay();
    const sent = rig.provider.of('payment')[0];
    const asked = rig.provider.of('query')[0];
    expect(result.payment.state).toBe('PAID');
    expect(rig.provider.of('payment')).toHaveLength(1);
    expect(asked?.body.originalPartnerReferenceNo).toBe(sent?.body.partnerReferenceNo);
  });

  it('fails without sending anything when no token can be had (nothing left the machine)', async () => {
    rig.provider.breakTokens();
    const result = await pay();
    expect(result.payment).toMatchObject({ state: 'FAILED', reason: expect.stringMatching(/^not sent/) });
    expect(rig.provider.of('payment')).toHaveLength(0);
  });
});

describe('resolving by query', () => {
  beforeEach(() => {
    rig.provider.on('payment', () => error(504, '5046000', 'Timeout'));
  });

  it('keeps querying through 01, 02 and 03 until a final status', async () => {
    rig.provider.on('query', (r, n) => status(r, ['01', '02', '03', '00'][n - 1] ?? '00'));
    expect((await pay()).payment.state).toBe('PAID');
    expect(rig.provider.of('query')).toHaveLength(4);
  });

  it.each([
    ['05', 'FAILED'],
    ['06', 'FAILED'],
    ['04', 'PAID_REFUNDED'],
  ])('maps latestTransactionStatus %s to %s', async (latest, state) => {
    rig.provider.on('query', (r) => status(r, latest));
    expect((await pay()).payment.state).toBe(state);
  });

  it('does not conclude "not paid" from a 07 seen before the request timed out', async () => {
    rig.provider.on('query', (r, n) => status(r, n === 1 ? '07' : '00'));
    const result = await pay();
    expect(result.payment.state).toBe('PAID');
  });

  it('concludes "not paid" once a later query still says 07 after the request timed out', async () => {
    rig.provider.on('query', (r) => status(r, '07'));
    const result = await pay();
    const payment = result.payment;
    const decided = rig.journal.events(payment.id).find((e) => e.toState === 'FAILED');
    expect(payment.state).toBe('FAILED');
    expect(decided?.at).toBeGreaterThanOrEqual(payment.lastSentAt + payment.requestTimeoutMs);
  });

  it('reads 404xx01 "Transaction Not Found" like 07', async () => {
    rig.provider.on('query', () => error(404, '4046101', 'Transaction Not Found'));
    expect((await pay()).payment.state).toBe('FAILED');
  });

  it('ignores a query answer for another amount', async () => {
    rig.provider.on('query', (r, n) =>
      n === 1 ? status(r, '00', { amount: { value: '99.00', currency: 'IDR' } }) : status(r, '06'),
    );
    expect((await pay()).payment.state).toBe('FAILED');
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'answer-mismatch' });
  });
});

describe('cancelling at the deadline', () => {
  beforeEach(() => {
    rig.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
  });

  it('journals the cancel before it leaves, then queries and ends CANCELLED', async () => {
    let stateAtArrival: string | undefined;
    rig.provider.onArrival((request) => {
      if (request.service === 'cancel') {
        stateAtArrival = rig.journal.findPayment(String(request.body.originalPartnerReferenceNo))?.state;
      }
    });
    let cancelledYet = false;
    rig.provider.on('query', (r) => status(r, cancelledYet ? '05' : '03'));
    rig.provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    const result = await pay();
    expect(stateAtArrival).toBe('CANCELLING');
    expect(result).toMatchObject({ outcome: 'not_paid', payment: { state: 'CANCELLED' } });
    expect(rig.journal.cancelsOf(result.payment.id)).toMatchObject([{ state: 'CANCEL_ACCEPTED' }]);
  });

  it('cancels again when a late success raced the accepted cancel', async () => {
    let cancels = 0;
    rig.provider.on('query', (r) => status(r, cancels === 0 ? '03' : cancels === 1 ? '00' : '05'));
    rig.provider.on('cancel', (r) => {
      cancels += 1;
      return cancelled(r);
    });
    const result = await pay();
    expect(result.payment.state).toBe('CANCELLED');
    expect(rig.provider.of('cancel')).toHaveLength(2);
  });

  it('settles as PAID when the provider refuses the cancel of a payment it says is paid', async () => {
    let cancelledYet = false;
    rig.provider.on('query', (r) => status(r, cancelledYet ? '00' : '03'));
    rig.provider.on('cancel', () => {
      cancelledYet = true;
      return error(405, '4056201', 'Requested Operation Is Not Allowed');
    });
    expect((await pay()).payment.state).toBe('PAID');
  });

  it('never reads a cancel answered 404xx18 "Inconsistent Request" as refused: the spec counts it as a void that went through', async () => {
    let cancels = 0;
    let queriesAfterCancel = 0;
    rig.provider.on('query', (r) => {
      if (cancels === 0) return status(r, '03');
      queriesAfterCancel += 1;
      // The provider's status lags its void by one look.
      return status(r, queriesAfterCancel === 1 ? '00' : '05');
    });
    rig.provider.on('cancel', () => {
      cancels += 1;
      return error(404, '4046218', 'Inconsistent Request');
    });
    const result = await pay();
    expect(result.payment.state).toBe('CANCELLED');
  });

  it('resolves a cancel whose answer was lost by querying', async () => {
    let cancelledYet = false;
    rig.provider.on('query', (r) => status(r, cancelledYet ? '05' : '03'));
    rig.provider.on('cancel', () => {
      cancelledYet = true;
      return { drop: true };
    });
    const result = await pay();
    expect(result.payment.state).toBe('CANCELLED');
    // Closed once the payment was final; the lost answer stays in its history.
    expect(rig.journal.cancelsOf(result.payment.id)).toMatchObject([{ state: 'CANCEL_CLOSED' }]);
    expect(rig.journal.reversalFacts(result.payment.id)).toMatchObject({ lost: true, accepted: false });
  });

  it('concludes "not paid" from an accepted cancel and a 07 after the timeout', async () => {
    let cancelledYet = false;
    rig.provider.on('query', (r) => status(r, cancelledYet ? '07' : '03'));
    rig.provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    expect((await pay()).payment.state).toBe('CANCELLED');
  });

  it('reports "unresolved" when nothing answers, leaves it open, and finishes it on recover', async () => {
    const result = await pay();
    expect(result.outcome).toBe('unresolved');
    expect(rig.journal.openPayments()).toHaveLength(1);
    rig.provider.on('query', (r) => status(r, '05'));
    const report = await rig.engine.recover();
    expect(report.clean).toBe(true);
    expect(only().state).toBe('CANCELLED');
  });
});

describe("cancelling now a payment the engine is still working on (the cashier's F8)", () => {
  let local: ScriptedRig;
  beforeEach(async () => {
    // A deadline a minute away, and a wait between queries that never ends by itself: left alone,
    // the engine would hold the payment; only the request can move it on.
    local = await startScriptedRig({
      policy: { ...SCRIPT_POLICY, deadlineMs: 60_000, settleMs: 60_000 },
      engine: { sleep: () => new Promise<void>(() => {}) },
    });
  });
  afterEach(async () => {
    await local.close();
  });

  async function waitFor(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(condition()).toBe(true);
  }

  function journaled(): PaymentRecord {
    const payment = local.journal.history().items[0];
    if (!payment) throw new Error('nothing journaled');
    return payment;
  }

  const SUPERVISOR = { reason: 'customer left', requestedBy: 'SPV-01' };

  it('journals the request, sends the cancel at once instead of at the deadline, then queries', async () => {
    let cancelledYet = false;
    local.provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    local.provider.on('query', (r) => status(r, cancelledYet ? '05' : '03'));
    local.provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    const paying = local.engine.pay({ qrContent: QR, amount: AMOUNT });
    await waitFor(() => local.provider.of('query').length > 0);
    const result = await local.engine.cancel(journaled().partnerReferenceNo, SUPERVISOR);

    expect(result).toMatchObject({ outcome: 'not_paid', payment: { state: 'CANCELLED' } });
    expect((await paying).payment.state).toBe('CANCELLED');
    expect(local.journal.cancelsOf(result.payment.id)).toMatchObject([
      { state: 'CANCEL_ACCEPTED', reason: 'customer left', requestedBy: 'SPV-01' },
    ]);
    const kinds = local.journal.events(result.payment.id).map((e) => `${e.operation}:${e.kind}`);
    expect(kinds.indexOf('payment:cancel-request')).toBeGreaterThan(-1);
    expect(kinds.indexOf('payment:cancel-request')).toBeLessThan(kinds.indexOf('cancel:created'));
    expect(local.provider.received.at(-1)?.service).toBe('query');
  });

  it('reverses a payment whose answer, still out when the cancel was asked for, says paid', async () => {
    let cancelledYet = false;
    local.provider.on('payment', (r) => ({ ...paid(r), delayMs: 100 }));
    local.provider.on('query', (r) => status(r, cancelledYet ? '05' : '00'));
    local.provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    const paying = local.engine.pay({ qrContent: QR, amount: AMOUNT });
    await waitFor(() => local.provider.of('payment').length > 0);
    const result = await local.engine.cancel(journaled().partnerReferenceNo, SUPERVISOR);
    await paying;
    expect(result).toMatchObject({ outcome: 'not_paid', payment: { state: 'CANCELLED' } });
    expect(local.provider.of('cancel')).toHaveLength(1);
  });

  it('answers with the failure, sending no cancel, when the payment is declined before the cancel could leave', async () => {
    local.provider.on('payment', () => ({ ...error(403, '4036014', 'Insufficient Funds'), delayMs: 100 }));
    const paying = local.engine.pay({ qrContent: QR, amount: AMOUNT });
    await waitFor(() => local.provider.of('payment').length > 0);
    const result = await local.engine.cancel(journaled().partnerReferenceNo, SUPERVISOR);
    await paying;
    expect(result).toMatchObject({ outcome: 'not_paid', payment: { state: 'FAILED' } });
    expect(local.provider.of('cancel')).toHaveLength(0);
  });

  it('honours a request a stopped process journaled: recovery cancels before anything else', async () => {
    const left = local.journal.beginPayment({
      partnerReferenceNo: '2020102900000000000002',
      terminalId: 'T-SCRIPT-1',
      merchantId: '00007100010926',
      amount: AMOUNT,
      currency: 'IDR',
      qrFingerprint: 'sha256:000000000000',
      externalId: '41807553358950093185',
      requestTimeoutMs: 200,
      deadlineAt: Date.now() + 60_000,
    });
    local.journal.requestCancel(left.id, SUPERVISOR);
    let cancelledYet = false;
    local.provider.on('query', (r) => status(r, cancelledYet ? '05' : '03'));
    local.provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    const report = await local.engine.recover();
    expect(report.payments[0]?.payment.state).toBe('CANCELLED');
    expect(local.provider.received.map((r) => r.service).slice(0, 2)).toEqual(['cancel', 'query']);
    expect(local.journal.cancelsOf(left.id)[0]).toMatchObject({ requestedBy: 'SPV-01' });
  });
});

describe('one payment in flight per terminal', () => {
  it('refuses a second payment while one is in flight in this process', async () => {
    rig.provider.on('payment', (r) => ({ ...paid(r), delayMs: 100 }));
    const first = pay();
    expect(await codeOf(pay())).toBe('TERMINAL_BUSY');
    expect((await first).payment.state).toBe('PAID');
  });

  it('refuses a second payment from another process sharing the data directory', async () => {
    rig.provider.on('payment', (r) => ({ ...paid(r), delayMs: 100 }));
    const first = pay();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await codeOf(rig.secondEngine().pay({ qrContent: QR, amount: AMOUNT }))).toBe('TERMINAL_BUSY');
    await first;
  });

  it('refuses a new payment while an earlier one is unresolved', async () => {
    expect((await pay()).outcome).toBe('unresolved');
    expect(await codeOf(pay())).toBe('PAYMENT_IN_FLIGHT');
    expect(rig.journal.history().items).toHaveLength(1);
  });
});

describe('partnerReferenceNo', () => {
  it('is drawn again when the one drawn is already in the journal', async () => {
    const draws = ['20201223075411123000000001', '20201223075411123000000001', '20201223075411123000000002'];
    const local = await startScriptedRig({ engine: { newReference: () => draws.shift() ?? 'exhausted' } });
    try {
      local.provider.on('payment', (r) => paid(r));
      const first = await local.engine.pay({ qrContent: QR, amount: AMOUNT });
      const second = await local.engine.pay({ qrContent: QR, amount: AMOUNT });
      expect([first.payment.partnerReferenceNo, second.payment.partnerReferenceNo]).toEqual([
        '20201223075411123000000001',
        '20201223075411123000000002',
      ]);
    } finally {
      await local.close();
    }
  });
});

describe('bad input', () => {
  it('journals nothing and sends nothing for a zero amount or an over-long QR', async () => {
    expect(await codeOf(rig.engine.pay({ qrContent: QR, amount: 0n }))).toBe('AMOUNT_INVALID');
    expect(await codeOf(rig.engine.pay({ qrContent: 'A'.repeat(513), amount: AMOUNT }))).toBe(
      'PAYMENT_INPUT_INVALID',
    );
    expect(rig.journal.history().items).toHaveLength(0);
    expect(rig.provider.received).toHaveLength(0);
  });

  it('journals nothing and sends nothing for an amount beyond Rp999.999.999.999, which a day’s totals could not hold', async () => {
    expect(await codeOf(rig.engine.pay({ qrContent: QR, amount: 100_000_000_000_000n }))).toBe(
      'AMOUNT_INVALID',
    );
    expect(await codeOf(rig.engine.pay({ qrContent: QR, amount: 999_999_999_999_999_999n }))).toBe(
      'AMOUNT_INVALID',
    );
    expect(rig.journal.history().items).toHaveLength(0);
    expect(rig.provider.received).toHaveLength(0);
  });
});

describe('live status', () => {
  it('announces every state with the cashier message for it, in order', async () => {
    rig.provider.on('payment', () => error(504, '5046000', 'Timeout'));
    rig.provider.on('query', (r) => status(r, '00'));
    await pay();
    expect(rig.events.map((e) => e.state)).toEqual(['SENDING', 'UNKNOWN', 'QUERYING', 'PAID']);
    expect(rig.events.at(-1)?.message.en).toMatch(/Hand over the goods/);
  });
});

describe('manual override', () => {
  beforeEach(async () => {
    expect((await pay()).outcome).toBe('unresolved');
  });

  it('marks an unresolved payment MANUAL_PAID with the supervisor and reason on record', async () => {
    const ref = only().partnerReferenceNo;
    const result = await rig.engine.decideManually(ref, {
      outcome: 'paid',
      reason: 'customer showed the debit in the wallet app',
      supervisor: 'SPV-01',
    });
    expect(result.payment).toMatchObject({ state: 'MANUAL_PAID', decidedBy: 'SPV-01' });
    expect(rig.journal.events(result.payment.id).find((e) => e.kind === 'manual')).toMatchObject({
      kind: 'manual',
      toState: 'MANUAL_PAID',
      detail: {
        outcome: 'paid',
        supervisor: 'SPV-01',
        reason: 'customer showed the debit in the wallet app',
        previous: 'CANCEL_UNKNOWN',
        wasPaid: false,
      },
    });
  });

  it('requires a reason', async () => {
    const ref = only().partnerReferenceNo;
    expect(
      await codeOf(rig.engine.decideManually(ref, { outcome: 'not_paid', reason: ' ', supervisor: 'SPV' })),
    ).toBe('MANUAL_REASON_REQUIRED');
  });

  it('refuses to override a provider-confirmed outcome', async () => {
    const ref = only().partnerReferenceNo;
    await rig.engine.decideManually(ref, { outcome: 'not_paid', reason: 'gave up', supervisor: 'SPV' });
    expect(
      await codeOf(rig.engine.decideManually(ref, { outcome: 'paid', reason: 'x', supervisor: 'SPV' })),
    ).toBe('MANUAL_NOT_ALLOWED');
  });
});

describe('recovery', () => {
  function leftBehind(): PaymentRecord {
    // What a process killed right after journaling leaves: a SENDING row and nothing else.
    return rig.journal.beginPayment({
      partnerReferenceNo: '2020102900000000000001',
      terminalId: 'T-SCRIPT-1',
      merchantId: '00007100010926',
      amount: AMOUNT,
      currency: 'IDR',
      qrFingerprint: 'sha256:000000000000',
      externalId: '41807553358950093184',
      requestTimeoutMs: 200,
      deadlineAt: Date.now() + 60_000,
    });
  }

  it('resolves a payment left in SENDING by querying with its references', async () => {
    leftBehind();
    rig.provider.on('query', (r) => status(r, '00'));
    const report = await rig.engine.recover();
    expect(report.payments[0]?.payment.state).toBe('PAID');
    expect(rig.provider.of('query')[0]?.body).toMatchObject({
      originalPartnerReferenceNo: '2020102900000000000001',
      originalExternalId: '41807553358950093184',
    });
  });

  it('concludes "not paid" for one the provider never saw', async () => {
    leftBehind();
    rig.provider.on('query', () => error(404, '4046101', 'Transaction Not Found'));
    expect((await rig.engine.recover()).payments[0]?.payment.state).toBe('FAILED');
  });
});
