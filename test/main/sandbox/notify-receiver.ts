// A partner's notify endpoint for the tests: records every request exactly as received and answers
// with the statuses a test scripts (200 once the script runs out).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotify {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: Record<string, unknown>;
}

export interface NotifyReceiver {
  url: string;
  path: string;
  received: ReceivedNotify[];
  /** Statuses for the next requests, in order. */
  script: number[];
  close(): Promise<void>;
}

export async function startNotifyReceiver(path = '/kasir/notify'): Promise<NotifyReceiver> {
  const received: ReceivedNotify[] = [];
  const script: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, rawBody, body: JSON.parse(rawBody) });
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          responseCode: `${status}7900`,
          responseMessage: status === 200 ? 'Successful' : 'Error',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    path,
    received,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
