// The journal's SQLite plumbing: opening (and refusing a damaged or newer file), migrations,
// prepared statements, transactions with a chosen durability, typed row reads, and the append-only
// event log every change writes to. The journal's tables build on this; nothing else touches SQL.
//
// SQLite via node:sqlite (no native build), in WAL mode. Durability is chosen per transaction: a
// write that comes before a request leaves the terminal is committed with synchronous=FULL (fsync'd:
// it survives power loss); the record of an answer is committed with synchronous=NORMAL and becomes
// durable with the next fsync'd commit or checkpoint (at most FLUSH_AFTER_MS later). Losing such a
// record to a power cut only sends the operation back to recovery, which asks the provider with the
// same references — what it must do after any crash anyway.

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { KasirError } from '../../errors';
import { fsyncFile, fsyncFileAsync, fsyncFolder, fsyncFolderAsync } from '../../files/fsync-path';
import { guardJournalFile, markJournalFile } from '../../files/journal-marker';
import { preparePrivateDatabase } from '../../files/private-files';
import type { EventInput, PurchaseEventInput } from '../journal-records';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../migrations';
import { redactedJson } from '../redact';
import type { PaymentHistoryKind } from '../states';
import { corrupt, journalError, openFailed } from './errors';

export interface JournalOptions {
  now?: () => number;
  /** The terminal's UTC offset in minutes; fixes which business day a payment belongs to. Default +420 (WIB). */
  utcOffsetMinutes?: number;
  /** How long a writer waits for another process's transaction before giving up. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Skip the start-up structure check (benchmarks of the raw engine only; the app and CLI never do). */
  skipIntegrityCheck?: boolean;
  /** Called inside every write transaction just before COMMIT (the crash test kills the process there). */
  beforeCommit?: () => void;
}

/** The settings durability depends on, as SQLite reports them. */
export interface JournalDiagnostics {
  journalMode: string;
  synchronous: number;
  /** F_FULLFSYNC on macOS, where a plain fsync stops at the drive's cache. */
  fullfsync: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

/** "durable": fsync'd before COMMIT returns. "relaxed": atomic, durable with the next fsync (see above). */
export type Durability = 'durable' | 'relaxed';

/** The longest a relaxed commit waits for an fsync when nothing else writes. */
export const FLUSH_AFTER_MS = 1000;

const UserVersionSchema = z.object({ user_version: z.bigint() });
const CheckRowSchema = z.record(z.string(), z.unknown());

/**
 * The newest rows through every index: each query walks one b-tree from its root to its last leaf,
 * where a torn write would be. A cheap structural check at open; the full one runs in the background.
 */
const NEWEST_THROUGH_EVERY_INDEX: readonly (string | { sql: string; since?: number; until?: number })[] = [
  'SELECT id FROM payments ORDER BY id DESC LIMIT 4',
  'SELECT id FROM payments INDEXED BY payments_reference_no WHERE reference_no IS NOT NULL ORDER BY reference_no DESC LIMIT 4',
  'SELECT id FROM payments INDEXED BY payments_one_open_per_terminal WHERE open = 1 ORDER BY terminal_id DESC LIMIT 4',
  'SELECT partner_reference_no FROM payments ORDER BY partner_reference_no DESC LIMIT 4',
  'SELECT id FROM cancels ORDER BY id DESC LIMIT 4',
  'SELECT id FROM cancels INDEXED BY cancels_payment ORDER BY payment_id DESC LIMIT 4',
  'SELECT id FROM refunds ORDER BY id DESC LIMIT 4',
  'SELECT id FROM refunds INDEXED BY refunds_payment ORDER BY payment_id DESC LIMIT 4',
  'SELECT id FROM refunds INDEXED BY refunds_day_report ORDER BY business_date DESC LIMIT 4',
  'SELECT partner_refund_no FROM refunds ORDER BY partner_refund_no DESC LIMIT 4',
  'SELECT id FROM events ORDER BY id DESC LIMIT 4',
  'SELECT id FROM events INDEXED BY events_payment ORDER BY payment_id DESC, id DESC LIMIT 4',
  'SELECT id FROM anomalies ORDER BY id DESC LIMIT 4',
  // Indexes migration 8 folded into fewer: walked only in a journal that still has them.
  ...[
    'SELECT id FROM payments INDEXED BY payments_day_page ORDER BY business_date DESC, id DESC LIMIT 4',
    'SELECT id FROM payments INDEXED BY payments_day_report ORDER BY business_date DESC, state DESC LIMIT 4',
    'SELECT id FROM payments INDEXED BY payments_open WHERE open = 1 ORDER BY id DESC LIMIT 4',
  ].map((sql) => ({ sql, until: 8 })),
  {
    sql: 'SELECT id FROM payments INDEXED BY payments_day ORDER BY business_date DESC, id DESC LIMIT 4',
    since: 8,
  },
  // Tables a later migration added: walked only in a journal that has them (the walk precedes migrating).
  ...[
    'SELECT id FROM purchases ORDER BY id DESC LIMIT 4',
    'SELECT partner_reference_id FROM purchases ORDER BY partner_reference_id DESC LIMIT 4',
    'SELECT id FROM purchases INDEXED BY purchases_open WHERE open = 1 ORDER BY id DESC LIMIT 4',
    'SELECT id FROM purchases INDEXED BY purchases_day_page ORDER BY business_date DESC, id DESC LIMIT 4',
    'SELECT id FROM purchase_events ORDER BY id DESC LIMIT 4',
    'SELECT id FROM purchase_events INDEXED BY purchase_events_purchase ORDER BY purchase_id DESC, id DESC LIMIT 4',
    'SELECT id FROM ppob_inquiries ORDER BY id DESC LIMIT 4',
  ].map((sql) => ({ sql, since: 5 })),
];

function tooNew(): KasirError {
  return journalError(
    'JOURNAL_TOO_NEW',
    'Jurnal pembayaran dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi.',
    'The payment journal was written by a newer version of the app. Update the app.',
  );
}

/** A statement that changes rows: the journal runs one only inside tx(), which chooses its durability. */
const WRITES = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE)\b/i;

