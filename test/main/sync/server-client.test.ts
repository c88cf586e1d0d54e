// What the terminal takes from its merchant server's answers: the server's words reach the cashier,
// so they are shown as text and kept to a message's length, whatever the server (or something
// pretending to be it at that address) sends.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerClient } from '../../../main/sync/server-client';

let server: Server | undefined;

async function answering(status: number, body: unknown): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise((done) => server?.close(done));
  server = undefined;
});

describe("the merchant server's refusals", () => {
  it('reach the cashier without hidden or reordering characters, and no longer than a message', async () => {
    const serverUrl = await answering(400, {
      error: {
        code: 'SERVER_BODY_INVALID',
        message: { id: `Ditolak\u202e ${'x'.repeat(100_000)}`, en: `Refused\u200b ${'y'.repeat(100_000)}` },
      },
    });
    const refused = await new ServerClient({ serverUrl, token: 't' }).cursors().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'SERVER_BODY_INVALID' });
    const { messages } = refused as { messages: { id: string; en: string } };
    expect(messages.id.startsWith('Ditolak x')).toBe(true);
    expect(messages.en.startsWith('Refused y')).toBe(true);
    expect(Math.max(messages.id.length, messages.en.length)).toBeLessThanOrEqual(301);
  });
});
