// A provider that answers exactly what a test scripts, over real HTTP on 127.0.0.1, so the engine is
// driven through the real SNAP client for the answers the sandbox never gives (409xx00, 429,
// 401xx01, "07", answers naming another transaction, lost cancel answers…). It records every request
// and lets a test look at the journal at the instant a request arrives.

import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { EngineEvent } from '../../../main/payments/engine-context';
import { Journal } from '../../../main/payments/journal';
import { PaymentEngine, type PaymentEngineOptions } from '../../../main/payments/payment-engine';
import type { ResolutionPolicyInput } from '../../../main/payments/policy';
import { providerFromClient } from '../../../main/payments/provider-port';
import { createQrCpmClient, type QrCpmClient } from '../../../main/snap/client';
import type { ExternalIdSource } from '../../../main/snap/external-id';
import type { ScriptedAnswer } from '../../support/scripted-answer';
import { listenOnLoopback, scriptedServer, sendScriptedAnswer } from '../../support/scripted-answer';
import { tempDir } from './support';

export type Service = 'payment' | 'query' | 'cancel' | 'refund';

export interface Received {
  service: Service;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Answer = ScriptedAnswer<Record<string, unknown>>;

/** Produces the answer to one request; `n` counts requests of this service from 1. */
export type Responder = (request: Received, n: number) => Answer;

const SERVICE_BY_PATH: Record<string, Service> = {
  '/v1.0/qr/qr-cpm-payment': 'payment',
  '/v1.0/qr/qr-cpm-query': 'query',
  '/v1.0/qr/qr-cpm-cancel': 'cancel',
  '/v1.0/qr/qr-cpm-refund': 'refund',
};

export const MERCHANT_ID = '00007100010926';
export const TERMINAL_ID = 'T-SCRIPT-1';

// ---------------------------------------------------------------------------------------------
// Answers from the spec's samples, with our request's references filled in

export function paid(request: Received, overrides: Record<string, unknown> = {}): Answer {
  return {
    status: 200,
    body: {
      responseCode: '2006000',
      responseMessage: 'Request has been processed successfully',
      referenceNo: '2020102977770000000009',
      partnerReferenceNo: request.body.partnerReferenceNo,
      transactionDate: '2020-12-23T07:54:11+07:00',
      ...overrides,
    },
  };
}

export function error(status: number, code: string, message: string): Answer {
  return { status, body: { responseCode: code, responseMessage: message } };
}

export function status(request: Received, latest: string, overrides: Record<string, unknown> = {}): Answer {
  return {
    status: 200,
    body: {
      responseCode: '2006100',
      responseMessage: 'Request has been processed successfully',
      originalReferenceNo: '2020102977770000000009',
      originalPartnerReferenceNo: request.body.originalPartnerReferenceNo,
      latestTransactionStatus: latest,
      transactionStatusDesc: latest,
      ...overrides,
    },
  };
}

export function cancelled(request: Received): Answer {
  return {
    status: 200,
    body: {
      responseCode: '2006200',
      responseMessage: 'Request has been processed successfully',
      originalPartnerReferenceNo: request.body.originalPartnerReferenceNo,
      cancelTime: '2020-12-21T17:07:25+07:00',
    },
  };
}

export function refunded(request: Received, overrides: Record<string, unknown> = {}): Answer {
  return {
    status: 200,
    body: {
      responseCode: '2008000',
      responseMessage: 'Request has been processed successfully',
      originalPartnerReferenceNo: request.body.originalPartnerReferenceNo,
      refundNo: 'REF993883',
      partnerRefundNo: request.body.partnerRefundNo,
      refundAmount: request.body.refundAmount,
      refundTime: '2020-12-21T17:21:41+07:00',
      ...overrides,
    },
  };
}

// ---------------------------------------------------------------------------------------------

export interface ScriptedProvider {
  baseUrl: string;
  received: Received[];
  of: (service: Service) => Received[];
  /** Scripts a service; unscripted services answer 500 (an unknown outcome). */
  on: (service: Service, responder: Responder) => void;
  /** Called when a request arrives, before it is answered. */
  onArrival: (hook: (request: Received) => void) => void;
  tokenCalls: () => number;
  /** The token endpoint answers 503 from now on (no token: nothing can be sent). */
  breakTokens: () => void;
  close: () => Promise<void>;
}

export async function startScriptedProvider(): Promise<ScriptedProvider> {
  const received: Received[] = [];
  const responders = new Map<Service, Responder>();
  const counts = new Map<Service, number>();
  let arrival: (request: Received) => void = () => {};
  let tokens = 0;
  let tokensBroken = false;

  const server = scriptedServer((req, res, { path, text }) => {
    const send = (statusCode: number, body: string) => {
      res.writeHead(statusCode, { 'Content-Type': 'application/json' });
      res.end(body);
    };
    if (path === '/v1.0/access-token/b2b') {
      tokens += 1;
      if (tokensBroken) return send(503, 'Service Unavailable');
      return send(
        200,
        JSON.stringify({
          responseCode: '2007300',
          responseMessage: 'Successful',
          accessToken: `token-${tokens}`,
          tokenType: 'Bearer',
          expiresIn: '900',
        }),
      );
    }
    const service = SERVICE_BY_PATH[path];
    if (!service)
      return send(404, JSON.stringify({ responseCode: '4040002', responseMessage: 'Invalid Routing' }));
    const request: Received = {
      service,
      headers: req.headers,
      body: JSON.parse(text) as Record<string, unknown>,
    };
    received.push(request);
    arrival(request);
    const n = (counts.get(service) ?? 0) + 1;
    counts.set(service, n);
    const responder = responders.get(service);
    sendScriptedAnswer(
      req,
      res,
      responder ? responder(request, n) : error(500, `500${codeOf(service)}00`, 'General Error'),
    );
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    baseUrl,
    received,
    of: (service) => received.filter((r) => r.service === service),
    on: (service, responder) => responders.set(service, responder),
    onArrival: (hook) => {
      arrival = hook;
    },
    tokenCalls: () => tokens,
    breakTokens: () => {
      tokensBroken = true;
    },
    close,
  };
}

function codeOf(service: Service): string {
  return { payment: '60', query: '61', cancel: '62', refund: '80' }[service];
}

// ---------------------------------------------------------------------------------------------

export interface ScriptedRig {
  provider: ScriptedProvider;
  client: QrCpmClient;
  externalIds: ExternalIdSource;
  journal: Journal;
  engine: PaymentEngine;
  events: EngineEvent[];
  sleeps: number[];
  dir: string;
  /** Another "process" on the same data directory: its own journal connection, lock and engine. */
  secondEngine: () => PaymentEngine;
  close: () => Promise<void>;
}

export const SCRIPT_POLICY: ResolutionPolicyInput = {
  queryDelaysMs: [5, 5, 10],
  deadlineMs: 400,
  settleMs: 400,
  confirmNotFoundMs: 5,
  maxResends: 3,
  maxCancelSends: 3,
};

export const PRIVATE_KEY_PEM = readFileSync(
  new URL('../../fixtures/keys/midtrans-sample-private.pem', import.meta.url),
  'utf8',
);

export async function startScriptedRig(
  options: {
    timeoutMs?: number;
    policy?: ResolutionPolicyInput;
    engine?: Partial<PaymentEngineOptions>;
  } = {},
): Promise<ScriptedRig> {
  const provider = await startScriptedProvider();
  const dir = tempDir();
  const timeoutMs = options.timeoutMs ?? 200;
  const journal = Journal.open(join(dir.path, 'journal.sqlite'));
  const externalIds = journal.externalIds;
  const client = createQrCpmClient(
    {
      baseUrl: provider.baseUrl,
      clientKey: 'kasir-test-client',
      clientSecret: 'a-client-secret-for-tests-only',
      privateKey: PRIVATE_KEY_PEM,
      partnerId: 'kasir-test-client',
      channelId: '95221',
      timeoutMs,
    },
    { fetch: globalThis.fetch, clock: () => new Date(), externalIds },
  );
  const journals: Journal[] = [journal];
  const engines: PaymentEngine[] = [];
  const events: EngineEvent[] = [];
  const sleeps: number[] = [];
  const makeEngine = (on: Journal, extra: Partial<PaymentEngineOptions> = {}) => {
    const made = new PaymentEngine({
      journal: on,
      provider: providerFromClient(client, on.externalIds, 'kasir-test-client'),
      terminal: { terminalId: TERMINAL_ID, merchantId: MERCHANT_ID, requestTimeoutMs: timeoutMs },
      dataDir: dir.path,
      policy: options.policy ?? SCRIPT_POLICY,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
      ...extra,
    });
    engines.push(made);
    return made;
  };
  const engine = makeEngine(journal, { onEvent: (event) => events.push(event), ...options.engine });
  return {
    provider,
    client,
    externalIds,
    journal,
    engine,
    events,
    sleeps,
    dir: dir.path,
    secondEngine: () => {
      const other = Journal.open(join(dir.path, 'journal.sqlite'));
      journals.push(other);
      return makeEngine(other);
    },
    close: async () => {
      await provider.close();
      for (const e of engines) e.dispose();
      for (const j of journals) j.close();
      dir.remove();
    },
  };
}
