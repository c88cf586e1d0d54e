import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KasirError } from '../../../main/errors';
import { parseSnapAmount } from '../../../main/money/amount';
import type { NewPayment } from '../../../main/payments/journal';
import { HOT_QUERIES, Journal } from '../../../main/payments/journal';
import { FLUSH_AFTER_MS, JournalDatabase } from '../../../main/payments/journal/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../main/payments/migrations';

let dir: string;
let file: string;
let clock: number;
const journals: Journal[] = [];

function open(): Journal {
  const journal = Journal.open(file, { now: () => clock });
  journals.push(journal);
  return journal;
}

function attempt(overrides: Partial<NewPayment> = {}): NewPayment {
  return {
    partnerReferenceNo: '2020102900000000000001',
    terminalId: 'T-01',
    merchantId: '00007100010926',
    amount: parseSnapAmount('10000.00'),
    currency: 'IDR',
    qrFingerprint: 'sha256:0123456789ab',
    externalId: '41807553358950093184162180797837',
    requestTimeoutMs: 10_000,
    deadlineAt: clock + 100_000,
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KasirError) return error.code;
    throw error;
  }
  throw new Error('expected a KasirError');
}

/** Pays a fresh payment of `amount` ("n.nn") and returns its id. */
function paid(journal: Journal, ref: string, amount: string, terminalId = 'T-01'): number {
  const p = journal.beginPayment(
    attempt({ partnerReferenceNo: ref, amount: parseSnapAmount(amount), terminalId }),
  );
  journal.updatePayment(
    p.id,
    'SENDING',
    'PAID',
    { referenceNo: `P-${ref}`, responseCode: '2006000' },
    { kind: 'answer' },
  );
  return p.id;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-journal-'));
  file = join(dir, 'journal.sqlite');
  clock = Date.parse('2024-05-01T03:00:00Z'); // 10:00 WIB
});

afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening the journal', () => {
  it('uses WAL with synchronous=FULL (F_FULLFSYNC where the OS has it), a busy timeout and the latest schema', () => {
    expect(open().diagnostics()).toEqual({
      journalMode: 'wal',
      synchronous: 2,
      fullfsync: true,
      busyTimeoutMs: 5000,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
  });

  it('keeps what was written across a reopen without migrating again', () => {
    const first = open();
    first.beginPayment(attempt());
    first.close();
    const again = open();
    expect(again.findPayment('2020102900000000000001')?.state).toBe('SENDING');
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses a file that is not a database with JOURNAL_CORRUPT', () => {
    writeFileSync(file, 'this is a receipt printer log, not a journal\n'.repeat(200));
    expect(codeOf(() => open())).toBe('JOURNAL_CORRUPT');
  });

  /** A journal of 300 payments, closed (and so checkpointed into the main file). */
  function writeThreeHundredPayments(): void {
    const journal = open();
    for (let i = 0; i < 300; i++)
      journal.beginPayment(attempt({ partnerReferenceNo: `R${i}`, terminalId: `T${i}` }));
    journal.close();
  }

  it('refuses a truncated journal at open, however large', () => {
    writeThreeHundredPayments();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - bytes.readUInt16BE(16) * 2));
    expect(codeOf(() => open())).toBe('JOURNAL_CORRUPT');
  });

  it('finds damaged pages with the full check, which does not run at open', () => {
    writeThreeHundredPayments();
    // Checkpointed into the main file by the close; now scribble over a page in the middle of it.
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 3, pageSize * 3 + 200);
    writeFileSync(file, bytes);
    let check: ReturnType<Journal['fullCheck']> | undefined;
    try {
      const damaged = open();
      check = damaged.fullCheck();
    } catch (error) {
      // The cheap check at open may already trip over it, depending on which page was hit.
      expect(error).toMatchObject({ code: 'JOURNAL_CORRUPT' });
      return;
    }
    expect(check).toMatchObject({ ok: false });
  });

  it('refuses a journal written by a newer version of the app', () => {
    open().close();
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(codeOf(() => open())).toBe('JOURNAL_TOO_NEW');
  });

  it('refuses a newer version’s journal as too new, not damaged, when it lacks an index this version knows', () => {
    paid(open(), 'NEWER-1', '10.00');
    for (const journal of journals.splice(0)) journal.close();
    const raw = new DatabaseSync(file);
    raw.exec('DROP INDEX payments_day');
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(codeOf(() => open())).toBe('JOURNAL_TOO_NEW');
    expect(codeOf(() => Journal.openReadOnly(file))).toBe('JOURNAL_TOO_NEW');
  });

  // SQLite follows the link and keeps the WAL beside the target; the journal's fsyncs look beside the link.
  it.skipIf(process.platform === 'win32')(
    'refuses a journal file that is a symbolic link, to write or only to read',
    () => {
      const target = join(dir, 'elsewhere', 'journal.sqlite');
      mkdirSync(join(dir, 'elsewhere'));
      Journal.open(target).close();
      symlinkSync(target, file);
      expect(codeOf(() => open())).toBe('DATA_FILE_NOT_REGULAR');
      expect(codeOf(() => Journal.openReadOnly(file))).toBe('DATA_FILE_NOT_REGULAR');
    },
  );
});

