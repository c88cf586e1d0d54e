import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { verifyToken } from '../../../main/snap/signature';
import { createTokenClient, type TokenClientConfig } from '../../../main/snap/token-client';
import { json, startTestServer, type TestServer } from './test-server';
import { samplePrivateKeyPem, samplePublicKeyPem } from './vectors';

let server: TestServer;
let now: number;
const clock = () => new Date(now);
let issued = 0;

function tokenAnswers() {
  return (_req: unknown, res: Parameters<typeof json>[0]) => {
    issued += 1;
    json(res, 200, {
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken: `tok-${issued}`,
      tokenType: 'Bearer',
      expiresIn: '900',
    });
  };
}

function config(overrides: Partial<TokenClientConfig> = {}): TokenClientConfig {
  return {
    baseUrl: server.baseUrl,
    pathPrefix: '/snap',
    clientKey: 'G1234325-SNAP',
    privateKey: samplePrivateKeyPem,
    timeoutMs: 5_000,
    ...overrides,
  };
}

beforeEach(async () => {
  now = Date.parse('2024-05-02T07:00:00Z');
  issued = 0;
  server = await startTestServer(tokenAnswers());
});

afterEach(async () => {
  await server.close();
});

describe('B2B token client', () => {
  it('asks for a token with a valid SNAP token signature', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    await tokens.getToken();
    const [request] = server.received;
    expect(request?.url).toBe('/snap/v1.0/access-token/b2b');
    expect(request?.body).toBe('{"grantType":"client_credentials"}');
    expect(request?.headers['x-client-key']).toBe('G1234325-SNAP');
    expect(request?.headers['x-timestamp']).toBe('2024-05-02T14:00:00+07:00');
    const valid = verifyToken({
      clientKey: 'G1234325-SNAP',
      timestamp: String(request?.headers['x-timestamp']),
      publicKey: samplePublicKeyPem,
      signature: String(request?.headers['x-signature']),
    });
    expect(valid).toBe(true);
  });

  it('reuses the cached token while it is fresh', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    expect(await tokens.getToken()).toBe('tok-1');
    now += 600_000;
    expect(await tokens.getToken()).toBe('tok-1');
    expect(server.received).toHaveLength(1);
  });

  it('refreshes exactly once when 50 callers find the token about to expire', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    await tokens.getToken();
    now += 870_000; // 30 s before the 900 s expiry: inside the refresh-ahead window
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));
    expect(new Set(results)).toEqual(new Set(['tok-2']));
    expect(server.received).toHaveLength(2);
  });

  it('fetches exactly once when 50 callers start with no token', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()));
    expect(new Set(results)).toEqual(new Set(['tok-1']));
    expect(server.received).toHaveLength(1);
  });

  it('fetches a new token after the refused one is invalidated', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    const refused = await tokens.getToken();
    tokens.invalidate(refused);
    expect(await tokens.getToken()).toBe('tok-2');
  });

  it('keeps a newer token when an older refused one is invalidated late', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    await tokens.getToken();
    tokens.invalidate('tok-1');
    await tokens.getToken();
    tokens.invalidate('tok-1');
    expect(await tokens.getToken()).toBe('tok-2');
    expect(server.received).toHaveLength(2);
  });

  it('keeps using a still-valid token when refreshing ahead fails', async () => {
    const tokens = createTokenClient(config(), { fetch, clock });
    await tokens.getToken();
    server.setHandler((_req, res) =>
      json(res, 500, { responseCode: '5007300', responseMessage: 'General Error' }),
    );
    now += 870_000;
    expect(await tokens.getToken()).toBe('tok-1');
  });

  it('reports a refused token request with its code and the redacted answer', async () => {
    server.setHandler((_req, res) =>
      json(res, 401, {
        responseCode: '4017300',
        responseMessage: 'Unauthorized. Signature',
        accessToken: 'leak',
      }),
    );
    const tokens = createTokenClient(config(), { fetch, clock });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KasirError);
    expect((error as KasirError).code).toBe('SNAP_TOKEN_REFUSED');
    expect((error as KasirError).messages.en).toContain('4017300');
    expect(String((error as KasirError).raw)).not.toContain('leak');
  });

  it('reports an unreadable token answer as malformed', async () => {
    server.setHandler((_req, res) => json(res, 200, '<html>gateway</html>'));
    const tokens = createTokenClient(config(), { fetch, clock });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'SNAP_TOKEN_MALFORMED' });
  });

  it.each([
    ['a CR LF (a header injected)', 'abc\r\nX-Injected: 1'],
    ['a space', 'abc def'],
  ])(
    'refuses a token with %s, which no request could carry: nothing is sent with it',
    async (_what, token) => {
      server.setHandler((_req, res) =>
        json(res, 200, {
          responseCode: '2007300',
          responseMessage: 'Successful',
          accessToken: token,
          expiresIn: '900',
        }),
      );
      const tokens = createTokenClient(config(), { fetch, clock });
      await expect(tokens.getToken()).rejects.toMatchObject({ code: 'SNAP_TOKEN_MALFORMED' });
    },
  );

  it('gives up after the configured timeout', async () => {
    server.setHandler(() => {}); // never answers
    const tokens = createTokenClient(config({ timeoutMs: 150 }), { fetch, clock });
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'SNAP_TOKEN_TIMEOUT' });
  });

  it('uses a provider-specific token path when configured', async () => {
    const tokens = createTokenClient(config({ tokenPath: '/auth/v1.0/access-token/b2b' }), { fetch, clock });
    await tokens.getToken();
    expect(server.received[0]?.url).toBe('/auth/v1.0/access-token/b2b');
  });

  it('writes the X-TIMESTAMP in the configured offset', async () => {
    const tokens = createTokenClient(config({ utcOffset: '+08:00' }), { fetch, clock });
    await tokens.getToken();
    expect(server.received[0]?.headers['x-timestamp']).toBe('2024-05-02T15:00:00+08:00');
  });
});
