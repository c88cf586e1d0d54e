// startSandbox: the SNAP QR CPM provider simulator on a loopback port. Used in-process by the app
// (its default backend), by the integration tests as their real HTTP peer, and by `kasir sandbox`.
// Loopback is not a wall against a web page: a page whose DNS name is re-pointed at 127.0.0.1 (DNS
// rebinding) can make the browser send it requests, but with its own name in Host. So a request is
// answered only when its Host is the address the sandbox bound (or localhost), and the server caps
// connections and times out slow clients (main/http/server-limits.ts), since it runs inside the app.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerLimits } from '../http/server-limits';
import { createLimitedServer, withLimits } from '../http/server-limits';
import type { ProviderName, ProviderRules, ProviderRulesOverride } from '../snap/provider-presets';
import { rulesFor, timestampFor } from '../snap/provider-wire';
import { loadPrivateKey } from '../snap/signature';
import type { SandboxCore } from './core';
import type { TestCustomer } from './customers';
import { DEFAULT_CUSTOMER_ID, TEST_CUSTOMERS } from './customers';
import { ExternalIdRegistry } from './external-ids';
import type { FaultScript } from './faults';
import { sendJson, snapErrorBody } from './http';
import type { LedgerSnapshot } from './ledger';
import { Ledger } from './ledger';
import { DEFAULT_NOTIFY_ATTEMPT_TIMEOUT_MS, DEFAULT_NOTIFY_RETRY_DELAYS_MS, NotifySender } from './notify';
import type { PartnerConfig, RsaKeyPair } from './partners';
import { generateRsaKeyPair, PartnerRegistry } from './partners';
import { DEFAULT_MAX_ISSUED_QRS, DEFAULT_QR_TTL_MS, QrIssuer } from './qr';
import { createRouter } from './router';
import { snapTimestamp } from './time';
import { TOKEN_LIFETIME_SECONDS, TokenStore } from './tokens';

export interface SandboxOptions {
  /** Loopback only: 127.0.0.1 (default), another 127.x address, ::1 or localhost. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The provider preset this sandbox plays, strictly (default aspi, the standard). */
  variant?: ProviderName;
  /** Overrides of that preset's rules. */
  rules?: ProviderRulesOverride;
  /** A provider prefix in front of every /v1.0/... path (overrides the preset's; signed as part of the path). */
  pathPrefix?: string;
  partners?: readonly PartnerConfig[];
  /** The provider's key for notify signatures; generated (RSA-2048) when absent. */
  providerKeyPair?: RsaKeyPair;
  clock?: () => Date;
  faultScript?: FaultScript;
  /** How notify (79) reaches partners; global fetch by default. */
  notifyFetch?: typeof fetch;
  /** Delays between notify attempts (default 1, 2, 4, 8, 16 s: six attempts in all). */
  notifyRetryDelaysMs?: readonly number[];
  notifyAttemptTimeoutMs?: number;
  /** How long an issued QR stays payable (default 5 minutes). */
  qrTtlMs?: number;
  /** Issued QRs remembered at most (the oldest are forgotten first); default 10,000. */
  maxIssuedQrs?: number;
  /** Connection cap and timeouts (main/http/server-limits.ts); the load test raises the cap. */
  limits?: Partial<ServerLimits>;
  tokenLifetimeSeconds?: number;
  /** One line per request and per notify attempt; never bodies, tokens or QR contents. */
  log?: (line: string) => void;
}

