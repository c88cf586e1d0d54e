// A strict provider: every malformed, unauthenticated or repeated request gets the one SNAP answer
// the spec's table gives it, with the endpoint's own service code, and never an HTML page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signTransaction } from '../../../main/snap/signature';
import type { TestRig } from './support';
import {
  CANCEL_PATH,
  GENERATE_PATH,
  nextExternalId,
  PAYMENT_PATH,
  paymentBody,
  QUERY_PATH,
  REFUND_PATH,
  startRig,
} from './support';

let rig: TestRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

describe('token B2B (73)', () => {
  it('issues a Bearer token that expires in "900" seconds', async () => {
    const answer = await rig.raw.tokenCall();
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ responseCode: '2007300', tokenType: 'Bearer', expiresIn: '900' });
    expect(answer.json?.accessToken).toEqual(expect.any(String));
  });

  it.each(['X-TIMESTAMP', 'X-CLIENT-KEY', 'X-SIGNATURE'])(
    'answers 4007302 naming a missing %s',
    async (name) => {
      const answer = await rig.raw.tokenCall({ headers: { [name]: undefined } });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        responseCode: '4007302',
        responseMessage: `Invalid Mandatory Field ${name}`,
      });
    },
  );

  it('answers 4007301 for a timestamp that is not yyyy-MM-ddTHH:mm:ss±HH:MM', async () => {
    const answer = await rig.raw.tokenCall({ headers: { 'X-TIMESTAMP': '2024-05-01 10:00:00' } });
    expect(answer.json).toEqual({
      responseCode: '4007301',
      responseMessage: 'Invalid Field Format X-TIMESTAMP',
    });
  });

  it('answers 4017300 for an unknown client key', async () => {
    const answer = await rig.raw.tokenCall({ headers: { 'X-CLIENT-KEY': 'stranger' } });
    expect(answer.status).toBe(401);
    expect(answer.json?.responseCode).toBe('4017300');
  });

  it('answers 4017300 when the signature was made for another timestamp', async () => {
    const answer = await rig.raw.tokenCall({ headers: { 'X-TIMESTAMP': '2020-12-23T07:50:11+07:00' } });
    expect(answer.json?.responseCode).toBe('4017300');
  });

  it('answers 4007301 for a grantType other than client_credentials', async () => {
    const answer = await rig.raw.tokenCall({ rawBody: '{"grantType":"password"}' });
    expect(answer.json).toEqual({
      responseCode: '4007301',
      responseMessage: 'Invalid Field Format grantType',
    });
  });

  it('answers 4007302 when grantType is missing', async () => {
    const answer = await rig.raw.tokenCall({ rawBody: '{}' });
    expect(answer.json).toEqual({
      responseCode: '4007302',
      responseMessage: 'Invalid Mandatory Field grantType',
    });
  });

  it('answers 4007301 for a body that is not JSON', async () => {
    const answer = await rig.raw.tokenCall({ rawBody: '{"grantType":' });
    expect(answer.json).toEqual({ responseCode: '4007301', responseMessage: 'Invalid Field Format body' });
  });
});

