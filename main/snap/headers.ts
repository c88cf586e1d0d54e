// SNAP BI request headers. X-TIMESTAMP is written in the terminal's own UTC offset because providers
// and their support desks read it as local time, unless the provider's preset asks for UTC ("Z");
// whatever string we put in the header is also the one we sign, so it is produced once here and
// passed along.

import { z } from 'zod';
import { KasirError } from '../errors';

/** Wall clock, injected so tests and the sandbox can pin time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const DEFAULT_UTC_OFFSET = '+07:00';

const OFFSET_PATTERN = /^([+-])(0\d|1[0-4]):([0-5]\d)$/;

/**
 * ISO-8601 as SNAP uses it: yyyy-MM-ddTHH:mm:ss, an optional fraction of up to nine digits, then "Z"
 * or ±HH:MM. Providers differ (DOKU wants UTC with Z, Midtrans's library adds milliseconds, DANA writes
 * +07:00): every one of those forms is accepted, and whatever arrives is signed or verified as is.
 */
export const SNAP_TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

export const UtcOffsetSchema = z.string().regex(OFFSET_PATTERN, { error: 'A UTC offset such as +07:00' });

/** "+07:00" → 420 (minutes east of UTC). */
export function utcOffsetMinutes(offset: string): number {
  const match = OFFSET_PATTERN.exec(offset);
  if (!match) {
    throw new KasirError({
      code: 'SNAP_UTC_OFFSET_INVALID',
      message: {
        id: `Zona waktu "${offset}" tidak valid; gunakan format seperti +07:00.`,
        en: `Time zone offset "${offset}" is not valid; use a form such as +07:00.`,
      },
    });
  }
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of `date` as seen at `offset`. */
function shifted(date: Date, offset: string): Date {
  return new Date(date.getTime() + utcOffsetMinutes(offset) * 60_000);
}

/** X-TIMESTAMP: yyyy-MM-ddTHH:mm:ss±HH:MM in the given offset (milliseconds only when asked). */
export function formatSnapTimestamp(
  date: Date,
  offset: string = DEFAULT_UTC_OFFSET,
  options: { milliseconds?: boolean } = {},
): string {
  const local = shifted(date, offset);
  const base =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const millis = options.milliseconds ? `.${pad(local.getUTCMilliseconds(), 3)}` : '';
  return `${base}${millis}${offset}`;
}

/** yyyyMMdd of `date` at `offset`: the "day" in which an X-EXTERNAL-ID must be unique. */
export function snapDay(date: Date, offset: string = DEFAULT_UTC_OFFSET): string {
  const local = shifted(date, offset);
  return `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}`;
}

/**
 * Parses an X-TIMESTAMP (or any SNAP ISO-8601 time field) to its instant; undefined when it is not
 * in that form or names no real time (2021-02-30, 24:00, an offset beyond ±14:00).
 */
export function parseSnapTimestamp(value: string): Date | undefined {
  const m = SNAP_TIMESTAMP_PATTERN.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = m[8] === 'Z' ? 0 : Number(m[10]);
  const offsetMinutes = m[8] === 'Z' ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHours > 14 || offsetMinutes > 59) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000);
}

/** True for a well-formed SNAP timestamp naming a real instant. */
export function isSnapTimestamp(value: string): boolean {
  return parseSnapTimestamp(value) !== undefined;
}

/** How a provider wants X-TIMESTAMP written: in the terminal's offset, or in UTC with "Z". */
export interface TimestampStyle {
  zone: 'local' | 'utc';
  milliseconds: boolean;
}

/** The X-TIMESTAMP string for `date` in a provider's style (`utcOffset` is the terminal's, for "local"). */
export function formatTimestampInStyle(date: Date, style: TimestampStyle, utcOffset: string): string {
  const text = formatSnapTimestamp(date, style.zone === 'utc' ? '+00:00' : utcOffset, {
    milliseconds: style.milliseconds,
  });
  return style.zone === 'utc' ? `${text.slice(0, -'+00:00'.length)}Z` : text;
}

// ---------------------------------------------------------------------------------------------

export const ExternalIdSchema = z
  .string()
  .regex(/^\d{1,36}$/, { error: 'A numeric string of at most 36 digits' });

/**
 * DANA's SDK sends "sdk" + part of a UUID: letters, digits and hyphens, at most 36. Our own ids are
 * numeric, which both forms accept.
 */
