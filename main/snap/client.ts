// The typed QR CPM client: generate (59), payment (60), query (61), cancel (62), refund (80).
//
// Contract with the payment engine:
// - A call THROWS (KasirError) only when nothing left this machine: the request broke its schema,
//   the settings are wrong, no token could be had, the external-id store failed, or `onSend` threw.
// - Once a request has left, the call RETURNS an outcome and never throws:
//   `answer`  — a well-formed SNAP answer (any 2xx except 202, any 4xx), typed and validated;
//   `unknown` — we cannot know whether the provider acted: timeout, network error, 5xx, 202 in
//               progress, or an answer that breaks the schema or whose responseCode disagrees with
//               the HTTP status. The engine resolves these by querying.
// - On 401xx00/01 (unauthorised, token invalid) the token is refreshed once and the same body is
//   re-sent once with a new X-EXTERNAL-ID; the outcome is that of the last attempt.
// Every outcome's `raw` is the provider's body redacted for journals and logs.

import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { KasirError } from '../errors';
import { keptBody, MAX_ANSWER_BYTES, parseBoundedJson, readBoundedText } from './bounded-json';
import type { ExternalIdSource } from './external-id';
import type { Clock } from './headers';
import { DEFAULT_UTC_OFFSET, ExternalIdSchema, formatSnapTimestamp, transactionHeaders } from './headers';
import type {
  CancelRequest,
  CancelResponse,
  GenerateRequest,
  GenerateResponse,
  PaymentRequest,
  PaymentResponse,
  QueryRequest,
  QueryResponse,
  RefundRequest,
  RefundResponse,
} from './schemas';
import {
  CancelRequestSchema,
  CancelResponseSchema,
  describeIssues,
  GenerateRequestSchema,
  GenerateResponseSchema,
  PaymentRequestSchema,
  PaymentResponseSchema,
  QueryRequestSchema,
  QueryResponseSchema,
  RefundRequestSchema,
  RefundResponseSchema,
  SNAP_SERVICES,
} from './schemas';
import { signTransaction } from './signature';
import type { TokenClient } from './token-client';
import { createTokenClient, joinUrl } from './token-client';
import type { WireLog } from './wire-log';
import { failSafeWireLog, redactBody, silentWireLog } from './wire-log';

export interface SnapClientConfig {
  baseUrl: string;
  /** Provider prefix in front of the /v1.0/... paths; part of the signed path. */
  pathPrefix?: string;
  /** Token path when it does not sit under pathPrefix. */
  tokenPath?: string;
  clientKey: string;
  clientSecret: string;
  privateKey: KeyObject | string;
  /** X-PARTNER-ID, at most 36 characters. */
  partnerId: string;
  /** CHANNEL-ID, at most 5 characters. */
  channelId: string;
  timeoutMs: number;
  /** Offset written in X-TIMESTAMP (default +07:00). */
  utcOffset?: string;
  tokenRefreshAheadMs?: number;
  origin?: string;
  ipAddress?: string;
  deviceId?: string;
  latitude?: string;
  longitude?: string;
}

export interface SnapClientDeps {
  fetch: typeof fetch;
  clock: Clock;
  externalIds: ExternalIdSource;
  wireLog?: WireLog;
  /** Share one token cache between clients of the same provider; built from the config if absent. */
  tokens?: TokenClient;
}

export interface SendAttempt {
  attempt: number;
  externalId: string;
  timestamp: string;
  url: string;
}

export interface SendOptions {
  /** X-EXTERNAL-ID for the first attempt (e.g. one already journaled); drawn from the store if absent. */
  externalId?: string;
  /** B2B2C customer token (without "Bearer "): adds Authorization-Customer. */
  customerAccessToken?: string;
  /** Per-call timeout, overriding config.timeoutMs. */
  timeoutMs?: number;
  /**
   * Called just before each attempt leaves, after its X-EXTERNAL-ID is fixed, so the journal can
   * record it first (DESIGN.md §3 rule 1). If it throws, that attempt is not sent.
   */
  onSend?: (attempt: SendAttempt) => void | Promise<void>;
}

export type QrCpmService = 'generate' | 'payment' | 'query' | 'cancel' | 'refund';

export type UnknownReason =
  | 'timeout'
  | 'network'
  | 'server-error'
  | 'in-progress'
  | 'malformed'
  | 'code-mismatch';

export interface SnapAnswer<T> {
  kind: 'answer';
  service: QrCpmService;
  httpStatus: number;
  responseCode: string;
  body: T;
  /** The provider's body, redacted. */
  raw: string;
  /** X-EXTERNAL-ID of the attempt this answers. */
  externalId: string;
  attempts: number;
}

