// `npm run bench`: every timing target of the product, measured on this machine in one run. Timings
// live here and never in tests. Each section prints its figures beside their targets (PASS or FAIL);
// all of them go to test-results/bench.json as {"name","value","unit","target"} objects.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEST_CUSTOMERS } from '../../main/sandbox/customers';
import { formatLoadReport, runPaymentLoad } from '../../main/sandbox/load';
import { DEFAULT_MAX_ISSUED_QRS, QrIssuer } from '../../main/sandbox/qr';
import { signToken, signTransaction } from '../../main/snap/signature';
import { benchCli } from './cli';
import type { Figure } from './figures';
import { figure, unitFromName, untargeted, verdict } from './figures';
import { benchEnginePayment, benchJournalAtScale, benchJournaledStateChange } from './payments';
import { runServerBenchmarks } from './server';
import { runUiBenchmarks } from './ui';

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function signatureBench(): Promise<Figure[]> {
  const key = readFileSync(
    resolve(import.meta.dirname, '../fixtures/keys/midtrans-sample-private.pem'),
    'utf8',
  );
  const body = JSON.stringify({
    partnerReferenceNo: '2020102900000000000001',
    amount: { value: '10000.00', currency: 'IDR' },
  });
  let started = performance.now();
  const hmacRuns = 20_000;
  for (let i = 0; i < hmacRuns; i++) {
    signTransaction({
      method: 'POST',
      path: '/v1.0/qr/qr-cpm-payment',
      accessToken: 't',
      clientSecret: 's',
      timestamp: `${i}`,
      rawBody: body,
    });
  }
  const hmacMs = performance.now() - started;
  started = performance.now();
  const rsaRuns = 500;
  for (let i = 0; i < rsaRuns; i++) signToken({ clientKey: 'k', timestamp: `${i}`, privateKey: key });
  const rsaMs = performance.now() - started;
  return [
    figure('signature_transaction_hmac_per_second', perSecond(hmacRuns, hmacMs), '/s'),
    figure('signature_token_rsa_per_second', perSecond(rsaRuns, rsaMs), '/s'),
  ];
}

/** Issuing wallet QRs while the issuer already remembers its ceiling: each issue must stay cheap. */
function qrIssueBench(): Figure {
  const customer = TEST_CUSTOMERS[0];
  if (!customer) throw new Error('no test customer');
  const issuer = new QrIssuer();
  const now = new Date();
  for (let i = 0; i < DEFAULT_MAX_ISSUED_QRS; i++) issuer.issue(customer, now);
  const runs = 20_000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) issuer.issue(customer, now);
  return figure(
    'sandbox_qr_issues_per_second_at_ceiling',
    perSecond(runs, performance.now() - started),
    '/s',
  );
}

async function sandboxBench(): Promise<Figure[]> {
  const report = await runPaymentLoad({ payments: 1000 });
  console.log(formatLoadReport(report));
  return [
    figure('sandbox_load_payments', report.payments, 'payments'),
    figure('sandbox_load_answered_correctly', report.answeredCorrectly, 'payments'),
    figure('sandbox_load_ledger_exact', String(report.ledgerExact), ''),
    figure('sandbox_payments_per_second', Math.round(report.paymentsPerSecond), '/s'),
    qrIssueBench(),
  ];
}

const sections: [string, () => Promise<Figure[]>][] = [
  ['SNAP signatures', signatureBench],
  ['Sandbox load (1,000 concurrent signed payments)', sandboxBench],
  ['Payment engine against a bare signed request', () => benchEnginePayment()],
  ['Journaled state change against an fsync’ed append', async () => benchJournaledStateChange()],
  ['The kasir CLI', () => benchCli()],
  // Last but one: it drops the page cache for its cold start, which would slow whatever ran next.
  ['A year of payments (1,000,000) in the journal', () => benchJournalAtScale()],
  ['Cashier UI', async () => untargeted(await runUiBenchmarks(), unitFromName)],
  [
    'Merchant server (PostgreSQL): 50 terminals under notifies, a 1,000,000-payment day',
    () => runServerBenchmarks(),
  ],
];

function show(value: number | string, unit: string): string {
  return `${value}${unit === '' || typeof value === 'string' ? '' : ` ${unit}`}`;
}

/** Writes out what earlier sections left dirty in the page cache, so it does not slow this one's fsyncs. */
function settleDisk(): void {
  try {
    execFileSync('sync');
  } catch {
    // No sync(1): the section runs as it is.
  }
}

const all: Figure[] = [];
for (const [title, run] of sections) {
  console.log(`\n## ${title}`);
  settleDisk();
  for (const f of await run()) {
    const target = f.target
      ? `${f.target.kind === 'max' ? '≤' : '≥'} ${f.target.value}${f.target.stretch === undefined ? '' : ` (stretch ${f.target.stretch})`}`
      : '';
    console.log(
      `${f.name.padEnd(44)} ${show(f.value, f.unit).padEnd(18)} ${target.padEnd(20)} ${verdict(f)}`,
    );
    all.push(f);
  }
}
const out = resolve(import.meta.dirname, '../../test-results/bench.json');
mkdirSync(resolve(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
const failed = all.filter((f) => verdict(f) === 'FAIL').map((f) => f.name);
console.log(
  `\n${all.length} figures written to test-results/bench.json; ${failed.length === 0 ? 'every target met' : `targets missed: ${failed.join(', ')}`}`,
);