describe('payments', () => {
  it('journals an attempt as SENDING with its references, fingerprint, a created event and its first send', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    expect(p).toMatchObject({
      partnerReferenceNo: '2020102900000000000001',
      externalId: '41807553358950093184162180797837',
      amount: 1_000_000n,
      qrFingerprint: 'sha256:0123456789ab',
      state: 'SENDING',
      businessDate: '2024-05-01',
    });
    // One commit before the wire holds the attempt and its first send.
    expect(journal.events(p.id)).toMatchObject([
      { kind: 'created', fromState: null, toState: 'SENDING' },
      { kind: 'send', externalId: '41807553358950093184162180797837', toState: null },
    ]);
  });

  it('draws the attempt’s X-EXTERNAL-ID inside the transaction that journals it', () => {
    const journal = open();
    const p = journal.beginPayment(attempt({ externalId: () => journal.externalIds.next('PARTNER') }));
    expect(p.externalId).toMatch(/^20240501\d{16}$/);
    expect(journal.events(p.id)[1]?.externalId).toBe(p.externalId);
  });

  it('keeps the largest SNAP amount exact (beyond 2^53 minor units)', () => {
    const journal = open();
    const p = journal.beginPayment(attempt({ amount: parseSnapAmount('9999999999999999.99') }));
    expect(journal.getPayment(p.id)?.amount).toBe(999_999_999_999_999_999n);
  });

  it('files a payment under the business day of the terminal offset, not UTC', () => {
    clock = Date.parse('2024-05-01T18:30:00Z'); // 01:30 on 2 May in WIB
    expect(open().beginPayment(attempt()).businessDate).toBe('2024-05-02');
  });

  it('refuses a second unfinished payment on the same terminal, even through another connection', () => {
    open().beginPayment(attempt());
    const otherProcess = open();
    expect(codeOf(() => otherProcess.beginPayment(attempt({ partnerReferenceNo: 'OTHER' })))).toBe(
      'PAYMENT_IN_FLIGHT',
    );
  });

  it('takes a payment on another terminal while one is unfinished', () => {
    const journal = open();
    journal.beginPayment(attempt());
    expect(journal.beginPayment(attempt({ partnerReferenceNo: 'OTHER', terminalId: 'T-02' })).state).toBe(
      'SENDING',
    );
  });

  it('takes the next payment once the previous one is final', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'FAILED', { responseCode: '4036014' }, { kind: 'answer' });
    expect(journal.beginPayment(attempt({ partnerReferenceNo: 'NEXT' })).state).toBe('SENDING');
  });

  it('refuses a partnerReferenceNo that is already journaled', () => {
    const journal = open();
    paid(journal, 'DUP', '1.00');
    expect(codeOf(() => journal.beginPayment(attempt({ partnerReferenceNo: 'DUP' })))).toBe(
      'REFERENCE_TAKEN',
    );
  });

  it('moves a payment only from the state the caller expects (STALE_STATE otherwise)', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'UNKNOWN', {}, { kind: 'answer' });
    expect(codeOf(() => journal.updatePayment(p.id, 'SENDING', 'PAID', {}, { kind: 'answer' }))).toBe(
      'STALE_STATE',
    );
    expect(journal.getPayment(p.id)?.state).toBe('UNKNOWN');
  });

  it('refuses an illegal transition and writes nothing', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    expect(codeOf(() => journal.updatePayment(p.id, 'FAILED', 'PAID', {}, { kind: 'answer' }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(journal.getPayment(p.id)?.state).toBe('FAILED');
    expect(journal.events(p.id).map((e) => e.kind)).toEqual(['created', 'send', 'answer']);
  });

  it('finds a payment by partnerReferenceNo or by the provider referenceNo', () => {
    const journal = open();
    paid(journal, 'MINE', '5.00');
    expect(journal.findPayment('MINE')?.referenceNo).toBe('P-MINE');
    expect(journal.findPayment('P-MINE')?.partnerReferenceNo).toBe('MINE');
    expect(journal.findPayment('NOPE')).toBeUndefined();
  });
});

/**
 * Runs `run` as if the disk were full: the journal's file may grow by three pages, no more. SQLite's
 * max_page_count stands in for the disk; it is a setting of one connection, the journal's own.
 */
