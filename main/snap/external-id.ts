// X-EXTERNAL-ID: numeric, at most 36 digits, unique per partner per day — a repeat the same day is
// refused with 409xx00. The counter lives in SQLite (built into Node 24 and Electron) so it survives
// restarts and two processes at once (the app and the CLI) never draw the same number: each draw is
// one IMMEDIATE transaction, and a concurrent writer waits on the busy timeout instead of failing.
//
// id = yyyyMMdd (the day at the terminal's offset) + 12-digit counter + 4 random digits = 24 digits.
// The counter alone guarantees uniqueness; the random tail keeps ids apart if the file is ever lost.

import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KasirError } from '../errors';
import type { Clock } from './headers';
import { DEFAULT_UTC_OFFSET, snapDay, systemClock } from './headers';

export interface ExternalIdSource {
  /** A fresh X-EXTERNAL-ID for this partner, never handed out before on the same day. */
  next(partnerId: string): string;
}

export interface ExternalIdStore extends ExternalIdSource {
  close(): void;
}

export interface ExternalIdStoreOptions {
  /** SQLite file, e.g. <dataDir>/external-ids.sqlite; ':memory:' only for tests of single processes. */
  file: string;
  utcOffset?: string;
  clock?: Clock;
  /** n random decimal digits; injectable for tests. */
  randomDigits?: (n: number) => string;
  busyTimeoutMs?: number;
}

const COUNTER_DIGITS = 12;
const RANDOM_DIGITS = 4;
/** Rows of older days are kept this long so a clock stepping back over midnight cannot restart a day. */
const KEEP_DAYS = 7;

function defaultRandomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += String(randomInt(10));
  return out;
}

function daysBefore(day: string, days: number): string {
  const date = new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))),
  );
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

export function openExternalIdStore(options: ExternalIdStoreOptions): ExternalIdStore {
  const clock = options.clock ?? systemClock;
  const utcOffset = options.utcOffset ?? DEFAULT_UTC_OFFSET;
  const randomDigits = options.randomDigits ?? defaultRandomDigits;
  let db: DatabaseSync;
  try {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    db = new DatabaseSync(options.file, { timeout: options.busyTimeoutMs ?? 10_000 });
    db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS external_id_counter (
        partner_id TEXT NOT NULL,
        day TEXT NOT NULL,
        counter INTEGER NOT NULL,
        PRIMARY KEY (partner_id, day)
      ) STRICT;`);
  } catch (error) {
    throw new KasirError({
      code: 'EXTERNAL_ID_STORE_UNAVAILABLE',
      message: {
        id: 'Penyimpanan nomor X-EXTERNAL-ID tidak dapat dibuka. Periksa folder data aplikasi.',
        en: 'The X-EXTERNAL-ID store could not be opened. Check the app data folder.',
      },
      cause: error,
    });
  }

  const bump = db.prepare(`INSERT INTO external_id_counter (partner_id, day, counter) VALUES (?, ?, 1)
    ON CONFLICT (partner_id, day) DO UPDATE SET counter = counter + 1
    RETURNING counter`);
  const prune = db.prepare('DELETE FROM external_id_counter WHERE partner_id = ? AND day < ?');

  return {
    next(partnerId: string): string {
      const day = snapDay(clock(), utcOffset);
      let counter: number;
      try {
        db.exec('BEGIN IMMEDIATE');
        try {
          const row = bump.get(partnerId, day);
          prune.run(partnerId, daysBefore(day, KEEP_DAYS));
          db.exec('COMMIT');
          counter = Number(row?.counter);
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      } catch (error) {
        // Usually another process held the file past the busy timeout: nothing was sent yet.
        throw new KasirError({
          code: 'EXTERNAL_ID_STORE_UNAVAILABLE',
          message: {
            id: 'Nomor X-EXTERNAL-ID tidak dapat dibuat saat ini. Coba lagi sebentar.',
            en: 'No X-EXTERNAL-ID could be drawn right now. Try again in a moment.',
          },
          cause: error,
        });
      }
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
    },
    close(): void {
      db.close();
    },
  };
}
