// "Test connection": fetch a B2B token with a profile and explain the result in terms an integrator can
// act on. The token itself is dropped on the spot; what comes back is the diagnosis: the URL called,
// the provider's code and message, the exact string we signed, the key fingerprint the provider must
// hold, and how far apart the two clocks are. A provider without tokens (DANA signs every call with
// our RSA key) has nothing to fetch, so there the probe is a signed status query for a reference
// that cannot exist: "not found" proves the address, the key and the clock, and moves no money.

import type { KeyObject } from 'node:crypto';
import type { ProviderName } from '../../preload/contract/providers';
import type { ConnectionOutcome, ConnectionTestResult } from '../../preload/contract/settings';
import type { LocalizedText } from '../errors';
import { isKasirError } from '../errors';
import type { QrCpmClient } from '../snap/client';
import { createQrCpmClient } from '../snap/client';
import { isClockSkewMessage } from '../snap/clock-skew';
import { defaultRandomDigits } from '../snap/external-id';
import type { Clock } from '../snap/headers';
import type { ProviderRules } from '../snap/provider-presets';
import { rulesFor, serviceUrl } from '../snap/provider-wire';
import { serviceStringToSign, tokenStringToSign } from '../snap/signature';
import { createTokenClient } from '../snap/token-client';
import { keyFingerprint } from './keys';

export interface ConnectionTestInput {
  baseUrl: string;
  /** The provider preset: its token path, body field and X-TIMESTAMP style (default aspi). */
  provider?: ProviderName;
  /** Empty: the preset's. */
  pathPrefix: string;
  clientKey: string;
  privateKey: KeyObject;
  utcOffset: string;
  timeoutMs: number;
  /** For the signed-query probe of a provider without tokens: who we are on its transaction calls. */
  partnerId?: string;
  /** Empty or absent: the preset's CHANNEL-ID. */
  channelId?: string;
  merchantId?: string;
}

export interface ConnectionTestDeps {
  fetch: typeof fetch;
  clock: Clock;
}

/** Clocks further apart than this are named as the likely cause of a refusal (Date has 1 s resolution). */
export const CLOCK_SKEW_LIMIT_MS = 60_000;

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|EPROTO$|HOSTNAME_MISMATCH)/;