function onAFullDisk<T>(journal: Journal, run: () => T): T {
  const connection = (journal as unknown as { db: { db: DatabaseSync } }).db.db;
  const limit = Number(connection.prepare('PRAGMA max_page_count').get()?.max_page_count);
  const pages = Number(connection.prepare('PRAGMA page_count').get()?.page_count);
  connection.exec(`PRAGMA max_page_count = ${pages + 3}`);
  try {
    return run();
  } finally {
    connection.exec(`PRAGMA max_page_count = ${limit}`);
  }
}

describe('transactions', () => {
  it('undoes an inner step that failed, even when the caller catches the failure and commits the rest', () => {
    const journal = open();
    journal.tx(() => {
      journal.recordAnomaly('before-inner', {});
      try {
        journal.tx(() => {
          journal.recordAnomaly('inner-half-done', {});
          throw new Error('the inner step fails after its first write');
        });
      } catch {
        // the caller decides to go on without the inner step
      }
      journal.recordAnomaly('after-inner', {});
    });
    const kinds = journal.anomalies().map((a) => a.kind);
    expect(kinds.sort()).toEqual(['after-inner', 'before-inner']);
  });

  it('commits an inner step that succeeded with the transaction around it, and not before', () => {
    const journal = open();
    const other = open();
    journal.tx(() => {
      journal.tx(() => journal.recordAnomaly('inner', {}));
      expect(other.anomalies()).toEqual([]); // still only inside the outer transaction
    });
    expect(other.anomalies().map((a) => a.kind)).toEqual(['inner']);
  });

  it('rolls back everything, inner steps too, when the failure leaves the outer transaction', () => {
    const journal = open();
    expect(() =>
      journal.tx(() => {
        journal.tx(() => journal.recordAnomaly('inner', {}));
        throw new Error('the outer step fails');
      }),
    ).toThrow('the outer step fails');
    expect(journal.anomalies()).toEqual([]);
  });

  it('commits nothing when SQLite rolled the whole transaction back under an inner step, though the caller caught it and went on', () => {
    const journal = open();
    expect(() =>
      onAFullDisk(journal, () =>
        journal.tx(() => {
          journal.recordAnomaly('before-inner', {});
          try {
            journal.tx(() => journal.recordAnomaly('inner-too-big', { blob: 'x'.repeat(200_000) }));
          } catch {
            // the caller decides to go on without the inner step
          }
          journal.recordAnomaly('after-inner', {});
        }),
      ),
    ).toThrow(/full/);
    expect(journal.anomalies()).toEqual([]);
  });

  it('hands every step on the way up the disk’s own failure, not a failure to undo a savepoint that went with the transaction', () => {
    const journal = open();
    let caught: unknown;
    expect(() =>
      onAFullDisk(journal, () =>
        journal.tx(() => {
          try {
            journal.tx(() => journal.recordAnomaly('too-big', { blob: 'x'.repeat(200_000) }));
          } catch (error) {
            caught = error;
          }
        }),
      ),
    ).toThrow(/full/);
    expect(String(caught)).toMatch(/full/);
  });

  it('refuses a write outside a transaction, which would autocommit at whatever durability came last', () => {
    const db = JournalDatabase.open(file);
    try {
      expect(() =>
        db.stmt('INSERT INTO anomalies (kind, detail, at) VALUES (?, ?, ?)').run('x', '{}', 1),
      ).toThrow(/outside tx\(\)/);
    } finally {
      db.close();
    }
    expect(open().anomalies()).toEqual([]);
  });
});

describe('the event history', () => {
  it('records every state a payment passed through, in order', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'UNKNOWN', {}, { kind: 'answer', httpStatus: 504 });
    journal.updatePayment(p.id, 'UNKNOWN', 'QUERYING', {}, { kind: 'state' });
    journal.updatePayment(p.id, 'QUERYING', undefined, {}, { kind: 'query', responseCode: '2006100' });
    journal.updatePayment(p.id, 'QUERYING', 'PAID', {}, { kind: 'query', responseCode: '2006100' });
    expect(journal.events(p.id).map((e) => [e.fromState, e.toState])).toEqual([
      [null, 'SENDING'],
      [null, null],
      ['SENDING', 'UNKNOWN'],
      ['UNKNOWN', 'QUERYING'],
      ['QUERYING', null],
      ['QUERYING', 'PAID'],
    ]);
  });

  it('is append-only: rows cannot be changed or deleted', () => {
    const journal = open();
    journal.beginPayment(attempt());
    const raw = new DatabaseSync(file);
    try {
      expect(() => raw.exec("UPDATE events SET kind = 'x'")).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM events')).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });

  it('keeps the raw answer without tokens, secrets or the full QR content', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    const qrContent =
      'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmIiWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlbmRlZnI=';
    journal.updatePayment(
      p.id,
      'SENDING',
      'UNKNOWN',
      {},
      {
        kind: 'answer',
        detail: {
          accessToken: 'gp9HjjEj813Y9JGoq',
          request: { qrContent },
          headers: { Authorization: 'Bearer x' },
        },
      },
    );
    const stored = JSON.stringify(journal.events(p.id));
    expect(stored).not.toContain('gp9HjjEj813Y9JGoq');
    expect(stored).not.toContain(qrContent);
    expect(stored).not.toContain('Bearer x');
    expect(stored).toMatch(/sha256:[0-9a-f]{12}/);
  });
});