export interface SnapUnknown {
  kind: 'unknown';
  service: QrCpmService;
  reason: UnknownReason;
  /** English, for logs and support. */
  detail: string;
  httpStatus?: number;
  responseCode?: string;
  raw?: string;
  externalId: string;
  attempts: number;
}

export type SnapOutcome<T> = SnapAnswer<T> | SnapUnknown;

export interface QrCpmClient {
  generate(request: GenerateRequest, options?: SendOptions): Promise<SnapOutcome<GenerateResponse>>;
  pay(request: PaymentRequest, options?: SendOptions): Promise<SnapOutcome<PaymentResponse>>;
  query(request: QueryRequest, options?: SendOptions): Promise<SnapOutcome<QueryResponse>>;
  cancel(request: CancelRequest, options?: SendOptions): Promise<SnapOutcome<CancelResponse>>;
  refund(request: RefundRequest, options?: SendOptions): Promise<SnapOutcome<RefundResponse>>;
  readonly tokens: TokenClient;
}

/**
 * 401xx00 "Unauthorized" and 401xx01 "Invalid Token (B2B)": the request was not processed, and a
 * stale or revoked token is the usual cause, so one fresh token and one re-send are worth trying.
 */
export function isInvalidTokenCode(responseCode: string): boolean {
  return /^401\d{2}0[01]$/.test(responseCode);
}

function requestInvalid(service: QrCpmService, error: z.ZodError): KasirError {
  const detail = describeIssues(error);
  return new KasirError({
    code: 'SNAP_REQUEST_INVALID',
    message: {
      id: `Permintaan ${service} tidak dikirim karena datanya tidak valid: ${detail}`,
      en: `The ${service} request was not sent because it is invalid: ${detail}`,
    },
  });
}

function classify<T>(
  service: QrCpmService,
  schema: z.ZodType<T>,
  httpStatus: number,
  text: string,
  externalId: string,
  attempts: number,
): SnapOutcome<T> {
  const parsedJson = parseBoundedJson(text);
  // A body nested past any real answer is neither parsed nor kept: only its size, for support.
  const raw =
    parsedJson.ok || parsedJson.reason === 'not-json'
      ? keptBody(redactBody(text))
      : `[answer of ${text.length} characters nested too deep: not kept]`;
  const json = parsedJson.ok ? parsedJson.value : undefined;
  const isJson = parsedJson.ok;
  const responseCode =
    isJson &&
    json !== null &&
    typeof json === 'object' &&
    'responseCode' in json &&
    typeof json.responseCode === 'string'
      ? json.responseCode
      : undefined;
  const unknown = (reason: UnknownReason, detail: string): SnapUnknown => ({
    kind: 'unknown',
    service,
    reason,
    detail,
    httpStatus,
    ...(responseCode === undefined ? {} : { responseCode }),
    raw,
    externalId,
    attempts,
  });

  if (!parsedJson.ok && parsedJson.reason === 'too-deep') {
    return unknown('malformed', `HTTP ${httpStatus} with a body nested too deep to read`);
  }
  if (httpStatus >= 500) return unknown('server-error', `HTTP ${httpStatus} from the provider`);
  if (httpStatus === 202) return unknown('in-progress', 'HTTP 202: the request is still in progress');
  if (!isJson) return unknown('malformed', `HTTP ${httpStatus} with a body that is not JSON`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return unknown(
      'malformed',
      `HTTP ${httpStatus} with a body that breaks the schema: ${describeIssues(parsed.error)}`,
    );
  }
  const code = responseCode ?? '';
  if (code.slice(0, 3) !== String(httpStatus)) {
    return unknown('code-mismatch', `responseCode ${code} does not agree with HTTP ${httpStatus}`);
  }
  return {
    kind: 'answer',
    service,
    httpStatus,
    responseCode: code,
    body: parsed.data,
    raw,
    externalId,
    attempts,
  };
}

