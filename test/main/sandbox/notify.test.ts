// Notify (79): signed by the provider key, sent when a payment, cancel or refund becomes final,
// retried with backoff while the partner does not answer 2xx, and always in line with query.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyNotify } from '../../../main/snap/notify';
import { verifyService } from '../../../main/snap/signature';
import type { NotifyReceiver } from './notify-receiver';
import { startNotifyReceiver } from './notify-receiver';
import type { TestRig } from './support';
import { nextPartnerReference, startRig } from './support';

let rig: TestRig;
let receiver: NotifyReceiver;
beforeEach(async () => {
  receiver = await startNotifyReceiver();
  rig = await startRig({ notifyUrl: receiver.url, notifyRetryDelaysMs: [5, 10, 20] });
});
afterEach(async () => {
  await rig.close();
  await receiver.close();
});

async function pay(amount: string): Promise<string> {
  const partnerReferenceNo = nextPartnerReference();
  await rig.client.pay({
    partnerReferenceNo,
    qrContent: rig.sandbox.issueQr().qrContent,
    amount: { value: amount, currency: 'IDR' },
    merchantId: '00007100010926',
    expiryTime: '60',
  });
  return partnerReferenceNo;
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

describe('notify (79)', () => {
  it('tells the partner a payment succeeded, with status 00 and the amount', async () => {
    const partnerReferenceNo = await pay('15000.00');
    await rig.sandbox.notifyIdle();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body).toMatchObject({
      originalPartnerReferenceNo: partnerReferenceNo,
      merchantId: '00007100010926',
      amount: { value: '15000.00', currency: 'IDR' },
      latestTransactionStatus: '00',
      transactionStatusDesc: 'Success',
      customerNumber: '6281200000001',
    });
  });

  it('is signed with the provider key over the path and the exact body received', async () => {
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    const notify = receiver.received[0];
    if (!notify) throw new Error('no notify');
    const { valid } = verifyService({
      method: 'POST',
      path: notify.path,
      timestamp: header(notify.headers['x-timestamp']),
      rawBody: notify.rawBody,
      publicKey: rig.sandbox.providerPublicKeyPem,
      signature: header(notify.headers['x-signature']),
    });
    expect(valid).toBe(true);
  });

  it('passes the terminal’s own notify verification, schema included', async () => {
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    const notify = receiver.received[0];
    if (!notify) throw new Error('no notify');
    const result = verifyNotify(
      { method: 'POST', path: notify.path, headers: notify.headers, rawBody: notify.rawBody },
      { publicKey: rig.sandbox.providerPublicKeyPem },
    );
    expect(result.ok).toBe(true);
  });

  it('carries X-TIMESTAMP, X-PARTNER-ID, a numeric X-EXTERNAL-ID and CHANNEL-ID', async () => {
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    const headers = receiver.received[0]?.headers ?? {};
    expect(header(headers['x-timestamp'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(header(headers['x-partner-id'])).toBe(rig.demo.partner.clientKey);
    expect(header(headers['x-external-id'])).toMatch(/^\d{1,36}$/);
    expect(header(headers['channel-id'])).toBe('95221');
  });

  it('does not verify against a body changed in transit', async () => {
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    const notify = receiver.received[0];
    if (!notify) throw new Error('no notify');
    const { valid } = verifyService({
      method: 'POST',
      path: notify.path,
      timestamp: header(notify.headers['x-timestamp']),
      rawBody: notify.rawBody.replace('15000.00', '1500.00'),
      publicKey: rig.sandbox.providerPublicKeyPem,
      signature: header(notify.headers['x-signature']),
    });
    expect(valid).toBe(false);
  });

  it('retries while the partner answers 5xx, with a new X-EXTERNAL-ID each time, until a 200', async () => {
    receiver.script.push(500, 503);
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((n) => header(n.headers['x-external-id']));
    expect(new Set(ids).size).toBe(3);
    expect(new Set(receiver.received.map((n) => n.rawBody)).size).toBe(1);
    expect(rig.sandbox.ledger().transactions[0]?.notifications[0]).toMatchObject({
      delivery: 'delivered',
      attempts: 3,
    });
  });

  it('gives up after the bounded number of attempts', async () => {
    receiver.script.push(500, 500, 500, 500, 500, 500);
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    expect(receiver.received).toHaveLength(4);
    expect(rig.sandbox.ledger().transactions[0]?.notifications[0]).toMatchObject({
      delivery: 'gave-up',
      attempts: 4,
    });
  });

  it('retries when the partner cannot be reached at all', async () => {
    await receiver.close();
    await pay('15000.00');
    await rig.sandbox.notifyIdle();
    expect(rig.sandbox.ledger().transactions[0]?.notifications[0]).toMatchObject({
      delivery: 'gave-up',
      attempts: 4,
    });
  });

  it('announces a cancel with status 05 and a refund with status 04 and its details', async () => {
    const cancelled = await pay('15000.00');
    await rig.client.cancel({ originalPartnerReferenceNo: cancelled });
    const refunded = await pay('20000.00');
    await rig.client.refund({
      originalPartnerReferenceNo: refunded,
      partnerRefundNo: 'RF-NOTIFY',
      refundAmount: { value: '5000.00', currency: 'IDR' },
    });
    await rig.sandbox.notifyIdle();
    const statuses = receiver.received.map((n) => [
      n.body.originalPartnerReferenceNo,
      n.body.latestTransactionStatus,
    ]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        [cancelled, '00'],
        [cancelled, '05'],
        [refunded, '00'],
        [refunded, '04'],
      ]),
    );
    const refundNotify = receiver.received.find((n) => n.body.latestTransactionStatus === '04');
    expect(refundNotify?.body.additionalInfo).toMatchObject({
      event: 'refund',
      partnerRefundNo: 'RF-NOTIFY',
      refundAmount: { value: '5000.00', currency: 'IDR' },
      refundedAmount: { value: '5000.00', currency: 'IDR' },
    });
  });

  it('announces a 202 payment only when it becomes final, with the status query then reports', async () => {
    const partnerReferenceNo = await pay('10002.00');
    await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    await rig.sandbox.notifyIdle();
    expect(receiver.received).toHaveLength(0);
    const final = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    await rig.sandbox.notifyIdle();
    expect(receiver.received.map((n) => n.body.latestTransactionStatus)).toEqual([
      final.kind === 'answer' ? final.body.latestTransactionStatus : 'no answer',
    ]);
  });

  it('announces a declined payment with status 06', async () => {
    await pay('10001.00');
    await rig.sandbox.notifyIdle();
    expect(receiver.received.map((n) => n.body.latestTransactionStatus)).toEqual(['06']);
  });

  it('records "no-notify-url" for a partner without one', async () => {
    await rig.close();
    rig = await startRig();
    await pay('15000.00');
    expect(rig.sandbox.ledger().transactions[0]?.notifications[0]?.delivery).toBe('no-notify-url');
  });
});