describe('refunds', () => {
  it('allows partial refunds up to exactly the paid amount', () => {
    const journal = open();
    const id = paid(journal, 'PAY', '100.00');
    const a = journal.beginRefund({ paymentId: id, partnerRefundNo: 'R1', amount: 6000n, externalId: '1' });
    journal.updateRefund(a.id, 'REFUND_SENDING', 'REFUNDED', { refundNo: 'X1' }, { kind: 'answer' });
    const b = journal.beginRefund({ paymentId: id, partnerRefundNo: 'R2', amount: 4000n, externalId: '2' });
    expect(b.state).toBe('REFUND_SENDING');
    expect(
      codeOf(() =>
        journal.beginRefund({ paymentId: id, partnerRefundNo: 'R3', amount: 1n, externalId: '3' }),
      ),
    ).toBe('REFUND_EXCEEDS_REMAINING');
  });

  it('counts a refund whose outcome is unknown as taken, and a failed one as not', () => {
    const journal = open();
    const id = paid(journal, 'PAY', '100.00');
    const unknown = journal.beginRefund({
      paymentId: id,
      partnerRefundNo: 'R1',
      amount: 10000n,
      externalId: '1',
    });
    journal.updateRefund(unknown.id, 'REFUND_SENDING', 'REFUND_UNKNOWN', {}, { kind: 'answer' });
    expect(
      codeOf(() =>
        journal.beginRefund({ paymentId: id, partnerRefundNo: 'R2', amount: 1n, externalId: '2' }),
      ),
    ).toBe('REFUND_EXCEEDS_REMAINING');
    journal.updateRefund(unknown.id, 'REFUND_UNKNOWN', 'REFUND_FAILED', {}, { kind: 'answer' });
    expect(
      journal.beginRefund({ paymentId: id, partnerRefundNo: 'R2', amount: 10000n, externalId: '2' }).state,
    ).toBe('REFUND_SENDING');
  });

  it('refuses to refund a payment that was not paid', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    expect(
      codeOf(() =>
        journal.beginRefund({ paymentId: p.id, partnerRefundNo: 'R', amount: 1n, externalId: '1' }),
      ),
    ).toBe('PAYMENT_NOT_REFUNDABLE');
  });

  it('checks the remaining amount against refunds written by another connection', () => {
    const journal = open();
    const id = paid(journal, 'PAY', '100.00');
    open().beginRefund({ paymentId: id, partnerRefundNo: 'R1', amount: 10000n, externalId: '1' });
    expect(
      codeOf(() =>
        journal.beginRefund({ paymentId: id, partnerRefundNo: 'R2', amount: 1n, externalId: '2' }),
      ),
    ).toBe('REFUND_EXCEEDS_REMAINING');
  });
});

describe('cancels', () => {
  it('journals the cancel and moves its payment to CANCELLING in one step', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'UNKNOWN', {}, { kind: 'answer' });
    const { payment, cancel } = journal.beginCancel(
      p.id,
      'UNKNOWN',
      { externalId: '9', reason: 'deadline' },
      {
        kind: 'state',
      },
    );
    expect([payment.state, cancel.state]).toEqual(['CANCELLING', 'CANCEL_SENDING']);
    expect(journal.openCancelOf(p.id)?.id).toBe(cancel.id);
  });
});

describe('history', () => {
  it('pages newest first by keyset with no gaps or repeats', () => {
    const journal = open();
    for (let i = 1; i <= 7; i++) paid(journal, `P${i}`, '1.00');
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = journal.history({ limit: 3, before });
      seen.push(...page.items.map((p) => p.partnerReferenceNo));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual(['P7', 'P6', 'P5', 'P4', 'P3', 'P2', 'P1']);
  });

  it('limits a page to one business day', () => {
    const journal = open();
    paid(journal, 'MAY1', '1.00');
    clock += 24 * 3600_000;
    paid(journal, 'MAY2', '1.00');
    expect(journal.history({ date: '2024-05-01' }).items.map((p) => p.partnerReferenceNo)).toEqual(['MAY1']);
  });

  it('rejects a malformed date', () => {
    expect(codeOf(() => open().history({ date: '01/05/2024' }))).toBe('DATE_FORMAT');
  });
});

