// The DOKU Biller client: products, inquiry, payment, advice and balance, through the wire mapping
// of adapter.ts. Its contract is the SNAP and Klikoo clients' (main/snap/client.ts): it throws only
// when nothing left this machine (a request breaking its schema); once a request has left it returns
// an `answer` (a body with a DOKU response code, validated for its call when it is 0000 or 5586, and
// for what it names — its `echo` — when it is any other) or an `unknown` (timeout, network error, 5xx
// without a code, too big, too deep, not JSON, a success that breaks its schema, or a refusal whose
// naming fields cannot be read). Every answer is read bounded before it is parsed.

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { KasirError } from '../../errors';
import type { Clock } from '../../snap/headers';
import type { HttpFetch } from '../../snap/http-transport';
import { joinUrl } from '../../snap/provider-wire';
import type { DecodedDokuCode } from '../../snap/response-codes';
import { decodeResponseCode } from '../../snap/response-codes';
import { describeIssues } from '../../snap/schemas';
import type { WireLog } from '../../snap/wire-log';
import { failSafeWireLog, silentWireLog } from '../../snap/wire-log';
import type { Answered } from '../exchange';
import { sendAndReadHead } from '../exchange';
import type { DokuEcho } from './adapter';
import {
  DokuAdviceRequestSchema,
  DokuAnswerHeadSchema,
  DokuBalanceAnswerSchema,
  DokuEchoSchema,
  DokuInquiryAnswerSchema,
  DokuInquiryRequestSchema,
  DokuPaymentAnswerSchema,
  DokuPaymentRequestSchema,
  DokuProductsAnswerSchema,
  dokuHeaders,
  dokuTimestamp,
  PENDING_CODE,
  SUCCESS_CODE,
} from './adapter';
import type { DokuPaths } from './paths';
import { DEFAULT_DOKU_PATHS } from './paths';

export interface DokuClientConfig {
  baseUrl: string;
  clientId: string;
  secretKey: string;
  timeoutMs: number;
  paths?: Partial<DokuPaths> | undefined;
}

export interface DokuClientDeps {
  fetch: HttpFetch;
  clock: Clock;
  wireLog?: WireLog | undefined;
  /** Request-Id of calls that are not the payment (default: a UUID v4). */
  newRequestId?: () => string;
}

export type DokuOperation = 'products' | 'inquiry' | 'payment' | 'advice' | 'balance';

export interface DokuAnswer<T> {
  kind: 'answer';
  operation: DokuOperation;
  httpStatus: number;
  responseCode: string;
  decoded: DecodedDokuCode;
  message: string;
  /** The validated body of a 0000 or 5586 answer; null for any other code. */
  body: T | null;
  /** What an answer of any other code names (checked against the purchase like a body); absent for 0000 and 5586. */
  echo?: DokuEcho | undefined;
  raw: string;
  requestId: string;
}

export interface DokuUnknown {
  kind: 'unknown';
  operation: DokuOperation;
  reason: 'timeout' | 'network' | 'server-error' | 'malformed';
  detail: string;
  httpStatus?: number;
  responseCode?: string;
  raw?: string;
  requestId: string;
}

export type DokuOutcome<T> = DokuAnswer<T> | DokuUnknown;

export interface DokuClient {
  products(): Promise<DokuOutcome<z.infer<typeof DokuProductsAnswerSchema>>>;
  inquiry(
    request: z.input<typeof DokuInquiryRequestSchema>,
  ): Promise<DokuOutcome<z.infer<typeof DokuInquiryAnswerSchema>>>;
  /** `requestId` is the purchase's idempotency key: the same on every re-send of it. */
  payment(
    request: z.input<typeof DokuPaymentRequestSchema>,
    requestId: string,
  ): Promise<DokuOutcome<z.infer<typeof DokuPaymentAnswerSchema>>>;
  advice(
    request: z.input<typeof DokuAdviceRequestSchema>,
  ): Promise<DokuOutcome<z.infer<typeof DokuPaymentAnswerSchema>>>;
  balance(): Promise<DokuOutcome<z.infer<typeof DokuBalanceAnswerSchema>>>;
}

