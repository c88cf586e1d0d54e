// The Klikoo B2B OpenAPI client: token, price list, inquiries, Buy Product, transaction detail,
// history and balance, signed as Klikoo signs (the SNAP construction with Open-Api-* headers).
//
// Its contract with the purchase engine is the SNAP client's (main/snap/client.ts):
// - it THROWS (KasirError) only when nothing left this machine: the request broke its schema or no
//   token could be had;
// - once a request has left it RETURNS an `answer` (a well-formed Klikoo answer whose code agrees
//   with the HTTP status, its data validated — a refusal's for what it names, its `echo`) or an
//   `unknown` (timeout, network error, a 5xx without a code, an answer too big, too deep, not JSON,
//   breaking its schema, or whose code disagrees);
// - a token Klikoo refuses (401xx6500 / 401xx6535) is refreshed once and the same body re-sent once.
// Every answer is read bounded (main/snap/bounded-json.ts) before it is parsed.

import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { ErrorCode } from '../../errors';
import { KasirError } from '../../errors';
import { keptBody, parseBoundedJson } from '../../snap/bounded-json';
import { exchange } from '../../snap/exchange';
import type { Clock } from '../../snap/headers';
import type { HttpFetch } from '../../snap/http-transport';
import { joinUrl } from '../../snap/provider-wire';
import type { DecodedKlikooCode } from '../../snap/response-codes';
import { decodeResponseCode } from '../../snap/response-codes';
import { describeIssues } from '../../snap/schemas';
import { signToken, signTransaction } from '../../snap/signature';
import type { CachedToken, TokenCache } from '../../snap/token-cache';
import { createTokenCache, tokenTimes } from '../../snap/token-cache';
import type { WireLog } from '../../snap/wire-log';
import { failSafeWireLog, redactBody, silentWireLog } from '../../snap/wire-log';
import type { Answered } from '../exchange';
import { sendAndReadHead } from '../exchange';
import type { KlikooPaths } from './paths';
import { DEFAULT_KLIKOO_PATHS } from './paths';
import type { KlikooEcho, KlikooPagination } from './wire';
import {
  envelope,
  KLIKOO_HEADERS,
  KlikooBalanceDataSchema,
  KlikooBuyDataSchema,
  KlikooBuyRequestSchema,
  KlikooEchoSchema,
  KlikooErrorSchema,
  KlikooHistoryDataSchema,
  KlikooPostpaidInquiryDataSchema,
  KlikooPostpaidInquiryRequestSchema,
  KlikooPrepaidInquiryDataSchema,
  KlikooPrepaidInquiryRequestSchema,
  KlikooProductsDataSchema,
  KlikooProductsRequestSchema,
  KlikooTokenDataSchema,
  KlikooTransactionSchema,
  klikooTimestamp,
} from './wire';

export interface KlikooClientConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Signs the token request (SHA256withRSA over clientId|timestamp). */
  privateKey: KeyObject | string;
  timeoutMs: number;
  paths?: Partial<KlikooPaths> | undefined;
  utcOffset?: string | undefined;
  tokenRefreshAheadMs?: number | undefined;
}

export interface KlikooClientDeps {
  fetch: HttpFetch;
  clock: Clock;
  wireLog?: WireLog | undefined;
}

export type KlikooOperation =
  | 'products'
  | 'inquiryPrepaid'
  | 'inquiryPostpaid'
  | 'buy'
  | 'detail'
  | 'history'
  | 'balance';

export type KlikooUnknownReason = 'timeout' | 'network' | 'server-error' | 'malformed' | 'code-mismatch';

export interface KlikooAnswer<T> {
  kind: 'answer';
  operation: KlikooOperation;
  httpStatus: number;
  responseCode: string;
  decoded: DecodedKlikooCode;
  message: string;
  /** The validated data of a successful answer; null for a refusal. */
  data: T | null;
  /** What a refusal's data names (checked against the purchase like any data); absent when it names nothing. */
  echo?: KlikooEcho | undefined;
  pagination?: KlikooPagination | undefined;
  /** Klikoo's body, redacted. */
  raw: string;
}

export interface KlikooUnknown {
  kind: 'unknown';
  operation: KlikooOperation;
  reason: KlikooUnknownReason;
  detail: string;
  httpStatus?: number;
  responseCode?: string;
  raw?: string;
}