describe('transaction headers and tokens', () => {
  it.each(['X-TIMESTAMP', 'X-SIGNATURE', 'X-PARTNER-ID', 'X-EXTERNAL-ID', 'CHANNEL-ID'])(
    'answers 400xx02 with the service code of the endpoint for a missing %s',
    async (name) => {
      const answer = await rig.raw.call({
        path: PAYMENT_PATH,
        body: paymentBody(rig, '1000.00'),
        headers: { [name]: undefined },
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        responseCode: '4006002',
        responseMessage: `Invalid Mandatory Field ${name}`,
      });
    },
  );

  it.each([
    ['X-TIMESTAMP', '2024-02-30T10:00:00+07:00'],
    ['X-TIMESTAMP', '1714532400'],
    ['X-EXTERNAL-ID', 'ABC123'],
    ['X-EXTERNAL-ID', '1'.repeat(37)],
    ['X-PARTNER-ID', 'p'.repeat(37)],
    ['CHANNEL-ID', '123456'],
  ])('answers 400xx01 for %s = %s', async (name, value) => {
    const answer = await rig.raw.call({
      path: QUERY_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      headers: { [name]: value },
    });
    expect(answer.json).toEqual({ responseCode: '4006101', responseMessage: `Invalid Field Format ${name}` });
  });

  it('answers 4016001 without an Authorization header', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { Authorization: undefined },
    });
    expect(answer.status).toBe(401);
    expect(answer.json?.responseCode).toBe('4016001');
  });

  it('answers 4016201 for a bearer token it never issued', async () => {
    const answer = await rig.raw.call({
      path: CANCEL_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      accessToken: 'forged-token',
    });
    expect(answer.json?.responseCode).toBe('4016201');
  });

  it('answers 4016101 once the token is older than 900 seconds', async () => {
    await rig.close();
    let now = new Date('2024-05-01T03:00:00Z');
    rig = await startRig({ clock: () => now });
    await rig.raw.accessToken();
    now = new Date(now.getTime() + 900_000);
    const answer = await rig.raw.call({ path: QUERY_PATH, body: { originalPartnerReferenceNo: 'X' } });
    expect(answer.json?.responseCode).toBe('4016101');
  });

  it('answers 4016000 for a CHANNEL-ID other than the partner’s', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { 'CHANNEL-ID': '11111' },
    });
    expect(answer.json).toEqual({
      responseCode: '4016000',
      responseMessage: 'Unauthorized. Unknown CHANNEL-ID',
    });
  });

  it('answers 4016000 when X-PARTNER-ID is not the partner the token was issued to', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { 'X-PARTNER-ID': 'someone-else' },
    });
    expect(answer.json?.responseCode).toBe('4016000');
  });
});

describe('transaction signature', () => {
  it('answers 4016000 for a body changed after signing', async () => {
    const body = paymentBody(rig, '1000.00');
    const signed = JSON.stringify(body);
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      rawBody: signed.replace('"1000.00"', '"9000.00"'),
      signedPath: PAYMENT_PATH,
      headers: await signedHeaders(rig, PAYMENT_PATH, signed),
    });
    expect(answer.json).toEqual({ responseCode: '4016000', responseMessage: 'Unauthorized. Signature' });
  });

  it('answers 4016000 when the signed path differs from the path received', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      signedPath: '/v1.0/qr/qr-cpm-payment/',
    });
    expect(answer.json?.responseCode).toBe('4016000');
  });

  it('verifies over the exact path received, query string included', async () => {
    const body = paymentBody(rig, '1000.00');
    const ok = await rig.raw.call({ path: `${PAYMENT_PATH}?channel=pos`, body });
    expect(ok.json?.responseCode).toBe('2006000');
    const bad = await rig.raw.call({
      path: `${PAYMENT_PATH}?channel=pos`,
      body: paymentBody(rig, '1000.00'),
      signedPath: PAYMENT_PATH,
    });
    expect(bad.json?.responseCode).toBe('4016000');
  });

  it('accepts a pretty-printed body signed over its minified form', async () => {
    const pretty = JSON.stringify(paymentBody(rig, '1000.00', { title: 'kopi  susu, 2 gelas' }), null, 2);
    const answer = await rig.raw.call({ path: PAYMENT_PATH, rawBody: pretty });
    expect(answer.json?.responseCode).toBe('2006000');
  });

  it('answers 4016000 for a signature made with another client secret', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { 'X-SIGNATURE': 'AAAA' },
    });
    expect(answer.json?.responseCode).toBe('4016000');
  });
});

/** X-TIMESTAMP and X-SIGNATURE of a correct signature over `rawBody`, to send with another body. */
async function signedHeaders(r: TestRig, path: string, rawBody: string): Promise<Record<string, string>> {
  const timestamp = r.raw.timestamp();
  const { signature } = signTransaction({
    method: 'POST',
    path,
    accessToken: await r.raw.accessToken(),
    clientSecret: r.demo.partner.clientSecret,
    timestamp,
    rawBody,
  });
  return { 'X-TIMESTAMP': timestamp, 'X-SIGNATURE': signature };
}

