// The merchant server, assembled: one HTTP listener for the providers (notify and callbacks on a
// public address), the terminals (enrolment, sync, live delivery) and the back office, over one
// PostgreSQL database. `kasir server` (main/cli/server.ts) starts it; so do the tests and the bench.

import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BACKOFFICE_API } from '../../preload/contract/backoffice';
import type { ErrorCode } from '../errors';
import { KasirError } from '../errors';
import type { ServerLimits } from '../http/server-limits';
import { createLimitedServer, DEFAULT_SERVER_LIMITS, withLimits } from '../http/server-limits';
import { utcOffsetMinutes as offsetMinutes } from '../snap/headers';
import { SNAP_SERVICES } from '../snap/schemas';
import { adminRoutes } from './admin-api';
import type { BackofficeBundle } from './backoffice-bundle';
import type { Database } from './db/database';
import { migrate } from './db/migrations';
import { HintStore } from './hints';
import type { Handler } from './http';
import { HttpRefusal, sendError, sendJson, sendText, serverError } from './http';
import { SyncIngest } from './ingest';
import { MerchantLedger } from './ledger';
import { LiveHub } from './live-hub';
import { klikooCallbackHandler, snapNotifyHandler } from './provider-endpoints';
import { BACKOFFICE_PATH, serveBackoffice } from './static';
import { terminalRoutes } from './terminal-api';
import { TerminalRegistry } from './terminals';

export const DEFAULT_KLIKOO_CALLBACK_PATH = '/klikoo/callback';

function clientErrorOf(status: number): { code: ErrorCode; message: { id: string; en: string } } {
  return status === 408
    ? {
        code: 'SERVER_REQUEST_TIMEOUT',
        message: {
          id: 'Permintaan datang terlalu lambat dan diputus.',
          en: 'The request came too slowly and was cut off.',
        },
      }
    : {
        code: 'SERVER_REQUEST_MALFORMED',
        message: { id: 'Permintaan tidak dapat dibaca.', en: 'The request could not be read.' },
      };
}

/**
 * On a public address: room for every terminal's live connection and the providers, keep-alive long
 * enough for a terminal's sync loop, and the shared timeouts for a client that sends too slowly.
 */
const MERCHANT_SERVER_LIMITS: ServerLimits = {
  ...DEFAULT_SERVER_LIMITS,
  maxConnections: 2048,
  keepAliveTimeoutMs: 30_000,
};

export interface MerchantServerOptions {
  /** Opened by the caller; migrated here, and closed with the server. */
  database: Database;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Every provider's public key for notify signatures. */
  providerKeys: readonly KeyObject[];
  /** Where providers post SNAP notify (79). Default the standard /v1.0/qr/qr-cpm-notify. */
  notifyPaths?: readonly string[];
  klikooCallbackPath?: string;
  /** Bearer key of the back office. */
  adminKey: string;
  /** The back-office page; without one, /backoffice/ says it is not available. */
  backoffice?: BackofficeBundle;
  /** The address providers and terminals use (behind a reverse proxy: its https:// URL). */
  publicUrl?: string;
  /** The merchant's UTC offset, e.g. "+07:00" (WIB, the default): days of server-side instants. */
  utcOffset?: string;
  serverName?: string;
  now?: () => number;
  log?: (line: string) => void;
  /** Connection cap and timeouts (main/http/server-limits.ts). */
  limits?: Partial<ServerLimits>;
}

export interface MerchantServerHandle {
  /** Where this process listens, e.g. http://127.0.0.1:8787 */
  baseUrl: string;
  /** What providers and terminals are told (publicUrl when given, else baseUrl). */
  publicUrl: string;
  notifyUrl: string;
  klikooCallbackUrl: string;
  backOfficeUrl: string;
  database: Database;
  close(): Promise<void>;
}

function routeNotFound(res: ServerResponse): void {
  sendError(
    res,
    404,
    serverError('NOT_FOUND', 'Alamat ini tidak ada di server.', 'No such address on this server.'),
  );
}

