// X-EXTERNAL-ID: numeric, at most 36 digits, unique per partner per day — a repeat the same day is
// refused with 409xx00. id = yyyyMMdd (the day at the terminal's offset) + 12-digit counter + 4
// random digits = 24 digits. The counter alone guarantees uniqueness; the random tail keeps ids apart
// if the counter is ever lost. The counter itself is persisted by the payment journal, so an id is
// drawn in the same transaction that journals the request it goes with (main/payments/journal).

import { randomInt } from 'node:crypto';
import { KasirError } from '../errors';

export interface ExternalIdSource {
  /** A fresh X-EXTERNAL-ID for this partner, never handed out before on the same day. */
  next(partnerId: string): string;
}

export const COUNTER_DIGITS = 12;
export const RANDOM_DIGITS = 4;
/** Rows of older days are kept this long so a clock stepping back over midnight cannot restart a day. */
export const KEEP_DAYS = 7;

export function defaultRandomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += String(randomInt(10));
  return out;
}

/** "yyyyMMdd" `days` before `day`. */
export function daysBefore(day: string, days: number): string {
  const date = new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))),
  );
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

/** The id for the `counter`-th draw of `day` ("yyyyMMdd"). */
export function formatExternalId(day: string, counter: number, randomDigits: (n: number) => string): string {
  const digits = String(counter);
  if (!Number.isSafeInteger(counter) || counter < 1 || digits.length > COUNTER_DIGITS) {
    throw new KasirError({
      code: 'EXTERNAL_ID_EXHAUSTED',
      message: {
        id: 'Nomor X-EXTERNAL-ID hari ini habis. Hubungi dukungan.',
        en: "Today's X-EXTERNAL-ID numbers are used up. Contact support.",
      },
    });
  }
  return `${day}${digits.padStart(COUNTER_DIGITS, '0')}${randomDigits(RANDOM_DIGITS)}`;
}
