// The notify endpoint: signed by the provider or refused; recorded when it matches one of our
// payments, and confirmed by a query before anything changes; everything else answered, logged
// and kept out of the money.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSnapAmount } from '../../../main/money/amount';
import type { PaymentRecord } from '../../../main/payments/journal';
import type { NotifyReceiverHandle } from '../../../main/payments/notify-receiver';
import { startNotifyReceiver } from '../../../main/payments/notify-receiver';
import type { PaymentEngine } from '../../../main/payments/payment-engine';
import { formatSnapTimestamp } from '../../../main/snap/headers';
import { signService } from '../../../main/snap/signature';
import type { ScriptedRig } from './scripted-provider';
import { MERCHANT_ID, PRIVATE_KEY_PEM, startScriptedRig, status, TERMINAL_ID } from './scripted-provider';
import { sharedKeys, startEngineRig } from './support';

const PUBLIC_KEY_PEM = readFileSync(
  new URL('../../fixtures/keys/midtrans-sample-public.pem', import.meta.url),
  'utf8',
);

let rig: ScriptedRig;
let receiver: NotifyReceiverHandle;
let logged: string[];

beforeEach(async () => {
  rig = await startScriptedRig();
  logged = [];
  receiver = await startNotifyReceiver({
    apply: (body, meta) => rig.engine.applyNotify(body, meta),
    providerPublicKey: PUBLIC_KEY_PEM,
    log: (line) => logged.push(line),
  });
});
afterEach(async () => {
  await receiver.close();
  await rig.close();
});

function open(ref = '2020102900000000000001'): PaymentRecord {
  return rig.journal.beginPayment({
    partnerReferenceNo: ref,
    terminalId: TERMINAL_ID,
    merchantId: MERCHANT_ID,
    amount: parseSnapAmount('50000.00'),
    currency: 'IDR',
    qrFingerprint: 'sha256:000000000000',
    externalId: '1',
    requestTimeoutMs: 1000,
    deadlineAt: Date.now() + 60_000,
  });
}

/** The spec's notify sample, naming `ref`, with `overrides`. */
function sample(ref: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    originalPartnerReferenceNo: ref,
    originalReferenceNo: '2020102977770000000009',
    merchantId: MERCHANT_ID,
    amount: { value: '50000.00', currency: 'IDR' },
    latestTransactionStatus: '00',
    transactionStatusDesc: 'success',
    customerNumber: '6281388370001',
    ...overrides,
  };
}

