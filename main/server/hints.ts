// The provider's word as the server received it: a verified SNAP notify or a Klikoo callback, kept
// once per distinct body (a provider's retry of the same notify is a repeat, counted, not a second
// hint) and routed to every terminal that journaled one of its references. A hint whose terminal
// has not synced that reference yet waits; the sync that brings it routes it (ingest.ts). Nothing
// here decides anything about money: a terminal confirms every hint with the provider.

import { z } from 'zod';
import type { LiveHint } from '../sync/protocol';
import type { Database, Sql } from './db/database';

export interface NewHint {
  source: string;
  /** sha256 of the minified body: what makes two deliveries the same hint. */
  digest: string;
  status: string | null;
  merchantId: string | null;
  refs: readonly string[];
  body: unknown;
  externalId: string | null;
}

export interface StoredHint {
  hintId: number;
  repeat: boolean;
  /** Terminals that now have a new delivery of it. */
  routedTo: string[];
}

const IdRowSchema = z.object({ id: z.bigint() });
const TerminalRowSchema = z.object({ terminal_id: z.string() });

const LiveRowSchema = z
  .object({
    id: z.bigint(),
    source: z.string(),
    status: z.string().nullable(),
    refs: z.array(z.string()),
    body: z.unknown(),
    received_at: z.bigint(),
  })
  .transform(
    (r): LiveHint => ({
      cursor: Number(r.id),
      source: r.source,
      status: r.status,
      refs: r.refs,
      body: r.body,
      receivedAt: Number(r.received_at),
    }),
  );

/** An arbitrary constant naming "the routing lock" for pg_advisory_xact_lock. */
const ROUTING_LOCK = 7_421_118;

/**
 * Taken, until commit, by every transaction that stores a hint or claims references, before it does.
 * Without it a notify stored while a sync claims its reference can be missed by both: each routes
 * against what the other has not committed yet, and the hint would wait for a claim already made.
 */
export async function lockRouting(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_LOCK]);
}

/** Creates the deliveries of hints `hintIds` (or of every hint naming `refs`) to their claimants. */
export async function routeHints(
  tx: Sql,
  at: number,
  scope: { hintId: number } | { terminalId: string; refs: readonly string[] },
): Promise<string[]> {
  const rows =
    'hintId' in scope
      ? await tx.query(
          `INSERT INTO deliveries (terminal_id, hint_id, created_at)
           SELECT DISTINCT c.terminal_id, h.id, $2::bigint
             FROM hints h
             JOIN ref_claims c ON c.ref = ANY (h.refs)
             JOIN terminals t ON t.id = c.terminal_id AND t.revoked_at IS NULL
            WHERE h.id = $1
           ON CONFLICT (terminal_id, hint_id) DO NOTHING
           RETURNING terminal_id`,
          [scope.hintId, at],
        )
      : await tx.query(
          `INSERT INTO deliveries (terminal_id, hint_id, created_at)
           SELECT $1, h.id, $2::bigint FROM hints h WHERE h.refs && $3::text[]
           ON CONFLICT (terminal_id, hint_id) DO NOTHING
           RETURNING terminal_id`,
          [scope.terminalId, at, scope.refs],
        );
  return [...new Set(rows.map((row) => TerminalRowSchema.parse(row).terminal_id))];
}

export class HintStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Durably stores the hint (or counts a repeat) and routes it, in one transaction. */
  async store(hint: NewHint): Promise<StoredHint> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      await lockRouting(tx);
      const inserted = await tx.query(
        `INSERT INTO hints (source, digest, status, merchant_id, refs, body, external_id, received_at, last_received_at)
         VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8, $8)
         ON CONFLICT (source, digest) DO NOTHING
         RETURNING id`,
        [
          hint.source,
          hint.digest,
          hint.status,
          hint.merchantId,
          hint.refs,
          JSON.stringify(hint.body),
          hint.externalId,
          at,
        ],
      );
      let repeat = false;
      let row = inserted[0];
      if (row === undefined) {
        repeat = true;
        const updated = await tx.query(
          `UPDATE hints SET repeats = repeats + 1, last_received_at = $3
            WHERE source = $1 AND digest = $2 RETURNING id`,
          [hint.source, hint.digest, at],
        );
        row = updated[0];
      }
      const hintId = Number(IdRowSchema.parse(row).id);
      const routedTo = await routeHints(tx, at, { hintId });
      return { hintId, repeat, routedTo };
    });
  }

  /** The hints delivered to `terminalId` after `cursor`, oldest first. */
  async deliveriesAfter(terminalId: string, cursor: number, limit = 100): Promise<LiveHint[]> {
    const rows = await this.db.query(
      `SELECT d.id, h.source, h.status, h.refs, h.body, h.received_at
         FROM deliveries d JOIN hints h ON h.id = d.hint_id
        WHERE d.terminal_id = $1 AND d.id > $2
        ORDER BY d.id LIMIT $3`,
      [terminalId, cursor, limit],
    );
    return rows.map((row) => LiveRowSchema.parse(row));
  }

  /** The terminal applied every hint up to `cursor`. */
  async acknowledge(terminalId: string, cursor: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE deliveries SET acked_at = $3
          WHERE terminal_id = $1 AND id > (SELECT live_acked FROM terminals WHERE id = $1) AND id <= $2`,
        [terminalId, cursor, this.now()],
      );
      await tx.query('UPDATE terminals SET live_acked = greatest(live_acked, $2) WHERE id = $1', [
        terminalId,
        cursor,
      ]);
    });
  }

  /** The last delivery the terminal acknowledged (0 before any). */
  async acknowledged(terminalId: string): Promise<number> {
    const rows = await this.db.query<{ n: bigint }>('SELECT live_acked AS n FROM terminals WHERE id = $1', [
      terminalId,
    ]);
    return Number(rows[0]?.n ?? 0n);
  }
}