describe('the end-of-day report', () => {
  it('totals payments by state, refunds, net, and lists what is unresolved', () => {
    const journal = open();
    paid(journal, 'A', '100.00', 'T1');
    const b = paid(journal, 'B', '50.00', 'T2');
    const failed = journal.beginPayment(attempt({ partnerReferenceNo: 'C', terminalId: 'T3' }));
    journal.updatePayment(failed.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    const manual = journal.beginPayment(attempt({ partnerReferenceNo: 'D', terminalId: 'T4', amount: 700n }));
    journal.updatePayment(
      manual.id,
      'SENDING',
      'MANUAL_PAID',
      { reason: 'seen in bank app' },
      { kind: 'manual' },
    );
    const open1 = journal.beginPayment(attempt({ partnerReferenceNo: 'E', terminalId: 'T5' }));
    const refund = journal.beginRefund({
      paymentId: b,
      partnerRefundNo: 'RB',
      amount: 2000n,
      externalId: '1',
    });
    journal.updateRefund(refund.id, 'REFUND_SENDING', 'REFUNDED', {}, { kind: 'answer' });
    clock += 24 * 3600_000;
    paid(journal, 'NEXT-DAY', '999.00', 'T1');

    const report = journal.dayReport('2024-05-01');
    expect(report.payments.PAID).toEqual({ count: 2, total: 15000n });
    expect(report.payments.FAILED).toEqual({ count: 1, total: 1_000_000n });
    expect(report.payments.MANUAL_PAID).toEqual({ count: 1, total: 700n });
    expect(report.paid).toEqual({ count: 3, total: 15700n });
    expect(report.refunds.REFUNDED).toEqual({ count: 1, total: 2000n });
    expect(report.net).toBe(13700n);
    expect(report.unresolvedPayments.map((p) => p.id)).toEqual([open1.id]);
  });

  it('carries every unresolved payment and refund of earlier days until it is resolved', () => {
    const journal = open();
    const sale = paid(journal, 'SALE', '100.00', 'T1');
    const lostRefund = journal.beginRefund({
      paymentId: sale,
      partnerRefundNo: 'R-LOST',
      amount: 500n,
      externalId: '1',
    });
    journal.updateRefund(lostRefund.id, 'REFUND_SENDING', 'REFUND_UNKNOWN', {}, { kind: 'answer' });
    const stuck = journal.beginPayment(attempt({ partnerReferenceNo: 'STUCK', terminalId: 'T2' }));
    clock += 24 * 3600_000;

    const today = journal.dayReport('2024-05-02');
    expect(today.unresolvedPayments.map((p) => p.id)).toEqual([stuck.id]);
    expect(today.unresolvedRefunds.map((r) => r.id)).toEqual([lostRefund.id]);
    // Not the day before yesterday's report: it had not happened yet.
    expect(journal.dayReport('2024-04-30').unresolvedPayments).toEqual([]);

    journal.updatePayment(stuck.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    journal.updateRefund(lostRefund.id, 'REFUND_UNKNOWN', 'MANUAL_REFUNDED', {}, { kind: 'manual' });
    const later = journal.dayReport('2024-05-03');
    expect([later.unresolvedPayments, later.unresolvedRefunds]).toEqual([[], []]);
  });

  it('counts a supervisor’s MANUAL_REFUNDED against the net like a confirmed refund', () => {
    const journal = open();
    const sale = paid(journal, 'SALE', '100.00', 'T1');
    const refund = journal.beginRefund({
      paymentId: sale,
      partnerRefundNo: 'R-1',
      amount: 2500n,
      externalId: '1',
    });
    journal.updateRefund(refund.id, 'REFUND_SENDING', 'MANUAL_REFUNDED', {}, { kind: 'manual' });
    const report = journal.dayReport('2024-05-01');
    expect(report.net).toBe(7500n);
    expect(journal.refundedTotal(sale)).toBe(2500n);
    expect(journal.committedRefundTotal(sale)).toBe(2500n);
  });
});

/** The pages each commit since the WAL began wrote, one list per commit (from the WAL's frame headers). */
function pagesPerCommit(walFile: string): number[][] {
  const wal = existsSync(walFile) ? readFileSync(walFile) : Buffer.alloc(0);
  if (wal.length < 32) return [];
  const pageSize = wal.readUInt32BE(8);
  const commits: number[][] = [];
  let pages: number[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    pages.push(wal.readUInt32BE(at));
    if (wal.readUInt32BE(at + 4) !== 0) {
      commits.push(pages);
      pages = [];
    }
  }
  return commits;
}

describe('what a payment writes', () => {
  it('writes 7 pages for an attempt and 6 for its answer: every index is a page written, and fsync’ed, per payment', () => {
    // As the engine journals one: its X-EXTERNAL-ID drawn in the attempt's transaction.
    const pay = (journal: Journal, ref: string) => {
      const p = journal.beginPayment(
        attempt({ partnerReferenceNo: ref, externalId: () => journal.externalIds.next('P-1') }),
      );
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: `P-${ref}` }, { kind: 'answer' });
    };
    const journal = open();
    pay(journal, 'WARM-1'); // the tables' first pages and today's counter exist now
    journal.close();
    const again = open();
    const before = pagesPerCommit(`${file}-wal`).length;
    pay(again, 'PAGES-1');
    const [attemptPages, answerPages] = pagesPerCommit(`${file}-wal`).slice(before);
    expect([attemptPages?.length, answerPages?.length]).toEqual([7, 6]);
  });
});

