// Measurements for `npm run bench` (timings live in benchmarks, never in tests). Each function sets
// up what it measures, measures it against a baseline in the same run, and returns plain numbers:
//  - a full engine payment against the sandbox vs a bare signed request to the same endpoint;
//  - a journaled state change vs a bare fsync'ed append of the same bytes;
//  - a journal holding 1,000,000 payments: time to open (integrity check included), find by
//    reference, page history, build a day's report.
// `runPaymentBenchmarks` runs all three and returns flat "payments.*" results for the bench table.

import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { parseSnapAmount } from '../../main/money/amount';
import { Journal } from '../../main/payments/journal';
import { PaymentEngine } from '../../main/payments/payment-engine';
import { providerFromClient } from '../../main/payments/provider-port';
import { redactedJson } from '../../main/payments/redact';
import { createDemoPartner, generateRsaKeyPair } from '../../main/sandbox/partners';
import { startSandbox } from '../../main/sandbox/server';
import { createQrCpmClient } from '../../main/snap/client';
import { createTokenClient } from '../../main/snap/token-client';

export type BenchResults = Record<string, number | string>;

function scratchDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'kasir-bench-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

async function timeEach(count: number, run: (i: number) => Promise<void> | void): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await run(i);
  return (performance.now() - started) / count;
}

// ---------------------------------------------------------------------------------------------

export interface EnginePaymentBench {
  payments: number;
  /** Mean wall time of PaymentEngine.pay (journal, send, answer, journal) in ms. */
  engineMs: number;
  /** Mean wall time of one signed payment request through the same client, no journal, in ms. */
  bareMs: number;
  ratio: number;
}

/** A full engine payment against the sandbox vs a bare signed request to the same endpoint. */
export async function benchEnginePayment(options: { payments?: number } = {}): Promise<EnginePaymentBench> {
  const count = options.payments ?? 200;
  const [demo, providerKeys] = await Promise.all([createDemoPartner(), generateRsaKeyPair()]);
  const sandbox = await startSandbox({ partners: [demo.partner], providerKeyPair: providerKeys });
  const dir = scratchDir();
  const journal = Journal.open(join(dir.path, 'journal.sqlite'));
  const externalIds = journal.externalIds;
  let engine: PaymentEngine | undefined;
  try {
    const config = {
      baseUrl: sandbox.baseUrl,
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKey: demo.privateKeyPem,
      partnerId: demo.partner.clientKey,
      channelId: demo.partner.channelId ?? '95221',
      timeoutMs: 10_000,
    };
    const tokens = createTokenClient(config, { fetch: globalThis.fetch, clock: () => new Date() });
    let counter = 0;
    const bareIds = {
      next: () => {
        counter += 1;
        return `${Date.now()}${String(counter).padStart(8, '0')}`;
      },
    };
    const bare = createQrCpmClient(config, { fetch, clock: () => new Date(), externalIds: bareIds, tokens });
    const client = createQrCpmClient(config, { fetch, clock: () => new Date(), externalIds, tokens });
    const merchantId = demo.partner.merchantId ?? '00007100010926';
    engine = new PaymentEngine({
      journal,
      provider: providerFromClient(client, externalIds, config.partnerId),
      terminal: { terminalId: demo.terminalId, merchantId, requestTimeoutMs: config.timeoutMs },
      dataDir: dir.path,
    });
    const amount = parseSnapAmount('1000.00');
    const barePay = async (i: number) => {
      const outcome = await bare.pay({
        partnerReferenceNo: `BENCH${Date.now()}${i}`,
        qrContent: sandbox.issueQr().qrContent,
        amount: { value: '1000.00', currency: 'IDR' },
        merchantId,
        expiryTime: '60',
      });
      if (outcome.kind !== 'answer' || outcome.responseCode !== '2006000')
        throw new Error('bare payment failed');
    };
    const running = engine;
    const enginePay = async () => {
      const result = await running.pay({ qrContent: sandbox.issueQr().qrContent, amount });
      if (result.payment.state !== 'PAID') throw new Error('engine payment failed');
    };
    // Warm both paths (token, connections, JIT), then measure in alternating rounds against drift.
    for (let i = 0; i < 10; i++) {
      await barePay(i);
      await enginePay();
    }
    let bareTotal = 0;
    let engineTotal = 0;
    const rounds = 4;
    for (let r = 0; r < rounds; r++) {
      bareTotal += await timeEach(count / rounds, barePay);
      engineTotal += await timeEach(count / rounds, enginePay);
    }
    const bareMs = bareTotal / rounds;
    const engineMs = engineTotal / rounds;
    return {
      payments: count,
      engineMs: round(engineMs),
      bareMs: round(bareMs),
      ratio: round(engineMs / bareMs, 2),
    };
  } finally {
    engine?.dispose();
    journal.close();
    await sandbox.close();
    dir.remove();
  }
}

