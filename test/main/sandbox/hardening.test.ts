// The sandbox runs inside the app's main process on a loopback port: over real HTTP, it answers only
// requests addressed to it (not a rebound DNS name), bounds the sockets and the time a client may
// hold, and refuses a body nested too deeply to check with a 400 rather than falling over.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { rawSocket } from '../../support/raw-socket';
import type { TestRig } from './support';
import { PAYMENT_PATH, paymentBody, startRig } from './support';

let rig: TestRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A request with exactly the Host header given, answered as status and JSON body. */
function withHost(
  baseUrl: string,
  host: string,
  method: string,
  path: string,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: Number(url.port), method, path, headers: { Host: host } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('requests for another host name (DNS rebinding)', () => {
  it('are refused with 421, before a QR is issued or the ledger is shown', async () => {
    rig = await startRig();
    const port = new URL(rig.sandbox.baseUrl).port;
    const qr = await withHost(
      rig.sandbox.baseUrl,
      `rebind.attacker.example:${port}`,
      'POST',
      '/sandbox/wallet/qr',
    );
    expect(qr).toEqual({
      status: 421,
      json: { responseCode: '4210000', responseMessage: 'Misdirected Request' },
    });
    const ledger = await withHost(
      rig.sandbox.baseUrl,
      `rebind.attacker.example:${port}`,
      'GET',
      '/sandbox/ledger',
    );
    expect(ledger.status).toBe(421);
    expect(
      (await withHost(rig.sandbox.baseUrl, `127.0.0.1:${Number(port) + 1}`, 'GET', '/sandbox/ledger')).status,
    ).toBe(421);
  });

  it('are answered when addressed to the bound address or to localhost', async () => {
    rig = await startRig();
    const port = new URL(rig.sandbox.baseUrl).port;
    expect(
      (await withHost(rig.sandbox.baseUrl, `127.0.0.1:${port}`, 'POST', '/sandbox/wallet/qr')).status,
    ).toBe(200);
    expect((await withHost(rig.sandbox.baseUrl, `LOCALHOST:${port}`, 'GET', '/sandbox/ledger')).status).toBe(
      200,
    );
  });
});

describe('what a client may hold', () => {
  it('caps the connections open at once, and serves again once one closes', async () => {
    rig = await startRig({ limits: { maxConnections: 3 } });
    const held = [
      rawSocket(rig.sandbox.baseUrl),
      rawSocket(rig.sandbox.baseUrl),
      rawSocket(rig.sandbox.baseUrl),
    ];
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
    // The server accepts asynchronously; give it the three before the fourth arrives.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = rawSocket(rig.sandbox.baseUrl);
    extra.socket.write(`GET /sandbox/ledger HTTP/1.1\r\nHost: ${new URL(rig.sandbox.baseUrl).host}\r\n\r\n`);
    expect(await extra.closed).toBe('');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await rig.raw.call({ path: PAYMENT_PATH, body: paymentBody(rig, '1000.00') });
    expect(answer.json?.responseCode).toBe('2006000');
  });

  it('answers a client that sends its headers too slowly with a JSON 408 and closes', async () => {
    rig = await startRig({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 } });
    const { socket, closed } = rawSocket(rig.sandbox.baseUrl);
    socket.write(`POST ${PAYMENT_PATH} HTTP/1.1\r\nHost: ${new URL(rig.sandbox.baseUrl).host}\r\nX-Slow: `);
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received).toContain('{"responseCode":"4080000","responseMessage":"Request Timeout"}');
  });

  it('closes on a body that never finishes arriving', async () => {
    rig = await startRig({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 500 } });
    const { socket, closed } = rawSocket(rig.sandbox.baseUrl);
    socket.write(
      `POST ${PAYMENT_PATH} HTTP/1.1\r\nHost: ${new URL(rig.sandbox.baseUrl).host}\r\nContent-Length: 100\r\n\r\n{"partner`,
    );
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('a body nested deeper than any SNAP message', () => {
  it('is refused with 400 even when properly authenticated and signed', async () => {
    rig = await startRig();
    const depth = 20_000;
    const rawBody = `{"partnerReferenceNo":"DEEP1","additionalInfo":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const accessToken = await rig.raw.accessToken();
    const timestamp = rig.raw.timestamp();
    // Signed by hand: the body is minified already, and too deep for our own minifier to re-minify.
    const digest = createHash('sha256').update(rawBody).digest('hex');
    const signature = createHmac('sha512', rig.demo.partner.clientSecret)
      .update(`POST:${PAYMENT_PATH}:${accessToken}:${digest}:${timestamp}`)
      .digest('base64');
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      rawBody,
      accessToken,
      headers: { 'X-TIMESTAMP': timestamp, 'X-SIGNATURE': signature },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ responseCode: '4006001', responseMessage: 'Invalid Field Format body' });
  });

  it('leaves bodies nested as deep as real ones alone', async () => {
    rig = await startRig();
    const answer = await rig.raw.call({
      path: PAYMENT_PATH,
      body: paymentBody(rig, '1000.00', { additionalInfo: { a: { b: { c: { d: [[['x']]] } } } } }),
    });
    expect(answer.status).not.toBe(500);
    expect(answer.json?.responseCode).not.toBe('4006001');
  });
});
