import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { createQrCpmClient, type SendAttempt, type SnapClientConfig } from '../../../main/snap/client';
import type { ExternalIdSource } from '../../../main/snap/external-id';
import type { PaymentRequest } from '../../../main/snap/schemas';
import { verifyTransaction } from '../../../main/snap/signature';
import { createWireLog, qrFingerprint } from '../../../main/snap/wire-log';
import * as sample from './spec-samples';
import { json, type ReceivedRequest, startTestServer, type TestServer } from './test-server';
import { samplePrivateKeyPem } from './vectors';

const CLIENT_SECRET = 'kasir-test-client-secret';
const TOKEN_PATH = '/snap/v1.0/access-token/b2b';

let server: TestServer;
let tokensIssued: number;
let answers: Map<string, Array<(req: ReceivedRequest) => { status: number; body: unknown }>>;
let nextId: number;

const externalIds: ExternalIdSource = {
  next: () => {
    nextId += 1;
    return `2024050200000000000${nextId}`;
  },
};
const clock = () => new Date('2024-05-02T07:00:00Z');

/** Queue answers for a path; the last one repeats. */
function answer(path: string, ...queue: Array<(req: ReceivedRequest) => { status: number; body: unknown }>) {
  answers.set(path, queue);
}

const ok = (body: unknown) => () => ({ status: 200, body });

function serviceCalls(path: string): ReceivedRequest[] {
  return server.received.filter((r) => r.url === path);
}

function config(overrides: Partial<SnapClientConfig> = {}): SnapClientConfig {
  return {
    baseUrl: server.baseUrl,
    pathPrefix: '/snap',
    clientKey: 'G1234325-SNAP',
    clientSecret: CLIENT_SECRET,
    privateKey: samplePrivateKeyPem,
    partnerId: 'G1234325-SNAP',
    channelId: '95221',
    timeoutMs: 5_000,
    ...overrides,
  };
}

function client(overrides: Partial<SnapClientConfig> = {}, wireLines?: string[]) {
  return createQrCpmClient(config(overrides), {
    fetch,
    clock,
    externalIds,
    wireLog: wireLines ? createWireLog((line) => wireLines.push(line), clock) : undefined,
  });
}

const payment: PaymentRequest = {
  partnerReferenceNo: 'KSR-20240502-0001',
  qrContent: sample.paymentRequest.qrContent,
  amount: { value: '25000.00', currency: 'IDR' },
  merchantId: '00007100010926',
  expiryTime: '60',
  terminalId: 'T01',
  title: 'Kopi susu  gula aren — Café',
};

beforeEach(async () => {
  tokensIssued = 0;
  nextId = 0;
  answers = new Map();
  server = await startTestServer((req, res) => {
    if (req.url === TOKEN_PATH) {
      tokensIssued += 1;
      json(res, 200, {
        responseCode: '2007300',
        responseMessage: 'Successful',
        accessToken: `tok-${tokensIssued}`,
        tokenType: 'Bearer',
        expiresIn: '900',
      });
      return;
    }
    const queue = answers.get(req.url);
    const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (!next) {
      json(res, 404, { responseCode: '4040002', responseMessage: 'Invalid Routing' });
      return;
    }
    const { status, body } = next(req);
    json(res, status, body);
  });
});

afterEach(async () => {
  await server.close();
});

