// The app's default backend: a demo sandbox whose client settings work as they are.
import { afterEach, expect, it } from 'vitest';
import type { DemoSandbox } from '../../../main/sandbox/demo';
import { startDemoSandbox } from '../../../main/sandbox/demo';
import { createQrCpmClient } from '../../../main/snap/client';
import { nextExternalId } from './support';

let running: DemoSandbox | undefined;
afterEach(async () => {
  await running?.sandbox.close();
});

it('starts on a loopback port with client settings that can generate and pay', async () => {
  running = await startDemoSandbox();
  expect(running.sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const client = createQrCpmClient(running.clientConfig, {
    fetch,
    clock: () => new Date(),
    externalIds: { next: () => nextExternalId() },
  });
  const generated = await client.generate({ partnerTrxDate: '2024-05-01T10:00:00+07:00' });
  if (generated.kind !== 'answer' || generated.body.qrContent === undefined) throw new Error('no QR');
  const paid = await client.pay({
    partnerReferenceNo: 'DEMO-1',
    qrContent: generated.body.qrContent,
    amount: { value: '10000.00', currency: 'IDR' },
    merchantId: running.demo.partner.merchantId ?? '',
    expiryTime: '60',
  });
  expect(paid.kind === 'answer' && paid.responseCode).toBe('2006000');
});

it('refuses to listen on anything but loopback', async () => {
  await expect(startDemoSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
});
