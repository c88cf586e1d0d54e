// The journal's append-only tables counted and read by id, for the merchant server's sync
// (main/sync/outbox.ts; the events themselves come from payments.eventsAfter).
// Ids only grow (events and anomalies are never updated or deleted), so "after id N" is a cursor
// nothing slips past.

import { z } from 'zod';
import type { AnomalyRecord } from '../journal-records';
import { AnomalyRowSchema } from '../journal-records';
import type { JournalDatabase } from './database';

const CountRowSchema = z.object({ n: z.bigint() });

export function countEventsAfter(db: JournalDatabase, afterId: number): number {
  return Number(
    CountRowSchema.parse(db.stmt('SELECT count(*) AS n FROM events WHERE id > ?').get(afterId)).n,
  );
}

export function anomaliesAfter(db: JournalDatabase, afterId: number, limit: number): AnomalyRecord[] {
  return db.rows(
    AnomalyRowSchema,
    'SELECT * FROM anomalies WHERE id > ? ORDER BY id LIMIT ?',
    afterId,
    limit,
  );
}

export function countAnomaliesAfter(db: JournalDatabase, afterId: number): number {
  return Number(
    CountRowSchema.parse(db.stmt('SELECT count(*) AS n FROM anomalies WHERE id > ?').get(afterId)).n,
  );
}

export function countPurchaseEventsAfter(db: JournalDatabase, afterId: number): number {
  return Number(
    CountRowSchema.parse(db.stmt('SELECT count(*) AS n FROM purchase_events WHERE id > ?').get(afterId)).n,
  );
}
