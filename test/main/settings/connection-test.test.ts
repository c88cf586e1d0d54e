// "Test connection" against a real HTTP token endpoint on 127.0.0.1: each way a first connection
// usually fails, and what the integrator is told about it.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../../main/settings/connection-test';
import { keyFingerprint } from '../../../main/settings/keys';
import { loadPrivateKey, loadPublicKey } from '../../../main/snap/signature';
import type { RunningVariant } from '../sandbox/variant-rig';
import { startVariantSandbox } from '../sandbox/variant-rig';
import { startTokenServer, type TokenServer } from './support/token-server';

const fixtures = join(import.meta.dirname, '../../fixtures/keys');
const privateKey = loadPrivateKey(readFileSync(join(fixtures, 'midtrans-sample-private.pem'), 'utf8'));
const publicKey = loadPublicKey(readFileSync(join(fixtures, 'midtrans-sample-public.pem'), 'utf8'));
const tls = {
  key: readFileSync(join(import.meta.dirname, 'fixtures/tls-127.0.0.1-key.pem'), 'utf8'),
  cert: readFileSync(join(import.meta.dirname, 'fixtures/tls-127.0.0.1-cert.pem'), 'utf8'),
};
const CLIENT_KEY = '82150823919040624621823174737537';
const TOKEN = 'gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a';

const realClock = () => new Date();

function input(baseUrl: string, overrides: Partial<Parameters<typeof testConnection>[0]> = {}) {
  return {
    baseUrl,
    pathPrefix: '/snap',
    clientKey: CLIENT_KEY,
    privateKey,
    utcOffset: '+07:00',
    timeoutMs: 5_000,
    ...overrides,
  };
}

describe('test connection', () => {
  let server: TokenServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reports a token received, and never the token itself', async () => {
    server = await startTokenServer({ clients: { [CLIENT_KEY]: publicKey }, token: TOKEN, prefix: '/snap' });
    const result = await testConnection(input(server.url), { fetch, clock: realClock });
    expect(result).toMatchObject({
      ok: true,
      outcome: 'ok',
      httpStatus: 200,
      responseCode: '2007300',
      expiresInSeconds: 900,
      url: `${server.url}/snap/v1.0/access-token/b2b`,
    });
    expect(result.message.en).toBe('Connected. The provider issued an access token (valid 900 s).');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('names an unknown client key', async () => {
    server = await startTokenServer({ clients: {}, token: TOKEN, prefix: '/snap' });
    const result = await testConnection(input(server.url), { fetch, clock: realClock });
    expect(result).toMatchObject({ ok: false, outcome: 'unknown_client', responseCode: '4017300' });
    expect(result.message.en).toContain(`does not know client key "${CLIENT_KEY}"`);
    expect(result.message.id).toContain('tidak mengenal Client Key');
  });

  it('explains a signature mismatch with the exact string signed and the key the provider must hold', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    server = await startTokenServer({ clients: { [CLIENT_KEY]: other }, token: TOKEN, prefix: '/snap' });
    const result = await testConnection(input(server.url), { fetch, clock: realClock });
    const sent = String(server.requests[0]?.headers['x-timestamp']);
    expect(result).toMatchObject({
      outcome: 'signature_mismatch',
      timestamp: sent,
      stringToSign: `${CLIENT_KEY}|${sent}`,
      publicKeyFingerprint: keyFingerprint(privateKey),
    });
    expect(result.message.en).toContain(`fingerprint ${keyFingerprint(privateKey)}`);
    expect(result.message.en).toContain(`The string we signed: ${CLIENT_KEY}|${sent}`);
  });

  it('blames the clock when ours is ten minutes slow', async () => {
    server = await startTokenServer({ clients: { [CLIENT_KEY]: publicKey }, token: TOKEN, prefix: '/snap' });
    const slow = () => new Date(Date.now() - 10 * 60_000);
    const result = await testConnection(input(server.url), { fetch, clock: slow });
    expect(result.outcome).toBe('clock_skew');
    expect(result.clockSkewMs).toBeGreaterThan(9 * 60_000);
    expect(result.message.en).toMatch(/this computer's clock is (59\d|60\d) s behind the provider's/);
  });

  it('warns about a skewed clock even when the provider accepted the token', async () => {
    server = await startTokenServer({
      clients: { [CLIENT_KEY]: publicKey },
      token: TOKEN,
      prefix: '/snap',
      maxSkewMs: 60 * 60_000,
    });
    const fast = () => new Date(Date.now() + 3 * 60_000);
    const result = await testConnection(input(server.url), { fetch, clock: fast });
    expect(result.outcome).toBe('ok');
    expect(result.message.en).toContain("Warning: this computer's clock is");
  });

  it('says the answer is not a token answer when the path prefix is wrong', async () => {
    server = await startTokenServer({ clients: { [CLIENT_KEY]: publicKey }, token: TOKEN, prefix: '/snap' });
    const result = await testConnection(input(server.url, { pathPrefix: '/api' }), {
      fetch,
      clock: realClock,
    });
    expect(result).toMatchObject({ outcome: 'malformed', httpStatus: 404 });
    expect(result.message.en).toContain('Check the base URL and the path prefix');
  });

  it('reports a refused connection as a network error with its code', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const result = await testConnection(input(`http://127.0.0.1:${port}`), { fetch, clock: realClock });
    expect(result).toMatchObject({ outcome: 'network', networkCode: 'ECONNREFUSED', httpStatus: null });
  });

  it('reports a certificate the computer does not trust as a TLS error', async () => {
    server = await startTokenServer({
      clients: { [CLIENT_KEY]: publicKey },
      token: TOKEN,
      prefix: '/snap',
      tls,
    });
    const result = await testConnection(input(server.url), { fetch, clock: realClock });
    expect(result).toMatchObject({ outcome: 'tls', networkCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(result.message.en).toContain('secure (TLS) connection to 127.0.0.1');
  });

  it('reports https spoken to a plain-http server as a TLS error', async () => {
    server = await startTokenServer({ clients: { [CLIENT_KEY]: publicKey }, token: TOKEN, prefix: '/snap' });
    const result = await testConnection(input(server.url.replace('http:', 'https:')), {
      fetch,
      clock: realClock,
    });
    expect(result.outcome).toBe('tls');
  });

  it('reports a provider that never answers as a timeout', async () => {
    server = await startTokenServer({ clients: {}, token: TOKEN, behaviour: 'hang' });
    const result = await testConnection(input(server.url, { timeoutMs: 1_000 }), { fetch, clock: realClock });
    expect(result).toMatchObject({ outcome: 'timeout' });
    expect(result.message.en).toContain('did not answer within 1 s');
  });
});

