// SNAP signatures carry the time they were made (X-TIMESTAMP), and a provider refuses a request
// whose time is too far from its own clock: a replay guard that, at a till, usually means the
// computer's clock or time zone is wrong. This names that refusal and says what to do about it.

import { KasirError } from '../errors';
import { parseSnapTimestamp } from './headers';

/** How far an X-TIMESTAMP may be from the receiver's clock (the sandbox's limit). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The reason in the sandbox's "401xx00 Unauthorized. [reason]" answer to a stale or future timestamp. */
export const CLOCK_SKEW_REASON = 'X-TIMESTAMP is more than 5 minutes from the server clock';

/** Providers word it differently ("Invalid Timestamp", "timestamp expired", "request time out of range"). */
export function isClockSkewMessage(responseMessage: string): boolean {
  return /timestamp|\btime\b|clock|expired request/i.test(responseMessage);
}

/** A 401 answer that blames the request's time. */
export function isClockSkewAnswer(responseCode: string, responseMessage: string): boolean {
  return /^401\d{4}$/.test(responseCode) && isClockSkewMessage(responseMessage);
}

/**
 * The provider's clock minus ours, from its answer's X-TIMESTAMP (or Date) header, taken at the
 * middle of the round trip; undefined when the answer carries neither.
 */
export function measuredSkewMs(
  headers: { get(name: string): string | null },
  sentAt: number,
  receivedAt: number,
): number | undefined {
  const stamp = headers.get('x-timestamp');
  const server = stamp ? parseSnapTimestamp(stamp)?.getTime() : Date.parse(headers.get('date') ?? '');
  if (server === undefined || !Number.isFinite(server)) return undefined;
  return Math.round(server - (sentAt + receivedAt) / 2);
}

export function clockSkewError(skewMs: number | undefined, raw?: string): KasirError {
  const minutes = skewMs === undefined ? undefined : Math.max(1, Math.round(Math.abs(skewMs) / 60_000));
  const by =
    skewMs === undefined || minutes === undefined
      ? { id: 'terlalu jauh dari', en: 'too far from' }
      : skewMs > 0
        ? { id: `sekitar ${minutes} menit lebih lambat dari`, en: `about ${minutes} min behind` }
        : { id: `sekitar ${minutes} menit lebih cepat dari`, en: `about ${minutes} min ahead of` };
  return new KasirError({
    code: 'SNAP_CLOCK_SKEW',
    message: {
      id: `Penyedia menolak permintaan karena waktunya: jam komputer kasir ini ${by.id} jam penyedia (batas 5 menit). Aktifkan sinkronisasi waktu otomatis, periksa zona waktu komputer, lalu coba lagi.`,
      en: `The provider refused the request because of its time: this till's clock is ${by.en} the provider's (the limit is 5 minutes). Turn on automatic time sync, check the computer's time zone, then try again.`,
    },
    ...(raw === undefined ? {} : { raw }),
  });
}
