// The X-EXTERNAL-ID counter, kept in the journal so an id is drawn inside the very transaction that
// journals the request it goes with: one durable commit before the wire, and two processes sharing
// the data directory (the app and the CLI) never draw the same number (the write lock orders them).

import { z } from 'zod';
import { KasirError } from '../../errors';
import type { ExternalIdSource } from '../../snap/external-id';
import { daysBefore, formatExternalId, KEEP_DAYS } from '../../snap/external-id';
import { businessDate } from '../references';
import type { JournalDatabase } from './database';

const CounterRowSchema = z.object({ counter: z.bigint() });

/** Draws the next id (in a savepoint of the caller's transaction, or in one of its own). */
export function drawExternalId(
  db: JournalDatabase,
  partnerId: string,
  randomDigits: (n: number) => string,
): string {
  const day = businessDate(db.now(), db.utcOffsetMinutes).replaceAll('-', '');
  let counter: number;
  try {
    counter = db.tx(() => {
      const row = db
        .stmt(
          `INSERT INTO external_id_counter (partner_id, day, counter) VALUES (?, ?, 1)
           ON CONFLICT (partner_id, day) DO UPDATE SET counter = counter + 1 RETURNING counter`,
        )
        .get(partnerId, day);
      const drawn = Number(CounterRowSchema.parse(row).counter);
      // Old days' counters go with the day's first draw: once a day, not with every payment.
      if (drawn === 1) {
        db.stmt('DELETE FROM external_id_counter WHERE partner_id = ? AND day < ?').run(
          partnerId,
          daysBefore(day, KEEP_DAYS),
        );
      }
      return drawn;
    });
  } catch (error) {
    if (error instanceof KasirError) throw error;
    // Usually another process held the journal past the busy timeout: nothing was sent yet.
    throw new KasirError({
      code: 'EXTERNAL_ID_STORE_UNAVAILABLE',
      message: {
        id: 'Nomor X-EXTERNAL-ID tidak dapat dibuat saat ini. Coba lagi sebentar.',
        en: 'No X-EXTERNAL-ID could be drawn right now. Try again in a moment.',
      },
      cause: error,
    });
  }
  return formatExternalId(day, counter, randomDigits);
}

/**
 * Carries over the counters of the separate X-EXTERNAL-ID file earlier versions kept, so no id of
 * today is drawn twice after an upgrade. Idempotent: a counter only ever moves up.
 */
export function importExternalIdCounters(
  db: JournalDatabase,
  rows: readonly { partnerId: string; day: string; counter: number }[],
): void {
  db.tx(() => {
    for (const row of rows) {
      db.stmt(
        `INSERT INTO external_id_counter (partner_id, day, counter) VALUES (?, ?, ?)
         ON CONFLICT (partner_id, day) DO UPDATE SET counter = max(counter, excluded.counter)`,
      ).run(row.partnerId, row.day, row.counter);
    }
  });
}

export function externalIdSource(db: JournalDatabase, randomDigits: (n: number) => string): ExternalIdSource {
  return { next: (partnerId) => drawExternalId(db, partnerId, randomDigits) };
}
