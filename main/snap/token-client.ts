import type { ErrorCode } from '../errors';
// B2B access token (service 73), cached and shared by every request of one provider (token-cache.ts:
// refreshed ahead of expiry, at most one refresh on the wire at a time).

import type { KeyObject } from 'node:crypto';
import type { ProviderName } from '../../preload/contract/providers';
import { KasirError } from '../errors';
import { keptBody, MAX_ANSWER_BYTES, parseBoundedJson, readBoundedText } from './bounded-json';
import { clockSkewError, isClockSkewAnswer, measuredSkewMs } from './clock-skew';
import type { Clock } from './headers';
import { tokenHeaders } from './headers';
import type { HttpFetch } from './http-transport';
import type { ProviderRulesOverride } from './provider-presets';
import { rulesFor, serviceUrl, timestampFor, tokenRequestBody } from './provider-wire';
import { describeIssues, successCode, TokenB2bResponseSchema } from './schemas';
import { signToken } from './signature';
import type { CachedToken, TokenCache } from './token-cache';
import { createTokenCache, tokenTimes } from './token-cache';
import type { WireLog } from './wire-log';
import { failSafeWireLog, redactBody, silentWireLog } from './wire-log';

export interface TokenClientConfig {
  baseUrl: string;
  /** The provider preset (default aspi): token path, body field and X-TIMESTAMP style. */
  provider?: ProviderName;
  /** Overrides of the preset's rules. */
  rules?: ProviderRulesOverride;
  /** Provider prefix in front of /v1.0/access-token/b2b, e.g. "/snap". */
  pathPrefix?: string;
  /** Full token path when a provider puts it somewhere else entirely (overrides the prefix). */
  tokenPath?: string;
  clientKey: string;
  privateKey: KeyObject | string;
  timeoutMs: number;
  utcOffset?: string;
  /** How long before expiry to refresh (default 60 s, at most half the token's lifetime). */
  refreshAheadMs?: number;
}

export interface TokenClientDeps {
  fetch: HttpFetch;
  clock: Clock;
  wireLog?: WireLog;
}

/** The token (without "Bearer "); invalidate after a 401xx01. */
export type TokenClient = TokenCache;

const DEFAULT_REFRESH_AHEAD_MS = 60_000;

export { joinUrl } from './provider-wire';

function tokenError(code: ErrorCode, id: string, en: string, raw?: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw, cause });
}

export function createTokenClient(config: TokenClientConfig, deps: TokenClientDeps): TokenClient {
  const wireLog = failSafeWireLog(deps.wireLog ?? silentWireLog);
  const rules = rulesFor(config);
  const url = serviceUrl(config.baseUrl, rules, 'tokenB2b');

  async function fetchToken(): Promise<CachedToken> {
    const startedAt = deps.clock().getTime();
    const timestamp = timestampFor(rules, new Date(startedAt));
    const { signature } = signToken({
      clientKey: config.clientKey,
      timestamp,
      privateKey: config.privateKey,
    });
    const headers = tokenHeaders({ timestamp, clientKey: config.clientKey, signature });
    const body = JSON.stringify(tokenRequestBody(rules));
    wireLog({ direction: 'request', service: 'tokenB2b', method: 'POST', url: url.href, headers, body });

    let status: number;
    let text: string;
    let skewMs: number | undefined;
    try {
      const signal = AbortSignal.timeout(config.timeoutMs);
      const sentAt = deps.clock().getTime();
      // A signed money request is never re-sent to wherever a redirect points.
      const response = await deps.fetch(url, { method: 'POST', headers, body, signal, redirect: 'error' });
      status = response.status;
      skewMs = measuredSkewMs(response.headers, sentAt, deps.clock().getTime());
      const read = await readBoundedText(response, MAX_ANSWER_BYTES);
      if (!read.ok) {
        throw tokenError(
          'SNAP_TOKEN_MALFORMED',
          `Jawaban token dari penyedia terlalu besar (HTTP ${status}).`,
          `The provider's token answer is too large to read (HTTP ${status}, at least ${read.bytes} bytes).`,
        );
      }
      text = read.text;
    } catch (error) {
      if (error instanceof KasirError) throw error;
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      wireLog({
        direction: 'failure',
        service: 'tokenB2b',
        url: url.href,
        note: timedOut ? 'timeout' : String(error),
      });
      throw tokenError(
        timedOut ? 'SNAP_TOKEN_TIMEOUT' : 'SNAP_TOKEN_UNREACHABLE',
        'Server penyedia tidak menjawab permintaan token. Periksa koneksi internet dan URL penyedia.',
        'The provider did not answer the token request. Check the internet connection and the provider URL.',
        undefined,
        error,
      );
    }
    wireLog({ direction: 'response', service: 'tokenB2b', url: url.href, status, body: text });

    const json = parseBoundedJson(text);
    const parsed = TokenB2bResponseSchema.safeParse(json.ok ? json.value : undefined);
    if (!parsed.success) {
      throw tokenError(
        'SNAP_TOKEN_MALFORMED',
        `Jawaban token dari penyedia tidak dapat dibaca (HTTP ${status}).`,
        `The provider's token answer could not be read (HTTP ${status}): ${describeIssues(parsed.error)}.`,
        keptBody(redactBody(text)),
      );
    }
    const answer = parsed.data;
    if (status !== 200 || answer.responseCode !== successCode('tokenB2b') || !answer.accessToken) {
      if (isClockSkewAnswer(answer.responseCode, answer.responseMessage)) {
        throw clockSkewError(skewMs, keptBody(redactBody(text)));
      }
      throw tokenError(
        'SNAP_TOKEN_REFUSED',
        `Penyedia menolak permintaan token (${answer.responseCode} ${answer.responseMessage}). Periksa Client Key dan kunci privat.`,
        `The provider refused the token request (${answer.responseCode} ${answer.responseMessage}). Check the client key and private key.`,
        keptBody(redactBody(text)),
      );
    }
    const lifetimeMs = Number(answer.expiresIn ?? '0') * 1000;
    return tokenTimes(
      answer.accessToken,
      startedAt,
      lifetimeMs,
      config.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS,
    );
  }

  return createTokenCache(fetchToken, () => deps.clock().getTime());
}
