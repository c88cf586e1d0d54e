// How the tests' scripted providers (SNAP, Klikoo B2B, DOKU Biller) give one answer over real HTTP:
// a JSON body (at once or after a delay), raw text of any shape, or a dropped connection.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer<Body = unknown> =
  | { status: number; body: Body; delayMs?: number }
  | { raw: string; status: number }
  | { drop: true };

export function sendScriptedAnswer(req: IncomingMessage, res: ServerResponse, answer: ScriptedAnswer): void {
  if ('drop' in answer) {
    req.socket.destroy();
    return;
  }
  const send = (statusCode: number, body: string) => {
    res.writeHead(statusCode, { 'Content-Type': 'application/json' });
    res.end(body);
  };
  if ('raw' in answer) {
    send(answer.status, answer.raw);
    return;
  }
  const reply = () => {
    if (!res.destroyed) send(answer.status, JSON.stringify(answer.body));
  };
  if (answer.delayMs) setTimeout(reply, answer.delayMs);
  else reply();
}

/** Starts a scripted provider's server on 127.0.0.1 (a free port). */
export async function listenOnLoopback(
  server: Server,
): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A server that hands each request, read whole (its path without the query, its body as text), to `handle`. */
export function scriptedServer(
  handle: (req: IncomingMessage, res: ServerResponse, read: { path: string; text: string }) => void,
): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, {
        path: (req.url ?? '').split('?')[0] ?? '',
        text: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}
