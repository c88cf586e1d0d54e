// The merchant server's figures for `npm run bench`, on a real PostgreSQL started here:
//  - 50 terminals (real journals and server links) syncing 1,000 payments each while signed
//    notifies for their payments arrive: entries per second, p50/p99 notify-to-terminal latency;
//  - the day report over 1,000,000 payments of one day: query times and PostgreSQL's plans.

import { createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Journal } from '../../main/payments/journal';
import { generateRsaKeyPair } from '../../main/sandbox/partners';
import { openDatabase } from '../../main/server/db/database';
import { MerchantLedger, REPORT_QUERIES } from '../../main/server/ledger';
import { PPOB_QUERIES } from '../../main/server/ppob-ledger';
import { startMerchantServer } from '../../main/server/server';
import type { ServerLink } from '../../main/sync/server-link';
import { startServerLink } from '../../main/sync/server-link';
import { postSignedNotify } from '../support/merchant-server';
import { startPostgres } from '../support/postgres';
import type { Figure } from './figures';
import { atLeast, atMost, figure } from './figures';

const TERMINALS = 50;
const PAYMENTS_PER_TERMINAL = 1_000;
const NOTIFIES = 1_000;
const REPORT_PAYMENTS = 1_000_000;
const REPORT_PURCHASES = 200_000;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A journal holding `count` paid payments of terminal `terminalId` (2 events each). */
function filledJournal(terminalId: string, count: number): Journal {
  const journal = Journal.open(':memory:', { skipIntegrityCheck: true });
  for (let i = 0; i < count; i++) {
    const payment = journal.beginPayment({
      partnerReferenceNo: `${terminalId}-${String(i).padStart(6, '0')}`,
      terminalId,
      merchantId: '00007100010926',
      amount: BigInt(1_000_000 + i),
      currency: 'IDR',
      qrFingerprint: 'sha256:000000000000',
      externalId: String(i),
      requestTimeoutMs: 10_000,
      deadlineAt: Date.now() + 60_000,
    });
    journal.updatePayment(
      payment.id,
      'SENDING',
      'PAID',
      { referenceNo: `R${terminalId}${i}` },
      { kind: 'answer' },
    );
  }
  return journal;
}

