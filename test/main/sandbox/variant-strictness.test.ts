// Each variant of `kasir sandbox` refuses the other presets' shapes with the code its provider gives:
// first on the paths (each preset's paths are served by its own variant only), then, at the variant's
// own paths, every other dimension of a preset (signature, token, CHANNEL-ID, X-TIMESTAMP, body).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKasirError } from '../../../main/errors';
import { DEMO_EXTERNAL_STORE_ID } from '../../../main/sandbox/profile';
import type { SnapOutcome } from '../../../main/snap/client';
import { createQrCpmClient } from '../../../main/snap/client';
import { formatSnapTimestamp } from '../../../main/snap/headers';
import type { ProviderName, ProviderRulesOverride } from '../../../main/snap/provider-presets';
import { PROVIDER_NAMES, PROVIDER_PRESETS } from '../../../main/snap/provider-presets';
import { servicePath } from '../../../main/snap/provider-wire';
import { signToken, signTransaction } from '../../../main/snap/signature';
import type { RunningVariant } from './variant-rig';
import { externalId, reference, startVariantSandbox, walletQr } from './variant-rig';

const sandboxes = new Map<ProviderName, RunningVariant>();
beforeAll(async () => {
  for (const variant of PROVIDER_NAMES) sandboxes.set(variant, await startVariantSandbox(variant));
});
afterAll(async () => {
  for (const running of sandboxes.values()) await running.stop();
});

function sandbox(variant: ProviderName): RunningVariant {
  const running = sandboxes.get(variant);
  if (!running) throw new Error(`no ${variant} sandbox`);
  return running;
}

/** The response code a request ends with: the answer's, or the token refusal's (the payment never left). */
async function codeOf(outcome: Promise<SnapOutcome<unknown>>): Promise<string> {
  try {
    const result = await outcome;
    return result.responseCode ?? `unknown:${result.kind === 'unknown' ? result.reason : ''}`;
  } catch (error) {
    if (!isKasirError(error) || typeof error.raw !== 'string') throw error;
    return `token:${String((JSON.parse(error.raw) as { responseCode?: unknown }).responseCode)}`;
  }
}

/** Our client speaking preset `shape` to `target`'s sandbox, with the target partner's credentials. */
function payAs(
  shape: ProviderName,
  target: RunningVariant,
  rules: ProviderRulesOverride = {},
  // The shape's own settings: a ShopeePay terminal names its store.
  store = PROVIDER_PRESETS[shape].requiredFields.payment?.includes('externalStoreId') ?? false,
) {
  const p = target.profile;
  const client = createQrCpmClient(
    {
      baseUrl: p.baseUrl,
      provider: shape,
      rules,
      clientKey: p.clientKey,
      clientSecret: p.clientSecret,
      privateKey: p.privateKey,
      partnerId: p.partnerId,
      ...(store ? { externalStoreId: DEMO_EXTERNAL_STORE_ID } : {}),
      timeoutMs: 5_000,
    },
    { fetch, clock: () => new Date(), externalIds: { next: externalId } },
  );
  return async (overrides: Record<string, unknown> = {}) =>
    client.pay({
      partnerReferenceNo: reference(),
      qrContent: await walletQr(p.baseUrl),
      amount: { value: '15000.00', currency: 'IDR' },
      merchantId: p.merchantId,
      expiryTime: formatSnapTimestamp(new Date(Date.now() + 8_000)),
      ...overrides,
    });
}

/** Only the paths of the target's preset: everything else stays the shape's own. */
function pathsOf(variant: ProviderName): ProviderRulesOverride {
  const { pathPrefix, pathSuffix, tokenPath, versions } = PROVIDER_PRESETS[variant];
  return { pathPrefix, pathSuffix, tokenPath, versions };
}

describe('each preset is served on its own paths only', () => {
  const pairs = PROVIDER_NAMES.flatMap((variant) =>
    PROVIDER_NAMES.filter((other) => other !== variant).map((other) => [variant, other] as const),
  );
  it.each(pairs)(
    'the %s sandbox answers 4040002 Invalid Routing on the %s payment path',
    async (v, other) => {
      const response = await fetch(
        `${sandbox(v).baseUrl}${servicePath(PROVIDER_PRESETS[other], 'payment')}`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        },
      );
      expect(response.status).toBe(404);
      expect(((await response.json()) as { responseCode: string }).responseCode).toBe('4040002');
    },
  );
});