export function createDokuClient(config: DokuClientConfig, deps: DokuClientDeps): DokuClient {
  const wireLog = failSafeWireLog(deps.wireLog ?? silentWireLog);
  const paths: DokuPaths = { ...DEFAULT_DOKU_PATHS, ...config.paths };
  const newRequestId = deps.newRequestId ?? randomUUID;

  /** A DOKU answer whose head was read: a 0000 or 5586 must also fit the call's schema. */
  function classify<T>(
    operation: DokuOperation,
    schema: z.ZodType<T>,
    read: Answered<z.infer<typeof DokuAnswerHeadSchema>>,
    requestId: string,
  ): DokuOutcome<T> {
    const { httpStatus, raw } = read;
    const responseCode = read.head.responseCode;
    const unknown = (reason: DokuUnknown['reason'], detail: string): DokuUnknown => ({
      kind: 'unknown',
      operation,
      reason,
      detail,
      httpStatus,
      responseCode,
      raw,
      requestId,
    });
    // The HTTP status speaks too: a server error is an unknown outcome whatever its body says, and a
    // success or pending code under a status that is not 2xx contradicts itself.
    if (httpStatus >= 500) return unknown('server-error', `HTTP ${httpStatus} (${responseCode})`);
    if (
      (responseCode === SUCCESS_CODE || responseCode === PENDING_CODE) &&
      (httpStatus < 200 || httpStatus > 299)
    )
      return unknown('malformed', `${responseCode} under HTTP ${httpStatus}`);
    const decoded = decodeResponseCode(responseCode, 'doku') as DecodedDokuCode;
    let body: T | null = null;
    const serialNumber = (read.json as { serialNumber?: unknown }).serialNumber;
    if (
      responseCode !== SUCCESS_CODE &&
      decoded.action !== 'query' &&
      typeof serialNumber === 'string' &&
      serialNumber !== ''
    ) {
      // A refusal that hands over a serial number (a token, a voucher) contradicts itself: unknown.
      return unknown('malformed', `${responseCode} refuses, but carries a serial number`);
    }
    let echo: DokuEcho | undefined;
    if (responseCode === SUCCESS_CODE || responseCode === PENDING_CODE) {
      const full = schema.safeParse(read.json);
      if (!full.success) {
        return unknown('malformed', `${responseCode} that breaks the schema: ${describeIssues(full.error)}`);
      }
      body = full.data;
    } else {
      // A refusal is checked against the purchase it should be, like a success: keep what it names.
      const named = DokuEchoSchema.safeParse(read.json);
      if (!named.success) {
        return unknown(
          'malformed',
          `${responseCode} whose fields naming a purchase cannot be read: ${describeIssues(named.error)}`,
        );
      }
      echo = named.data;
    }
    return {
      kind: 'answer',
      operation,
      httpStatus,
      responseCode,
      decoded,
      message: read.head.responseMessage,
      body,
      ...(echo === undefined ? {} : { echo }),
      raw,
      requestId,
    };
  }

  async function call<T>(
    operation: DokuOperation,
    method: 'GET' | 'POST',
    path: string,
    body: string,
    schema: z.ZodType<T>,
    requestId: string,
  ): Promise<DokuOutcome<T>> {
    const target = joinUrl(config.baseUrl, '', path);
    const headers = dokuHeaders(
      {
        clientId: config.clientId,
        requestId,
        timestamp: dokuTimestamp(deps.clock()),
        target: target.pathname,
        body,
        secretKey: config.secretKey,
      },
      method,
    );
    const read = await sendAndReadHead(
      { fetch: deps.fetch, wireLog },
      {
        provider: 'DOKU',
        service: `doku.${operation}`,
        method,
        url: target,
        headers,
        body,
        timeoutMs: config.timeoutMs,
      },
      DokuAnswerHeadSchema,
    );
    if (read.kind === 'unread') {
      const { kind: _unread, ...rest } = read;
      return { kind: 'unknown', operation, ...rest, requestId };
    }
    return classify(operation, schema, read, requestId);
  }

  function post<Req, T>(
    operation: DokuOperation,
    path: string,
    requestSchema: z.ZodType<Req>,
    request: unknown,
    schema: z.ZodType<T>,
    requestId: string,
  ): Promise<DokuOutcome<T>> {
    const checked = requestSchema.safeParse(request);
    if (!checked.success) {
      const detail = describeIssues(checked.error);
      return Promise.reject(
        new KasirError({
          code: 'DOKU_REQUEST_INVALID',
          message: {
            id: `Permintaan ${operation} ke DOKU Biller tidak dikirim karena datanya tidak valid: ${detail}`,
            en: `The ${operation} request to DOKU Biller was not sent because it is invalid: ${detail}`,
          },
        }),
      );
    }
    return call(operation, 'POST', path, JSON.stringify(checked.data), schema, requestId);
  }

  return {
    products: () => call('products', 'GET', paths.products, '', DokuProductsAnswerSchema, newRequestId()),
    inquiry: (request) =>
      post(
        'inquiry',
        paths.inquiry,
        DokuInquiryRequestSchema,
        request,
        DokuInquiryAnswerSchema,
        newRequestId(),
      ),
    payment: (request, requestId) =>
      post('payment', paths.payment, DokuPaymentRequestSchema, request, DokuPaymentAnswerSchema, requestId),
    advice: (request) =>
      post('advice', paths.advice, DokuAdviceRequestSchema, request, DokuPaymentAnswerSchema, newRequestId()),
    balance: () => call('balance', 'GET', paths.balance, '', DokuBalanceAnswerSchema, newRequestId()),
  };
}
