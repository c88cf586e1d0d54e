// The journal's operations — payments, cancels, refunds, PPOB purchases — as data: one descriptor
// per kind names its table, its row schema, which column each changeable field writes, its state
// machine, its open states and where its history goes. Every state change of every kind goes through the one
// compare-and-set here: the row moves only if it is still in the state the caller read, and the
// event that explains the move is appended in the same transaction.

import type { SQLInputValue } from 'node:sqlite';
import type { z } from 'zod';
import type { KasirError } from '../../errors';
import type { EventInput } from '../journal-records';
import type { OperationKind } from '../states';
import type { Durability, JournalDatabase } from './database';
import { staleState } from './errors';

export interface OperationKindSpec<
  R extends { id: number; state: S },
  S extends string,
  C extends object,
  E = EventInput,
> {
  kind: OperationKind;
  table: string;
  schema: z.ZodType<R>;
  /** Which column each field of a change writes. */
  columns: Readonly<Record<keyof C, string>>;
  assertTransition(from: S, to: S): void;
  isOpen(state: S): boolean;
  /**
   * Appends the event that explains a move (or an observation) to the kind's history: a payment's
   * `events` for payments, cancels and refunds; a purchase's own `purchase_events` (a cash purchase
   * has no payment).
   */
  appendEvent(db: JournalDatabase, row: R, from: S, to: S | null, event: E): void;
  notFound(id: number): KasirError;
  /** Turns a constraint the move broke into the refusal it means (e.g. a second open payment). */
  onWriteError?(db: JournalDatabase, id: number, error: unknown): never;
  /** Runs in the same transaction after a move, e.g. to close what the move made moot. */
  afterMove?(db: JournalDatabase, row: R): void;
}

export function getOperation<R extends { id: number; state: S }, S extends string, C extends object, E>(
  db: JournalDatabase,
  spec: OperationKindSpec<R, S, C, E>,
  id: number,
): R | undefined {
  return db.row(spec.schema, `SELECT * FROM ${spec.table} WHERE id = ?`, id);
}

export function requireOperation<R extends { id: number; state: S }, S extends string, C extends object, E>(
  db: JournalDatabase,
  spec: OperationKindSpec<R, S, C, E>,
  id: number,
): R {
  const row = getOperation(db, spec, id);
  if (!row) throw spec.notFound(id);
  return row;
}

/**
 * Moves operation `id` from `expect` to `to` (or, with `to` omitted, only records `change` and the
 * event). Throws STALE_STATE when the row is no longer in `expect`: someone else (a notification,
 * another process) moved it first, and the caller must re-read and decide again.
 */
export function moveOperation<R extends { id: number; state: S }, S extends string, C extends object, E>(
  db: JournalDatabase,
  spec: OperationKindSpec<R, S, C, E>,
  id: number,
  expect: S,
  to: S | undefined,
  change: C,
  event: E,
  durability: Durability = 'durable',
): R {
  if (to !== undefined) spec.assertTransition(expect, to);
  return db.tx(() => {
    const target = to ?? expect;
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    for (const [key, value] of Object.entries(change)) {
      const column = spec.columns[key as keyof C];
      if (column === undefined || value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(value as SQLInputValue);
    }
    sets.push('state = ?', 'open = ?', 'updated_at = ?');
    values.push(target, spec.isOpen(target) ? 1 : 0, db.now());
    let moved: Record<string, unknown> | undefined;
    try {
      moved = db
        .stmt(`UPDATE ${spec.table} SET ${sets.join(', ')} WHERE id = ? AND state = ? RETURNING *`)
        .get(...values, id, expect);
    } catch (error) {
      if (spec.onWriteError) spec.onWriteError(db, id, error);
      throw error;
    }
    if (moved === undefined) throw staleState(spec.kind, id, expect, getOperation(db, spec, id)?.state);
    const row = spec.schema.parse(moved);
    spec.appendEvent(db, row, expect, to ?? null, event);
    spec.afterMove?.(db, row);
    return row;
  }, durability);
}