// At the target's own paths, what each other preset's shape gets. bri differs from the standard
// by its prefix alone, so at the standard's paths it is the standard; shopeepay's ISO expiryTime and
// doku's UTC timestamps are forms the standard also takes.
const SHAPES: Record<ProviderName, Partial<Record<ProviderName, string>>> = {
  aspi: {
    dana: '4006001', // CHANNEL-ID <partnerId>-SERVER is over 5 characters: Invalid Field Format
    bri: '2006000',
    bca: '4016000', // CHANNEL-ID 95251: Unknown CHANNEL-ID
    shopeepay: '2006000',
    doku: '2006000',
  },
  dana: {
    aspi: '4016000', // CHANNEL-ID 95221 is not <partnerId>-SERVER
    bri: '4016000',
    bca: '4016000',
    shopeepay: '4016000',
    doku: '4016000',
  },
  bri: { aspi: '2006000', dana: '4006001', bca: '4016000', shopeepay: '2006000', doku: '2006000' },
  bca: { aspi: '4016000', dana: '4006001', bri: '4016000', shopeepay: '4016000', doku: '4016000' },
  shopeepay: {
    aspi: '4006002', // Invalid Mandatory Field externalStoreId
    dana: '4006001',
    bri: '4006002',
    bca: '4016000',
    doku: '4006002',
  },
  doku: {
    aspi: 'token:4007301', // X-TIMESTAMP +07:00: Invalid Field Format X-TIMESTAMP
    dana: '4006001',
    bri: 'token:4007301',
    bca: 'token:4007301',
    shopeepay: 'token:4007301',
  },
};

describe('at its own paths, each variant refuses the other presets’ shapes', () => {
  const cases = PROVIDER_NAMES.flatMap((variant) =>
    PROVIDER_NAMES.filter((shape) => shape !== variant).map(
      (shape) => [variant, shape, SHAPES[variant][shape] ?? ''] as const,
    ),
  );
  it.each(cases)('the %s sandbox answers a %s-shaped payment with %s', async (variant, shape, code) => {
    expect(await codeOf(payAs(shape, sandbox(variant), pathsOf(variant))())).toBe(code);
  });
});