export interface SandboxHandle {
  /** e.g. "http://127.0.0.1:43117" (the path prefix is not included). */
  baseUrl: string;
  /** The provider preset it plays and the rules it holds requests to (the prefix is rules.pathPrefix). */
  variant: ProviderName;
  rules: ProviderRules;
  pathPrefix: string;
  providerPublicKeyPem: string;
  partners: readonly PartnerConfig[];
  customers: readonly TestCustomer[];
  /** Every transaction with its state and amounts (bigint minor units), and every customer's balance. */
  ledger(): LedgerSnapshot;
  /** A fresh single-use QR for a test customer (the default one if absent), without going through 59. */
  issueQr(customerId?: string): { qrContent: string; expiryTime: string };
  /** Resolves once every notify started so far has been delivered or given up on. */
  notifyIdle(): Promise<void>;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The Host values a request to this sandbox may carry: the bound address or localhost, with the port. */
export function allowedHosts(boundHost: string, port: number): ReadonlySet<string> {
  const literal = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  return new Set([`${literal}:${port}`.toLowerCase(), `localhost:${port}`]);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    // The sandbox accepts demo credentials and moves play money: it must never face a network.
    throw new Error(`The sandbox only listens on loopback addresses, not ${host}`);
  }
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const variant = options.variant ?? 'aspi';
  const rules = rulesFor({ provider: variant, rules: options.rules, pathPrefix: options.pathPrefix });
  const providerKeys = options.providerKeyPair ?? (await generateRsaKeyPair());
  const partners = new PartnerRegistry(options.partners ?? []);
  const customers = TEST_CUSTOMERS;

  const notifier = new NotifySender({
    fetch: options.notifyFetch ?? globalThis.fetch,
    clock,
    providerPrivateKey: loadPrivateKey(providerKeys.privateKeyPem),
    retryDelaysMs: options.notifyRetryDelaysMs ?? DEFAULT_NOTIFY_RETRY_DELAYS_MS,
    attemptTimeoutMs: options.notifyAttemptTimeoutMs ?? DEFAULT_NOTIFY_ATTEMPT_TIMEOUT_MS,
    log,
    timestamp: (at) => timestampFor(rules, at),
  });
  const core: SandboxCore = {
    variant,
    rules,
    clock,
    log,
    partners,
    tokens: new TokenStore(options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS),
    externalIds: new ExternalIdRegistry(),
    ledger: new Ledger(customers),
    qrs: new QrIssuer(options.qrTtlMs ?? DEFAULT_QR_TTL_MS, options.maxIssuedQrs ?? DEFAULT_MAX_ISSUED_QRS),
    customers,
    faults: options.faultScript ?? {},
    playedFaults: new Set(),
    notifier,
  };

  const deferred = new Set<NodeJS.Timeout>();
  const route = createRouter(core, {
    log,
    defer: (ms, action) => {
      const timer = setTimeout(() => {
        deferred.delete(timer);
        action();
      }, ms);
      deferred.add(timer);
    },
  });

  const limits = withLimits(options.limits);
  let hosts: ReadonlySet<string> = new Set();
  const server = createLimitedServer(
    limits,
    (req, res) => {
      if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
        log(`${req.method ?? '?'} refused: Host is not this sandbox's loopback address`);
        sendJson(res, 421, snapErrorBody(421, '00', '00', 'Misdirected Request'), clock(), true);
        return;
      }
      route(req, res).catch((error: unknown) => {
        log(`internal error: ${(error as Error).message}`);
        if (!res.headersSent) res.destroy();
      });
    },
    // Node answers requests it cannot parse (or that ran out of time) itself; make that SNAP-shaped too.
    {
      body: (status, reason) => snapErrorBody(status, '00', '00', reason),
      headers: () => ({ 'X-TIMESTAMP': snapTimestamp(clock()) }),
    },
  );
  const port = await listen(server, host, options.port ?? 0);
  hosts = allowedHosts(host, port);

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `http://${urlHost}:${port}`,
    variant,
    rules,
    pathPrefix: rules.pathPrefix,
    providerPublicKeyPem: providerKeys.publicKeyPem,
    partners: partners.list(),
    customers,
    ledger: () => core.ledger.snapshot(),
    issueQr: (customerId = DEFAULT_CUSTOMER_ID) => {
      const customer = customers.find((c) => c.id === customerId);
      if (!customer) throw new Error(`No test customer ${customerId}`);
      const qr = core.qrs.issue(customer, clock());
      return { qrContent: qr.qrContent, expiryTime: snapTimestamp(qr.expiresAt) };
    },
    notifyIdle: () => notifier.idle(),
    close: async () => {
      for (const timer of deferred) clearTimeout(timer);
      deferred.clear();
      notifier.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await notifier.idle();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog: the load test opens a thousand connections at once.
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
