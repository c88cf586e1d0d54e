// What the provider has said about a payment, read back from its history: its latest word on the
// status, everything its cancels were answered, and the anomalies (answers and notifications that
// match nothing we sent, or contradict what came before).

import { z } from 'zod';
import type { AnomalyRecord, ProviderWord, ReversalFacts } from '../journal-records';
import { AnomalyRowSchema } from '../journal-records';
import { redactedJson } from '../redact';
import type { JournalDatabase } from './database';

const ProviderWordRowSchema = z.object({
  provider_status: z.enum(['00', '01', '02', '03', '04', '05', '06', '07']),
  kind: z.string(),
  response_code: z.string().nullable(),
  at: z.bigint(),
});

/**
 * The latest thing the provider said about this payment's status (a query, a verified notify, or
 * the payment answer itself). With `definite`, only a status that settles something: 00, 04, 05, 06.
 */
export function providerWord(
  db: JournalDatabase,
  paymentId: number,
  options: { definite?: boolean } = {},
): ProviderWord | undefined {
  const row = db
    .stmt(
      `SELECT provider_status, kind, response_code, at FROM events
        WHERE payment_id = ? AND provider_status IS NOT NULL
          ${options.definite ? "AND provider_status IN ('00', '04', '05', '06')" : ''}
        ORDER BY id DESC LIMIT 1`,
    )
    .get(paymentId);
  if (row === undefined) return undefined;
  const parsed = ProviderWordRowSchema.parse(row);
  return {
    status: parsed.provider_status,
    kind: parsed.kind,
    responseCode: parsed.response_code,
    at: Number(parsed.at),
  };
}

/**
 * What the whole history says about a payment's reversal: whether the provider had confirmed it
 * paid, and whether any cancel was ever accepted, lost or refused. A reversal is judged on all of
 * it, never on the last cancel alone.
 */
export function reversalFacts(db: JournalDatabase, paymentId: number): ReversalFacts {
  const seen = new Set(
    db
      .stmt(
        `SELECT operation || ':' || to_state AS move FROM events
          WHERE payment_id = ? AND to_state IN ('PAID', 'CANCEL_ACCEPTED', 'CANCEL_LOST', 'CANCEL_REJECTED')
         UNION
         SELECT 'provider:paid' FROM events WHERE payment_id = ? AND provider_status IN ('00', '04')`,
      )
      .all(paymentId, paymentId)
      .map((row) => String(row.move)),
  );
  return {
    // Its word counts wherever it was said (a notification while the request was out, a query):
    // a payment it called paid is never made FAILED by a later 06 or 07 alone.
    wasPaid: seen.has('payment:PAID') || seen.has('provider:paid'),
    accepted: seen.has('cancel:CANCEL_ACCEPTED'),
    lost: seen.has('cancel:CANCEL_LOST'),
    refused: seen.has('cancel:CANCEL_REJECTED'),
  };
}

/**
 * Records an answer or notification that matches nothing we sent or contradicts what came before.
 * Relaxed, like the record of any answer: counted, so the CLI's exit and the outbox's syncAll make
 * it durable, and durable anyway with the next fsync'd commit or checkpoint.
 */
export function recordAnomaly(db: JournalDatabase, kind: string, detail: unknown): void {
  db.tx(() => {
    db.stmt('INSERT INTO anomalies (kind, detail, at) VALUES (?, ?, ?)').run(
      kind,
      redactedJson(detail),
      db.now(),
    );
  }, 'relaxed');
}

export function anomalies(db: JournalDatabase, limit = 100): AnomalyRecord[] {
  return db.rows(AnomalyRowSchema, 'SELECT * FROM anomalies ORDER BY id DESC LIMIT ?', limit);
}