export class JournalDatabase {
  private readonly statements = new Map<string, { statement: StatementSync; writes: boolean }>();
  readonly now: () => number;
  readonly utcOffsetMinutes: number;
  private readonly beforeCommit: () => void;
  private synchronous: Durability | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /**
   * Relaxed commits made by this connection, and how many of them are known synced (by an fsync of
   * the WAL, or a checkpoint that copied every frame): a count, not a flag, because syncAll's fsync
   * runs on the thread pool while commits go on, and covers only those made before it started.
   */
  private relaxedCommits = 0;
  private relaxedSynced = 0;
  /**
   * The WAL (device:inode) whose name in the journal's folder is known on disk. SQLite syncs the
   * folder at its own first fsync of a WAL it created, but a WAL first written by a relaxed commit
   * and then synced by us would otherwise have its data on disk and its name not.
   */
  private walNameSynced: string | undefined;
  private syncFailure: KasirError | undefined;
  private savepointDepth = 0;
  /**
   * Set while tx() runs once SQLite rolled the whole transaction back under an inner step (a full
   * disk, some constraint resolutions) and the caller caught the failure: nothing of that tx() may
   * commit, and it fails with this error. `losses` counts such rollbacks, so a savepoint knows
   * whether it went with one.
   */
  private lostTo: { error: unknown } | undefined;
  private losses = 0;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
    options: JournalOptions,
    /** Opened read-only without a WAL: SQLite reads the file as immutable and never opens one. */
    private readonly withoutWal = false,
  ) {
    this.now = options.now ?? Date.now;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 7 * 60;
    this.beforeCommit = options.beforeCommit ?? (() => {});
  }

  /** Opens (creating if needed) and migrates the journal; refuses a damaged or newer-version one. */
  static open(file: string, options: JournalOptions = {}): JournalDatabase {
    guardJournalFile(file);
    let db: DatabaseSync;
    try {
      preparePrivateDatabase(file);
      db = new DatabaseSync(file);
    } catch (error) {
      if (error instanceof KasirError) throw error;
      throw openFailed(file, error);
    }
    try {
      const journal = new JournalDatabase(db, file, options);
      journal.configure(options);
      markJournalFile(file);
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
  static openReadOnly(file: string, options: Pick<JournalOptions, 'utcOffsetMinutes'> = {}): JournalDatabase {
    guardJournalFile(file);
    const withoutWal = !existsSync(`${file}-wal`);
    let db: DatabaseSync;
    try {
      db = withoutWal
        ? new DatabaseSync(new URL(`${pathToFileURL(file).href}?immutable=1`), { readOnly: true })
        : new DatabaseSync(file, { readOnly: true });
    } catch (error) {
      throw openFailed(file, error);
    }
    try {
      const journal = new JournalDatabase(db, file, options, withoutWal);
      try {
        journal.checkStructure();
      } catch (error) {
        throw error instanceof KasirError ? error : corrupt(file, error);
      }
      // Newer: the check above refused it. Older: upgrading it would mean writing to it.
      if (journal.userVersion() < LATEST_SCHEMA_VERSION) {
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
      if (!options.skipIntegrityCheck) this.checkStructure();
      const mode = this.db.prepare('PRAGMA journal_mode = WAL').get();
      if (this.file !== ':memory:' && mode?.journal_mode !== 'wal') {
        throw new Error(`journal_mode is ${String(mode?.journal_mode)}, WAL is required`);
      }
      // macOS's fsync leaves the data in the drive's cache; F_FULLFSYNC flushes it (a no-op elsewhere).
      // Node's own fsyncs (syncAll, syncRelaxed) already use F_FULLFSYNC there.
      this.db.exec('PRAGMA fullfsync = ON');
      this.setSynchronous('durable');
    } catch (error) {
      if (error instanceof KasirError) throw error;
      throw corrupt(this.file, error);
    }
    this.migrate();
  }

  /**
   * The check at open, cheap whatever the journal's size: the file header is SQLite's and the file
   * holds every page the header counts (a truncated copy fails here), and the newest rows read
   * through every index. `PRAGMA quick_check` over the whole file is `fullCheck`, run in the
   * background (see integrity-check.ts): at a million payments it takes seconds.
   */
  private checkStructure(): void {
    if (this.file !== ':memory:') checkHeader(this.file);
    // One read snapshot: the version and the indexes walked are of the same moment, even while
    // another process migrates (a migration may drop an index this version's walk would name).
    this.snapshot(() => {
      const version = this.userVersion();
      if (version === 0) return; // a new, empty journal: nothing to walk yet
      // A newer app's journal may lack indexes this version knows: it is refused as too new (the
      // answer is to update), never walked and called damaged.
      if (version > LATEST_SCHEMA_VERSION) throw tooNew();
      for (const entry of NEWEST_THROUGH_EVERY_INDEX) {
        if (typeof entry === 'string') this.db.prepare(entry).all();
        else if (version >= (entry.since ?? 0) && version < (entry.until ?? Number.POSITIVE_INFINITY)) {
          this.db.prepare(entry.sql).all();
        }
      }
    });
  }

  /** Every page read and its structure checked (seconds at a million payments). */
  fullCheck(): { ok: true } | { ok: false; detail: string } {
    const rows = this.db.prepare('PRAGMA quick_check').all();
    const verdicts = rows.map((row) => Object.values(CheckRowSchema.parse(row))[0]);
    return verdicts.length === 1 && verdicts[0] === 'ok'
      ? { ok: true }
      : { ok: false, detail: verdicts.map(String).join('; ') };
  }

  userVersion(): number {
    const stmt = this.db.prepare('PRAGMA user_version');
    stmt.setReadBigInts(true);
    return Number(UserVersionSchema.parse(stmt.get()).user_version);
  }

  private migrate(): void {
    if (this.userVersion() > LATEST_SCHEMA_VERSION) throw tooNew();
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.db.isOpen) this.db.close();
  }

  /**
   * Makes every relaxed commit so far durable now, by an fsync of the WAL (what a durable commit
   * would do), not a checkpoint: for a process about to end with the journal left open (the `kasir`
   * CLI), whose scheduled flush would never run. SQLite's own close would checkpoint instead — an
   * fsync'd write of every page into the database file, ~10 ms — and the next open reads the WAL
   * as it is. True when there was something to sync.
   */
  syncRelaxed(): boolean {
    if (this.relaxedSynced === this.relaxedCommits || this.file === ':memory:') return false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // fsync flushes the file's pages whichever descriptor asks; SQLite's own is not reachable.
    const wal = fsyncFile(`${this.file}-wal`);
    if (wal !== this.walNameSynced) {
      fsyncFolder(dirname(this.file));
      this.walNameSynced = wal;
    }
    this.relaxedSynced = this.relaxedCommits;
    return true;
  }

  /**
   * Resolves once everything committed to the journal so far, by any process, is on disk: an fsync
   * of the WAL on the thread pool (the main thread goes on). Unlike syncRelaxed it syncs whether or
   * not this process made a relaxed commit, because another process sharing the journal (the CLI,
   * a second window) may have. Frames a checkpoint already copied were synced by that checkpoint.
   */
  async syncAll(): Promise<void> {
    if (this.file === ':memory:') return;
    // After a failed fsync Linux marks the lost pages clean, so a second fsync "succeeds" over data
    // that never reached the disk: one failure stands until the process starts again.
    if (this.syncFailure) throw this.syncFailure;
    const upTo = this.relaxedCommits;
    try {
      const wal = await syncWal(`${this.file}-wal`, this.withoutWal);
      if (wal !== undefined && wal !== this.walNameSynced) {
        await fsyncFolderAsync(dirname(this.file));
        this.walNameSynced = wal;
      }
      this.relaxedSynced = Math.max(this.relaxedSynced, upTo);
    } catch (error) {
      this.syncFailure = journalError(
        'JOURNAL_SYNC_FAILED',
        'Disk menolak menyimpan jurnal (fsync gagal). Tidak ada lagi yang dikirim ke server sampai aplikasi dijalankan ulang; periksa disk.',
        'The disk refused to flush the journal (fsync failed). Nothing more is sent to the server until the app restarts; check the disk.',
        error,
      );
      throw this.syncFailure;
    }
  }

  /** The settings durability depends on, as SQLite reports them (for support and tests). */
  diagnostics(): JournalDiagnostics {
    const pragma = (name: string): unknown => {
      const row = this.db.prepare(`PRAGMA ${name}`).get();
      return row === undefined ? undefined : Object.values(row)[0];
    };
    return {
      journalMode: String(pragma('journal_mode')),
      synchronous: Number(pragma('synchronous')),
      fullfsync: Number(pragma('fullfsync')) === 1,
      busyTimeoutMs: Number(pragma('busy_timeout')),
      schemaVersion: this.userVersion(),
    };
  }

  /** SQLite's plan for a query (the `detail` column of EXPLAIN QUERY PLAN), every parameter null. */
  queryPlan(sql: string): string[] {
    const placeholders = (sql.match(/\?/g) ?? []).map(() => null);
    return this.db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...placeholders)
      .map((row) => String(row.detail));
  }

  // -------------------------------------------------------------------------------------------

  stmt(sql: string): StatementSync {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      const statement = this.db.prepare(sql);
      statement.setReadBigInts(true);
      prepared = { statement, writes: WRITES.test(sql) };
      this.statements.set(sql, prepared);
    }
    // Outside a transaction SQLite would autocommit the write at whatever safety level the last tx()
    // left (often NORMAL: no fsync), and no relaxed commit would be counted for syncRelaxed/syncAll.
    if (prepared.writes && !this.db.isTransaction) {
      throw new Error(
        `a journal write outside tx(), which chooses its durability: ${sql.trim().slice(0, 60)}`,
      );
    }
    return prepared.statement;
  }

  get inTransaction(): boolean {
    return this.db.isTransaction;
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction, committed with the given durability. Inside a
   * transaction already, `fn` runs in a savepoint of it (the outer one's durability then applies):
   * when `fn` throws, its own writes are undone even if the caller catches the error and commits
   * the rest, so no half of an inner step is ever committed. When SQLite answered the inner step's
   * failure by rolling the whole transaction back, there is no rest to commit: this tx() then
   * commits nothing and throws that failure, even if `fn` caught it and returned.
   */
  tx<T>(fn: () => T, durability: Durability = 'durable'): T {
    if (this.db.isTransaction) return this.savepoint(fn);
    // SQLite takes the safety level only outside a transaction.
    this.setSynchronous(durability);
    this.db.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = fn();
      if (this.lostTo) throw this.lostTo.error;
      this.beforeCommit();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      // Whatever fn did after the transaction was lost came of that loss: report the loss itself.
      throw this.lostTo ? this.lostTo.error : error;
    } finally {
      this.lostTo = undefined;
    }
    // Set only: a durable commit that changed no page syncs nothing, so it cannot be told to clear it.
    if (durability === 'relaxed') {
      this.relaxedCommits += 1;
      this.flushSoon();
    }
    return result;
  }

  private savepoint<T>(fn: () => T): T {
    // Named by depth: savepoints nest strictly, so the innermost open one is always this one.
    this.savepointDepth += 1;
    const name = `inner_${this.savepointDepth}`;
    const losses = this.losses;
    try {
      this.db.exec(`SAVEPOINT ${name}`);
      let result: T;
      try {
        result = fn();
      } catch (error) {
        // Gone with a rollback of the whole transaction (this one's or a deeper step's): nothing to undo.
        if (this.losses === losses) {
          if (this.db.isTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
          else this.loseTransaction(error);
        }
        throw error;
      }
      if (this.losses === losses) this.db.exec(`RELEASE ${name}`);
      return result;
    } finally {
      this.savepointDepth -= 1;
    }
  }

  /**
   * SQLite rolled the whole transaction back under an inner step (SQLITE_FULL, say). The caller may
   * catch that and go on: what it writes next goes into a fresh transaction, which the outer tx()
   * rolls back, instead of each write autocommitting on its own.
   */
  private loseTransaction(error: unknown): void {
    this.lostTo ??= { error };
    this.losses += 1;
    this.db.exec('BEGIN');
  }

  /** Runs reads in one snapshot without taking the write lock. */
  snapshot<T>(fn: () => T): T {
    if (this.db.isTransaction) return fn();
    this.db.exec('BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private setSynchronous(durability: Durability): void {
    if (this.synchronous === durability) return;
    this.db.exec(`PRAGMA synchronous = ${durability === 'durable' ? 'FULL' : 'NORMAL'}`);
    this.synchronous = durability;
  }

  /** A relaxed commit becomes durable at the next checkpoint, which this schedules (off the hot path). */
  private flushSoon(): void {
    if (this.flushTimer !== undefined || this.file === ':memory:') return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.db.isOpen || this.db.isTransaction) return;
      try {
        const upTo = this.relaxedCommits;
        const done = this.db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get();
        // Every frame copied: the WAL was fsync'd first. A reader holding older frames can stop
        // it short, and then the relaxed commits may still be unsynced. One that could not run at
        // all (another connection holds the checkpoint lock) answers busy, log and checkpointed -1.
        if (
          done !== undefined &&
          done.busy === 0 &&
          Number(done.log) >= 0 &&
          done.log === done.checkpointed
        ) {
          this.relaxedSynced = upTo;
        }
      } catch {
        // Busy or closing: the next durable commit or checkpoint syncs it instead.
      }
    }, FLUSH_AFTER_MS);
    this.flushTimer.unref();
  }

  /** The row `sql` selects, parsed by `schema`; undefined when there is none. */
  row<S extends z.ZodType>(schema: S, sql: string, ...params: SQLInputValue[]): z.output<S> | undefined {
    const row = this.stmt(sql).get(...params);
    return row === undefined ? undefined : schema.parse(row);
  }

  /** Every row `sql` selects, each parsed by `schema`, in the query's order. */
  rows<S extends z.ZodType>(schema: S, sql: string, ...params: SQLInputValue[]): z.output<S>[] {
    return this.stmt(sql)
      .all(...params)
      .map((row) => schema.parse(row));
  }

  /** Appends to the history of a payment's operation; the table's triggers make it append-only. */
  appendEvent(
    paymentId: number,
    operation: PaymentHistoryKind,
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

  /** Appends to a purchase's own history (a cash purchase has no payment); append-only by trigger. */
  appendPurchaseEvent(
    purchaseId: number,
    from: string | null,
    to: string | null,
    event: PurchaseEventInput,
  ): void {
    this.stmt(
      `INSERT INTO purchase_events (purchase_id, kind, from_state, to_state, request_id, http_status,
         response_code, detail, at, provider_status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      purchaseId,
      event.kind,
      from,
      to,
      event.requestId ?? null,
      event.httpStatus ?? null,
      event.responseCode ?? null,
      redactedJson(event.detail),
      this.now(),
      event.providerStatus ?? null,
    );
  }
}

/**
 * fsync of the WAL on the thread pool, returning its identity. No WAL (undefined) means every
 * committed page is in the checkpointed file, but only for a journal opened without one: SQLite
 * removes a WAL at the last connection's close, so while this one has it open a missing WAL was
 * removed by someone else or is looked for in the wrong place, and its pages are not known synced.
 */
async function syncWal(path: string, openedWithoutWal: boolean): Promise<string | undefined> {
  try {
    return await fsyncFileAsync(path);
  } catch (error) {
    if (openedWithoutWal && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * The file is SQLite's and holds every page its header counts. The header's page count is valid only
 * when its "version-valid-for" number equals the change counter (it is, for every file SQLite 3.7+
 * wrote); pages added since the last checkpoint live in the -wal file, never in a shorter main file.
 */
function checkHeader(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // not created yet
  }
  if (size === 0) return; // SQLite writes the header with the first table
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || !header.subarray(0, 16).equals(HEADER)) {
    throw corrupt(file, new Error('not an SQLite database'));
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const changeCounter = header.readUInt32BE(24);
  const pages = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw corrupt(file, new Error(`page size ${pageSize} is not a power of two`));
  }
  if (validFor === changeCounter && pages > 0 && size < pages * pageSize) {
    throw corrupt(
      file,
      new Error(`the file has ${size} bytes, the header counts ${pages} pages of ${pageSize}`),
    );
  }
}
