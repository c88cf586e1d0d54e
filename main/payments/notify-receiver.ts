// The notify (79) endpoint: a small HTTP server in main, off unless the app starts it, on which the
// provider tells us a payment became final. Trust comes only from the provider's signature over the
// raw body (main/snap/notify.ts); then the engine moves a payment only if the notification matches
// it exactly. Everything else is answered, logged and otherwise ignored: query stays the source of
// truth, and a terminal never waits for a notification. Like every server we run it caps
// connections and times out slow clients (main/http/server-limits.ts): an oversized body gets 413,
// a request Node cannot parse a JSON 400.

import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerLimits } from '../http/server-limits';
import { createLimitedServer, DEFAULT_SERVER_LIMITS, withLimits } from '../http/server-limits';
import { readBoundedRequest } from '../snap/bounded-json';
import type { Clock } from '../snap/headers';
import { verifyNotify } from '../snap/notify';
import type { NotifyRequest } from '../snap/schemas';
import { SNAP_SERVICES } from '../snap/schemas';
import type { NotifyApplication } from './notify-apply';

export interface NotifyReceiverOptions {
  /** Applies a verified notification (PaymentEngine.applyNotify). */
  apply: (body: NotifyRequest, meta: { externalId?: string }) => NotifyApplication;
  /** The provider's public key (PEM or KeyObject). */
  providerPublicKey: KeyObject | string;
  /** Default 127.0.0.1; a real provider needs a reachable address, set deliberately. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The path the provider posts to (its notifyUrl's path). Default /v1.0/qr/qr-cpm-notify. */
  path?: string;
  maxBodyBytes?: number;
  /** Connection cap and timeouts; a provider sends one notification at a time. */
  limits?: Partial<ServerLimits>;
  /** With both, a notification stamped further than this from now is refused (replay guard). */
  clock?: Clock;
  maxClockSkewMs?: number;
  log?: (line: string) => void;
}

export interface NotifyReceiverHandle {
  /** Where the provider should post, e.g. http://127.0.0.1:41234/v1.0/qr/qr-cpm-notify */
  url: string;
  close: () => Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024;
const NOTIFY_LIMITS: ServerLimits = { ...DEFAULT_SERVER_LIMITS, maxConnections: 64 };

function answer(
  res: ServerResponse,
  status: number,
  responseCode: string,
  responseMessage: string,
  closeAfter = false,
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    ...(closeAfter ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify({ responseCode, responseMessage }));
}

export async function startNotifyReceiver(options: NotifyReceiverOptions): Promise<NotifyReceiverHandle> {
  const path = options.path ?? SNAP_SERVICES.notify.path;
  const log = options.log ?? (() => {});
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '';
    if (url.split('?')[0] !== path) return answer(res, 404, '4047902', 'Invalid Routing');
    if (req.method !== 'POST') return answer(res, 405, '4057900', 'Requested Function Is Not Supported');
    const read = await readBoundedRequest(req, limit);
    if (!read.ok) return answer(res, 413, '4137900', 'Request Entity Too Large', true);
    const rawBody = read.text;

    const verified = verifyNotify(
      { method: req.method, path: url, headers: req.headers, rawBody },
      {
        publicKey: options.providerPublicKey,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.maxClockSkewMs === undefined ? {} : { maxClockSkewMs: options.maxClockSkewMs }),
      },
    );
    if (!verified.ok) {
      log(`notify refused: ${verified.error.code}: ${verified.error.messages.en}`);
      res.writeHead(verified.httpStatus, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(verified.answer));
      return;
    }
    const applied = options.apply(verified.body, {
      ...(verified.externalId ? { externalId: verified.externalId } : {}),
    });
    const ref = verified.body.originalPartnerReferenceNo ?? verified.body.originalReferenceNo ?? '?';
    if (applied.result === 'unmatched') {
      log(`notify for ${ref} ignored: ${applied.why}`);
      return answer(res, 404, '4047901', 'Transaction Not Found');
    }
    log(
      applied.result === 'applied'
        ? `notify for ${ref}: payment is now ${applied.payment.state}`
        : `notify for ${ref} recorded: ${applied.why}`,
    );
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(verified.answer));
  };

  const limits = withLimits(options.limits, NOTIFY_LIMITS);
  const server: Server = createLimitedServer(
    limits,
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log(`notify handling failed: ${error instanceof Error ? error.message : String(error)}`);
        answer(res, 500, '5007900', 'General Error');
      });
    },
    { body: (status, reason) => ({ responseCode: `${status}7900`, responseMessage: reason }) },
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
