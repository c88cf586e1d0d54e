// POST /sandbox/wallet/qr: the simulated customer's phone, for scripts and support staff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCpmPayload } from '../../../main/cpm/payload';
import type { TestRig } from './support';
import { nextPartnerReference, startRig } from './support';

describe('POST /sandbox/wallet/qr', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  const walletQr = (query = '') =>
    fetch(`${rig.sandbox.baseUrl}/sandbox/wallet/qr${query}`, { method: 'POST' });

  it("shows the default customer's CPM QR, which decodes as a real payload", async () => {
    const response = await walletQr();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { customer: string; qrContent: string; expiryTime: string };
    expect(body.customer).toBe('budi');
    expect(decodeCpmPayload(body.qrContent).display.last4).toBe('0012');
    expect(body.expiryTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it('shows the chosen customer', async () => {
    const body = (await (await walletQr('?customer=andi')).json()) as { qrContent: string };
    expect(decodeCpmPayload(body.qrContent).display.last4).toBe('0038');
  });

  it('issues a QR the payment service accepts', async () => {
    const { qrContent } = (await (await walletQr()).json()) as { qrContent: string };
    const outcome = await rig.client.pay({
      partnerReferenceNo: nextPartnerReference(),
      qrContent,
      amount: { value: '15000.00', currency: 'IDR' },
      merchantId: '00007100010926',
      expiryTime: '60',
    });
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '2006000' });
  });

  it('answers an unknown customer with a SNAP-shaped 404', async () => {
    const response = await walletQr('?customer=nobody');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ responseCode: '4040016' });
  });

  it('refuses GET', async () => {
    const response = await fetch(`${rig.sandbox.baseUrl}/sandbox/wallet/qr`);
    expect(response.status).toBe(405);
  });
});