describe('QR CPM client: what it sends', () => {
  it('signs the exact body bytes and the exact prefixed path it sends', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    await client().pay(payment);
    const [sent] = serviceCalls('/snap/v1.0/qr/qr-cpm-payment');
    expect(sent).toBeDefined();
    const valid = verifyTransaction({
      method: 'POST',
      path: sent?.url ?? '',
      accessToken: 'tok-1',
      clientSecret: CLIENT_SECRET,
      timestamp: String(sent?.headers['x-timestamp']),
      rawBody: sent?.body ?? '',
      signature: String(sent?.headers['x-signature']),
    });
    expect(valid).toBe(true);
    expect(JSON.parse(sent?.body ?? '')).toEqual(payment);
  });

  it('sends the SNAP header set', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    await client({ deviceId: 'POS-01', ipAddress: '10.0.0.5' }).pay(payment);
    const headers = serviceCalls('/snap/v1.0/qr/qr-cpm-payment')[0]?.headers;
    expect(headers).toMatchObject({
      authorization: 'Bearer tok-1',
      'x-timestamp': '2024-05-02T14:00:00+07:00',
      'x-partner-id': 'G1234325-SNAP',
      'x-external-id': '20240502000000000001',
      'channel-id': '95221',
      'x-device-id': 'POS-01',
      'x-ip-address': '10.0.0.5',
      'content-type': 'application/json',
    });
    expect(headers?.['authorization-customer']).toBeUndefined();
  });

  it('refuses a request that breaks the schema and sends nothing, not even a token request', async () => {
    const bad = { ...payment, amount: { value: '25000', currency: 'IDR' } };
    const error = await client()
      .pay(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KasirError);
    expect((error as KasirError).code).toBe('SNAP_REQUEST_INVALID');
    expect((error as KasirError).messages.en).toContain('amount.value');
    expect(server.received).toHaveLength(0);
  });

  it('uses an X-EXTERNAL-ID given by the caller', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const outcome = await client().pay(payment, { externalId: '987654321' });
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')[0]?.headers['x-external-id']).toBe('987654321');
    expect(outcome.externalId).toBe('987654321');
  });

  it('refuses a caller X-EXTERNAL-ID that is not numeric', async () => {
    await expect(client().pay(payment, { externalId: 'abc' })).rejects.toMatchObject({
      code: 'SNAP_EXTERNAL_ID_INVALID',
    });
  });

  it('tells the caller the X-EXTERNAL-ID before the request leaves', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const seen: Array<{ attempt: SendAttempt; requestsSoFar: number }> = [];
    await client().pay(payment, {
      onSend: (attempt) => {
        seen.push({ attempt, requestsSoFar: serviceCalls('/snap/v1.0/qr/qr-cpm-payment').length });
      },
    });
    expect(seen).toEqual([
      {
        attempt: expect.objectContaining({ attempt: 1, externalId: '20240502000000000001' }),
        requestsSoFar: 0,
      },
    ]);
  });

  it('sends nothing when onSend throws (the journal could not record the attempt)', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const journalDown = new KasirError({ code: 'DATA_DIR_NOT_WRITABLE', message: { id: 'x', en: 'x' } });
    await expect(
      client().pay(payment, {
        onSend: () => {
          throw journalDown;
        },
      }),
    ).rejects.toBe(journalDown);
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')).toHaveLength(0);
  });

  it('sends the customer token as Authorization-Customer on a B2B2C generate', async () => {
    answer('/snap/v1.0/qr/qr-cpm-generate', ok(sample.generateResponse));
    await client().generate(sample.generateRequest, { customerAccessToken: 'cust-token' });
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-generate')[0]?.headers['authorization-customer']).toBe(
      'Bearer cust-token',
    );
  });

  it('works without a path prefix', async () => {
    answer('/v1.0/qr/qr-cpm-query', ok(sample.queryResponse));
    const outcome = await client({ pathPrefix: '', tokenPath: TOKEN_PATH }).query(sample.queryRequest);
    expect(outcome.kind).toBe('answer');
  });
});