describe('the dimensions the issue names, one at a time', () => {
  it('the standard refuses a payment without a bearer token (DANA signs without one)', async () => {
    const outcome = await payAs('dana', sandbox('aspi'), { ...pathsOf('aspi'), channelId: '95221' })();
    expect(outcome.responseCode).toBe('4016001');
  });

  it('dana refuses an HMAC signature with a bearer token, even on its own channel', async () => {
    const dana = sandbox('dana');
    const hmac = payAs('dana', dana, { signature: 'hmac-sha512', accessToken: true });
    const outcome = await hmac();
    expect(outcome.responseCode).toBe('4016000');
    expect(outcome.kind === 'answer' && outcome.body.responseMessage).toBe('Unauthorized. Signature');
  });

  it('dana refuses a 26-character partnerReferenceNo and takes 25', async () => {
    const dana = sandbox('dana');
    const long = payAs('dana', dana, { referenceMaxLength: 64 });
    const refused = await long({ partnerReferenceNo: reference(26) });
    expect(refused.responseCode).toBe('4006001');
    expect(refused.kind === 'answer' && refused.body.responseMessage).toBe(
      'Invalid Field Format partnerReferenceNo',
    );
    expect((await long({ partnerReferenceNo: reference(25) })).responseCode).toBe('2006000');
  });

  it('our dana client will not send a 26-character reference at all', async () => {
    await expect(payAs('dana', sandbox('dana'))({ partnerReferenceNo: reference(26) })).rejects.toMatchObject(
      {
        code: 'SNAP_REQUEST_INVALID',
      },
    );
  });

  it('dana refuses a query without its serviceCode', async () => {
    const dana = sandbox('dana');
    const client = createQrCpmClient(
      {
        baseUrl: dana.baseUrl,
        provider: 'dana',
        rules: { extraFields: {} },
        clientKey: dana.profile.clientKey,
        clientSecret: dana.profile.clientSecret,
        privateKey: dana.profile.privateKey,
        partnerId: dana.profile.partnerId,
        timeoutMs: 5_000,
      },
      { fetch, clock: () => new Date(), externalIds: { next: externalId } },
    );
    const outcome = await client.query({ originalPartnerReferenceNo: reference(), merchantId: '1' });
    expect(outcome.kind === 'answer' && outcome.body.responseMessage).toBe(
      'Invalid Mandatory Field serviceCode',
    );
    expect(outcome.responseCode).toBe('4006102');
  });

  it('shopeepay refuses a payment without externalStoreId, and one whose expiryTime is seconds', async () => {
    const shopee = sandbox('shopeepay');
    const noStore = await payAs('shopeepay', shopee, { requiredFields: {} }, false)();
    expect(noStore.responseCode).toBe('4006002');
    expect(noStore.kind === 'answer' && noStore.body.responseMessage).toBe(
      'Invalid Mandatory Field externalStoreId',
    );
    const seconds = await payAs('shopeepay', shopee, {
      expiryTime: { send: 'seconds', accepted: ['seconds'] },
    })({
      externalStoreId: 'SBX-STORE-01',
    });
    expect(seconds.kind === 'answer' && seconds.body.responseMessage).toBe('Invalid Field Format expiryTime');
  });

  it('bca refuses a token body with grant_type; the standard takes it and says so in its log', async () => {
    const grantUnderscore = (running: RunningVariant) => {
      const timestamp = formatSnapTimestamp(new Date());
      const { signature } = signToken({
        clientKey: running.profile.clientKey,
        timestamp,
        privateKey: running.profile.privateKey,
      });
      return fetch(`${running.baseUrl}${servicePath(running.profile.rules, 'tokenB2b')}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-TIMESTAMP': timestamp,
          'X-CLIENT-KEY': running.profile.clientKey,
          'X-SIGNATURE': signature,
        },
        body: '{"grant_type":"client_credentials"}',
      }).then(async (r) => ((await r.json()) as { responseCode: string }).responseCode);
    };
    expect(await grantUnderscore(sandbox('bca'))).toBe('4007302');
    expect(await grantUnderscore(sandbox('aspi'))).toBe('2007300');
    expect(sandbox('aspi').log.some((line) => line.includes('grant_type'))).toBe(true);
  });

  it('doku refuses an X-TIMESTAMP in +07:00 and takes the same instant in UTC', async () => {
    const doku = sandbox('doku');
    const local = payAs('doku', doku, { timestamp: { zone: 'local' } });
    expect(await codeOf(local())).toBe('token:4007301');
    expect(await codeOf(payAs('doku', doku)())).toBe('2006000');
  });

  it('the sandbox refuses a timestamp more than 5 minutes off its clock as 401xx00', async () => {
    const aspi = sandbox('aspi');
    const token = await fetch(`${aspi.baseUrl}/v1.0/access-token/b2b`, {
      method: 'POST',
      headers: stampedTokenHeaders(aspi, new Date(Date.now() - 6 * 60_000)),
      body: '{"grantType":"client_credentials"}',
    });
    expect(token.status).toBe(401);
    expect(await token.json()).toEqual({
      responseCode: '4017300',
      responseMessage: 'Unauthorized. X-TIMESTAMP is more than 5 minutes from the server clock',
    });
  });

  it('the terminal explains that refusal as its own clock being off, by how much', async () => {
    const aspi = sandbox('aspi');
    const p = aspi.profile;
    const sixMinutesSlow = () => new Date(Date.now() - 6 * 60_000);
    const client = createQrCpmClient(
      { ...p, privateKey: p.privateKey, timeoutMs: 5_000 },
      { fetch, clock: sixMinutesSlow, externalIds: { next: externalId } },
    );
    const error = await client.query({ originalPartnerReferenceNo: reference() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SNAP_CLOCK_SKEW' });
    expect(isKasirError(error) && error.messages.en).toMatch(/clock is about 6 min behind the provider's/);
    expect(isKasirError(error) && error.messages.id).toMatch(
      /jam komputer kasir ini sekitar 6 menit lebih lambat/,
    );
  });

  it('the standard takes a Midtrans-style X-TIMESTAMP: UTC with milliseconds', async () => {
    const aspi = sandbox('aspi');
    const answer = await fetch(`${aspi.baseUrl}/v1.0/access-token/b2b`, {
      method: 'POST',
      headers: stampedTokenHeaders(aspi, new Date(), new Date().toISOString()),
      body: '{"grantType":"client_credentials"}',
    });
    expect(((await answer.json()) as { responseCode: string }).responseCode).toBe('2007300');
  });

  it('the standard refuses an alphanumeric X-EXTERNAL-ID; dana takes the one its SDK makes', async () => {
    const aspi = sandbox('aspi');
    const tokenAnswer = await fetch(`${aspi.baseUrl}/v1.0/access-token/b2b`, {
      method: 'POST',
      headers: stampedTokenHeaders(aspi, new Date()),
      body: '{"grantType":"client_credentials"}',
    });
    const { accessToken } = (await tokenAnswer.json()) as { accessToken: string };
    const body = JSON.stringify({ originalPartnerReferenceNo: reference() });
    const timestamp = formatSnapTimestamp(new Date());
    const path = '/v1.0/qr/qr-cpm-query';
    const { signature } = signTransaction({
      method: 'POST',
      path,
      accessToken,
      clientSecret: aspi.profile.clientSecret,
      timestamp,
      rawBody: body,
    });
    const answer = await fetch(`${aspi.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${accessToken}`,
        'X-TIMESTAMP': timestamp,
        'X-SIGNATURE': signature,
        'X-PARTNER-ID': aspi.profile.partnerId,
        'X-EXTERNAL-ID': 'sdk4e1a2-77c2-4b0e-9d7f-0c5a8d3e21f4',
        'CHANNEL-ID': aspi.profile.channelId,
      },
      body,
    });
    expect(((await answer.json()) as { responseMessage: string }).responseMessage).toBe(
      'Invalid Field Format X-EXTERNAL-ID',
    );

    const dana = sandbox('dana');
    const danaAnswer = await payAs('dana', dana)();
    expect(danaAnswer.responseCode).toBe('2006000');
  });
});

function stampedTokenHeaders(running: RunningVariant, at: Date, stamp = formatSnapTimestamp(at)) {
  const { signature } = signToken({
    clientKey: running.profile.clientKey,
    timestamp: stamp,
    privateKey: running.profile.privateKey,
  });
  return {
    'Content-Type': 'application/json',
    'X-TIMESTAMP': stamp,
    'X-CLIENT-KEY': running.profile.clientKey,
    'X-SIGNATURE': signature,
  };
}