async function post(
  body: Record<string, unknown>,
  options: { sign?: boolean; method?: string; path?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(receiver.url);
  const path = options.path ?? url.pathname;
  const rawBody = JSON.stringify(body, null, 2); // spaces: the signature covers the minified form
  const timestamp = formatSnapTimestamp(new Date());
  const { signature } = signService({
    method: 'POST',
    path,
    timestamp,
    rawBody,
    privateKey: PRIVATE_KEY_PEM,
  });
  const response = await fetch(`${url.origin}${path}`, {
    method: options.method ?? 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': timestamp,
      'X-SIGNATURE': options.sign === false ? `AAAA${signature.slice(4)}` : signature,
      'X-EXTERNAL-ID': '41807553358950093184162180797837',
    },
    ...(options.method === 'GET' ? {} : { body: rawBody }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('a signed notification that matches', () => {
  it('is answered 2007900, recorded as the provider word, and confirmed by a query that settles the payment', async () => {
    rig.provider.on('query', (r) => status(r, '00'));
    const payment = open();
    const answer = await post(sample(payment.partnerReferenceNo));
    expect(answer).toMatchObject({ status: 200, json: { responseCode: '2007900' } });
    await rig.engine.idle();
    expect(rig.provider.of('query')).toHaveLength(1);
    expect(rig.journal.getPayment(payment.id)).toMatchObject({
      state: 'PAID',
      referenceNo: '2020102977770000000009',
    });
    expect(rig.journal.events(payment.id).find((e) => e.kind === 'notify')).toMatchObject({
      providerStatus: '00',
      toState: null,
    });
  });

  it('never settles a payment by itself: a 06 notify that the query confirms ends FAILED', async () => {
    rig.provider.on('query', (r) => status(r, '06'));
    const payment = open();
    await post(sample(payment.partnerReferenceNo, { latestTransactionStatus: '06' }));
    await rig.engine.idle();
    expect(rig.journal.getPayment(payment.id)?.state).toBe('FAILED');
    expect(rig.provider.of('query')).toHaveLength(1);
  });

  it('does not let a query that contradicts the notify overwrite it: anomaly, then a second query decides', async () => {
    rig.provider.on('query', (r) => status(r, '06'));
    const payment = open();
    await post(sample(payment.partnerReferenceNo, { latestTransactionStatus: '00' }));
    await rig.engine.idle();
    expect(rig.journal.getPayment(payment.id)?.state).toBe('FAILED');
    expect(rig.provider.of('query')).toHaveLength(2);
    expect(rig.journal.anomalies().map((a) => a.kind)).toContain('answer-contradicts-provider');
  });

  it('settles nothing without an amount: recorded, flagged, and the query decides', async () => {
    rig.provider.on('query', (r) => status(r, '06'));
    const payment = open();
    const body = sample(payment.partnerReferenceNo);
    delete body.amount;
    await post(body);
    await rig.engine.idle();
    expect(rig.journal.getPayment(payment.id)?.state).toBe('FAILED');
    expect(rig.journal.anomalies().map((a) => a.kind)).toContain('notify-without-amount');
    expect(rig.journal.events(payment.id).find((e) => e.kind === 'notify')?.providerStatus).toBeNull();
  });

  it('flags a notification that contradicts a final state, without changing it', async () => {
    const payment = open();
    rig.journal.updatePayment(payment.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    await post(sample(payment.partnerReferenceNo));
    expect(rig.journal.getPayment(payment.id)?.state).toBe('FAILED');
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'notify-contradicts-journal' });
  });

  it('moves a paid sale to PAID_REFUNDED on 04 when no refund of ours explains it, and flags it', async () => {
    const payment = open();
    rig.journal.updatePayment(
      payment.id,
      'SENDING',
      'PAID',
      { referenceNo: '2020102977770000000009' },
      { kind: 'answer' },
    );
    await post(sample(payment.partnerReferenceNo, { latestTransactionStatus: '04' }));
    expect(rig.journal.getPayment(payment.id)?.state).toBe('PAID_REFUNDED');
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'refund-unexplained' });
  });

  it.each([
    ['covers it in full', null],
    ['covers part of it (the 04 its own partial refund caused)', 1000n],
  ])('keeps a paid sale PAID on 04 when a refund of ours %s', async (_what, partial) => {
    const payment = open();
    rig.journal.updatePayment(
      payment.id,
      'SENDING',
      'PAID',
      { referenceNo: '2020102977770000000009' },
      { kind: 'answer' },
    );
    rig.journal.beginRefund({
      paymentId: payment.id,
      partnerRefundNo: 'R-1',
      amount: partial ?? payment.amount,
      externalId: '3',
    });
    await post(sample(payment.partnerReferenceNo, { latestTransactionStatus: '04' }));
    expect(rig.journal.getPayment(payment.id)?.state).toBe('PAID');
    expect(rig.journal.anomalies()).toHaveLength(0);
  });
});

describe('anything else', () => {
  it('refuses a bad signature with 401 and changes nothing', async () => {
    const payment = open();
    const answer = await post(sample(payment.partnerReferenceNo), { sign: false });
    expect(answer).toMatchObject({ status: 401, json: { responseCode: '4017900' } });
    expect(rig.journal.getPayment(payment.id)?.state).toBe('SENDING');
    expect(logged.join('\n')).toMatch(/SNAP_NOTIFY_SIGNATURE_INVALID/);
  });

  it('ignores a notification for a payment we never made, and logs it', async () => {
    const answer = await post(sample('NOT-OURS'));
    expect(answer.status).toBe(404);
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'notify-unmatched' });
  });

  it('ignores a notification whose amount or merchant differs from the payment', async () => {
    const payment = open();
    await post(sample(payment.partnerReferenceNo, { amount: { value: '50001.00', currency: 'IDR' } }));
    await post(sample(payment.partnerReferenceNo, { merchantId: 'ANOTHER-MERCHANT' }));
    expect(rig.journal.getPayment(payment.id)?.state).toBe('SENDING');
    expect(rig.journal.anomalies().map((a) => a.kind)).toEqual(['notify-unmatched', 'notify-unmatched']);
  });

  it('answers other paths and methods without looking at them', async () => {
    expect((await post(sample('X'), { path: '/elsewhere' })).status).toBe(404);
    expect((await post(sample('X'), { method: 'GET' })).status).toBe(405);
  });
});

describe('requests that are not notifications', () => {
  it('answers an oversized body with a readable 413, and changes nothing', async () => {
    const payment = open();
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...sample(payment.partnerReferenceNo), padding: 'x'.repeat(100 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      responseCode: '4137900',
      responseMessage: 'Request Entity Too Large',
    });
    expect(rig.journal.getPayment(payment.id)?.state).toBe('SENDING');
  });

  it('answers a request it cannot even parse with a JSON 400', async () => {
    const url = new URL(receiver.url);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write(
          `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n`,
        ),
      );
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toMatch(/Content-Type: application\/json/);
    expect(text).toContain('{"responseCode":"4007900","responseMessage":"Bad Request"}');
  });
});

describe('with the sandbox as the provider', () => {
  it('verifies the sandbox-signed notify and settles the payment it names once the query confirms it', async () => {
    const { provider } = await sharedKeys();
    let target: PaymentEngine | undefined;
    const receiverForSandbox = await startNotifyReceiver({
      apply: (body, meta) => {
        if (!target) throw new Error('not ready');
        return target.applyNotify(body, meta);
      },
      providerPublicKey: provider.publicKeyPem,
    });
    const sandboxRig = await startEngineRig({ notifyUrl: receiverForSandbox.url });
    target = sandboxRig.engine;
    try {
      // A payment journaled by a process that then died: its request went through, its answer did not.
      const journaled = sandboxRig.journal.beginPayment({
        partnerReferenceNo: '2020102900000000000077',
        terminalId: sandboxRig.demo.terminalId,
        merchantId: sandboxRig.demo.partner.merchantId ?? '',
        amount: parseSnapAmount('1500.00'),
        currency: 'IDR',
        qrFingerprint: 'sha256:000000000000',
        externalId: '1',
        requestTimeoutMs: 1000,
        deadlineAt: Date.now() + 60_000,
      });
      await sandboxRig.client.pay({
        partnerReferenceNo: journaled.partnerReferenceNo,
        qrContent: sandboxRig.qr(),
        amount: { value: '1500.00', currency: 'IDR' },
        merchantId: journaled.merchantId,
        expiryTime: '60',
      });
      await sandboxRig.sandbox.notifyIdle();
      await sandboxRig.engine.idle();
      expect(sandboxRig.journal.getPayment(journaled.id)?.state).toBe('PAID');
    } finally {
      await sandboxRig.close();
      await receiverForSandbox.close();
    }
  });
});