describe('QR CPM client: what it returns', () => {
  it('returns a typed answer for a successful payment', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const outcome = await client().pay(payment);
    expect(outcome).toMatchObject({
      kind: 'answer',
      service: 'payment',
      httpStatus: 200,
      responseCode: '2006000',
      externalId: '20240502000000000001',
      attempts: 1,
    });
    if (outcome.kind === 'answer') expect(outcome.body.referenceNo).toBe('2020102977770000000009');
  });

  it('returns a decline as an answer for the engine to act on', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 403,
      body: { responseCode: '4036014', responseMessage: 'Insufficient Funds' },
    }));
    const outcome = await client().pay(payment);
    expect(outcome).toMatchObject({ kind: 'answer', httpStatus: 403, responseCode: '4036014' });
  });

  it('returns "duplicate partnerReferenceNo" as an answer', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 409,
      body: { responseCode: '4096001', responseMessage: 'Duplicate partnerReferenceNo' },
    }));
    expect(await client().pay(payment)).toMatchObject({ kind: 'answer', responseCode: '4096001' });
  });

  it('calls HTTP 500 unknown, keeping the response code', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 500,
      body: { responseCode: '5006001', responseMessage: 'Internal Server Error' },
    }));
    expect(await client().pay(payment)).toMatchObject({
      kind: 'unknown',
      reason: 'server-error',
      httpStatus: 500,
      responseCode: '5006001',
    });
  });

  it('calls HTTP 504 unknown', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({ status: 504, body: 'Gateway Timeout' }));
    expect(await client().pay(payment)).toMatchObject({
      kind: 'unknown',
      reason: 'server-error',
      httpStatus: 504,
    });
  });

  it('calls HTTP 202 "in progress" unknown', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 202,
      body: { responseCode: '2026000', responseMessage: 'Request In Progress' },
    }));
    expect(await client().pay(payment)).toMatchObject({
      kind: 'unknown',
      reason: 'in-progress',
      responseCode: '2026000',
    });
  });

  it('calls a success without referenceNo a protocol error carrying the raw answer', async () => {
    const { referenceNo: _omit, ...body } = sample.paymentResponse;
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(body));
    const outcome = await client().pay(payment);
    expect(outcome).toMatchObject({
      kind: 'unknown',
      reason: 'malformed',
      httpStatus: 200,
      responseCode: '2006000',
    });
    expect(outcome.kind === 'unknown' && outcome.detail).toContain('referenceNo');
    expect(JSON.parse(outcome.kind === 'unknown' ? (outcome.raw ?? '') : '')).toEqual(body);
  });

  it('calls a body that is not JSON a protocol error', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({ status: 200, body: '<html>ok</html>' }));
    expect(await client().pay(payment)).toMatchObject({
      kind: 'unknown',
      reason: 'malformed',
      raw: '<html>ok</html>',
    });
  });

  it('calls a responseCode whose HTTP part disagrees with the status a protocol error', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 200,
      body: { responseCode: '4036014', responseMessage: 'Insufficient Funds' },
    }));
    expect(await client().pay(payment)).toMatchObject({
      kind: 'unknown',
      reason: 'code-mismatch',
      httpStatus: 200,
    });
  });

  it('calls no answer within the timeout unknown', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) {
        json(res, 200, {
          responseCode: '2007300',
          responseMessage: 'ok',
          accessToken: 't',
          expiresIn: '900',
        });
      }
      // the payment is never answered
    });
    const outcome = await client().pay(payment, { timeoutMs: 150 });
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'timeout', externalId: '20240502000000000001' });
  });

  it('calls a connection reset unknown', async () => {
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) {
        json(res, 200, {
          responseCode: '2007300',
          responseMessage: 'ok',
          accessToken: 't',
          expiresIn: '900',
        });
        return;
      }
      res.socket?.destroy();
    });
    expect(await client().pay(payment)).toMatchObject({ kind: 'unknown', reason: 'network' });
  });

  it('calls a redirect unknown and never follows it with the signed request', async () => {
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) {
        json(res, 200, {
          responseCode: '2007300',
          responseMessage: 'ok',
          accessToken: 't',
          expiresIn: '900',
        });
        return;
      }
      res.writeHead(307, { Location: '/elsewhere/v1.0/qr/qr-cpm-payment' });
      res.end();
    });
    expect(await client().pay(payment)).toMatchObject({ kind: 'unknown', reason: 'network' });
    expect(server.received.map((r) => r.url)).not.toContain('/elsewhere/v1.0/qr/qr-cpm-payment');
  });

  it('returns the full qrContent of a generate in the body but only its fingerprint in raw', async () => {
    const qr = sample.paymentRequest.qrContent;
    answer('/snap/v1.0/qr/qr-cpm-generate', ok({ ...sample.generateResponse, qrContent: qr }));
    const outcome = await client().generate(sample.generateRequest);
    expect(outcome.kind).toBe('answer');
    if (outcome.kind !== 'answer') return;
    expect(outcome.body.qrContent).toBe(qr);
    expect(outcome.raw).not.toContain(qr);
    expect(outcome.raw).toContain(qrFingerprint(qr));
  });

  it.each([
    ['query', '/snap/v1.0/qr/qr-cpm-query', sample.queryResponse, '2006100'],
    ['cancel', '/snap/v1.0/qr/qr-cpm-cancel', sample.cancelResponse, '2006200'],
    ['refund', '/snap/v1.0/qr/qr-cpm-refund', sample.refundResponse, '2008000'],
  ] as const)('sends %s to its own path and types the answer', async (service, path, response, code) => {
    answer(path, ok(response));
    const c = client();
    const outcome =
      service === 'query'
        ? await c.query(sample.queryRequest)
        : service === 'cancel'
          ? await c.cancel(sample.cancelRequest)
          : await c.refund(sample.refundRequest);
    expect(outcome).toMatchObject({ kind: 'answer', service, responseCode: code });
    expect(serviceCalls(path)).toHaveLength(1);
  });
});

