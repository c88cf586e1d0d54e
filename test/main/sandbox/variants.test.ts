// Every provider preset end to end: `kasir sandbox --variant <preset>` plays that provider strictly,
// and our client, built from the demo profile the command wrote, pays, queries, cancels and refunds
// through it over real HTTP. The ledger, fault and wallet endpoints are the same in every variant.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QrCpmClient } from '../../../main/snap/client';
import { createQrCpmClient } from '../../../main/snap/client';
import { formatSnapTimestamp } from '../../../main/snap/headers';
import { PROVIDER_NAMES } from '../../../main/snap/provider-presets';
import { servicePath } from '../../../main/snap/provider-wire';
import type { RunningVariant } from './variant-rig';
import { externalId, reference, startVariantSandbox, walletQr } from './variant-rig';

function clientFor(running: RunningVariant): QrCpmClient {
  const p = running.profile;
  return createQrCpmClient(
    {
      baseUrl: p.baseUrl,
      provider: p.provider,
      rules: p.rules,
      clientKey: p.clientKey,
      clientSecret: p.clientSecret,
      privateKey: p.privateKey,
      partnerId: p.partnerId,
      channelId: p.channelId,
      ...(p.externalStoreId === undefined ? {} : { externalStoreId: p.externalStoreId }),
      timeoutMs: p.timeoutMs,
    },
    { fetch, clock: () => new Date(), externalIds: { next: externalId } },
  );
}

describe.each(PROVIDER_NAMES)('kasir sandbox --variant %s', (variant) => {
  let running: RunningVariant;
  let client: QrCpmClient;

  beforeAll(async () => {
    running = await startVariantSandbox(variant);
    client = clientFor(running);
  });
  afterAll(() => running.stop());

  const pay = async (amount: string) => {
    const partnerReferenceNo = reference();
    const outcome = await client.pay({
      partnerReferenceNo,
      qrContent: await walletQr(running.baseUrl),
      amount: { value: amount, currency: 'IDR' },
      merchantId: running.profile.merchantId,
      // The engine's form, an instant; each preset's client writes it the provider's way.
      expiryTime: formatSnapTimestamp(new Date(Date.now() + running.profile.timeoutMs)),
      terminalId: running.profile.terminalId,
    });
    return { partnerReferenceNo, outcome };
  };
  const query = (partnerReferenceNo: string, amount: string) =>
    client.query({
      originalPartnerReferenceNo: partnerReferenceNo,
      merchantId: running.profile.merchantId,
      amount: { value: amount, currency: 'IDR' },
    });

  it('announces its variant in the first JSON line and writes a profile for it', async () => {
    expect(running.first.variant).toBe(variant);
    const written = JSON.parse(await readFile(String(running.first.profile), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(written.provider).toBe(variant);
    expect(running.profile.provider).toBe(variant);
  });

  it('pays, queries, cancels and refunds through our client', async () => {
    const first = await pay('25000.00');
    expect(first.outcome.kind === 'answer' && first.outcome.responseCode).toBe('2006000');
    const paid = await query(first.partnerReferenceNo, '25000.00');
    expect(paid.kind === 'answer' && paid.body.latestTransactionStatus).toBe('00');

    const refund = await client.refund({
      originalPartnerReferenceNo: first.partnerReferenceNo,
      partnerRefundNo: reference(),
      merchantId: running.profile.merchantId,
      refundAmount: { value: '5000.00', currency: 'IDR' },
    });
    expect(refund.kind === 'answer' && refund.responseCode).toBe('2008000');
    const refunded = await query(first.partnerReferenceNo, '25000.00');
    expect(refunded.kind === 'answer' && refunded.body.latestTransactionStatus).toBe('04');

    const second = await pay('12000.00');
    expect(second.outcome.kind === 'answer' && second.outcome.responseCode).toBe('2006000');
    const cancel = await client.cancel({
      originalPartnerReferenceNo: second.partnerReferenceNo,
      merchantId: running.profile.merchantId,
      amount: { value: '12000.00', currency: 'IDR' },
      reason: 'customer changed their mind',
    });
    expect(cancel.kind === 'answer' && cancel.responseCode).toBe('2006200');
    const cancelled = await query(second.partnerReferenceNo, '12000.00');
    expect(cancelled.kind === 'answer' && cancelled.body.latestTransactionStatus).toBe('05');
    // On the variant's own paths: its prefix, versions and suffix.
    expect(running.log).toContain(`POST ${servicePath(running.profile.rules, 'payment')} → 200 2006000`);
    expect(running.log).toContain(`POST ${servicePath(running.profile.rules, 'cancel')} → 200 2006200`);
  });

  it('plays the fault table by amount and shows it all in its ledger', async () => {
    const declined = await pay('10001.00');
    expect(declined.outcome.kind === 'answer' && declined.outcome.responseCode).toBe('4036005');
    const ledger = (await (await fetch(`${running.baseUrl}/sandbox/ledger`)).json()) as {
      transactions: Array<{ partnerReferenceNo: string; state: string }>;
    };
    expect(ledger.transactions.find((t) => t.partnerReferenceNo === declined.partnerReferenceNo)?.state).toBe(
      'FAILED',
    );
  });
});