/**
 * Another connection in the middle of a checkpoint, holding the checkpoint lock: a FULL checkpoint,
 * on a worker thread, that waits for the write lock a third connection holds. Resolves once a
 * PASSIVE checkpoint finds the lock taken; `release` lets the checkpoint finish.
 */
async function checkpointLockHeld(): Promise<{ release: () => Promise<void> }> {
  const writer = new DatabaseSync(file);
  writer.exec('BEGIN IMMEDIATE');
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(workerData.file);
    db.exec('PRAGMA busy_timeout = 10000');
    db.prepare('PRAGMA wal_checkpoint(FULL)').get();
    db.close();`,
    { eval: true, workerData: { file } },
  );
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const release = async () => {
    writer.exec('ROLLBACK');
    writer.close();
    await exited;
  };
  const probe = new DatabaseSync(file);
  try {
    for (let tries = 0; probe.prepare('PRAGMA wal_checkpoint(PASSIVE)').get()?.busy !== 1; tries++) {
      if (tries === 500) throw new Error('the worker never took the checkpoint lock');
      await sleep(10);
    }
  } catch (error) {
    await release();
    throw error;
  } finally {
    probe.close();
  }
  return { release };
}

describe('a process that ends with the journal left open (the kasir CLI)', () => {
  it('syncs the WAL once for the relaxed commits since the last durable one, and not again', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    expect(journal.syncRelaxed()).toBe(false); // the attempt's own commit was fsync'd
    journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
    expect(journal.syncRelaxed()).toBe(true);
    expect(journal.syncRelaxed()).toBe(false);
  });

  it('counts an anomaly among the relaxed commits, so the exit’s fsync covers it', () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
    journal.syncRelaxed(); // the last transaction left synchronous=NORMAL: a commit now is not fsync'd
    journal.recordAnomaly('answer-mismatch', { partnerReferenceNo: '2020102900000000000001' });
    expect(journal.syncRelaxed()).toBe(true);
  });

  it('leaves relaxed commits to the exit’s fsync when their checkpoint could not run: another connection held its lock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const journal = open();
      const p = journal.beginPayment(attempt());
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
      const checkpointing = await checkpointLockHeld();
      try {
        vi.advanceTimersByTime(FLUSH_AFTER_MS); // the scheduled checkpoint answers busy
        expect(journal.syncRelaxed()).toBe(true);
      } finally {
        await checkpointing.release();
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it.skipIf(process.platform !== 'linux')(
    'fsyncs the WAL at exit, and the folder that names it when this process has not yet',
    () => {
      const journal = open();
      const p = journal.beginPayment(attempt());
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
      expect(fsyncSyncsDuring(() => journal.syncRelaxed())).toEqual([
        realpathSync(`${file}-wal`),
        realpathSync(dir),
      ]);
      journal.updatePayment(p.id, 'PAID', undefined, {}, { kind: 'note' }, 'relaxed');
      expect(fsyncSyncsDuring(() => journal.syncRelaxed())).toEqual([realpathSync(`${file}-wal`)]);
    },
  );

  it('is read whole by the next open, from the WAL the exit left: the answer, committed relaxed, too', () => {
    const child = join(dir, 'leave-open.ts');
    const journalModule = JSON.stringify(join(import.meta.dirname, '../../../main/payments/journal.ts'));
    writeFileSync(
      child,
      `import { Journal } from ${journalModule};
      const journal = Journal.open(process.argv[2]);
      const p = journal.beginPayment(${JSON.stringify({ ...attempt({ partnerReferenceNo: 'LEFT-OPEN-1' }), amount: 'AMOUNT' }).replace('"AMOUNT"', '1000000n')});
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-LEFT' }, { kind: 'answer' }, 'relaxed');
      journal.syncRelaxed();
      process.exit(0); // no close: SQLite never checkpoints`,
    );
    execFileSync(process.execPath, ['--import', 'tsx', child, file]);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(pagesPerCommit(`${file}-wal`).length).toBeGreaterThan(0);
    const payment = open().findByPartnerReferenceNo('LEFT-OPEN-1');
    expect([payment?.state, payment?.referenceNo]).toEqual(['PAID', 'P-LEFT']);
  });
});

