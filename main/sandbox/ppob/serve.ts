// What both PPOB simulators share: a loopback HTTP server whose handler returns what to do with a
// request (answer JSON, answer late, answer with a broken body, drop the connection), timers that
// close() cancels, and how a fault of the table plays out on the wire.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLimitedServer, withLimits } from '../../http/server-limits';
import { snapErrorBody } from '../http';
import { allowedHosts, isLoopbackHost } from '../server';

export type WireOutcome =
  | { kind: 'json'; status: number; body: unknown; delayMs?: number }
  | { kind: 'malformed'; status: number; text: string }
  | { kind: 'drop' };

export interface PpobServer {
  baseUrl: string;
  /** Runs `action` after `ms` unless the server is closed first. */
  defer(ms: number, action: () => void): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function servePpob(
  host: string,
  port: number,
  handle: (req: IncomingMessage) => Promise<WireOutcome>,
  log: (line: string) => void,
): Promise<PpobServer> {
  if (!isLoopbackHost(host)) {
    throw new Error(`The sandbox only listens on loopback addresses, not ${host}`);
  }
  const timers = new Set<NodeJS.Timeout>();
  const defer = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  let hosts: ReadonlySet<string> = new Set();
  const server = createLimitedServer(
    withLimits(undefined),
    (req, res) => {
      // Like the SNAP sandbox: a request naming another Host came through something that is not us.
      if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
        log(`${req.method ?? '?'} refused: Host is not this simulator's loopback address`);
        send(res, 421, JSON.stringify(snapErrorBody(421, '00', '00', 'Misdirected Request')));
        return;
      }
      handle(req)
        .then((outcome) => {
          const line = `${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]}`;
          switch (outcome.kind) {
            case 'drop':
              log(`${line} → connection dropped (fault)`);
              req.socket.destroy();
              return;
            case 'malformed':
              log(`${line} → ${outcome.status} malformed body (fault)`);
              send(res, outcome.status, outcome.text);
              return;
            case 'json': {
              const text = JSON.stringify(outcome.body);
              const code = (outcome.body as { response_code?: string; responseCode?: string }) ?? {};
              const answer = () => {
                log(`${line} → ${outcome.status} ${code.response_code ?? code.responseCode ?? ''}`);
                send(res, outcome.status, text);
              };
              if (outcome.delayMs === undefined) answer();
              else defer(outcome.delayMs, answer);
              return;
            }
          }
        })
        .catch((error: unknown) => {
          log(`internal error: ${(error as Error).message}`);
          if (!res.headersSent) res.destroy();
        });
    },
    { body: (status, reason) => snapErrorBody(status, '00', '00', reason) },
  );
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 1024 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  hosts = allowedHosts(host, bound);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `http://${urlHost}:${bound}`,
    defer,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** How a fault's answer leaves: a broken body is the real answer cut off mid-object. */
export function cutOff(body: unknown, status: number): WireOutcome {
  const text = JSON.stringify(body);
  return { kind: 'malformed', status, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
}

/** Tell-tale sn values: a pulsa reference, or a PLN token packed with name, tariff, power and kWh. */
export function serialNumberFor(
  category: string,
  transactionId: string,
  customer: { name?: string | undefined; kwh?: string | undefined },
): string {
  if (category !== 'pln-prepaid') return `SN${transactionId}`;
  const hash = createHash('sha256').update(transactionId).digest();
  const digits = [...hash.subarray(0, 20)].map((byte) => String(byte % 10)).join('');
  const token = digits.match(/.{4}/g)?.join('-') ?? digits;
  return `${token}/${customer.name ?? 'PELANGGAN'}/R1/1300VA/${customer.kwh ?? '13,2'}`;
}
