// The CLI's transport (node:http, no fetch) against a real server on loopback: it reads an answer the
// way the client reads fetch's, within the same size limit, and refuses what fetch is told to refuse.
import type { Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoundedText } from '../../../main/snap/bounded-json';
import { nodeHttpFetch } from '../../../main/snap/http-transport';

let server: Server;
let url: URL;
let handler: (res: ServerResponse) => void;
let closedEarly: Promise<boolean>;

beforeEach(async () => {
  let sawClose: (early: boolean) => void = () => undefined;
  closedEarly = new Promise((done) => {
    sawClose = done;
  });
  server = createServer((req, res) => {
    req.resume();
    res.on('close', () => sawClose(!res.writableFinished));
    handler(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/qr/qr-cpm-payment`);
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const post = (signal?: AbortSignal) =>
  nodeHttpFetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
    redirect: 'error',
    ...(signal === undefined ? {} : { signal }),
  });

describe('the CLI transport (node:http)', () => {
  it('reads an answer sent in pieces, without a length, whole', async () => {
    handler = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"responseCode":"2006000",');
      setTimeout(() => res.end('"responseMessage":"Successful"}'), 5);
    };
    const response = await post();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await readBoundedText(response)).toEqual({
      ok: true,
      text: '{"responseCode":"2006000","responseMessage":"Successful"}',
    });
  });

  it('stops reading an answer past the limit and drops the connection, never holding the rest', async () => {
    handler = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const piece = 'x'.repeat(64 * 1024);
      const more = () => {
        // Keeps sending until the reader hangs up.
        while (!res.destroyed && res.write(piece));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    };
    const read = await readBoundedText(await post(), 256 * 1024);
    expect(read.ok).toBe(false);
    expect(read.ok === false && read.bytes).toBeGreaterThan(256 * 1024);
    expect(await closedEarly).toBe(true);
  });

  it('refuses a redirect: a signed request is never sent on to wherever it points', async () => {
    handler = (res) => {
      res.writeHead(307, { Location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    };
    await expect(post()).rejects.toThrow(/redirect to http:\/\/127\.0\.0\.1:1\/elsewhere refused/);
  });

  it('gives up when its signal aborts (the request timeout) while the answer is late', async () => {
    handler = () => undefined; // never answers
    // The client reads either name as "no answer in time" (an unknown outcome, then queried).
    await expect(post(AbortSignal.timeout(50))).rejects.toMatchObject({ name: 'AbortError' });
  });
});