describe('X-EXTERNAL-ID', () => {
  it('answers 4096000 for an X-EXTERNAL-ID repeated the same day, without processing it', async () => {
    const externalId = nextExternalId();
    const first = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { 'X-EXTERNAL-ID': externalId },
    });
    const second = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00'),
      headers: { 'X-EXTERNAL-ID': externalId },
    });
    expect(first.json?.responseCode).toBe('2006000');
    expect(second.status).toBe(409);
    expect(second.json).toEqual({ responseCode: '4096000', responseMessage: 'Conflict' });
    expect(rig.sandbox.ledger().transactions).toHaveLength(1);
  });

  it('accepts the same X-EXTERNAL-ID again on the next day', async () => {
    await rig.close();
    let now = new Date('2024-05-01T10:00:00Z');
    rig = await startRig({ clock: () => now });
    const externalId = nextExternalId();
    await rig.raw.call({
      path: QUERY_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      headers: { 'X-EXTERNAL-ID': externalId },
    });
    now = new Date('2024-05-02T10:00:00Z');
    const answer = await rig.raw.call({
      path: QUERY_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      headers: { 'X-EXTERNAL-ID': externalId },
      accessToken: await freshToken(rig),
    });
    expect(answer.json?.responseCode).toBe('4046101');
  });

  it('does not let a badly signed request use up an X-EXTERNAL-ID', async () => {
    const externalId = nextExternalId();
    await rig.raw.call({
      path: QUERY_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      headers: { 'X-EXTERNAL-ID': externalId, 'X-SIGNATURE': 'AAAA' },
    });
    const answer = await rig.raw.call({
      path: QUERY_PATH,
      body: { originalPartnerReferenceNo: 'X' },
      headers: { 'X-EXTERNAL-ID': externalId },
    });
    expect(answer.json?.responseCode).toBe('4046101');
  });
});

async function freshToken(r: TestRig): Promise<string> {
  const answer = await r.raw.tokenCall();
  return String(answer.json?.accessToken);
}

describe('body validation', () => {
  it('answers 4006002 naming a missing mandatory field', async () => {
    const { partnerReferenceNo: _omit, ...body } = paymentBody(rig, '1000.00');
    const answer = await rig.raw.call({ path: PAYMENT_PATH, body });
    expect(answer.json).toEqual({
      responseCode: '4006002',
      responseMessage: 'Invalid Mandatory Field partnerReferenceNo',
    });
  });

  it('answers 4006001 naming a field the spec does not have', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00', { tip: '500.00' }),
    });
    expect(answer.json).toEqual({ responseCode: '4006001', responseMessage: 'Invalid Field Format tip' });
  });

  it('answers 4006002 for a payment without an amount', async () => {
    const { amount: _omit, ...body } = paymentBody(rig, '1000.00');
    const answer = await rig.raw.call({ path: PAYMENT_PATH, body });
    expect(answer.json).toEqual({
      responseCode: '4006002',
      responseMessage: 'Invalid Mandatory Field amount',
    });
  });

  it.each(['1000', '1000.0', '1,000.00', '-1.00', '1e3.00'])(
    'answers 4006001 for amount.value "%s"',
    async (value) => {
      const answer = await rig.raw.call({
        path: PAYMENT_PATH,
        body: paymentBody(rig, '1000.00', { amount: { value, currency: 'IDR' } }),
      });
      expect(answer.json).toEqual({
        responseCode: '4006001',
        responseMessage: 'Invalid Field Format amount.value',
      });
    },
  );

  it('answers 4006001 for a currency other than IDR', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00', { amount: { value: '1000.00', currency: 'USD' } }),
    });
    expect(answer.json).toEqual({
      responseCode: '4006001',
      responseMessage: 'Invalid Field Format amount.currency',
    });
  });

  it('answers 4006001 for a partnerReferenceNo over the spec’s 64 characters', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00', { partnerReferenceNo: 'R'.repeat(65) }),
    });
    expect(answer.json).toEqual({
      responseCode: '4006001',
      responseMessage: 'Invalid Field Format partnerReferenceNo',
    });
  });

  it('answers 4008001 for a refund reason over 256 characters', async () => {
    const answer = await rig.raw.call({
      path: REFUND_PATH,
      body: { originalPartnerReferenceNo: 'X', partnerRefundNo: 'RF', reason: 'r'.repeat(257) },
    });
    expect(answer.json).toEqual({ responseCode: '4008001', responseMessage: 'Invalid Field Format reason' });
  });

  it('answers 4005901 for a partnerTrxDate that is not a timestamp', async () => {
    const answer = await rig.raw.call({ path: GENERATE_PATH, body: { partnerTrxDate: 'yesterday' } });
    expect(answer.json).toEqual({
      responseCode: '4005901',
      responseMessage: 'Invalid Field Format partnerTrxDate',
    });
  });

  it('answers 4006201 for malformed JSON', async () => {
    const answer = await rig.raw.call({ path: CANCEL_PATH, rawBody: '{"originalPartnerReferenceNo": "X",' });
    expect(answer.json).toEqual({ responseCode: '4006201', responseMessage: 'Invalid Field Format body' });
  });

  it('answers 4006101 for a JSON body that is not an object', async () => {
    const answer = await rig.raw.call({ path: QUERY_PATH, rawBody: '["X"]' });
    expect(answer.json?.responseCode).toBe('4006101');
  });

  it('answers 4006102 for an empty body', async () => {
    const answer = await rig.raw.call({ path: QUERY_PATH, rawBody: '' });
    expect(answer.json?.responseCode).toBe('4006102');
  });
});