/** What `run` fsyncs through file handles (the thread-pool path), each named by its real path. */
async function handleSyncsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const probe = await openFile(file, 'r');
  const handleProto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const synced: string[] = [];
  const real = handleProto.sync;
  const spy = vi.spyOn(handleProto, 'sync').mockImplementation(async function (this: { fd: number }) {
    synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
    return real.call(this);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return synced;
}

/** What `run` fsyncs through node:fs's fsyncSync (the main-thread path), each named by its real path. */
function fsyncSyncsDuring(run: () => unknown): string[] {
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const real = fs.fsyncSync;
  const synced: string[] = [];
  fs.fsyncSync = (fd: number) => {
    synced.push(readlinkSync(`/proc/self/fd/${fd}`));
    real(fd);
  };
  syncBuiltinESMExports(); // the journal's `import { fsyncSync }` now sees the watcher
  try {
    run();
  } finally {
    fs.fsyncSync = real;
    syncBuiltinESMExports();
  }
  return synced;
}

describe('making everything committed durable before it leaves the machine (the outbox)', () => {
  it.skipIf(process.platform !== 'linux')(
    'fsyncs the WAL a relaxed answer was committed to, and the first time also the folder that names it',
    async () => {
      const journal = open();
      const p = journal.beginPayment(attempt());
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
      const wal = realpathSync(`${file}-wal`);
      expect(await handleSyncsDuring(() => journal.syncAll())).toEqual([wal, realpathSync(dir)]);
      expect(await handleSyncsDuring(() => journal.syncAll())).toEqual([wal]);
      journal.close();
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'syncs the folder again for a new WAL under the same name',
    async () => {
      const first = open();
      first.beginPayment(attempt());
      await first.syncAll();
      first.close(); // the last close checkpoints and removes the WAL
      const second = open();
      second.beginPayment(attempt({ partnerReferenceNo: '2020102900000000000002', terminalId: 'T-02' }));
      expect(await handleSyncsDuring(() => second.syncAll())).toContain(realpathSync(dir));
    },
  );

  it('leaves the CLI nothing to sync at exit for what the outbox already synced', async () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
    await journal.syncAll();
    expect(journal.syncRelaxed()).toBe(false);
  });

  it('still syncs at exit a relaxed commit made while the outbox’s fsync was running', async () => {
    const journal = open();
    const p = journal.beginPayment(attempt());
    const syncing = journal.syncAll();
    journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
    await syncing;
    expect(journal.syncRelaxed()).toBe(true);
  });

  it('has nothing to sync when there is no WAL: every page is in the checkpointed file', async () => {
    const journal = open();
    journal.beginPayment(attempt());
    journal.close(); // the last close checkpoints and removes the WAL
    const reader = Journal.openReadOnly(file);
    await expect(reader.syncAll()).resolves.toBeUndefined();
    reader.close();
  });

  // Windows cannot delete a file SQLite holds open.
  it.skipIf(process.platform === 'win32')(
    'reports a WAL gone from under the open journal as unsynced, not as nothing to sync',
    async () => {
      const journal = open();
      const p = journal.beginPayment(attempt());
      journal.updatePayment(p.id, 'SENDING', 'PAID', { referenceNo: 'P-1' }, { kind: 'answer' }, 'relaxed');
      rmSync(`${file}-wal`);
      await expect(journal.syncAll()).rejects.toMatchObject({ code: 'JOURNAL_SYNC_FAILED' });
    },
  );

  it('reports a WAL it cannot sync, and keeps refusing after: a second fsync would lie', async () => {
    const journal = open();
    journal.beginPayment(attempt());
    journal.close();
    const reader = Journal.openReadOnly(file);
    mkdirSync(`${file}-wal`); // opening it for writing now fails (EISDIR)
    await expect(reader.syncAll()).rejects.toMatchObject({ code: 'JOURNAL_SYNC_FAILED' });
    rmdirSync(`${file}-wal`);
    await expect(reader.syncAll()).rejects.toMatchObject({ code: 'JOURNAL_SYNC_FAILED' });
    reader.close();
  });
});

describe('with a year of data', () => {
  it('answers every hot query from an index, never a full table scan', () => {
    const journal = open();
    for (const name of Object.keys(HOT_QUERIES) as (keyof typeof HOT_QUERIES)[]) {
      const plan = journal.queryPlan(name);
      expect(
        plan.some((line) => /^SCAN \w+$/.test(line)),
        `${name}: ${plan.join(' | ')}`,
      ).toBe(false);
    }
  });
});

describe('search', () => {
  it('finds payments of a range of days by state, amount or part of a reference, newest first', () => {
    const journal = open();
    paid(journal, 'AAA-001', '10.00', 'T1');
    clock += 24 * 3600_000;
    paid(journal, 'BBB-002', '20.00', 'T1');
    const failed = journal.beginPayment(
      attempt({ partnerReferenceNo: 'CCC-003', terminalId: 'T2', amount: 2000n }),
    );
    journal.updatePayment(failed.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
    const refs = (q: Partial<Parameters<Journal['search']>[0]>) =>
      journal.search({ from: '2024-05-01', to: '2024-05-02', ...q }).items.map((p) => p.partnerReferenceNo);
    expect(refs({})).toEqual(['CCC-003', 'BBB-002', 'AAA-001']);
    expect(refs({ to: '2024-05-01' })).toEqual(['AAA-001']);
    expect(refs({ states: ['PAID'] })).toEqual(['BBB-002', 'AAA-001']);
    expect(refs({ amount: 2000n })).toEqual(['CCC-003', 'BBB-002']);
    expect(refs({ reference: 'P-BBB' })).toEqual(['BBB-002']);
    expect(refs({ reference: '%' })).toEqual([]);
    expect(journal.search({ from: '2024-05-01', to: '2024-05-02', limit: 2 }).truncated).toBe(true);
  });
});

describe('receipts and wallets', () => {
  it('keeps the wallet label and last 4 digits, and counts printed receipts in the history', () => {
    const journal = open();
    const p = journal.beginPayment(attempt({ wallet: { label: 'GoPay', last4: '3458' } }));
    journal.recordReceipt(p.id, false);
    journal.recordReceipt(p.id, true);
    expect(journal.getPayment(p.id)).toMatchObject({ walletLabel: 'GoPay', walletLast4: '3458' });
    expect(journal.receiptsPrinted(p.id)).toBe(2);
  });
});

describe('migrations', () => {
  it('brings a version-1 journal with payments in it up to the latest schema, keeping them', () => {
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA journal_mode = WAL');
    MIGRATIONS[0]?.up(raw);
    raw.exec('PRAGMA user_version = 1');
    raw.exec(`INSERT INTO payments (partner_reference_no, terminal_id, merchant_id, amount_minor, currency, qr_fingerprint,
      external_id, state, open, business_date, created_at, updated_at, last_sent_at, request_timeout_ms, deadline_at)
      VALUES ('OLD-1', 'T', 'M', 100, 'IDR', 'sha256:0', '1', 'PAID', 0, '2024-05-01', 1, 1, 1, 1, 1)`);
    raw.close();
    const journal = open();
    expect(journal.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(journal.findPayment('OLD-1')).toMatchObject({ state: 'PAID', amount: 100n, walletLabel: null });
  });

  it('folds the day and open-payment indexes of a version-7 journal into fewer, its report and open payments unchanged', () => {
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA journal_mode = WAL');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 7)) migration.up(raw);
    raw.exec('PRAGMA user_version = 7');
    raw.exec(`INSERT INTO payments (partner_reference_no, terminal_id, merchant_id, amount_minor, currency, qr_fingerprint,
      external_id, state, open, business_date, created_at, updated_at, last_sent_at, request_timeout_ms, deadline_at)
      VALUES ('OLD-PAID', 'T1', 'M', 100, 'IDR', 'sha256:0', '1', 'PAID', 0, '2024-05-01', 1, 1, 1, 1, 1),
             ('OLD-OPEN', 'T2', 'M', 250, 'IDR', 'sha256:0', '2', 'UNKNOWN', 1, '2024-05-01', 1, 1, 1, 1, 1)`);
    raw.close();
    const journal = open();
    const reader = new DatabaseSync(file);
    const indexes = reader
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('payments', 'events')")
      .all()
      .map((row) => row.name);
    reader.close();
    expect(indexes).toContain('payments_day');
    expect(indexes).not.toContain('payments_day_report');
    expect(indexes).not.toContain('payments_open');
    expect(journal.openPayments().map((p) => p.partnerReferenceNo)).toEqual(['OLD-OPEN']);
    expect(journal.dayReport('2024-05-01').payments).toMatchObject({ PAID: { count: 1, total: 100n } });
  });
});