async function syncUnderNotifies(url: string): Promise<Figure[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'kasir-bench-server-'));
  const keys = await generateRsaKeyPair();
  const server = await startMerchantServer({
    database: await openDatabase({ url, embeddedDir: join(scratch, 'unused') }),
    providerKeys: [createPublicKey(keys.publicKeyPem)],
    adminKey: ADMIN_KEY,
  });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const links: ServerLink[] = [];
  const journals: Journal[] = [];
  try {
    for (let t = 0; t < TERMINALS; t++) {
      journals.push(filledJournal(`T${String(t).padStart(2, '0')}`, PAYMENTS_PER_TERMINAL));
    }
    const totalEntries = TERMINALS * PAYMENTS_PER_TERMINAL * 2;
    // From the first enrolment on: each terminal starts sending as soon as it is enrolled.
    const started = performance.now();
    // Notifies for payments the server already holds (half the synced entries are payments'
    // first events), spread over the terminals, while the rest is still syncing.
    let notified = 0;
    const notifier = (async () => {
      while (notified < NOTIFIES) {
        const t = notified % TERMINALS;
        const link = links[t];
        if (link === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const synced = PAYMENTS_PER_TERMINAL * 2 - link.status().pending;
        const claimed = Math.floor(synced / 2) - 1;
        if (claimed < 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const i = notified % claimed;
        const reference = `T${String(t).padStart(2, '0')}-${String(i).padStart(6, '0')}`;
        notified += 1;
        if (sent.has(reference)) continue;
        const rawBody = JSON.stringify({
          originalPartnerReferenceNo: reference,
          merchantId: '00007100010926',
          amount: { value: '10000.00', currency: 'IDR' },
          latestTransactionStatus: '00',
        });
        sent.set(reference, performance.now());
        await postSignedNotify(server.notifyUrl, rawBody, keys.privateKeyPem);
      }
    })();
    for (let t = 0; t < TERMINALS; t++) {
      const terminalId = `T${String(t).padStart(2, '0')}`;
      const journal = journals[t] as Journal;
      const answer = await fetch(`${server.baseUrl}/api/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ shop: `Toko ${t % 5}`, label: terminalId }),
      });
      const { code } = (await answer.json()) as { code: string };
      const dir = join(scratch, terminalId);
      mkdirSync(dir);
      const link = startServerLink({
        dir,
        journal,
        engine: { subscribe: () => () => {}, applyNotify: () => ({ result: 'unmatched', why: 'bench' }) },
        identity: { terminalId, merchantId: '00007100010926', sandbox: true },
        intervalMs: 100,
        hintHandlers: {
          'snap-notify': (hint) => {
            const reference = hint.refs[0] ?? '';
            const at = sent.get(reference);
            if (at !== undefined) latencies.push(performance.now() - at);
          },
        },
      });
      links.push(link);
      await link.enrol(server.baseUrl, code);
    }
    for (;;) {
      const pending = links.reduce((sum, link) => sum + link.status().pending, 0);
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const syncMs = performance.now() - started;
    await notifier;
    const deadline = Date.now() + 15_000;
    while (latencies.length < sent.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const sorted = [...latencies].sort((a, b) => a - b);
    return [
      figure('server_sync_terminals', TERMINALS, 'terminals'),
      figure('server_sync_entries', totalEntries, 'entries'),
      figure('server_sync_entries_per_second', Math.round((totalEntries / syncMs) * 1000), '/s'),
      figure('server_sync_all_ms', Math.round(syncMs), 'ms'),
      figure('server_notifies_sent', sent.size, 'notifies'),
      figure('server_notifies_delivered', latencies.length, 'notifies', atLeast(sent.size)),
      figure('server_notify_to_terminal_p50_ms', round(percentile(sorted, 50)), 'ms'),
      // The bar: on screen within 1 s of the provider's notify, while everyone is syncing.
      figure('server_notify_to_terminal_p99_ms', round(percentile(sorted, 99)), 'ms', atMost(1000)),
    ];
  } finally {
    await Promise.all(links.map((link) => link.close()));
    for (const journal of journals) journal.close();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function dayReportOverOneMillion(url: string): Promise<Figure[]> {
  const db = await openDatabase({ url, embeddedDir: '' });
  const { migrate } = await import('../../main/server/db/migrations');
  await migrate(db);
  const day = '2026-03-02';
  const now = Date.parse(`${day}T12:00:00Z`);
  await db.exec(`
    INSERT INTO terminals (id, shop, label, terminal_code, merchant_id, sandbox, token_hash, enrolled_at)
      SELECT 'trm_' || t, 'Toko ' || (t % 5), 'Kasir ' || t, 'T' || t, 'M', false, md5(t::text), 0
        FROM generate_series(0, 49) AS t;
    INSERT INTO ledger_payments (terminal_id, partner_reference_no, reference_no, terminal_code, merchant_id,
        amount_minor, currency, state, open, business_date, created_at, updated_at, last_seq)
      SELECT 'trm_' || (i % 50), 'KSR' || i, 'P' || i, 'T' || (i % 50), 'M', 1000000 + (i % 977) * 100, 'IDR',
             CASE WHEN i % 50 = 7 THEN 'FAILED' WHEN i % 1000 = 3 THEN 'UNKNOWN' ELSE 'PAID' END,
             i % 1000 = 3, '${day}', ${now} - i, ${now} - i, 1
        FROM generate_series(1, ${REPORT_PAYMENTS}) AS i;
    -- and a history: another 1,000,000 over the 19 days before
    INSERT INTO ledger_payments (terminal_id, partner_reference_no, reference_no, terminal_code, merchant_id,
        amount_minor, currency, state, open, business_date, created_at, updated_at, last_seq)
      SELECT 'trm_' || (i % 50), 'OLD' || i, NULL, 'T' || (i % 50), 'M', 1000000, 'IDR', 'PAID', false,
             to_char(date '${day}' - 1 - (i % 19), 'YYYY-MM-DD'), ${now} - 86400000 - i, ${now} - 86400000 - i, 1
        FROM generate_series(1, ${REPORT_PAYMENTS}) AS i;
    INSERT INTO ledger_refunds (terminal_id, partner_refund_no, partner_reference_no, amount_minor, currency,
        state, open, business_date, created_at, updated_at, last_seq)
      SELECT 'trm_' || (i % 50), 'RF' || i, 'KSR' || i, 50000, 'IDR', 'REFUNDED', false, '${day}', ${now}, ${now}, 1
        FROM generate_series(1, ${REPORT_PAYMENTS}, 100) AS i;
  `);
  // The day's PPOB beside them: a third of the sales paid by QRIS, some failed, a few still WAITING.
  await db.exec(`
    INSERT INTO ledger_purchases (terminal_id, partner_reference_id, provider, product_code, product_name,
        category, customer_no, buy_price_minor, selling_price_minor, state, open, terminal_code, business_date,
        created_at, updated_at, partner_reference_no, last_seq)
      SELECT 'trm_' || (i % 50), 'PPOB' || i, 'klikoo', 'TSEL' || (i % 7), 'Telkomsel',
             (ARRAY['pulsa', 'data', 'pln-prepaid', 'ewallet'])[1 + i % 4], '********9912', 1045000, 1200000,
             CASE WHEN i % 40 = 7 THEN 'FAILED' WHEN i % 1000 = 3 THEN 'WAITING' ELSE 'SUCCESS' END,
             i % 1000 = 3, 'T' || (i % 50), '${day}', ${now} - i, ${now} - i,
             CASE WHEN i % 3 = 0 THEN 'KSR' || i END, 1
        FROM generate_series(1, ${REPORT_PURCHASES}) AS i;
    -- and the PPOB history of the 19 days before
    INSERT INTO ledger_purchases (terminal_id, partner_reference_id, provider, product_code, product_name,
        category, customer_no, buy_price_minor, selling_price_minor, state, open, terminal_code, business_date,
        created_at, updated_at, partner_reference_no, last_seq)
      SELECT 'trm_' || (i % 50), 'OLDPPOB' || i, 'klikoo', 'TSEL10', 'Telkomsel 10.000', 'pulsa', '********9912',
             1045000, 1200000, 'SUCCESS', false, 'T' || (i % 50),
             to_char(date '${day}' - 1 - (i % 19), 'YYYY-MM-DD'), ${now} - 86400000 - i, ${now} - 86400000 - i,
             NULL, 1
        FROM generate_series(1, ${REPORT_PURCHASES}) AS i;
  `);
  await db.query('VACUUM ANALYZE ledger_payments');
  await db.query('VACUUM ANALYZE ledger_refunds');
  await db.query('VACUUM ANALYZE ledger_purchases');
  const ledger = new MerchantLedger({
    db,
    now: () => now,
    utcOffsetMinutes: 420,
    terminals: async () => [],
  });
  const timed = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    return [...times].sort((a, b) => a - b)[2] ?? 0;
  };
  const ordinaryDay = '2026-02-20';
  const times = [await timed(() => ledger.dayReport(day))];
  const ordinaryMs = await timed(() => ledger.dayReport(ordinaryDay));
  const totals: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await db.query(REPORT_QUERIES.paymentTotals, [day]);
    totals.push(performance.now() - started);
  }
  const plan = async (sql: string, on = day) =>
    (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [on]))
      .map((row) => row['QUERY PLAN'])
      .join('\n');
  const paymentPlan = await plan(REPORT_QUERIES.paymentTotals);
  const unresolvedPlan = await plan(REPORT_QUERIES.unresolved);
  const ordinaryPlan = await plan(REPORT_QUERIES.paymentTotals, ordinaryDay);
  console.log(`\nday-report payment totals over ${REPORT_PAYMENTS} payments of one day:\n${paymentPlan}`);
  console.log(
    `\nday-report payment totals of an ordinary day (~53,000 of 2,000,000 payments):\n${ordinaryPlan}`,
  );
  console.log(`\nunresolved operations:\n${unresolvedPlan}`);
  const ppobPlan = await plan(PPOB_QUERIES.totals);
  console.log(`\nday-report PPOB totals over ${REPORT_PURCHASES} purchases of the day:\n${ppobPlan}`);
  await db.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const planOf = (text: string) => /Index Only Scan using (\w+)/.exec(text)?.[0] ?? text.split('\n')[0] ?? '';
  return [
    figure('server_report_1m_day_payments', REPORT_PAYMENTS, 'payments'),
    figure('server_report_1m_day_report_ms', round(median(times)), 'ms'),
    figure('server_report_1m_day_totals_query_ms', round(median(totals)), 'ms'),
    figure('server_report_1m_day_totals_plan', planOf(paymentPlan), ''),
    figure('server_report_ordinary_day_of_2m_ms', round(ordinaryMs), 'ms'),
    figure('server_report_ordinary_day_plan', planOf(ordinaryPlan), ''),
    figure('server_report_day_purchases', REPORT_PURCHASES, 'purchases'),
    figure('server_report_ppob_totals_plan', planOf(ppobPlan), ''),
  ];
}

export async function runServerBenchmarks(): Promise<Figure[]> {
  const postgres = await startPostgres();
  try {
    const sync = await syncUnderNotifies(await postgres.createDatabase('kasir_bench_sync'));
    const report = await dayReportOverOneMillion(await postgres.createDatabase('kasir_bench_report'));
    return [...sync, ...report];
  } finally {
    await postgres.stop();
  }
}