interface Observed {
  timestamp?: string;
  requestBody?: string;
  sentAt?: number;
  receivedAt?: number;
  serverDate?: string;
  status?: number;
  body?: string;
  error?: unknown;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function bodyFields(text: string | undefined): {
  responseCode: string | null;
  responseMessage: string | null;
  expiresIn: number | null;
} {
  try {
    const json = JSON.parse(text ?? '') as Record<string, unknown>;
    const asText = (v: unknown) => (typeof v === 'string' ? v.slice(0, 150) : null);
    const expires = Number(json.expiresIn);
    return {
      responseCode: asText(json.responseCode),
      responseMessage: asText(json.responseMessage),
      expiresIn: Number.isFinite(expires) && json.expiresIn !== undefined ? expires : null,
    };
  } catch {
    return { responseCode: null, responseMessage: null, expiresIn: null };
  }
}

function explain(
  outcome: ConnectionOutcome,
  facts: {
    /** What was sent: a token request, or (a provider without tokens) a signed status query. */
    probe: 'token' | 'query';
    url: URL;
    clientKey: string;
    status: number | null;
    responseCode: string | null;
    responseMessage: string | null;
    stringToSign: string | null;
    fingerprint: string;
    skewMs: number | null;
    networkCode: string | null;
    timeoutMs: number;
    expiresIn: number | null;
  },
): LocalizedText {
  const answer = `${facts.responseCode ?? `HTTP ${facts.status ?? '?'}`}${facts.responseMessage ? ` "${facts.responseMessage}"` : ''}`;
  const skew =
    facts.skewMs === null
      ? null
      : `${Math.abs(Math.round(facts.skewMs / 1000))} s ${facts.skewMs > 0 ? 'behind' : 'ahead of'}`;
  const skewId =
    facts.skewMs === null
      ? null
      : `${Math.abs(Math.round(facts.skewMs / 1000))} detik ${facts.skewMs > 0 ? 'lebih lambat dari' : 'lebih cepat dari'}`;
  switch (outcome) {
    case 'ok': {
      const warnEn =
        skew && Math.abs(facts.skewMs ?? 0) > CLOCK_SKEW_LIMIT_MS
          ? ` Warning: this computer's clock is ${skew} the provider's; turn on automatic time sync.`
          : '';
      const warnId =
        skewId && Math.abs(facts.skewMs ?? 0) > CLOCK_SKEW_LIMIT_MS
          ? ` Peringatan: jam komputer ini ${skewId} jam penyedia; aktifkan sinkronisasi waktu otomatis.`
          : '';
      if (facts.probe === 'query') {
        return {
          id: `Terhubung. Penyedia menerima permintaan bertanda tangan kita (cek status untuk nomor uji yang memang tidak ada: ${answer}).${warnId}`,
          en: `Connected. The provider accepted our signed request (a status check for a test reference that does not exist: ${answer}).${warnEn}`,
        };
      }
      return {
        id: `Terhubung. Penyedia memberikan token akses${facts.expiresIn === null ? '' : ` (berlaku ${facts.expiresIn} detik)`}.${warnId}`,
        en: `Connected. The provider issued an access token${facts.expiresIn === null ? '' : ` (valid ${facts.expiresIn} s)`}.${warnEn}`,
      };
    }
    case 'clock_skew':
      return {
        id: `Penyedia menolak (${answer}) karena waktu: jam komputer ini ${skewId ?? 'tidak sama dengan'} jam penyedia. Tanda tangan SNAP memuat waktu (X-TIMESTAMP); aktifkan sinkronisasi waktu otomatis dan periksa zona waktu (${facts.stringToSign ?? ''}).`,
        en: `The provider refused (${answer}) because of the time: this computer's clock is ${skew ?? 'out of step with'} the provider's. SNAP signatures include the time (X-TIMESTAMP); turn on automatic time sync and check the time zone (${facts.stringToSign ?? ''}).`,
      };
    case 'unknown_client':
      return {
        id: `Penyedia tidak mengenal Client Key "${facts.clientKey}" (${answer}). Periksa Client Key, dan pastikan URL (sandbox atau produksi) sesuai dengan kredensial itu.`,
        en: `The provider does not know client key "${facts.clientKey}" (${answer}). Check the client key, and that the URL (sandbox or production) matches those credentials.`,
      };
    case 'signature_mismatch':
      return {
        id: `Penyedia tidak dapat memverifikasi tanda tangan kita (${answer}). Pastikan penyedia menyimpan kunci publik dengan sidik jari ${facts.fingerprint} untuk Client Key "${facts.clientKey}". String yang ditandatangani: ${facts.stringToSign ?? ''}`,
        en: `The provider could not verify our signature (${answer}). Make sure it has the public key with fingerprint ${facts.fingerprint} registered for client key "${facts.clientKey}". The string we signed: ${facts.stringToSign ?? ''}`,
      };
    case 'refused':
      return {
        id: `Penyedia menolak ${facts.probe === 'token' ? 'permintaan token' : 'cek status uji'}: ${answer}. Periksa Client Key, kunci dan URL; kirimkan detail ini ke penyedia bila perlu.`,
        en: `The provider refused the ${facts.probe === 'token' ? 'token request' : 'test status check'}: ${answer}. Check the client key, the key and the URL; send these details to the provider if needed.`,
      };
    case 'malformed':
      return {
        id: `Jawaban dari ${facts.url.href} bukan jawaban SNAP (HTTP ${facts.status ?? '?'}). Periksa Base URL dan Path Prefix.`,
        en: `The answer from ${facts.url.href} is not a SNAP answer (HTTP ${facts.status ?? '?'}). Check the base URL and the path prefix.`,
      };
    case 'tls':
      return {
        id: `Koneksi aman (TLS) ke ${facts.url.host} gagal (${facts.networkCode ?? 'TLS'}). Pastikan URL memakai alamat https penyedia yang benar dan tanggal komputer benar; proxy atau antivirus mungkin mencegat HTTPS.`,
        en: `The secure (TLS) connection to ${facts.url.host} failed (${facts.networkCode ?? 'TLS'}). Check that the URL is the provider's https address and that this computer's date is right; a proxy or antivirus may be intercepting HTTPS.`,
      };
    case 'network':
      return {
        id: `Tidak dapat menghubungi ${facts.url.host} (${facts.networkCode ?? 'jaringan'}). Periksa koneksi internet, URL, dan firewall.`,
        en: `Cannot reach ${facts.url.host} (${facts.networkCode ?? 'network'}). Check the internet connection, the URL and any firewall.`,
      };
    case 'timeout':
      return {
        id: `${facts.url.host} tidak menjawab dalam ${Math.round(facts.timeoutMs / 1000)} detik. Periksa koneksi atau naikkan batas waktu token.`,
        en: `${facts.url.host} did not answer within ${Math.round(facts.timeoutMs / 1000)} s. Check the connection or raise the token timeout.`,
      };
    case 'incomplete':
      return { id: 'Profil belum lengkap.', en: 'The profile is not complete.' };
  }
}

function classifyAnswer(
  status: number,
  responseCode: string | null,
  responseMessage: string | null,
  skewMs: number | null,
): ConnectionOutcome {
  const message = responseMessage ?? '';
  const skewed = skewMs !== null && Math.abs(skewMs) > CLOCK_SKEW_LIMIT_MS;
  if (isClockSkewMessage(message) || (skewed && status >= 400)) return 'clock_skew';
  if (status === 401 || responseCode?.startsWith('401')) {
    if (/unknown client|client.*(not ?found|unknown|invalid|not registered)|invalid client/i.test(message)) {
      return 'unknown_client';
    }
    if (/signature|key not found|verify/i.test(message)) return 'signature_mismatch';
  }
  if (responseCode === null) return 'malformed';
  return 'refused';
}

/** The query probe's good answer: the provider checked our signature and knows no such payment. */
const NOT_FOUND_AS_HOPED = Symbol('not found, as hoped');

/** The token probe: undefined when a token came, else the refusal. */
async function fetchToken(
  input: ConnectionTestInput,
  rules: ProviderRules,
  fetchImpl: typeof fetch,
  clock: Clock,
): Promise<unknown> {
  const client = createTokenClient(
    {
      baseUrl: input.baseUrl,
      rules,
      clientKey: input.clientKey,
      privateKey: input.privateKey,
      timeoutMs: input.timeoutMs,
    },
    { fetch: fetchImpl, clock },
  );
  try {
    await client.getToken();
    return undefined;
  } catch (error) {
    if (!isKasirError(error)) throw error;
    return error;
  }
}

/**
 * The query probe: a signed status query (service 51) for a reference no payment has. 404xx01
 * "Transaction Not Found" (or any 2xx) means the provider accepted the call; anything else is what
 * went wrong, read from the answer the watching fetch saw.
 */
async function querySigned(
  input: ConnectionTestInput,
  fetchImpl: typeof fetch,
  clock: Clock,
): Promise<unknown> {
  const partnerId = input.partnerId || input.clientKey;
  const client = createQrCpmClient(
    {
      baseUrl: input.baseUrl,
      ...(input.provider === undefined ? {} : { provider: input.provider }),
      ...(input.pathPrefix === '' ? {} : { pathPrefix: input.pathPrefix }),
      clientKey: input.clientKey,
      // Not used: a provider without tokens signs its calls with our key alone.
      clientSecret: 'unused',
      privateKey: input.privateKey,
      partnerId,
      ...(input.channelId ? { channelId: input.channelId } : {}),
      timeoutMs: input.timeoutMs,
      utcOffset: input.utcOffset,
    },
    {
      fetch: fetchImpl,
      clock,
      // Its own id space ("KASIRTEST…"), so a probe can never take an id a payment will want.
      externalIds: { next: () => `KASIRTEST${clock().getTime()}${defaultRandomDigits(6)}` },
    },
  );
  const reference = `KASIRTEST${clock().getTime()}`;
  let outcome: Awaited<ReturnType<QrCpmClient['query']>>;
  try {
    outcome = await client.query({
      originalPartnerReferenceNo: reference,
      ...(input.merchantId ? { merchantId: input.merchantId } : {}),
    });
  } catch (error) {
    if (!isKasirError(error)) throw error;
    return error;
  }
  if (outcome.kind === 'unknown') return outcome;
  return /^2\d{6}$|^404\d\d01$/.test(outcome.responseCode) ? NOT_FOUND_AS_HOPED : outcome;
}

export async function testConnection(
  input: ConnectionTestInput,
  deps: ConnectionTestDeps,
): Promise<ConnectionTestResult> {
  const rules = rulesFor({
    provider: input.provider,
    utcOffset: input.utcOffset,
    ...(input.pathPrefix === '' ? {} : { pathPrefix: input.pathPrefix }),
  });
  const probe = rules.accessToken ? 'token' : 'query';
  const url = serviceUrl(input.baseUrl, rules, probe === 'token' ? 'tokenB2b' : 'query');
  const seen: Observed = {};
  const watchingFetch: typeof fetch = async (target, init) => {
    seen.timestamp = new Headers(init?.headers).get('X-TIMESTAMP') ?? undefined;
    seen.requestBody = typeof init?.body === 'string' ? init.body : undefined;
    seen.sentAt = deps.clock().getTime();
    try {
      const response = await deps.fetch(target, init);
      seen.receivedAt = deps.clock().getTime();
      seen.status = response.status;
      seen.serverDate = response.headers.get('date') ?? undefined;
      seen.body = await response.clone().text();
      return response;
    } catch (error) {
      seen.error = error;
      throw error;
    }
  };
  const started = deps.clock().getTime();
  const failure =
    probe === 'token'
      ? await fetchToken(input, rules, watchingFetch, deps.clock)
      : await querySigned(input, watchingFetch, deps.clock);
  const elapsedMs = deps.clock().getTime() - started;

  const serverMs = seen.serverDate ? Date.parse(seen.serverDate) : Number.NaN;
  const skewMs =
    Number.isFinite(serverMs) && seen.sentAt !== undefined && seen.receivedAt !== undefined
      ? Math.round(serverMs - (seen.sentAt + seen.receivedAt) / 2)
      : null;
  const fields = bodyFields(seen.body);
  const networkCode = seen.error === undefined ? null : (errorCode(seen.error) ?? null);
  const stringToSign = !seen.timestamp
    ? null
    : probe === 'token'
      ? tokenStringToSign(input.clientKey, seen.timestamp)
      : serviceStringToSign({
          method: 'POST',
          path: url.pathname,
          timestamp: seen.timestamp,
          rawBody: seen.requestBody ?? '',
        });

  let outcome: ConnectionOutcome;
  if (failure === undefined) outcome = 'ok';
  else if (failure === NOT_FOUND_AS_HOPED) outcome = 'ok';
  else if (seen.error !== undefined) {
    outcome = isTimeout(seen.error)
      ? 'timeout'
      : networkCode && TLS_CODES.test(networkCode)
        ? 'tls'
        : 'network';
  } else outcome = classifyAnswer(seen.status ?? 0, fields.responseCode, fields.responseMessage, skewMs);

  const fingerprint = keyFingerprint(input.privateKey);
  return {
    ok: outcome === 'ok',
    outcome,
    message: explain(outcome, {
      probe,
      url,
      clientKey: input.clientKey,
      status: seen.status ?? null,
      responseCode: fields.responseCode,
      responseMessage: fields.responseMessage,
      stringToSign,
      fingerprint,
      skewMs,
      networkCode,
      timeoutMs: input.timeoutMs,
      expiresIn: fields.expiresIn,
    }),
    url: url.href,
    httpStatus: seen.status ?? null,
    responseCode: fields.responseCode,
    responseMessage: fields.responseMessage,
    timestamp: seen.timestamp ?? null,
    stringToSign,
    publicKeyFingerprint: fingerprint,
    clockSkewMs: skewMs,
    networkCode,
    expiresInSeconds: outcome === 'ok' && probe === 'token' ? fields.expiresIn : null,
    elapsedMs,
  };
}
