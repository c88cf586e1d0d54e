// The payment journal: the one durable record of every payment, cancel and refund, and of every
// state each passed through. It is written before anything leaves the terminal (DESIGN.md §3.1), so
// after a crash it is the whole truth about what may have happened at the provider.
//
// SQLite via node:sqlite (no native build), WAL with synchronous=FULL: a committed change survives
// power loss. Every change is one IMMEDIATE transaction that moves the row (compare-and-set on its
// current state, so two writers can never both move it) and appends the event that explains it.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { KasirError } from '../errors';
import { formatRupiah, type Minor } from '../money/amount';
import type {
  AnomalyRecord,
  CancelRecord,
  EventInput,
  EventRecord,
  PaymentRecord,
  ProviderWord,
  RefundRecord,
  ReversalFacts,
} from './journal-records';
import {
  AnomalyRowSchema,
  CancelRowSchema,
  EventRowSchema,
  PaymentRowSchema,
  RefundRowSchema,
} from './journal-records';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { redactedJson } from './redact';
import { businessDate } from './references';
import type { CancelState, OperationKind, PaymentState, RefundState } from './states';
import {
  assertCancelTransition,
  assertPaymentTransition,
  assertRefundTransition,
  COMMITTED_REFUND_STATES,
  isOpenCancelState,
  isOpenPaymentState,
  isOpenRefundState,
  isPaidState,
  PAYMENT_STATES,
  REFUND_STATES,
  REFUNDED_STATES,
} from './states';

export type {
  AnomalyRecord,
  CancelRecord,
  EventInput,
  EventRecord,
  PaymentRecord,
  ProviderStatus,
  ProviderWord,
  RefundRecord,
  ReversalFacts,
} from './journal-records';

export const JOURNAL_FILE_NAME = 'journal.sqlite';

export interface JournalOptions {
  now?: () => number;
  /** The terminal's UTC offset in minutes; fixes which business day a payment belongs to. Default +420 (WIB). */
  utcOffsetMinutes?: number;
  /** How long a writer waits for another process's transaction before giving up. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Skip the start-up integrity check (benchmarks of the raw engine only; the app and CLI never do). */
  skipIntegrityCheck?: boolean;
  /** Called inside every write transaction just before COMMIT (the crash test kills the process there). */
  beforeCommit?: () => void;
}

export interface NewPayment {
  partnerReferenceNo: string;
  terminalId: string;
  merchantId: string;
  subMerchantId?: string | undefined;
  amount: Minor;
  currency: string;
  qrFingerprint: string;
  externalId: string;
  requestTimeoutMs: number;
  deadlineAt: number;
  /** What the scanned QR says about the customer's wallet: its label and the last 4 digits, never more. */
  wallet?: { label: string | null; last4: string | null } | undefined;
}

/** Fields that may change together with (or without) a state change. */
export interface PaymentChange {
  referenceNo?: string;
  externalId?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
  latestStatus?: string | null;
  reason?: string | null;
  decidedBy?: string | null;
  lastSentAt?: number;
}

export interface NewCancel {
  externalId: string;
  reason?: string | undefined;
  requestedBy?: string | undefined;
}

export interface CancelChange {
  externalId?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
}

export interface NewRefund {
  paymentId: number;
  partnerRefundNo: string;
  amount: Minor;
  reason?: string | undefined;
  requestedBy?: string | undefined;
  externalId: string;
}

export interface RefundChange {
  externalId?: string;
  refundNo?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
  lastSentAt?: number;
}

export interface PaymentSearch {
  /** First and last business day, "yyyy-MM-dd", inclusive. */
  from: string;
  to: string;
  states?: readonly PaymentState[] | undefined;
  amount?: Minor | undefined;
  /** A part of our partnerReferenceNo or of the provider's referenceNo. */
  reference?: string | undefined;
  limit?: number | undefined;
}

export interface HistoryQuery {
  /** "yyyy-MM-dd" business day; all days when absent. */
  date?: string | undefined;
  /** Keyset cursor: only payments with an id below this one (the previous page's `nextBefore`). */
  before?: number | undefined;
  limit?: number | undefined;
}

export interface HistoryPage {
  items: PaymentRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export interface Bucket {
  count: number;
  total: Minor;
}

export interface DayReport {
  date: string;
  payments: Record<PaymentState, Bucket>;
  refunds: Record<RefundState, Bucket>;
  /** Provider-confirmed PAID plus supervisor MANUAL_PAID. */
  paid: Bucket;
  /** Paid minus refunds that went through (provider-confirmed or a supervisor's), both of this business day. */
  net: Minor;
  /** Every operation not yet final from this day and every earlier one: they stay here until resolved. */
  unresolvedPayments: PaymentRecord[];
  unresolvedRefunds: RefundRecord[];
}

function journalError(code: string, id: string, en: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, cause });
}

function isConstraintOn(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    error.message.includes('UNIQUE constraint failed') &&
    error.message.includes(column)
  );
}

/**
 * The queries that must stay fast with years of data, named so a test can check their plans use an
 * index (no full scan) without timing anything.
 */
