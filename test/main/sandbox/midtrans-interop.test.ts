// Interop: Midtrans's published SNAP BI client (npm `midtrans-client`, its SnapBi module) runs
// token → generate → payment → query → refund against `kasir sandbox`, the way a new integrator
// would try it. It signs like the spec (SHA256withRSA token signature, HMAC-SHA512 transaction
// signature over the path it sends), so the sandbox must take what it sends; where it deviates from
// the spec, the deviation is named where it shows.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningVariant } from './variant-rig';
import { externalId, reference, startVariantSandbox } from './variant-rig';

/** The part of midtrans-client's SnapBi (plain JavaScript, no types shipped) this test uses. */
interface SnapBiRequest {
  apiPath: string;
  withAccessToken(token: string): SnapBiRequest;
  withBody(body: unknown): SnapBiRequest;
  getAccessToken(): Promise<Record<string, unknown>>;
  createConnection(externalId: string): Promise<Record<string, unknown>>;
}
interface MidtransModule {
  SnapBi: { qris(): SnapBiRequest };
  SnapBiConfig: {
    snapBiClientId: string | null;
    snapBiPrivateKey: string | null;
    snapBiClientSecret: string | null;
    snapBiPartnerId: string | null;
    snapBiChannelId: string | null;
    getBaseUrl(): string;
  };
}
const { SnapBi, SnapBiConfig } = createRequire(import.meta.url)('midtrans-client') as MidtransModule;

let running: RunningVariant;
beforeAll(async () => {
  running = await startVariantSandbox('aspi');
  const p = running.profile;
  SnapBiConfig.snapBiClientId = p.clientKey;
  SnapBiConfig.snapBiPrivateKey = await readFile(p.privateKeyFile, 'utf8');
  SnapBiConfig.snapBiClientSecret = p.clientSecret;
  SnapBiConfig.snapBiPartnerId = p.partnerId;
  SnapBiConfig.snapBiChannelId = p.channelId;
  // Deviation: the base URL is a constant (Midtrans's sandbox or production host), chosen by
  // SnapBiConfig.isProduction; pointing it at any other provider means replacing getBaseUrl.
  SnapBiConfig.getBaseUrl = () => running.baseUrl;
});
afterAll(() => running.stop());

/**
 * One SnapBi call. Deviation: its QRIS methods target the MPM paths (qr-mpm-generate, -query,
 * -refund, -cancel) and it has no CPM payment (service 60) at all, so the CPM path is set on the
 * request object, whose createConnection signs and sends it exactly as its own methods do.
 * A fresh object per call: it takes X-TIMESTAMP once, when it is constructed, and signs every
 * call it makes with that same time.
 */
function call(accessToken: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const request = SnapBi.qris().withAccessToken(accessToken).withBody(body);
  request.apiPath = path;
  return request.createConnection(externalId());
}

describe('midtrans-client SnapBi against kasir sandbox', () => {
  it('runs token → generate → payment → query → refund', async () => {
    // Deviations: the token body says grant_type (the spec: grantType), and X-TIMESTAMP is
    // toISOString(): UTC with milliseconds ("2026-12-01T07:30:00.123Z"), valid ISO-8601 but not the
    // spec's sample form. The standard sandbox takes both, and logs the first.
    const token = await SnapBi.qris().getAccessToken();
    expect(token).toMatchObject({ responseCode: '2007300', tokenType: 'Bearer', expiresIn: '900' });
    expect(running.log.some((line) => line.includes('grant_type'))).toBe(true);
    const accessToken = String(token.accessToken);
    const merchantId = running.profile.merchantId;

    const generated = await call(accessToken, '/v1.0/qr/qr-cpm-generate', {
      partnerTrxDate: new Date().toISOString(),
      merchantId,
    });
    expect(generated.responseCode).toBe('2005900');

    const partnerReferenceNo = reference();
    const paid = await call(accessToken, '/v1.0/qr/qr-cpm-payment', {
      partnerReferenceNo,
      qrContent: generated.qrContent,
      amount: { value: '30000.00', currency: 'IDR' },
      merchantId,
      expiryTime: '60',
    });
    expect(paid).toMatchObject({ responseCode: '2006000', partnerReferenceNo });

    const queried = await call(accessToken, '/v1.0/qr/qr-cpm-query', {
      originalPartnerReferenceNo: partnerReferenceNo,
      merchantId,
    });
    expect(queried).toMatchObject({ responseCode: '2006100', latestTransactionStatus: '00' });

    const refunded = await call(accessToken, '/v1.0/qr/qr-cpm-refund', {
      originalPartnerReferenceNo: partnerReferenceNo,
      partnerRefundNo: reference(),
      merchantId,
      refundAmount: { value: '30000.00', currency: 'IDR' },
      reason: 'interop test',
    });
    expect(refunded).toMatchObject({ responseCode: '2008000', refundAmount: { value: '30000.00' } });

    const ledger = (await (await fetch(`${running.baseUrl}/sandbox/ledger`)).json()) as {
      transactions: Array<{ partnerReferenceNo: string; state: string }>;
    };
    expect(ledger.transactions.find((t) => t.partnerReferenceNo === partnerReferenceNo)?.state).toBe(
      'REFUNDED',
    );
  });

  it('hears a refusal as a body like any other: it returns non-2xx answers instead of failing', async () => {
    // Deviation (of the library's interface, not the wire): a 4xx answer comes back as its body, so
    // the caller must read responseCode; the sandbox's answer is the spec's code and message.
    const token = await SnapBi.qris().getAccessToken();
    const refused = await call(String(token.accessToken), '/v1.0/qr/qr-cpm-query', {});
    expect(refused).toEqual({
      responseCode: '4006102',
      responseMessage: 'Invalid Mandatory Field originalPartnerReferenceNo',
    });
  });
});