export function createQrCpmClient(config: SnapClientConfig, deps: SnapClientDeps): QrCpmClient {
  const wireLog = failSafeWireLog(deps.wireLog ?? silentWireLog);
  const utcOffset = config.utcOffset ?? DEFAULT_UTC_OFFSET;
  const tokens =
    deps.tokens ??
    createTokenClient(
      {
        baseUrl: config.baseUrl,
        pathPrefix: config.pathPrefix,
        tokenPath: config.tokenPath,
        clientKey: config.clientKey,
        privateKey: config.privateKey,
        timeoutMs: config.timeoutMs,
        utcOffset,
        refreshAheadMs: config.tokenRefreshAheadMs,
      },
      { fetch: deps.fetch, clock: deps.clock, wireLog },
    );

  async function send<Req, Res>(
    service: QrCpmService,
    requestSchema: z.ZodType<Req>,
    responseSchema: z.ZodType<Res>,
    request: Req,
    options: SendOptions = {},
  ): Promise<SnapOutcome<Res>> {
    const validated = requestSchema.safeParse(request);
    if (!validated.success) throw requestInvalid(service, validated.error);
    if (options.externalId !== undefined && !ExternalIdSchema.safeParse(options.externalId).success) {
      throw new KasirError({
        code: 'SNAP_EXTERNAL_ID_INVALID',
        message: {
          id: 'X-EXTERNAL-ID harus berupa angka, paling banyak 36 digit.',
          en: 'X-EXTERNAL-ID must be numeric, at most 36 digits.',
        },
      });
    }
    // One body for every attempt: the re-send after a token refresh carries the same references.
    const body = JSON.stringify(validated.data);
    const url = joinUrl(config.baseUrl, config.pathPrefix ?? '', SNAP_SERVICES[service].path);
    const signedPath = `${url.pathname}${url.search}`;

    const attempt = async (n: number, externalId: string, accessToken: string): Promise<SnapOutcome<Res>> => {
      const timestamp = formatSnapTimestamp(deps.clock(), utcOffset);
      const { signature } = signTransaction({
        method: 'POST',
        path: signedPath,
        accessToken,
        clientSecret: config.clientSecret,
        timestamp,
        rawBody: body,
      });
      const headers = transactionHeaders({
        accessToken,
        timestamp,
        signature,
        partnerId: config.partnerId,
        externalId,
        channelId: config.channelId,
        origin: config.origin,
        ipAddress: config.ipAddress,
        deviceId: config.deviceId,
        latitude: config.latitude,
        longitude: config.longitude,
        customerAccessToken: options.customerAccessToken,
      });
      await options.onSend?.({ attempt: n, externalId, timestamp, url: url.href });

      wireLog({ direction: 'request', service, method: 'POST', url: url.href, headers, body, externalId });
      const startedAt = Date.now();
      let status: number;
      let text: string;
      try {
        const signal = AbortSignal.timeout(options.timeoutMs ?? config.timeoutMs);
        // A signed money request is never re-sent to wherever a redirect points.
        const response = await deps.fetch(url, { method: 'POST', headers, body, signal, redirect: 'error' });
        status = response.status;
        const read = await readBoundedText(response, MAX_ANSWER_BYTES);
        if (!read.ok) {
          wireLog({
            direction: 'failure',
            service,
            url: url.href,
            externalId,
            note: `answer of at least ${read.bytes} bytes not read (limit ${MAX_ANSWER_BYTES})`,
            durationMs: Date.now() - startedAt,
          });
          return {
            kind: 'unknown',
            service,
            reason: 'malformed',
            detail: `HTTP ${status} with an answer larger than ${MAX_ANSWER_BYTES} bytes`,
            httpStatus: status,
            externalId,
            attempts: n,
          };
        }
        text = read.text;
      } catch (error) {
        const timedOut =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const detail = timedOut
          ? `No answer within ${options.timeoutMs ?? config.timeoutMs} ms`
          : `Network error: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
        wireLog({
          direction: 'failure',
          service,
          url: url.href,
          externalId,
          note: detail,
          durationMs: Date.now() - startedAt,
        });
        return {
          kind: 'unknown',
          service,
          reason: timedOut ? 'timeout' : 'network',
          detail,
          externalId,
          attempts: n,
        };
      }
      wireLog({
        direction: 'response',
        service,
        url: url.href,
        status,
        body: text,
        externalId,
        durationMs: Date.now() - startedAt,
      });
      return classify(service, responseSchema, status, text, externalId, n);
    };

    const firstToken = await tokens.getToken();
    const first = await attempt(1, options.externalId ?? deps.externalIds.next(config.partnerId), firstToken);
    if (first.kind !== 'answer' || !isInvalidTokenCode(first.responseCode)) return first;

    tokens.invalidate(firstToken);
    let secondToken: string;
    try {
      secondToken = await tokens.getToken();
    } catch {
      // The first attempt was definitely refused and nothing else was sent: that answer stands.
      return first;
    }
    try {
      return await attempt(2, deps.externalIds.next(config.partnerId), secondToken);
    } catch {
      // The re-send never left (no external id, or onSend refused it): the 401 answer stands.
      return first;
    }
  }

  return {
    tokens,
    generate: (request, options) =>
      send('generate', GenerateRequestSchema, GenerateResponseSchema, request, options),
    pay: (request, options) => send('payment', PaymentRequestSchema, PaymentResponseSchema, request, options),
    query: (request, options) => send('query', QueryRequestSchema, QueryResponseSchema, request, options),
    cancel: (request, options) => send('cancel', CancelRequestSchema, CancelResponseSchema, request, options),
    refund: (request, options) => send('refund', RefundRequestSchema, RefundResponseSchema, request, options),
  };
}