export const HOT_QUERIES = {
  paymentByPartnerReferenceNo: 'SELECT * FROM payments WHERE partner_reference_no = ?',
  paymentByReferenceNo: 'SELECT * FROM payments WHERE reference_no = ? ORDER BY id DESC LIMIT 1',
  historyPage: 'SELECT * FROM payments WHERE id < ? ORDER BY id DESC LIMIT ?',
  historyPageOfDay:
    'SELECT * FROM payments WHERE business_date = ? AND id < ? ORDER BY business_date DESC, id DESC LIMIT ?',
  dayPaymentTotals:
    'SELECT state, count(*) AS n, sum(amount_minor) AS total FROM payments WHERE business_date = ? GROUP BY state',
  dayRefundTotals:
    'SELECT state, count(*) AS n, sum(amount_minor) AS total FROM refunds WHERE business_date = ? GROUP BY state',
  openPaymentsUpTo: 'SELECT * FROM payments WHERE open = 1 AND business_date <= ? ORDER BY id',
  openRefundsUpTo: 'SELECT * FROM refunds WHERE open = 1 AND business_date <= ? ORDER BY id',
  openPayments: 'SELECT * FROM payments WHERE open = 1 ORDER BY id',
  eventsOfPayment: 'SELECT * FROM events WHERE payment_id = ? ORDER BY id',
} as const;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const UserVersionSchema = z.object({ user_version: z.bigint() });
const CheckRowSchema = z.record(z.string(), z.unknown());
const PaymentTotalsRowSchema = z.object({
  state: z.enum(PAYMENT_STATES),
  n: z.bigint(),
  total: z.bigint().nullable(),
});
const RefundTotalsRowSchema = z.object({
  state: z.enum(REFUND_STATES),
  n: z.bigint(),
  total: z.bigint().nullable(),
});
const SumRowSchema = z.object({ total: z.bigint().nullable() });
const CancelRequestSchema = z.object({ reason: z.string(), requestedBy: z.string().nullable() });
export type CancelRequest = z.infer<typeof CancelRequestSchema>;
const CountRowSchema = z.object({ n: z.bigint() });
const ProviderWordRowSchema = z.object({
  provider_status: z.enum(['00', '01', '02', '03', '04', '05', '06', '07']),
  kind: z.string(),
  response_code: z.string().nullable(),
  at: z.bigint(),
});

/** Which column each field of a PaymentChange, CancelChange or RefundChange writes. */
const PAYMENT_COLUMNS: Readonly<Record<keyof PaymentChange, string>> = {
  referenceNo: 'reference_no',
  externalId: 'external_id',
  responseCode: 'response_code',
  responseMessage: 'response_message',
  latestStatus: 'latest_status',
  reason: 'reason',
  decidedBy: 'decided_by',
  lastSentAt: 'last_sent_at',
};
const CANCEL_COLUMNS: Readonly<Record<keyof CancelChange, string>> = {
  externalId: 'external_id',
  responseCode: 'response_code',
  responseMessage: 'response_message',
};
const REFUND_COLUMNS: Readonly<Record<keyof RefundChange, string>> = {
  externalId: 'external_id',
  refundNo: 'refund_no',
  responseCode: 'response_code',
  responseMessage: 'response_message',
  lastSentAt: 'last_sent_at',
};