export async function startMerchantServer(options: MerchantServerOptions): Promise<MerchantServerHandle> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const db = options.database;
  await migrate(db, now);
  const utcOffset = options.utcOffset ?? '+07:00';
  const utcOffsetMinutes = offsetMinutes(utcOffset);

  const terminals = new TerminalRegistry(db, now);
  const hints = new HintStore(db, now);
  const ingest = new SyncIngest(db, now, log);
  const hub = new LiveHub(hints, log);
  const ledger = new MerchantLedger({ db, now, utcOffsetMinutes, terminals: () => terminals.list() });

  const providerEndpoint = {
    hints,
    providerKeys: options.providerKeys,
    routed: (ids: readonly string[]) => hub.wake(ids),
    log,
  };
  const snapNotify = snapNotifyHandler(providerEndpoint);
  const notifyPaths = new Set(options.notifyPaths ?? [SNAP_SERVICES.notify.path]);
  const klikooPath = options.klikooCallbackPath ?? DEFAULT_KLIKOO_CALLBACK_PATH;

  const routes = new Map<string, Handler>([...terminalRoutes({ terminals, ingest, hints, hub, log })]);
  const admin = adminRoutes({
    db,
    adminKey: options.adminKey,
    terminals,
    ledger,
    hub,
    now,
    utcOffset,
    utcOffsetMinutes,
    serverName: options.serverName ?? 'Kasir CPM merchant server',
    log,
  });
  for (const [path, handler] of admin.exact) routes.set(path, handler);
  routes.set(klikooPath, klikooCallbackHandler(providerEndpoint));
  routes.set('/healthz', async (_req, res) => sendJson(res, 200, { ok: true }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://server');
    const path = url.pathname;
    if (notifyPaths.has(path)) return snapNotify(req, res);
    const handler = routes.get(path);
    if (handler) return handler(req, res, url);
    if (path.startsWith(`${BACKOFFICE_API.terminals}/`) && path.endsWith('/revoke')) {
      return admin.revoke(req, res, url);
    }
    if (req.method === 'GET' && (path === '/' || path === '/backoffice')) {
      res.writeHead(302, { Location: BACKOFFICE_PATH });
      res.end();
      return;
    }
    if (req.method === 'GET' && path.startsWith(BACKOFFICE_PATH)) {
      if (!options.backoffice)
        return sendText(res, 404, 'text/plain; charset=utf-8', 'The back office is not served here.');
      return serveBackoffice(options.backoffice, path, res);
    }
    routeNotFound(res);
  }

  const limits = withLimits(options.limits, MERCHANT_SERVER_LIMITS);
  const server: Server = createLimitedServer(
    limits,
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (error instanceof HttpRefusal) return sendError(res, error.status, error.error);
        log(
          `${req.method} ${req.url?.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (notifyPaths.has((req.url ?? '').split('?')[0] ?? '')) {
          // Not stored: the provider must try again.
          return sendJson(res, 500, { responseCode: '5007900', responseMessage: 'General Error' });
        }
        sendError(
          res,
          500,
          error instanceof KasirError
            ? error
            : serverError(
                'SERVER_ERROR',
                'Server mengalami kesalahan; coba lagi.',
                'The server failed; try again.',
              ),
        );
      });
    },
    // A request Node cannot parse (or that came too slowly) still gets an answer in the server's shape.
    { body: (status) => ({ error: clientErrorOf(status) }) },
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
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicUrl ?? baseUrl).replace(/\/+$/, '');
  return {
    baseUrl,
    publicUrl,
    notifyUrl: `${publicUrl}${[...notifyPaths][0] ?? SNAP_SERVICES.notify.path}`,
    klikooCallbackUrl: `${publicUrl}${klikooPath}`,
    backOfficeUrl: `${publicUrl}${BACKOFFICE_PATH}`,
    database: db,
    async close() {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}