export type KlikooOutcome<T> = KlikooAnswer<T> | KlikooUnknown;

export interface KlikooHistoryQuery {
  page: number;
  limit: number;
  q?: string;
  /** yyyy-MM-dd */
  from?: string;
  to?: string;
}

export interface KlikooClient {
  products(
    request: z.input<typeof KlikooProductsRequestSchema>,
  ): Promise<KlikooOutcome<z.infer<typeof KlikooProductsDataSchema>>>;
  inquiryPrepaid(
    request: z.input<typeof KlikooPrepaidInquiryRequestSchema>,
  ): Promise<KlikooOutcome<z.infer<typeof KlikooPrepaidInquiryDataSchema>>>;
  inquiryPostpaid(
    request: z.input<typeof KlikooPostpaidInquiryRequestSchema>,
  ): Promise<KlikooOutcome<z.infer<typeof KlikooPostpaidInquiryDataSchema>>>;
  buy(
    request: z.input<typeof KlikooBuyRequestSchema>,
  ): Promise<KlikooOutcome<z.infer<typeof KlikooBuyDataSchema>>>;
  detail(transactionId: string): Promise<KlikooOutcome<z.infer<typeof KlikooTransactionSchema>>>;
  history(query: KlikooHistoryQuery): Promise<KlikooOutcome<z.infer<typeof KlikooHistoryDataSchema>>>;
  balance(): Promise<KlikooOutcome<z.infer<typeof KlikooBalanceDataSchema>>>;
  readonly tokens: TokenCache;
}

const DEFAULT_REFRESH_AHEAD_MS = 60_000;
/** Klikoo's documented token lifetime when an answer does not say. */
const DEFAULT_TOKEN_SECONDS = 900;

function klikooError(code: ErrorCode, id: string, en: string, raw?: unknown, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw, cause });
}

/**
 * The status a refusal's body still claims for a transaction (WAITING or SUCCESS): such an answer
 * contradicts itself, and a refusal that may have bought something is no refusal.
 */
function claimedStatus(json: unknown): 'WAITING' | 'SUCCESS' | undefined {
  const data = (json as { data?: unknown } | null)?.data;
  const status = (data as { status?: unknown } | null | undefined)?.status;
  return status === 'WAITING' || status === 'SUCCESS' ? status : undefined;
}

/**
 * What a refusal's data names: nothing when it is null, absent or an empty list (Klikoo documents a
 * refusal's data as null); its identifying fields when it is an object; 'unreadable' otherwise, since
 * an answer that may name another purchase cannot be taken as ours.
 */
function refusalEcho(json: unknown): KlikooEcho | undefined | 'unreadable' {
  const data = (json as { data?: unknown } | null)?.data;
  if (data === null || data === undefined || (Array.isArray(data) && data.length === 0)) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) return 'unreadable';
  const echo = KlikooEchoSchema.safeParse(data);
  return echo.success ? echo.data : 'unreadable';
}

/** The code Klikoo answers a refused token with: refresh once and re-send. */
function isTokenRefused(decoded: DecodedKlikooCode): boolean {
  return decoded.action === 're-authenticate';
}