describe('QR CPM client: hostile answers are bounded before they are parsed', () => {
  const deep = (depth: number) => `{"responseCode":"2006100","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const calls = [
    ['payment', '/snap/v1.0/qr/qr-cpm-payment', (c: ReturnType<typeof client>) => c.pay(payment)],
    ['query', '/snap/v1.0/qr/qr-cpm-query', (c: ReturnType<typeof client>) => c.query(sample.queryRequest)],
    [
      'cancel',
      '/snap/v1.0/qr/qr-cpm-cancel',
      (c: ReturnType<typeof client>) => c.cancel(sample.cancelRequest),
    ],
    [
      'refund',
      '/snap/v1.0/qr/qr-cpm-refund',
      (c: ReturnType<typeof client>) => c.refund(sample.refundRequest),
    ],
  ] as const;

  it.each(calls)(
    'reads a %s answer nested 20,000 deep as unknown and keeps none of it',
    async (_s, path, call) => {
      answer(path, () => ({ status: 200, body: deep(20_000) }));
      const outcome = await call(client());
      expect(outcome).toMatchObject({ kind: 'unknown', reason: 'malformed' });
      expect(outcome.raw?.length ?? 0).toBeLessThan(200);
    },
  );

  it.each(calls)('does not read a %s answer over 1 MiB', async (_s, path, call) => {
    answer(path, () => ({ status: 200, body: `{"pad":"${'x'.repeat(1_200_000)}"}` }));
    const outcome = await call(client());
    expect(outcome).toMatchObject({ kind: 'unknown', reason: 'malformed' });
    expect(outcome.kind === 'unknown' && outcome.detail).toMatch(/larger than 1048576 bytes/);
  });

  it('keeps at most 16 KiB of a long answer for the journal', async () => {
    answer('/snap/v1.0/qr/qr-cpm-query', () => ({
      status: 200,
      body: { ...sample.queryResponse, title: 'x'.repeat(100_000) },
    }));
    const outcome = await client().query(sample.queryRequest);
    expect(outcome.kind).toBe('answer');
    expect(outcome.raw?.length ?? 0).toBeLessThan(17_000);
    expect(outcome.raw).toMatch(/more characters not kept/);
  });

  it('refuses a token answer over 1 MiB without sending the payment', async () => {
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) json(res, 200, `{"pad":"${'x'.repeat(1_200_000)}"}`);
      else json(res, 200, sample.paymentResponse);
    });
    await expect(client().pay(payment)).rejects.toMatchObject({ code: 'SNAP_TOKEN_MALFORMED' });
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')).toHaveLength(0);
  });

  it('refuses a token answer nested too deep, never overflowing the stack', async () => {
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) json(res, 200, deep(20_000));
    });
    await expect(client().pay(payment)).rejects.toMatchObject({ code: 'SNAP_TOKEN_MALFORMED' });
  });
});

describe('QR CPM client: unauthorised or invalid token (401xx00, 401xx01)', () => {
  const invalidToken = () => ({
    status: 401,
    body: { responseCode: '4016001', responseMessage: 'Invalid Token (B2B)' },
  });

  it('refreshes the token once and re-sends the same body with a new X-EXTERNAL-ID', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', invalidToken, ok(sample.paymentResponse));
    const attempts: SendAttempt[] = [];
    const outcome = await client().pay(payment, { onSend: (a) => void attempts.push(a) });
    const sends = serviceCalls('/snap/v1.0/qr/qr-cpm-payment');
    expect(sends).toHaveLength(2);
    expect(sends[1]?.body).toBe(sends[0]?.body);
    expect(sends[0]?.headers.authorization).toBe('Bearer tok-1');
    expect(sends[1]?.headers.authorization).toBe('Bearer tok-2');
    expect(sends[1]?.headers['x-external-id']).not.toBe(sends[0]?.headers['x-external-id']);
    expect(attempts.map((a) => a.externalId)).toEqual(sends.map((s) => s.headers['x-external-id']));
    expect(outcome).toMatchObject({
      kind: 'answer',
      responseCode: '2006000',
      attempts: 2,
      externalId: attempts[1]?.externalId,
    });
  });

  it('re-sends only once when the fresh token is refused too', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', invalidToken);
    const outcome = await client().pay(payment);
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')).toHaveLength(2);
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '4016001', attempts: 2 });
  });

  it('refreshes the token once and re-sends on 401xx00 "Unauthorized" too', async () => {
    answer(
      '/snap/v1.0/qr/qr-cpm-payment',
      () => ({ status: 401, body: { responseCode: '4016000', responseMessage: 'Unauthorized. Signature' } }),
      ok(sample.paymentResponse),
    );
    const outcome = await client().pay(payment);
    const sends = serviceCalls('/snap/v1.0/qr/qr-cpm-payment');
    expect(sends).toHaveLength(2);
    expect(sends[1]?.body).toBe(sends[0]?.body);
    expect(sends[1]?.headers.authorization).toBe('Bearer tok-2');
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '2006000', attempts: 2 });
  });

  it('does not re-send on other 401 cases (401xx02 and beyond)', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', () => ({
      status: 401,
      body: { responseCode: '4016002', responseMessage: 'Unauthorized. Customer Token Not Found' },
    }));
    await client().pay(payment);
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')).toHaveLength(1);
  });

  it('keeps the 401 answer when no new token can be had', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', invalidToken);
    let tokenCalls = 0;
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) {
        tokenCalls += 1;
        if (tokenCalls === 1) {
          json(res, 200, {
            responseCode: '2007300',
            responseMessage: 'ok',
            accessToken: 't1',
            expiresIn: '900',
          });
        } else {
          json(res, 401, { responseCode: '4017300', responseMessage: 'Unauthorized' });
        }
        return;
      }
      json(res, 401, invalidToken().body);
    });
    const outcome = await client().pay(payment);
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '4016001', attempts: 1 });
  });
});

describe('QR CPM client: wire log', () => {
  it('logs request and answer without token, secret, signature or full QR', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const lines: string[] = [];
    await client({}, lines).pay(payment);
    const sent = serviceCalls('/snap/v1.0/qr/qr-cpm-payment')[0];
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4); // token request + answer, payment request + answer
    for (const secret of ['tok-1', CLIENT_SECRET, String(sent?.headers['x-signature']), payment.qrContent]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain(qrFingerprint(payment.qrContent));
    expect(log).toContain('KSR-20240502-0001');
  });
});

describe('QR CPM client: a wire log that fails', () => {
  /** A log whose sink breaks (disk full) for everything written once the request has left. */
  function breakingAfterSend() {
    return createQrCpmClient(config(), {
      fetch,
      clock,
      externalIds,
      wireLog: (entry) => {
        if (entry.direction !== 'request') throw new Error('ENOSPC: no space left on device');
      },
    });
  }

  it('still returns the answer of a request that left: a log never turns a sent payment into "not sent"', async () => {
    answer('/snap/v1.0/qr/qr-cpm-payment', ok(sample.paymentResponse));
    const outcome = await breakingAfterSend().pay(payment);
    expect(outcome).toMatchObject({ kind: 'answer', responseCode: '2006000' });
    expect(serviceCalls('/snap/v1.0/qr/qr-cpm-payment')).toHaveLength(1);
  });

  it('still calls a request that left and got no answer unknown', async () => {
    server.setHandler((req, res) => {
      if (req.url === TOKEN_PATH) {
        json(res, 200, {
          responseCode: '2007300',
          responseMessage: 'ok',
          accessToken: 't',
          expiresIn: '900',
        });
        return;
      }
      res.socket?.destroy();
    });
    expect(await breakingAfterSend().pay(payment)).toMatchObject({ kind: 'unknown', reason: 'network' });
  });
});
