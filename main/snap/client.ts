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
//
// What differs between providers (paths, versions, X-TIMESTAMP style, signature kind, token use,
// CHANNEL-ID, reference limits, expiryTime form, extra fields) is the preset's data
// (provider-presets.ts), applied through provider-wire.ts; nothing here asks which provider it is.

import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { ProviderName } from '../../preload/contract/providers';
import { KasirError } from '../errors';
import {
  keptBody,
  MAX_ANSWER_BYTES,
  parseBoundedJson,
  readBoundedText,
  unreadableJson,
} from './bounded-json';
import type { ExternalIdSource } from './external-id';
import type { Clock } from './headers';
import { transactionHeaders } from './headers';
import type { HttpFetch } from './http-transport';
import type { ProviderRulesOverride } from './provider-presets';
import {
  channelIdFor,
  externalIdSchemaFor,
  rulesFor,
  serviceUrl,
  timestampFor,
  wireBody,
  wireRequestSchema,
} from './provider-wire';
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
} from './schemas';
import { signService, signTransaction } from './signature';
import type { TokenClient } from './token-client';
import { createTokenClient } from './token-client';
import type { WireLog } from './wire-log';
import { failSafeWireLog, redactBody, silentWireLog } from './wire-log';

export interface SnapClientConfig {
  baseUrl: string;
  /** The provider preset whose rules the requests follow (default aspi, the standard). */
  provider?: ProviderName;
  /** Overrides of the preset's rules (any rule, nested ones key by key). */
  rules?: ProviderRulesOverride;
  /** Provider prefix in front of the /v1.0/... paths (overrides the preset's); part of the signed path. */
  pathPrefix?: string;
  /** Token path when it does not sit under pathPrefix. */
  tokenPath?: string;
  clientKey: string;
  clientSecret: string;
  /** Signs the token request, and every transaction of a provider that signs them with RSA (DANA). */
  privateKey: KeyObject | string;
  /** X-PARTNER-ID, at most 36 characters. */
  partnerId: string;
  /** CHANNEL-ID (the preset's when absent), at most as long as the preset allows. */
  channelId?: string;
  /** The merchant's store, named on every request that has the field (ShopeePay requires it). */
  externalStoreId?: string;
  timeoutMs: number;
  /** Offset written in X-TIMESTAMP (default: the preset's, +07:00). */
  utcOffset?: string;
  tokenRefreshAheadMs?: number;
  origin?: string;
  ipAddress?: string;
  deviceId?: string;
  latitude?: string;
  longitude?: string;
}

export interface SnapClientDeps {
  fetch: HttpFetch;
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
   * record it first (journal before the wire: docs/architecture.md, "The path of a scan"). If it throws, that attempt is not sent.
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

function requestInvalid(service: QrCpmService, error: z.ZodError, provider?: string): KasirError {
  const detail = `${describeIssues(error)}${provider === undefined ? '' : ` (as ${provider} requires)`}`;
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
    parsedJson.ok || parsedJson.reason !== 'too-deep'
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
  if (!parsedJson.ok) {
    return unknown('malformed', `HTTP ${httpStatus} with a body that is ${unreadableJson(parsedJson)}`);
  }
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
  const rules = rulesFor(config);
  const provider = config.provider ?? 'aspi';
  const channelId = config.channelId ?? channelIdFor(rules, config.partnerId);
  const externalIdSchema = externalIdSchemaFor(rules);
  const tokens =
    deps.tokens ??
    createTokenClient(
      {
        baseUrl: config.baseUrl,
        rules,
        clientKey: config.clientKey,
        privateKey: config.privateKey,
        timeoutMs: config.timeoutMs,
        refreshAheadMs: config.tokenRefreshAheadMs,
      },
      { fetch: deps.fetch, clock: deps.clock, wireLog },
    );

  async function send<S extends QrCpmService, Req, Res>(
    service: S,
    requestSchema: z.ZodType<Req>,
    responseSchema: z.ZodType<Res>,
    request: Req,
    options: SendOptions = {},
  ): Promise<SnapOutcome<Res>> {
    const validated = requestSchema.safeParse(request);
    if (!validated.success) throw requestInvalid(service, validated.error);
    if (options.externalId !== undefined && !externalIdSchema.safeParse(options.externalId).success) {
      throw new KasirError({
        code: 'SNAP_EXTERNAL_ID_INVALID',
        message: {
          id: `X-EXTERNAL-ID tidak sesuai aturan ${provider} (${rules.externalId === 'numeric' ? 'angka' : 'huruf, angka dan tanda hubung'}, paling banyak 36).`,
          en: `X-EXTERNAL-ID does not fit ${provider}'s rule (${rules.externalId === 'numeric' ? 'digits' : 'letters, digits and hyphens'}, at most 36).`,
        },
      });
    }
    if (channelId.length > rules.channelIdMaxLength) {
      throw new KasirError({
        code: 'SNAP_HEADER_INVALID',
        message: {
          id: `CHANNEL-ID paling banyak ${rules.channelIdMaxLength} karakter untuk ${provider}. Periksa Channel ID di profil.`,
          en: `CHANNEL-ID may have at most ${rules.channelIdMaxLength} characters for ${provider}. Check the profile's channel ID.`,
        },
      });
    }
    // The provider's own shape of this request, held to its own schema before anything leaves.
    const wire = wireRequestSchema(rules, service).safeParse(
      wireBody(rules, service, validated.data as never, {
        now: deps.clock(),
        ...(config.externalStoreId === undefined ? {} : { externalStoreId: config.externalStoreId }),
      }),
    );
    if (!wire.success) throw requestInvalid(service, wire.error, provider);
    // One body for every attempt: the re-send after a token refresh carries the same references.
    const body = JSON.stringify(wire.data);
    const url = serviceUrl(config.baseUrl, rules, service);
    const signedPath = `${url.pathname}${url.search}`;

    const attempt = async (
      n: number,
      externalId: string,
      accessToken: string | undefined,
    ): Promise<SnapOutcome<Res>> => {
      const timestamp = timestampFor(rules, deps.clock());
      const { signature } =
        rules.signature === 'rsa-sha256'
          ? signService({
              method: 'POST',
              path: signedPath,
              timestamp,
              rawBody: body,
              privateKey: config.privateKey,
            })
          : signTransaction({
              method: 'POST',
              path: signedPath,
              accessToken: accessToken ?? '',
              clientSecret: config.clientSecret,
              timestamp,
              rawBody: body,
            });
      const headers = transactionHeaders({
        ...(accessToken === undefined ? {} : { accessToken }),
        timestamp,
        signature,
        partnerId: config.partnerId,
        externalId,
        channelId,
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

    if (!rules.accessToken) {
      // Signed with our key alone (DANA): there is no token to refresh, so one attempt is the call.
      return attempt(1, options.externalId ?? deps.externalIds.next(config.partnerId), undefined);
    }
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