export class Journal {
  private readonly statements = new Map<string, StatementSync>();
  private readonly now: () => number;
  private readonly utcOffsetMinutes: number;
  private readonly beforeCommit: () => void;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
    options: JournalOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 7 * 60;
    this.beforeCommit = options.beforeCommit ?? (() => {});
  }

  /** Opens (creating if needed) and migrates the journal; refuses a damaged or newer-version one. */
  static open(file: string, options: JournalOptions = {}): Journal {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file);
    } catch (error) {
      throw openFailed(file, error);
    }
    try {
      const journal = new Journal(db, file, options);
      journal.configure(options);
      return journal;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Opens an existing journal only to read it: nothing in its folder is created or changed, so a
   * backup on read-only media reads too. Without a -wal file every page is in the main file, which
   * SQLite then reads as immutable (no -shm file needed); with one, it reads the log as well.
   */
  static openReadOnly(file: string, options: Pick<JournalOptions, 'utcOffsetMinutes'> = {}): Journal {
    let db: DatabaseSync;
    try {
      db = existsSync(`${file}-wal`)
        ? new DatabaseSync(file, { readOnly: true })
        : new DatabaseSync(new URL(`${pathToFileURL(file).href}?immutable=1`), { readOnly: true });
    } catch (error) {
      throw openFailed(file, error);
    }
    try {
      const journal = new Journal(db, file, options);
      try {
        journal.checkIntegrity();
      } catch (error) {
        throw error instanceof KasirError ? error : corrupt(file, error);
      }
      const version = journal.userVersion();
      // Newer: migrate() refuses it. Older: upgrading it would mean writing to it.
      if (version > LATEST_SCHEMA_VERSION) journal.migrate();
      if (version < LATEST_SCHEMA_VERSION) {
        throw journalError(
          'JOURNAL_TOO_OLD',
          'Jurnal pembayaran dibuat oleh versi aplikasi yang lebih lama; buka sekali dengan versi ini (perintah yang menulis) sebelum membacanya.',
          'The payment journal was written by an older version of the app; open it once with this version (a command that writes) before reading it.',
        );
      }
      return journal;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private configure(options: JournalOptions): void {
    try {
      this.db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      this.db.exec('PRAGMA foreign_keys = ON');
      if (!options.skipIntegrityCheck) this.checkIntegrity();
      const mode = this.db.prepare('PRAGMA journal_mode = WAL').get();
      if (this.file !== ':memory:' && mode?.journal_mode !== 'wal') {
        throw new Error(`journal_mode is ${String(mode?.journal_mode)}, WAL is required`);
      }
      this.db.exec('PRAGMA synchronous = FULL');
    } catch (error) {
      if (error instanceof KasirError) throw error;
      throw corrupt(this.file, error);
    }
    this.migrate();
  }

  private checkIntegrity(): void {
    // quick_check reads every page and checks its structure; it is what makes a torn or
    // truncated file fail here, at start, rather than in the middle of a payment.
    const rows = this.db.prepare('PRAGMA quick_check').all();
    const verdicts = rows.map((row) => Object.values(CheckRowSchema.parse(row))[0]);
    if (verdicts.length !== 1 || verdicts[0] !== 'ok') {
      throw corrupt(this.file, new Error(verdicts.map(String).join('; ')));
    }
  }

  private userVersion(): number {
    const stmt = this.db.prepare('PRAGMA user_version');
    stmt.setReadBigInts(true);
    return Number(UserVersionSchema.parse(stmt.get()).user_version);
  }

  private migrate(): void {
    if (this.userVersion() > LATEST_SCHEMA_VERSION) {
      throw journalError(
        'JOURNAL_TOO_NEW',
        'Jurnal pembayaran dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi.',
        'The payment journal was written by a newer version of the app. Update the app.',
      );
    }
    if (this.userVersion() === LATEST_SCHEMA_VERSION) return;
    this.tx(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const current = this.userVersion();
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue;
        migration.up(this.db);
        this.db.exec(`PRAGMA user_version = ${migration.version}`);
      }
    });
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  get schemaVersion(): number {
    return this.userVersion();
  }

  /** The settings durability depends on, as SQLite reports them (for support and tests). */
  diagnostics(): { journalMode: string; synchronous: number; busyTimeoutMs: number; schemaVersion: number } {
    const pragma = (name: string): unknown => {
      const row = this.db.prepare(`PRAGMA ${name}`).get();
      return row === undefined ? undefined : Object.values(row)[0];
    };
    return {
      journalMode: String(pragma('journal_mode')),
      synchronous: Number(pragma('synchronous')),
      busyTimeoutMs: Number(pragma('busy_timeout')),
      schemaVersion: this.userVersion(),
    };
  }

  /** SQLite's plan for one of HOT_QUERIES (the `detail` column of EXPLAIN QUERY PLAN). */
  queryPlan(name: keyof typeof HOT_QUERIES): string[] {
    const placeholders = (HOT_QUERIES[name].match(/\?/g) ?? []).map(() => null);
    return this.db
      .prepare(`EXPLAIN QUERY PLAN ${HOT_QUERIES[name]}`)
      .all(...placeholders)
      .map((row) => String(row.detail));
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private stmt(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      statement.setReadBigInts(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one IMMEDIATE transaction (joining the current one if already inside). */
  tx<T>(fn: () => T): T {
    return this.inTransaction('BEGIN IMMEDIATE', fn);
  }

  /** Runs reads in one snapshot without taking the write lock. */
  private snapshot<T>(fn: () => T): T {
    return this.inTransaction('BEGIN', fn);
  }

  private inTransaction<T>(begin: string, fn: () => T): T {
    if (this.db.isTransaction) return fn();
    this.db.exec(begin);
    try {
      const result = fn();
      if (begin !== 'BEGIN') this.beforeCommit();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private appendEvent(
    paymentId: number,
    operation: OperationKind,
    operationId: number,
    from: string | null,
    to: string | null,
    event: EventInput,
  ): void {
    this.stmt(
      `INSERT INTO events (payment_id, operation, operation_id, kind, from_state, to_state, external_id,
         http_status, response_code, detail, at, provider_status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      paymentId,
      operation,
      operationId,
      event.kind,
      from,
      to,
      event.externalId ?? null,
      event.httpStatus ?? null,
      event.responseCode ?? null,
      redactedJson(event.detail),
      this.now(),
      event.providerStatus ?? null,
    );
  }

  private changeColumns(
    change: object,
    columns: Record<string, string>,
  ): { sets: string[]; values: SQLInputValue[] } {
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    for (const [key, value] of Object.entries(change)) {
      const column = columns[key];
      if (column === undefined || value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(value as SQLInputValue);
    }
    return { sets, values };
  }

  /**
   * The compare-and-set every state change goes through: applies `change` and moves row `id` of
   * `table` to `target`, only if it is still in `expect`. False when it was not (someone moved it first).
   */
  private moveRow(
    table: 'payments' | 'cancels' | 'refunds',
    id: number,
    expect: string,
    target: string,
    open: boolean,
    change: object,
    columns: Record<string, string>,
  ): boolean {
    const { sets, values } = this.changeColumns(change, columns);
    sets.push('state = ?', 'open = ?', 'updated_at = ?');
    values.push(target, open ? 1 : 0, this.now());
    const changes = Number(
      this.stmt(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = ? AND state = ?`).run(
        ...values,
        id,
        expect,
      ).changes,
    );
    return changes === 1;
  }

  /** The row `sql` selects, parsed by `schema`; undefined when there is none. */
  private row<S extends z.ZodType>(
    schema: S,
    sql: string,
    ...params: SQLInputValue[]
  ): z.output<S> | undefined {
    const row = this.stmt(sql).get(...params);
    return row === undefined ? undefined : schema.parse(row);
  }

  /** Every row `sql` selects, each parsed by `schema`, in the query's order. */
  private rows<S extends z.ZodType>(schema: S, sql: string, ...params: SQLInputValue[]): z.output<S>[] {
    return this.stmt(sql)
      .all(...params)
      .map((row) => schema.parse(row));
  }

  // -------------------------------------------------------------------------------------------
  // Payments

  /**
   * Journals a payment attempt in SENDING, durably, before its request may leave. Throws
   * PAYMENT_IN_FLIGHT when the terminal already has an unfinished payment (in any process) and
   * REFERENCE_TAKEN when the partnerReferenceNo exists (the caller draws a new one).
   */
  beginPayment(input: NewPayment): PaymentRecord {
    const at = this.now();
    return this.tx(() => {
      let id: number;
      try {
        const result = this.stmt(
          `INSERT INTO payments (partner_reference_no, terminal_id, merchant_id, sub_merchant_id, amount_minor,
             currency, qr_fingerprint, external_id, state, open, business_date, created_at, updated_at,
             last_sent_at, request_timeout_ms, deadline_at, wallet_label, wallet_last4)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SENDING', 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          input.partnerReferenceNo,
          input.terminalId,
          input.merchantId,
          input.subMerchantId ?? null,
          input.amount,
          input.currency,
          input.qrFingerprint,
          input.externalId,
          businessDate(at, this.utcOffsetMinutes),
          at,
          at,
          at,
          input.requestTimeoutMs,
          input.deadlineAt,
          input.wallet?.label ?? null,
          input.wallet?.last4 ?? null,
        );
        id = Number(result.lastInsertRowid);
      } catch (error) {
        if (isConstraintOn(error, 'payments.terminal_id'))
          throw paymentInFlight(this.openPayments(input.terminalId)[0]);
        if (isConstraintOn(error, 'payments.partner_reference_no')) {
          throw journalError(
            'REFERENCE_TAKEN',
            'Nomor referensi sudah dipakai.',
            'That partnerReferenceNo is already in the journal.',
            error,
          );
        }
        throw error;
      }
      this.appendEvent(id, 'payment', id, null, 'SENDING', {
        kind: 'created',
        externalId: input.externalId,
        detail: { amount: input.amount.toString(), currency: input.currency, qr: input.qrFingerprint },
      });
      return this.requirePayment(id);
    });
  }

  /**
   * Moves a payment from `expect` to `to` (or, with `to` omitted, only records the change and the
   * event). Throws STALE_STATE when the row is no longer in `expect`: someone else (a notification,
   * another process) moved it first, and the caller must re-read and decide again.
   */
  updatePayment(
    id: number,
    expect: PaymentState,
    to: PaymentState | undefined,
    change: PaymentChange,
    event: EventInput,
  ): PaymentRecord {
    if (to !== undefined) assertPaymentTransition(expect, to);
    return this.tx(() => {
      const target = to ?? expect;
      let moved: boolean;
      try {
        moved = this.moveRow(
          'payments',
          id,
          expect,
          target,
          isOpenPaymentState(target),
          change,
          PAYMENT_COLUMNS,
        );
      } catch (error) {
        if (isConstraintOn(error, 'payments.terminal_id')) {
          const current = this.requirePayment(id);
          throw paymentInFlight(this.openPayments(current.terminalId).find((p) => p.id !== id));
        }
        throw error;
      }
      if (!moved) throw staleState('payment', id, expect, this.getPayment(id)?.state);
      this.appendEvent(id, 'payment', id, expect, to ?? null, event);
      if (!isOpenPaymentState(target)) this.closeOpenCancels(id, target);
      return this.requirePayment(id);
    });
  }

  /**
   * A payment that became final can have no cancel left open: one whose answer was never known is
   * closed (its lost answer stays in the history, so reversalFacts still counts it).
   */
  private closeOpenCancels(paymentId: number, paymentState: PaymentState): void {
    for (const cancel of this.rows(
      CancelRowSchema,
      'SELECT * FROM cancels WHERE payment_id = ? AND open = 1',
      paymentId,
    )) {
      this.updateCancel(
        cancel.id,
        cancel.state,
        'CANCEL_CLOSED',
        {},
        {
          kind: 'note',
          detail: { why: `the payment became ${paymentState} before this cancel's answer was known` },
        },
      );
    }
  }

  getPayment(id: number): PaymentRecord | undefined {
    return this.row(PaymentRowSchema, 'SELECT * FROM payments WHERE id = ?', id);
  }

  private requirePayment(id: number): PaymentRecord {
    const payment = this.getPayment(id);
    if (!payment) throw notFound(String(id));
    return payment;
  }

  findByPartnerReferenceNo(partnerReferenceNo: string): PaymentRecord | undefined {
    return this.row(PaymentRowSchema, HOT_QUERIES.paymentByPartnerReferenceNo, partnerReferenceNo);
  }

  findByReferenceNo(referenceNo: string): PaymentRecord | undefined {
    return this.row(PaymentRowSchema, HOT_QUERIES.paymentByReferenceNo, referenceNo);
  }

  /** By our partnerReferenceNo first, then by the provider's referenceNo. */
  findPayment(reference: string): PaymentRecord | undefined {
    return this.findByPartnerReferenceNo(reference) ?? this.findByReferenceNo(reference);
  }

  /** Payments not yet in a final state, oldest first (optionally of one terminal). */
  openPayments(terminalId?: string): PaymentRecord[] {
    return terminalId === undefined
      ? this.rows(PaymentRowSchema, HOT_QUERIES.openPayments)
      : this.rows(
          PaymentRowSchema,
          'SELECT * FROM payments WHERE open = 1 AND terminal_id = ? ORDER BY id',
          terminalId,
        );
  }

  /** A page of payments, newest first, by keyset (constant time however long the history). */
  history(query: HistoryQuery = {}): HistoryPage {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
    const before = query.before ?? Number.MAX_SAFE_INTEGER;
    if (query.date !== undefined && !DATE_PATTERN.test(query.date)) throw badDate(query.date);
    const rows =
      query.date === undefined
        ? this.stmt(HOT_QUERIES.historyPage).all(before, limit + 1)
        : this.stmt(HOT_QUERIES.historyPageOfDay).all(query.date, before, limit + 1);
    const items = rows.slice(0, limit).map((row) => PaymentRowSchema.parse(row));
    const last = items.at(-1);
    return { items, nextBefore: rows.length > limit && last ? last.id : null };
  }

  /**
   * Payments of a range of business days, newest first, optionally narrowed by state, exact amount
   * or a part of either reference. At most `limit` (default 200); `truncated` says more matched.
   */
  search(query: PaymentSearch): { items: PaymentRecord[]; truncated: boolean } {
    for (const day of [query.from, query.to]) if (!DATE_PATTERN.test(day)) throw badDate(day);
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 200), 1), 1000);
    const where = ['business_date BETWEEN ? AND ?'];
    const values: SQLInputValue[] = [query.from, query.to];
    if (query.states !== undefined && query.states.length > 0) {
      where.push(`state IN (${query.states.map(() => '?').join(', ')})`);
      values.push(...query.states);
    }
    if (query.amount !== undefined) {
      where.push('amount_minor = ?');
      values.push(query.amount);
    }
    if (query.reference !== undefined && query.reference !== '') {
      const pattern = `%${query.reference.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(partner_reference_no LIKE ? ESCAPE '\\' OR reference_no LIKE ? ESCAPE '\\')");
      values.push(pattern, pattern);
    }
    const rows = this.stmt(
      `SELECT * FROM payments WHERE ${where.join(' AND ')} ORDER BY business_date DESC, id DESC LIMIT ?`,
    ).all(...values, limit + 1);
    return {
      items: rows.slice(0, limit).map((row) => PaymentRowSchema.parse(row)),
      truncated: rows.length > limit,
    };
  }

  /** Records that a receipt (or a copy) of a payment was printed: receipts are part of its history. */
  recordReceipt(paymentId: number, copy: boolean): void {
    this.tx(() => {
      const payment = this.requirePayment(paymentId);
      this.appendEvent(paymentId, 'payment', paymentId, null, null, {
        kind: 'receipt',
        detail: { copy, state: payment.state },
      });
    });
  }

  receiptsPrinted(paymentId: number): number {
    const row = this.stmt("SELECT count(*) AS n FROM events WHERE payment_id = ? AND kind = 'receipt'").get(
      paymentId,
    );
    return Number(CountRowSchema.parse(row).n);
  }

  events(paymentId: number): EventRecord[] {
    return this.rows(EventRowSchema, HOT_QUERIES.eventsOfPayment, paymentId);
  }

  /**
   * The latest thing the provider said about this payment's status (a query, a verified notify, or
   * the payment answer itself). With `definite`, only a status that settles something: 00, 04, 05, 06.
   */
  providerWord(paymentId: number, options: { definite?: boolean } = {}): ProviderWord | undefined {
    const row = this.stmt(
      `SELECT provider_status, kind, response_code, at FROM events
        WHERE payment_id = ? AND provider_status IS NOT NULL
          ${options.definite ? "AND provider_status IN ('00', '04', '05', '06')" : ''}
        ORDER BY id DESC LIMIT 1`,
    ).get(paymentId);
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
  reversalFacts(paymentId: number): ReversalFacts {
    const seen = new Set(
      this.stmt(
        `SELECT DISTINCT operation || ':' || to_state AS move FROM events
          WHERE payment_id = ? AND to_state IN ('PAID', 'CANCEL_ACCEPTED', 'CANCEL_LOST', 'CANCEL_REJECTED')`,
      )
        .all(paymentId)
        .map((row) => String(row.move)),
    );
    return {
      wasPaid: seen.has('payment:PAID'),
      accepted: seen.has('cancel:CANCEL_ACCEPTED'),
      lost: seen.has('cancel:CANCEL_LOST'),
      refused: seen.has('cancel:CANCEL_REJECTED'),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Cancels

  /**
   * Journals a supervisor's request to cancel an unfinished payment now, for whichever engine is
   * resolving it (this process, or the recovery after a restart) to act on at its next step. False
   * when the payment is already final: there is nothing left to ask for.
   */
  requestCancel(paymentId: number, request: CancelRequest): boolean {
    return this.tx(() => {
      const payment = this.requirePayment(paymentId);
      if (!isOpenPaymentState(payment.state)) return false;
      this.appendEvent(paymentId, 'payment', paymentId, payment.state, null, {
        kind: 'cancel-request',
        detail: request,
      });
      return true;
    });
  }

  /** The latest cancel request of a payment that no cancel has followed yet. */
  pendingCancelRequest(paymentId: number): CancelRequest | undefined {
    const row = this.stmt(
      `SELECT detail FROM events WHERE payment_id = ? AND kind = 'cancel-request'
         AND id > coalesce((SELECT max(id) FROM events WHERE payment_id = ? AND operation = 'cancel'
                              AND kind = 'created'), 0)
       ORDER BY id DESC LIMIT 1`,
    ).get(paymentId, paymentId);
    if (row === undefined) return undefined;
    const detail = typeof row.detail === 'string' ? (JSON.parse(row.detail) as unknown) : null;
    const parsed = CancelRequestSchema.safeParse(detail);
    // A request whose details were damaged is still a request.
    return parsed.success ? parsed.data : { reason: 'cancel requested', requestedBy: null };
  }

  /** Journals a cancel in CANCEL_SENDING and moves its payment to CANCELLING, before the request leaves. */
  beginCancel(
    paymentId: number,
    expect: PaymentState,
    input: NewCancel,
    event: EventInput,
  ): { payment: PaymentRecord; cancel: CancelRecord } {
    return this.tx(() => {
      const payment = this.updatePayment(paymentId, expect, 'CANCELLING', {}, event);
      const at = this.now();
      let id: number;
      try {
        id = Number(
          this.stmt(
            `INSERT INTO cancels (payment_id, external_id, state, open, reason, requested_by, created_at, updated_at)
             VALUES (?, ?, 'CANCEL_SENDING', 1, ?, ?, ?, ?)`,
          ).run(paymentId, input.externalId, input.reason ?? null, input.requestedBy ?? null, at, at)
            .lastInsertRowid,
        );
      } catch (error) {
        if (isConstraintOn(error, 'cancels.payment_id')) {
          throw journalError(
            'CANCEL_IN_FLIGHT',
            'Pembatalan untuk pembayaran ini sedang berjalan.',
            'A cancel of this payment is already in progress.',
            error,
          );
        }
        throw error;
      }
      this.appendEvent(paymentId, 'cancel', id, null, 'CANCEL_SENDING', {
        kind: 'created',
        externalId: input.externalId,
        detail: { reason: input.reason ?? null, requestedBy: input.requestedBy ?? null },
      });
      return { payment, cancel: this.requireCancel(id) };
    });
  }

  updateCancel(
    id: number,
    expect: CancelState,
    to: CancelState | undefined,
    change: CancelChange,
    event: EventInput,
  ): CancelRecord {
    if (to !== undefined) assertCancelTransition(expect, to);
    return this.tx(() => {
      const target = to ?? expect;
      if (!this.moveRow('cancels', id, expect, target, isOpenCancelState(target), change, CANCEL_COLUMNS)) {
        throw staleState('cancel', id, expect, this.getCancel(id)?.state);
      }
      const current = this.requireCancel(id);
      this.appendEvent(current.paymentId, 'cancel', id, expect, to ?? null, event);
      return current;
    });
  }

  getCancel(id: number): CancelRecord | undefined {
    return this.row(CancelRowSchema, 'SELECT * FROM cancels WHERE id = ?', id);
  }

  private requireCancel(id: number): CancelRecord {
    const cancel = this.getCancel(id);
    if (!cancel) throw notFound(`cancel ${id}`);
    return cancel;
  }

  cancelsOf(paymentId: number): CancelRecord[] {
    return this.rows(CancelRowSchema, 'SELECT * FROM cancels WHERE payment_id = ? ORDER BY id', paymentId);
  }

  openCancelOf(paymentId: number): CancelRecord | undefined {
    return this.row(CancelRowSchema, 'SELECT * FROM cancels WHERE payment_id = ? AND open = 1', paymentId);
  }

  // -------------------------------------------------------------------------------------------
  // Refunds

  /**
   * Journals a refund in REFUND_SENDING after checking, inside the same write transaction, that it
   * fits in what was paid minus every refund that went through or may still go through.
   */
  beginRefund(input: NewRefund): RefundRecord {
    const at = this.now();
    return this.tx(() => {
      const payment = this.requirePayment(input.paymentId);
      if (!isPaidState(payment.state)) {
        throw journalError(
          'PAYMENT_NOT_REFUNDABLE',
          `Pembayaran ${payment.partnerReferenceNo} berstatus ${payment.state}; hanya pembayaran lunas yang dapat dikembalikan.`,
          `Payment ${payment.partnerReferenceNo} is ${payment.state}; only a paid payment can be refunded.`,
        );
      }
      if (input.amount <= 0n) {
        throw journalError(
          'REFUND_AMOUNT_INVALID',
          'Jumlah pengembalian harus lebih dari nol.',
          'The refund amount must be more than zero.',
        );
      }
      const remaining = payment.amount - this.committedRefundTotal(payment.id);
      if (input.amount > remaining) {
        throw new KasirError({
          code: 'REFUND_EXCEEDS_REMAINING',
          message: {
            id:
              remaining === 0n
                ? 'Tidak ada lagi yang dapat dikembalikan: seluruh jumlahnya sudah (atau sedang) dikembalikan.'
                : `Jumlah pengembalian melebihi sisa yang dapat dikembalikan (${formatRupiah(remaining)}).`,
            en:
              remaining === 0n
                ? 'Nothing is left to refund: the whole amount has been (or is being) refunded.'
                : `The refund is more than what is left to refund (${formatRupiah(remaining)}).`,
          },
          raw: { remaining: remaining.toString(), requested: input.amount.toString() },
        });
      }
      let id: number;
      try {
        id = Number(
          this.stmt(
            `INSERT INTO refunds (payment_id, partner_refund_no, amount_minor, currency, reason, requested_by,
               external_id, state, open, business_date, created_at, updated_at, last_sent_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'REFUND_SENDING', 1, ?, ?, ?, ?)`,
          ).run(
            payment.id,
            input.partnerRefundNo,
            input.amount,
            payment.currency,
            input.reason ?? null,
            input.requestedBy ?? null,
            input.externalId,
            businessDate(at, this.utcOffsetMinutes),
            at,
            at,
            at,
          ).lastInsertRowid,
        );
      } catch (error) {
        if (isConstraintOn(error, 'refunds.partner_refund_no')) {
          throw journalError(
            'REFERENCE_TAKEN',
            'Nomor pengembalian sudah dipakai.',
            'That partnerRefundNo is already in the journal.',
            error,
          );
        }
        throw error;
      }
      this.appendEvent(payment.id, 'refund', id, null, 'REFUND_SENDING', {
        kind: 'created',
        externalId: input.externalId,
        detail: {
          partnerRefundNo: input.partnerRefundNo,
          amount: input.amount.toString(),
          reason: input.reason ?? null,
          requestedBy: input.requestedBy ?? null,
        },
      });
      return this.requireRefund(id);
    });
  }

  /** Refunds that went through or may still go through: what is no longer available to refund. */
  committedRefundTotal(paymentId: number): Minor {
    return this.refundSum(paymentId, COMMITTED_REFUND_STATES);
  }

  /** Refunds that went back to the customer: confirmed by the provider, or so decided by a supervisor. */
  refundedTotal(paymentId: number): Minor {
    return this.refundSum(paymentId, REFUNDED_STATES);
  }

  private refundSum(paymentId: number, states: readonly RefundState[]): Minor {
    const row = this.stmt(
      `SELECT sum(amount_minor) AS total FROM refunds WHERE payment_id = ? AND state IN (${states.map(() => '?').join(', ')})`,
    ).get(paymentId, ...states);
    return SumRowSchema.parse(row).total ?? 0n;
  }

  updateRefund(
    id: number,
    expect: RefundState,
    to: RefundState | undefined,
    change: RefundChange,
    event: EventInput,
  ): RefundRecord {
    if (to !== undefined) assertRefundTransition(expect, to);
    return this.tx(() => {
      const target = to ?? expect;
      if (!this.moveRow('refunds', id, expect, target, isOpenRefundState(target), change, REFUND_COLUMNS)) {
        throw staleState('refund', id, expect, this.getRefund(id)?.state);
      }
      const current = this.requireRefund(id);
      this.appendEvent(current.paymentId, 'refund', id, expect, to ?? null, event);
      return current;
    });
  }

  getRefund(id: number): RefundRecord | undefined {
    return this.row(RefundRowSchema, 'SELECT * FROM refunds WHERE id = ?', id);
  }

  private requireRefund(id: number): RefundRecord {
    const refund = this.getRefund(id);
    if (!refund) throw notFound(`refund ${id}`);
    return refund;
  }

  findRefund(partnerRefundNo: string): RefundRecord | undefined {
    return this.row(RefundRowSchema, 'SELECT * FROM refunds WHERE partner_refund_no = ?', partnerRefundNo);
  }

  refundsOf(paymentId: number): RefundRecord[] {
    return this.rows(RefundRowSchema, 'SELECT * FROM refunds WHERE payment_id = ? ORDER BY id', paymentId);
  }

  openRefunds(): RefundRecord[] {
    return this.rows(RefundRowSchema, 'SELECT * FROM refunds WHERE open = 1 ORDER BY id');
  }

  // -------------------------------------------------------------------------------------------
  // Anomalies: answers and notifications that match nothing we sent (DESIGN.md §3.5)

  recordAnomaly(kind: string, detail: unknown): void {
    this.stmt('INSERT INTO anomalies (kind, detail, at) VALUES (?, ?, ?)').run(
      kind,
      redactedJson(detail),
      this.now(),
    );
  }

  anomalies(limit = 100): AnomalyRecord[] {
    return this.rows(AnomalyRowSchema, 'SELECT * FROM anomalies ORDER BY id DESC LIMIT ?', limit);
  }

  // -------------------------------------------------------------------------------------------
  // End of day

  dayReport(date: string): DayReport {
    if (!DATE_PATTERN.test(date)) throw badDate(date);
    const payments = Object.fromEntries(PAYMENT_STATES.map((s) => [s, { count: 0, total: 0n }])) as Record<
      PaymentState,
      Bucket
    >;
    const refunds = Object.fromEntries(REFUND_STATES.map((s) => [s, { count: 0, total: 0n }])) as Record<
      RefundState,
      Bucket
    >;
    return this.snapshot(() => {
      // One read snapshot, so the totals and the unresolved list describe the same moment.
      for (const row of this.stmt(HOT_QUERIES.dayPaymentTotals).all(date)) {
        const r = PaymentTotalsRowSchema.parse(row);
        payments[r.state] = { count: Number(r.n), total: r.total ?? 0n };
      }
      for (const row of this.stmt(HOT_QUERIES.dayRefundTotals).all(date)) {
        const r = RefundTotalsRowSchema.parse(row);
        refunds[r.state] = { count: Number(r.n), total: r.total ?? 0n };
      }
      const paid = {
        count: payments.PAID.count + payments.MANUAL_PAID.count,
        total: payments.PAID.total + payments.MANUAL_PAID.total,
      };
      const unresolvedPayments = this.rows(PaymentRowSchema, HOT_QUERIES.openPaymentsUpTo, date);
      const unresolvedRefunds = this.rows(RefundRowSchema, HOT_QUERIES.openRefundsUpTo, date);
      const refundedTotal = REFUNDED_STATES.reduce((sum, state) => sum + refunds[state].total, 0n);
      return {
        date,
        payments,
        refunds,
        paid,
        net: paid.total - refundedTotal,
        unresolvedPayments,
        unresolvedRefunds,
      };
    });
  }
}

function openFailed(file: string, cause: unknown): KasirError {
  return journalError(
    'JOURNAL_OPEN_FAILED',
    `Jurnal pembayaran tidak dapat dibuka (${file}). Periksa izin folder data.`,
    `The payment journal cannot be opened (${file}). Check the data folder's permissions.`,
    cause,
  );
}

function corrupt(file: string, cause: unknown): KasirError {
  return journalError(
    'JOURNAL_CORRUPT',
    `Jurnal pembayaran rusak atau bukan jurnal Kasir (${file}). Jangan terima pembayaran; hubungi dukungan teknis dengan salinan file ini.`,
    `The payment journal is damaged or not a Kasir journal (${file}). Take no payments; contact support with a copy of this file.`,
    cause,
  );
}

function paymentInFlight(open: PaymentRecord | undefined): KasirError {
  const ref = open?.partnerReferenceNo ?? '?';
  return new KasirError({
    code: 'PAYMENT_IN_FLIGHT',
    message: {
      id: `Masih ada pembayaran yang belum selesai di terminal ini (${ref}). Selesaikan dulu sebelum menerima pembayaran baru.`,
      en: `This terminal still has an unfinished payment (${ref}). Resolve it before taking a new payment.`,
    },
    raw: open ? { partnerReferenceNo: open.partnerReferenceNo, state: open.state } : undefined,
  });
}

function staleState(
  operation: OperationKind,
  id: number,
  expected: string,
  actual: string | undefined,
): KasirError {
  return new KasirError({
    code: 'STALE_STATE',
    message: {
      id: `Status ${operation} ${id} sudah berubah (${actual ?? 'tidak ada'}, bukan ${expected}).`,
      en: `The ${operation} ${id} has already moved (it is ${actual ?? 'missing'}, not ${expected}).`,
    },
    raw: { operation, id, expected, actual: actual ?? null },
  });
}

function notFound(reference: string): KasirError {
  return journalError(
    'PAYMENT_NOT_FOUND',
    `Transaksi ${reference} tidak ada di jurnal.`,
    `Transaction ${reference} is not in the journal.`,
  );
}

function badDate(date: string): KasirError {
  return journalError(
    'DATE_FORMAT',
    `Tanggal harus berformat YYYY-MM-DD, bukan ${JSON.stringify(date)}.`,
    `The date must look like YYYY-MM-DD, not ${JSON.stringify(date)}.`,
  );
}