describe('requests it cannot handle', () => {
  it('answers 413 with a SNAP body for a body over 64 KiB', async () => {
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      rawBody: JSON.stringify({ title: 'x'.repeat(70 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ responseCode: '4136000', responseMessage: 'Request Entity Too Large' });
  });

  it('answers 404 "Invalid Routing" as JSON for an unknown path', async () => {
    const answer = await rig.raw.send('POST', `${rig.sandbox.baseUrl}/v1.0/qr/qr-mpm-payment`, '{}', {});
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe('application/json');
    expect(answer.json).toEqual({ responseCode: '4040002', responseMessage: 'Invalid Routing' });
  });

  it('answers 405 for a GET on a service path', async () => {
    const answer = await rig.raw.send('GET', rig.raw.url(PAYMENT_PATH), undefined, {});
    expect(answer.status).toBe(405);
    expect(answer.json?.responseCode).toBe('4056000');
  });

  it('answers 405 to a notify sent to it (it sends notifies, it does not receive them)', async () => {
    const answer = await rig.raw.call({ path: '/v1.0/qr/qr-cpm-notify', body: {} });
    expect(answer.json?.responseCode).toBe('4057900');
  });

  it('answers a request line Node cannot parse with SNAP-shaped JSON', async () => {
    const { connect } = await import('node:net');
    const url = new URL(rig.sandbox.baseUrl);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('BREW /pot HTTP/9\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('"responseCode":"4000000"');
  });

  it('answers its own internal errors with a SNAP 500 General Error and keeps serving', async () => {
    await rig.close();
    rig = await startRig({
      faultScript: {
        pick: ({ amount }) => {
          if (amount === 66600n) throw new Error('a bug in the fault script');
          return undefined;
        },
      },
    });
    const broken = await rig.raw.call({ path: PAYMENT_PATH, body: paymentBody(rig, '666.00') });
    expect(broken.status).toBe(500);
    expect(broken.json).toEqual({ responseCode: '5006000', responseMessage: 'General Error' });
    const answer = await rig.raw.call({ path: PAYMENT_PATH, body: paymentBody(rig, '1000.00') });
    expect(answer.json?.responseCode).toBe('2006000');
  });

  it('keeps serving after every kind of garbage', async () => {
    await rig.raw.call({ path: PAYMENT_PATH, rawBody: '\u0000\u0001' });
    await rig.raw.send('DELETE', rig.raw.url(PAYMENT_PATH), '', {});
    const answer = await rig.raw.call({ path: PAYMENT_PATH, body: paymentBody(rig, '1000.00') });
    expect(answer.json?.responseCode).toBe('2006000');
  });
});
