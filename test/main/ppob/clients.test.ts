// The Klikoo and DOKU Biller clients read a provider's answer bounded and trust nothing they cannot
// check: a body too big, nested too deep, not JSON, breaking its schema, or whose code disagrees
// with the HTTP status is an unknown outcome (the engine then asks with the same references), never a
// crash and never a failure. They sign what they send the way the providers document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDokuRequest } from '../../../main/ppob/doku/adapter';
import { createDokuClient } from '../../../main/ppob/doku/client';
import { createKlikooClient } from '../../../main/ppob/klikoo/client';
import { nodeHttpFetch } from '../../../main/snap/http-transport';
import { verifyToken, verifyTransaction } from '../../../main/snap/signature';
import { sharedKeys } from '../payments/support';
import type { TestServer } from '../snap/test-server';
import { json, startTestServer } from '../snap/test-server';

let server: TestServer;
let answer: (path: string, res: Parameters<typeof json>[0]) => void;
let issuedToken = 'tkn-1';
beforeAll(async () => {
  server = await startTestServer((request, res) => {
    if (request.url === '/v1/open-api/access-token') {
      json(res, 200, {
        response_code: '200012000',
        response_message: 'Sukses',
        data: { access_token: issuedToken, expires_in: 900 },
      });
      return;
    }
    answer(request.url, res);
  });
});
afterAll(async () => {
  await server.close();
});

const BUY = {
  amount: '10450',
  product_code: 'TSEL10',
  selling_price: '12000',
  value: '081234567890',
  msidn: '081234567890',
  partner_reference_id: '6d654219-d9b7-4e1a-8b51-99a5cafb11cb',
};

async function klikoo() {
  const { demo } = await sharedKeys();
  return createKlikooClient(
    {
      baseUrl: server.baseUrl,
      clientId: 'cid',
      clientSecret: 'secret-1',
      privateKey: demo.privateKeyPem,
      timeoutMs: 500,
    },
    { fetch: nodeHttpFetch, clock: () => new Date() },
  );
}