export const AlphanumericExternalIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,36}$/, { error: 'Letters, digits and hyphens, at most 36' });

const optionalHeader = (max: number) => z.string().min(1).max(max).optional();

export const TransactionHeaderInputSchema = z.strictObject({
  /** B2B access token, without "Bearer "; absent for providers that sign without one (DANA). */
  accessToken: z.string().min(1).optional(),
  timestamp: z.string().refine(isSnapTimestamp, { error: 'yyyy-MM-ddTHH:mm:ss[.fff](Z|±HH:MM)' }),
  signature: z.string().min(1),
  partnerId: z.string().min(1).max(36),
  // Which form a provider wants (numeric, alphanumeric) and how long its CHANNEL-ID may be are the
  // provider preset's rules, checked by the client before it gets here.
  externalId: AlphanumericExternalIdSchema,
  channelId: z.string().min(1).max(64),
  origin: optionalHeader(255),
  ipAddress: optionalHeader(64),
  deviceId: optionalHeader(64),
  latitude: optionalHeader(32),
  longitude: optionalHeader(32),
  /** B2B2C customer token, without "Bearer "; adds Authorization-Customer. */
  customerAccessToken: z.string().min(1).optional(),
});
export type TransactionHeaderInput = z.infer<typeof TransactionHeaderInputSchema>;

function invalidHeaders(error: z.ZodError): KasirError {
  const fields = error.issues.map((issue) => issue.path.join('.')).join(', ');
  return new KasirError({
    code: 'SNAP_HEADER_INVALID',
    message: {
      id: `Pengaturan penyedia tidak valid (header: ${fields}). Periksa Partner ID, Channel ID dan kunci.`,
      en: `Provider settings are not valid (headers: ${fields}). Check the partner ID, channel ID and keys.`,
    },
  });
}

/** The full SNAP transaction header set, in a stable order. */
export function transactionHeaders(input: TransactionHeaderInput): Record<string, string> {
  const parsed = TransactionHeaderInputSchema.safeParse(input);
  if (!parsed.success) throw invalidHeaders(parsed.error);
  const h = parsed.data;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...(h.accessToken === undefined ? {} : { Authorization: `Bearer ${h.accessToken}` }),
    'X-TIMESTAMP': h.timestamp,
    'X-SIGNATURE': h.signature,
    'X-PARTNER-ID': h.partnerId,
    'X-EXTERNAL-ID': h.externalId,
    'CHANNEL-ID': h.channelId,
  };
  if (h.customerAccessToken !== undefined)
    headers['Authorization-Customer'] = `Bearer ${h.customerAccessToken}`;
  if (h.origin !== undefined) headers.ORIGIN = h.origin;
  if (h.ipAddress !== undefined) headers['X-IP-ADDRESS'] = h.ipAddress;
  if (h.deviceId !== undefined) headers['X-DEVICE-ID'] = h.deviceId;
  if (h.latitude !== undefined) headers['X-LATITUDE'] = h.latitude;
  if (h.longitude !== undefined) headers['X-LONGITUDE'] = h.longitude;
  return headers;
}

/** Headers of the B2B token request (service 73). */
export function tokenHeaders(input: {
  timestamp: string;
  clientKey: string;
  signature: string;
}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-TIMESTAMP': input.timestamp,
    'X-CLIENT-KEY': input.clientKey,
    'X-SIGNATURE': input.signature,
  };
}

/**
 * Incoming transaction headers as Node's http module presents them (lower-case names), for the
 * sandbox and any endpoint that receives SNAP calls. Loose: other headers pass through.
 */
export const IncomingTransactionHeadersSchema = z.looseObject({
  authorization: z.string().regex(/^Bearer \S+$/, { error: 'Authorization: Bearer <token>' }),
  'x-timestamp': z.string().refine(isSnapTimestamp, { error: 'yyyy-MM-ddTHH:mm:ss[.fff](Z|±HH:MM)' }),
  'x-signature': z.string().min(1),
  'x-partner-id': z.string().min(1).max(36),
  'x-external-id': ExternalIdSchema,
  'channel-id': z.string().min(1).max(5),
  'authorization-customer': z
    .string()
    .regex(/^Bearer \S+$/)
    .optional(),
});
export type IncomingTransactionHeaders = z.infer<typeof IncomingTransactionHeadersSchema>;