export function createKlikooClient(config: KlikooClientConfig, deps: KlikooClientDeps): KlikooClient {
  const wireLog = failSafeWireLog(deps.wireLog ?? silentWireLog);
  const paths: KlikooPaths = { ...DEFAULT_KLIKOO_PATHS, ...config.paths };
  const offset = config.utcOffset ?? '+07:00';
  const url = (path: string) => joinUrl(config.baseUrl, '', path);

  async function fetchToken(): Promise<CachedToken> {
    const startedAt = deps.clock().getTime();
    const timestamp = klikooTimestamp(new Date(startedAt), offset);
    const { signature } = signToken({ clientKey: config.clientId, timestamp, privateKey: config.privateKey });
    const body = JSON.stringify({
      grant_type: 'client_credentials',
      additional_info: { client_id: config.clientId, client_secret: config.clientSecret },
    });
    const headers = {
      'Content-Type': 'application/json',
      [KLIKOO_HEADERS.timestamp]: timestamp,
      [KLIKOO_HEADERS.signature]: signature,
    };
    const target = url(paths.token);
    wireLog({
      direction: 'request',
      service: 'klikoo.token',
      method: 'POST',
      url: target.href,
      headers,
      body,
    });
    const sent = await exchange(deps.fetch, target, { method: 'POST', headers, body }, config.timeoutMs);
    if (sent.kind === 'failed') {
      wireLog({ direction: 'failure', service: 'klikoo.token', url: target.href, note: sent.detail });
      throw klikooError(
        'KLIKOO_TOKEN_UNREACHABLE',
        'Server Klikoo tidak menjawab permintaan token. Periksa koneksi internet dan URL Klikoo di profil.',
        "Klikoo did not answer the token request. Check the internet connection and the profile's Klikoo URL.",
      );
    }
    if (sent.kind === 'too-large') {
      throw klikooError(
        'KLIKOO_TOKEN_MALFORMED',
        'Jawaban token Klikoo terlalu besar untuk dibaca.',
        "Klikoo's token answer is too large to read.",
      );
    }
    wireLog({
      direction: 'response',
      service: 'klikoo.token',
      url: target.href,
      status: sent.status,
      body: sent.text,
    });
    const json = parseBoundedJson(sent.text);
    const parsed = envelope(KlikooTokenDataSchema).safeParse(json.ok ? json.value : undefined);
    const raw = keptBody(redactBody(sent.text));
    if (!parsed.success) {
      throw klikooError(
        'KLIKOO_TOKEN_MALFORMED',
        `Jawaban token Klikoo tidak dapat dibaca (HTTP ${sent.status}).`,
        `Klikoo's token answer could not be read (HTTP ${sent.status}): ${describeIssues(parsed.error)}.`,
        raw,
      );
    }
    const answer = parsed.data;
    const decoded = decodeResponseCode(answer.response_code, 'klikoo');
    if (decoded.action !== 'done' || !answer.data) {
      throw klikooError(
        'KLIKOO_TOKEN_REFUSED',
        `Klikoo menolak permintaan token (${answer.response_code} ${answer.response_message}). Periksa client ID, client secret dan kunci privat Klikoo di profil.`,
        `Klikoo refused the token request (${answer.response_code} ${answer.response_message}). Check the profile's Klikoo client ID, client secret and private key.`,
        raw,
      );
    }
    const seconds = Number(answer.data.expires_in ?? DEFAULT_TOKEN_SECONDS);
    return tokenTimes(
      answer.data.access_token,
      startedAt,
      seconds * 1000,
      config.tokenRefreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS,
    );
  }

  const tokens = createTokenCache(fetchToken, () => deps.clock().getTime());

  /** A Klikoo answer whose head was read: its code must agree with the HTTP status, its data its schema. */
  function classify<T>(
    operation: KlikooOperation,
    dataSchema: z.ZodType<T>,
    read: Answered<z.infer<typeof KlikooErrorSchema>>,
  ): KlikooOutcome<T> {
    const { httpStatus: status, raw } = read;
    const code = read.head.response_code;
    const unknown = (reason: KlikooUnknownReason, detail: string): KlikooUnknown => ({
      kind: 'unknown',
      operation,
      reason,
      detail,
      httpStatus: status,
      responseCode: code,
      raw,
    });
    if (code.slice(0, 3) !== String(status)) {
      return unknown('code-mismatch', `response_code ${code} does not agree with HTTP ${status}`);
    }
    const decoded = decodeResponseCode(code, 'klikoo') as DecodedKlikooCode;
    if (decoded.action !== 'done') {
      // A "query" code (a duplicate reference, a 5xx) is unknown already, whatever its data says.
      const claimed = decoded.action === 'query' ? undefined : claimedStatus(read.json);
      if (claimed !== undefined) {
        return unknown('code-mismatch', `response_code ${code} refuses, but its data says ${claimed}`);
      }
      // A refusal is checked against the purchase it should be, like a success: keep what it names.
      const echo = refusalEcho(read.json);
      if (echo === 'unreadable') {
        return unknown('malformed', `response_code ${code} with data that cannot be read for what it names`);
      }
      return {
        kind: 'answer',
        operation,
        httpStatus: status,
        responseCode: code,
        decoded,
        message: read.head.response_message,
        data: null,
        ...(echo === undefined ? {} : { echo }),
        raw,
      };
    }
    const full = envelope(dataSchema).safeParse(read.json);
    if (!full.success) {
      return unknown(
        'malformed',
        `HTTP ${status} with data that breaks the schema: ${describeIssues(full.error)}`,
      );
    }
    if (full.data.data === null || full.data.data === undefined) {
      return unknown('malformed', `HTTP ${status} ${code} without data`);
    }
    return {
      kind: 'answer',
      operation,
      httpStatus: status,
      responseCode: code,
      decoded,
      message: full.data.response_message,
      data: full.data.data as T,
      pagination: full.data.pagination ?? full.data.meta,
      raw,
    };
  }

  async function call<T>(
    operation: KlikooOperation,
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body: string,
    dataSchema: z.ZodType<T>,
  ): Promise<KlikooOutcome<T>> {
    const target = url(pathAndQuery);
    const signedPath = `${target.pathname}${target.search}`;
    const attempt = async (accessToken: string): Promise<KlikooOutcome<T>> => {
      const timestamp = klikooTimestamp(deps.clock(), offset);
      const { signature } = signTransaction({
        method,
        path: signedPath,
        accessToken,
        clientSecret: config.clientSecret,
        timestamp,
        rawBody: body,
      });
      const headers: Record<string, string> = {
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        Authorization: `Bearer ${accessToken}`,
        [KLIKOO_HEADERS.timestamp]: timestamp,
        [KLIKOO_HEADERS.signature]: signature,
      };
      const read = await sendAndReadHead(
        { fetch: deps.fetch, wireLog },
        {
          provider: 'Klikoo',
          service: `klikoo.${operation}`,
          method,
          url: target,
          headers,
          body,
          timeoutMs: config.timeoutMs,
        },
        KlikooErrorSchema,
      );
      if (read.kind === 'unread') {
        const { kind: _unread, ...rest } = read;
        return { kind: 'unknown', operation, ...rest };
      }
      return classify(operation, dataSchema, read);
    };

    const first = await tokens.getToken();
    const outcome = await attempt(first);
    if (outcome.kind !== 'answer' || !isTokenRefused(outcome.decoded)) return outcome;
    tokens.invalidate(first);
    let second: string;
    try {
      second = await tokens.getToken();
    } catch {
      // The first attempt was definitely refused and nothing else was sent: that answer stands.
      return outcome;
    }
    return attempt(second);
  }

  function post<Req, T>(
    operation: KlikooOperation,
    path: string,
    schema: z.ZodType<Req>,
    request: unknown,
    dataSchema: z.ZodType<T>,
  ): Promise<KlikooOutcome<T>> {
    const checked = schema.safeParse(request);
    if (!checked.success) {
      const detail = describeIssues(checked.error);
      return Promise.reject(
        klikooError(
          'KLIKOO_REQUEST_INVALID',
          `Permintaan ${operation} ke Klikoo tidak dikirim karena datanya tidak valid: ${detail}`,
          `The ${operation} request to Klikoo was not sent because it is invalid: ${detail}`,
        ),
      );
    }
    return call(operation, 'POST', path, JSON.stringify(checked.data), dataSchema);
  }

  return {
    tokens,
    products: (request) =>
      post('products', paths.products, KlikooProductsRequestSchema, request, KlikooProductsDataSchema),
    inquiryPrepaid: (request) =>
      post(
        'inquiryPrepaid',
        paths.inquiryPrepaid,
        KlikooPrepaidInquiryRequestSchema,
        request,
        KlikooPrepaidInquiryDataSchema,
      ),
    inquiryPostpaid: (request) =>
      post(
        'inquiryPostpaid',
        paths.inquiryPostpaid,
        KlikooPostpaidInquiryRequestSchema,
        request,
        KlikooPostpaidInquiryDataSchema,
      ),
    buy: (request) => post('buy', paths.buy, KlikooBuyRequestSchema, request, KlikooBuyDataSchema),
    detail: (transactionId) =>
      call(
        'detail',
        'GET',
        paths.detail.replace('{transaction_id}', encodeURIComponent(transactionId)),
        '',
        KlikooTransactionSchema,
      ),
    history: (query) => {
      const search = new URLSearchParams({ page: String(query.page), limit: String(query.limit) });
      if (query.q !== undefined) search.set('q', query.q);
      if (query.from !== undefined) search.set('from', query.from);
      if (query.to !== undefined) search.set('to', query.to);
      return call('history', 'GET', `${paths.history}?${search}`, '', KlikooHistoryDataSchema);
    },
    balance: () => call('balance', 'GET', paths.balance, '', KlikooBalanceDataSchema),
  };
}