describe('the Klikoo client', () => {
  it('signs the token with RSA over clientId|timestamp and every call with the HMAC over what it sent', async () => {
    answer = (_path, res) =>
      json(res, 201, {
        response_code: '201022001',
        response_message: 'Berhasil dibuat',
        data: { transaction_id: '14429004', status: 'WAITING', sn: '' },
      });
    const client = await klikoo();
    const outcome = await client.buy(BUY);
    expect(outcome).toMatchObject({
      kind: 'answer',
      responseCode: '201022001',
      data: { transaction_id: '14429004', status: 'WAITING' },
    });
    const [token, buy] = server.received.slice(-2);
    const { demo } = await sharedKeys();
    expect(JSON.parse(token?.body ?? '')).toEqual({
      grant_type: 'client_credentials',
      additional_info: { client_id: 'cid', client_secret: 'secret-1' },
    });
    const stamp = String(token?.headers['open-api-timestamp']);
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(
      verifyToken({
        clientKey: 'cid',
        timestamp: stamp,
        publicKey: demo.partner.publicKeyPem,
        signature: String(token?.headers['open-api-signature']),
      }),
    ).toBe(true);
    expect(buy?.headers.authorization).toBe('Bearer tkn-1');
    expect(
      verifyTransaction({
        method: 'POST',
        path: '/v1/open-api/transactions',
        accessToken: 'tkn-1',
        clientSecret: 'secret-1',
        timestamp: String(buy?.headers['open-api-timestamp']),
        rawBody: buy?.body ?? '',
        signature: String(buy?.headers['open-api-signature']),
      }),
    ).toBe(true);
    // The seed's field order, its fields and no others.
    expect(Object.keys(JSON.parse(buy?.body ?? '{}'))).toEqual([
      'amount',
      'product_code',
      'selling_price',
      'value',
      'msidn',
      'partner_reference_id',
    ]);
  });

  it.each([
    [
      'a body larger than 1 MiB',
      (res: Parameters<typeof json>[0]) => json(res, 201, `{"x":"${'a'.repeat(1_100_000)}"}`),
      'malformed',
    ],
    [
      'JSON nested 10,000 deep',
      (res: Parameters<typeof json>[0]) => json(res, 201, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
      'malformed',
    ],
    [
      'a body that is not JSON',
      (res: Parameters<typeof json>[0]) => json(res, 201, '<html>ok</html>'),
      'malformed',
    ],
    [
      'a 201 whose code says 200',
      (res: Parameters<typeof json>[0]) =>
        json(res, 201, { response_code: '200022000', response_message: 'Sukses', data: null }),
      'code-mismatch',
    ],
    [
      'a success with a status Klikoo never sends',
      (res: Parameters<typeof json>[0]) =>
        json(res, 201, {
          response_code: '201022001',
          response_message: 'ok',
          data: { transaction_id: '1', status: 'DONE' },
        }),
      'malformed',
    ],
    [
      'a 502 without a code',
      (res: Parameters<typeof json>[0]) => json(res, 502, 'Bad Gateway'),
      'server-error',
    ],
    [
      'a redirect',
      (res: Parameters<typeof json>[0]) => {
        res.writeHead(302, { Location: 'http://example.invalid/' });
        res.end();
      },
      'network',
    ],
  ] as const)('reads %s as unknown', async (_what, respond, reason) => {
    answer = (_path, res) => respond(res);
    const outcome = await (await klikoo()).buy(BUY);
    expect(outcome).toMatchObject({ kind: 'unknown', reason });
  });

  it('refreshes a refused token once and sends the same body again', async () => {
    let calls = 0;
    answer = (_path, res) => {
      calls += 1;
      if (calls === 1)
        json(res, 401, { response_code: '401026535', response_message: 'Token kadaluarsa', data: null });
      else
        json(res, 201, {
          response_code: '201022001',
          response_message: 'Berhasil dibuat',
          data: { transaction_id: '2', status: 'SUCCESS', sn: 'SN2' },
        });
    };
    const before = server.received.length;
    const outcome = await (await klikoo()).buy(BUY);
    expect(outcome).toMatchObject({ kind: 'answer', data: { status: 'SUCCESS' } });
    const buys = server.received.slice(before).filter((r) => r.url === '/v1/open-api/transactions');
    expect(buys).toHaveLength(2);
    expect(buys[0]?.body).toBe(buys[1]?.body);
  });

  it('refuses a token with a CR LF in it, which no request could carry, and sends no purchase with it', async () => {
    issuedToken = 'tkn\r\nX-Injected: 1';
    const before = server.received.length;
    try {
      await expect((await klikoo()).buy(BUY)).rejects.toMatchObject({ code: 'KLIKOO_TOKEN_MALFORMED' });
    } finally {
      issuedToken = 'tkn-1';
    }
    expect(server.received.slice(before).filter((r) => r.url === '/v1/open-api/transactions')).toEqual([]);
  });

  it('sends nothing for a request that breaks its schema', async () => {
    const before = server.received.length;
    await expect((await klikoo()).buy({ ...BUY, partner_reference_id: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'KLIKOO_REQUEST_INVALID',
    });
    expect(server.received.length).toBe(before);
  });
});

describe('the DOKU Biller client', () => {
  const doku = () =>
    createDokuClient(
      { baseUrl: server.baseUrl, clientId: 'MCH-1', secretKey: 'SK-secret-0123456789', timeoutMs: 500 },
      { fetch: nodeHttpFetch, clock: () => new Date(), newRequestId: () => 'req-1' },
    );
  const PAY = {
    inquiryId: 'DINQ1',
    productCode: 'PULSA-TSEL-10',
    customerId: '081234567890',
    amount: '10450',
    systrace: '000000000001',
  };

  it('signs with DOKU Non-SNAP headers, the payment carrying its own Request-Id', async () => {
    answer = (_path, res) =>
      json(res, 200, { responseCode: '5586', responseMessage: 'pending', transactionId: 'T1' });
    const outcome = await doku().payment(PAY, '6d654219-d9b7-4e1a-8b51-99a5cafb11cb');
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '5586', decoded: { action: 'query' } });
    const sent = server.received.at(-1);
    expect(sent?.headers['request-id']).toBe('6d654219-d9b7-4e1a-8b51-99a5cafb11cb');
    expect(
      verifyDokuRequest({
        clientId: 'MCH-1',
        requestId: String(sent?.headers['request-id']),
        timestamp: String(sent?.headers['request-timestamp']),
        target: '/doku-biller/v1/payment',
        body: sent?.body ?? '',
        secretKey: 'SK-secret-0123456789',
        signature: String(sent?.headers.signature),
      }),
    ).toBe(true);
  });

  it.each([
    [
      'a body larger than 1 MiB',
      (res: Parameters<typeof json>[0]) => json(res, 200, `{"x":"${'a'.repeat(1_100_000)}"}`),
      'malformed',
    ],
    [
      'JSON nested 10,000 deep',
      (res: Parameters<typeof json>[0]) => json(res, 200, '{"a":'.repeat(10_000)),
      'malformed',
    ],
    [
      'an answer without a code',
      (res: Parameters<typeof json>[0]) => json(res, 200, { ok: true }),
      'malformed',
    ],
    [
      'a 0000 with an amount in another format',
      (res: Parameters<typeof json>[0]) =>
        json(res, 200, { responseCode: '0000', responseMessage: 'Success', amount: '10.450,00' }),
      'malformed',
    ],
    [
      'a 503 HTML page',
      (res: Parameters<typeof json>[0]) => json(res, 503, '<html>maintenance</html>'),
      'server-error',
    ],
  ] as const)('reads %s as unknown', async (_what, respond, reason) => {
    answer = (_path, res) => respond(res);
    expect(await doku().payment(PAY, 'r')).toMatchObject({ kind: 'unknown', reason });
  });
});