// ---------------------------------------------------------------------------------------------

export interface StateChangeBench {
  changes: number;
  /** Mean time of one journaled transition (row update + event append, one fsync'ed commit), ms. */
  journalMs: number;
  /** Mean time of write + fsync of the same event bytes appended to a plain file, ms. */
  appendMs: number;
  ratio: number;
}

/** A journaled state change vs a bare fsync'ed append of the same bytes. */
export function benchJournaledStateChange(options: { changes?: number } = {}): StateChangeBench {
  const count = options.changes ?? 500;
  const dir = scratchDir();
  const journal = Journal.open(join(dir.path, 'journal.sqlite'));
  const fd = openSync(join(dir.path, 'append.log'), 'a');
  try {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        journal.beginPayment({
          partnerReferenceNo: `BENCH-${i}`,
          terminalId: `T-${i}`,
          merchantId: '00007100010926',
          amount: 1_000_00n,
          currency: 'IDR',
          qrFingerprint: 'sha256:000000000000',
          externalId: String(i),
          requestTimeoutMs: 10_000,
          deadlineAt: Date.now() + 100_000,
        }).id,
      );
    }
    const detail = { verdict: { verdict: 'paid', referenceNo: '2020102977770000000009' } };
    const bytes = (i: number) =>
      Buffer.from(
        `${JSON.stringify({ paymentId: ids[i], from: 'SENDING', to: 'PAID', at: Date.now(), detail: redactedJson(detail) })}\n`,
      );
    let started = performance.now();
    for (let i = 0; i < count; i++) {
      journal.updatePayment(
        ids[i] ?? 0,
        'SENDING',
        'PAID',
        { referenceNo: `R${i}`, responseCode: '2006000' },
        {
          kind: 'answer',
          responseCode: '2006000',
          detail,
        },
      );
    }
    const journalMs = (performance.now() - started) / count;
    started = performance.now();
    for (let i = 0; i < count; i++) {
      writeSync(fd, bytes(i));
      fsyncSync(fd);
    }
    const appendMs = (performance.now() - started) / count;
    return {
      changes: count,
      journalMs: round(journalMs),
      appendMs: round(appendMs),
      ratio: round(journalMs / appendMs, 2),
    };
  } finally {
    closeSync(fd);
    journal.close();
    dir.remove();
  }
}

// ---------------------------------------------------------------------------------------------

export interface ScaleBench {
  payments: number;
  days: number;
  /** Building the journal (one bulk transaction, outside the product's code path). */
  loadMs: number;
  fileMegabytes: number;
  /** Journal.open with its quick_check integrity check and schema check. */
  openMs: number;
  openWithoutIntegrityCheckMs: number;
  findByPartnerReferenceUs: number;
  findByReferenceNoUs: number;
  historyFirstPageMs: number;
  historyDeepPageMs: number;
  historyDayPageMs: number;
  dayReportMs: number;
}

/**
 * A journal of `payments` payments spread evenly over `days` business days (a year by default),
 * each with its created and settled events, bulk-loaded in one transaction; then the operations a
 * busy terminal does on it, timed.
 */
