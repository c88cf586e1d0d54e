// A small SNAP token endpoint (service 73) on 127.0.0.1 for connection tests: it checks X-TIMESTAMP
// against its own clock, knows a set of client keys with their public keys, verifies the signature,
// and answers the way providers do. Every QR CPM call is declined (403xx05), so a payment sent to it
// ends at once.
import type { KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { verifyToken } from '../../../../main/snap/signature';

export interface TokenServerOptions {
  clients: Record<string, KeyObject | string>;
  token: string;
  prefix?: string;
  /** The server's clock minus the real one. */
  clockOffsetMs?: number;
  /** Timestamps further than this from the server's clock are refused. */
  maxSkewMs?: number;
  /** 'hang' never answers; 'html' answers a web server's 404 page. */
  behaviour?: 'normal' | 'hang' | 'html';
  tls?: { key: string; cert: string };
}

export interface TokenServer {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

function answer(res: ServerResponse, now: number, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', Date: new Date(now).toUTCString() });
  res.end(JSON.stringify(body));
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenServer['requests'] = [];
  const hanging: ServerResponse[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers });
      const now = Date.now() + (options.clockOffsetMs ?? 0);
      if (options.behaviour === 'hang') {
        hanging.push(res);
        return;
      }
      if (options.behaviour !== 'html' && req.url?.startsWith(`${options.prefix ?? ''}/v1.0/qr/`)) {
        // Any QR CPM call: a definite decline, so a payment against this server ends at once.
        return answer(res, now, 403, { responseCode: '4036005', responseMessage: 'Do Not Honor' });
      }
      if (options.behaviour === 'html' || req.url !== `${options.prefix ?? ''}/v1.0/access-token/b2b`) {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<html><body><h1>404 Not Found</h1></body></html>');
        return;
      }
      const timestamp = String(req.headers['x-timestamp'] ?? '');
      const clientKey = String(req.headers['x-client-key'] ?? '');
      const signature = String(req.headers['x-signature'] ?? '');
      const sentAt = Date.parse(timestamp);
      if (!Number.isFinite(sentAt)) {
        return answer(res, now, 400, {
          responseCode: '4007301',
          responseMessage: 'Invalid Field Format X-TIMESTAMP',
        });
      }
      if (Math.abs(sentAt - now) > (options.maxSkewMs ?? 5 * 60_000)) {
        return answer(res, now, 401, {
          responseCode: '4017300',
          responseMessage: 'Unauthorized. [X-TIMESTAMP is too far from server time]',
        });
      }
      const publicKey = options.clients[clientKey];
      if (!publicKey) {
        return answer(res, now, 401, {
          responseCode: '4017300',
          responseMessage: 'Unauthorized. [Unknown client]',
        });
      }
      if (
        !verifyToken({ clientKey, timestamp, publicKey, signature }) ||
        JSON.parse(raw).grantType !== 'client_credentials'
      ) {
        return answer(res, now, 401, {
          responseCode: '4017300',
          responseMessage: 'Unauthorized. [Signature]',
        });
      }
      return answer(res, now, 200, {
        responseCode: '2007300',
        responseMessage: 'Successful',
        accessToken: options.token,
        tokenType: 'Bearer',
        expiresIn: '900',
      });
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