describe('test connection with a provider that has no tokens (DANA)', () => {
  let dana: RunningVariant;
  beforeAll(async () => {
    dana = await startVariantSandbox('dana');
  }, 30_000);
  afterAll(async () => {
    await dana.stop();
  });

  function danaInput(overrides: Partial<Parameters<typeof testConnection>[0]> = {}) {
    return {
      baseUrl: dana.baseUrl,
      provider: 'dana' as const,
      pathPrefix: '',
      clientKey: dana.profile.clientKey,
      privateKey: dana.profile.privateKey,
      utcOffset: '+07:00',
      timeoutMs: 5_000,
      partnerId: dana.profile.partnerId,
      merchantId: dana.profile.merchantId,
      ...overrides,
    };
  }

  it('proves address, key and clock with a signed status query for a reference that cannot exist', async () => {
    const result = await testConnection(danaInput(), { fetch, clock: realClock });
    expect(result).toMatchObject({ ok: true, outcome: 'ok', httpStatus: 404, expiresInSeconds: null });
    expect(result.responseCode).toMatch(/^404\d\d01$/);
    expect(result.url).toBe(`${dana.baseUrl}/v1.0/qr/qr-cpm-query.htm`);
    expect(result.message.en).toContain('The provider accepted our signed request');
    expect(result.stringToSign).toMatch(/^POST:\/v1\.0\/qr\/qr-cpm-query\.htm:[0-9a-f]{64}:/);
    expect(dana.log.some((line) => line.includes('access-token'))).toBe(false);
  });

  it('explains a key the provider does not hold as a signature mismatch', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const result = await testConnection(danaInput({ privateKey: other }), { fetch, clock: realClock });
    expect(result).toMatchObject({ ok: false, outcome: 'signature_mismatch', httpStatus: 401 });
    expect(result.message.en).toContain(`fingerprint ${keyFingerprint(other)}`);
  });

  it('blames the clock when ours is ten minutes fast', async () => {
    const fast = () => new Date(Date.now() + 10 * 60_000);
    const result = await testConnection(danaInput(), { fetch, clock: fast });
    expect(result.outcome).toBe('clock_skew');
    expect(result.message.en).toContain('turn on automatic time sync');
  });
});