export async function benchJournalAtScale(
  options: { payments?: number; days?: number } = {},
): Promise<ScaleBench> {
  const count = options.payments ?? 1_000_000;
  const days = options.days ?? 365;
  const perDay = Math.ceil(count / days);
  const dir = scratchDir();
  const file = join(dir.path, 'journal.sqlite');
  try {
    Journal.open(file).close();
    const loadStarted = performance.now();
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;');
    db.exec('BEGIN');
    db.prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       INSERT INTO payments (id, partner_reference_no, reference_no, terminal_id, merchant_id, amount_minor, currency,
         qr_fingerprint, external_id, state, open, response_code, business_date, created_at, updated_at, last_sent_at,
         request_timeout_ms, deadline_at)
       SELECT n, printf('2024%022d', n), printf('PRV%019d', n), 'T-' || (n % 8), '00007100010926',
         100000 + (n % 1000) * 100, 'IDR', 'sha256:000000000000', printf('%024d', n),
         CASE WHEN n % 20 = 0 THEN 'FAILED' WHEN n % 97 = 0 THEN 'CANCELLED' ELSE 'PAID' END, 0, '2006000',
         date('2024-01-01', '+' || ((n - 1) / ?) || ' days'), 1704067200000 + n * 30000, 1704067200000 + n * 30000,
         1704067200000 + n * 30000, 15000, 1704067200000 + n * 30000 + 100000
       FROM seq`,
    ).run(count, perDay);
    db.exec(`INSERT INTO events (payment_id, operation, operation_id, kind, from_state, to_state, external_id, at)
             SELECT id, 'payment', id, 'created', NULL, 'SENDING', external_id, created_at FROM payments`);
    db.exec(`INSERT INTO events (payment_id, operation, operation_id, kind, from_state, to_state, response_code, detail, at)
             SELECT id, 'payment', id, 'answer', 'SENDING', state, '2006000', '{"verdict":"paid"}', created_at + 800
             FROM payments`);
    db.exec('COMMIT');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    const loadMs = performance.now() - loadStarted;
    const fileMegabytes = statSync(file).size / 1024 / 1024;

    let started = performance.now();
    const bare = Journal.open(file, { skipIntegrityCheck: true });
    const openWithoutIntegrityCheckMs = performance.now() - started;
    bare.close();
    started = performance.now();
    const journal = Journal.open(file);
    const openMs = performance.now() - started;
    try {
      const lookups = 2_000;
      const pick = (i: number) => 1 + ((i * 7919) % count);
      const findByPartnerReferenceUs =
        (await timeEach(lookups, (i) => {
          if (!journal.findByPartnerReferenceNo(`2024${String(pick(i)).padStart(22, '0')}`))
            throw new Error('lost');
        })) * 1000;
      const findByReferenceNoUs =
        (await timeEach(lookups, (i) => {
          if (!journal.findByReferenceNo(`PRV${String(pick(i)).padStart(19, '0')}`)) throw new Error('lost');
        })) * 1000;
      const historyFirstPageMs = await timeEach(200, () => {
        journal.history({ limit: 50 });
      });
      const historyDeepPageMs = await timeEach(200, (i) => {
        journal.history({ limit: 50, before: Math.floor(count / 2) + i });
      });
      const middleDay = new Date(Date.UTC(2024, 0, 1 + Math.floor(days / 2))).toISOString().slice(0, 10);
      const historyDayPageMs = await timeEach(200, () => {
        journal.history({ date: middleDay, limit: 50 });
      });
      const dayReportMs = await timeEach(20, () => {
        journal.dayReport(middleDay);
      });
      return {
        payments: count,
        days,
        loadMs: round(loadMs, 0),
        fileMegabytes: round(fileMegabytes, 1),
        openMs: round(openMs, 1),
        openWithoutIntegrityCheckMs: round(openWithoutIntegrityCheckMs, 2),
        findByPartnerReferenceUs: round(findByPartnerReferenceUs, 1),
        findByReferenceNoUs: round(findByReferenceNoUs, 1),
        historyFirstPageMs: round(historyFirstPageMs),
        historyDeepPageMs: round(historyDeepPageMs),
        historyDayPageMs: round(historyDayPageMs),
        dayReportMs: round(dayReportMs),
      };
    } finally {
      journal.close();
    }
  } finally {
    dir.remove();
  }
}

// ---------------------------------------------------------------------------------------------

/** All three, flattened for the bench table and its closing JSON line. */
export async function runPaymentBenchmarks(
  options: { enginePayments?: number; stateChanges?: number; journalPayments?: number } = {},
): Promise<BenchResults> {
  const engine = await benchEnginePayment({ payments: options.enginePayments ?? 200 });
  const change = benchJournaledStateChange({ changes: options.stateChanges ?? 500 });
  const scale = await benchJournalAtScale({ payments: options.journalPayments ?? 1_000_000 });
  const prefixed = (prefix: string, values: object): BenchResults =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}.${k}`, v as number]));
  return {
    ...prefixed('payments.engineVsBareRequest', engine),
    ...prefixed('payments.journaledChangeVsFsyncAppend', change),
    ...prefixed('payments.journalAt1M', scale),
  };
}
