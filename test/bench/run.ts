// `npm run bench`: every timing target of the product, measured on this machine in one run. Timings
// live here and never in tests. Each section prints its figures beside their targets (PASS or FAIL);
// all of them go to test-results/bench.json as {"name","value","unit","target"} objects.
// `npm run bench -- engine cli` runs only the sections whose key is named.
//
// Each section runs in a Node process of its own, started after a `sync`, while this one waits: what
// an earlier section left behind (a heap grown by 1,000 concurrent payments, its collector still at
// work, a JIT shaped by another workload, dirty pages) cannot move a later section's figures.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

interface Section {
  key: string;
  title: string;
  run: () => Promise<Figure[]>;
}

const sections: Section[] = [
  { key: 'signatures', title: 'SNAP signatures', run: signatureBench },
  { key: 'sandbox', title: 'Sandbox load (1,000 concurrent signed payments)', run: sandboxBench },
  { key: 'engine', title: 'Payment engine against a bare signed request', run: () => benchEnginePayment() },
  {
    key: 'journal',
    title: 'Journaled state change against an fsync’ed append',
    run: async () => benchJournaledStateChange(),
  },
  { key: 'cli', title: 'The kasir CLI', run: () => benchCli() },
  // Last but one: it drops the page cache for its cold start, which would slow whatever ran next.
  { key: 'year', title: 'A year of payments (1,000,000) in the journal', run: () => benchJournalAtScale() },
  { key: 'ui', title: 'Cashier UI', run: async () => untargeted(await runUiBenchmarks(), unitFromName) },
  {
    key: 'server',
    title: 'Merchant server (PostgreSQL): 50 terminals under notifies, a 1,000,000-payment day',
    run: () => runServerBenchmarks(),
  },
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

const SECTION_ENV = 'KASIR_BENCH_SECTION';
const OUT_ENV = 'KASIR_BENCH_FIGURES';

/** In a section's own process: run it and leave its figures where the runner reads them. */
async function runOne(key: string, out: string): Promise<void> {
  const section = sections.find((s) => s.key === key);
  if (!section) throw new Error(`no bench section "${key}"`);
  writeFileSync(out, JSON.stringify(await section.run()));
}

/** Runs a section in a fresh Node process (the same flags and loader as this one) and reads its figures. */
function runIsolated(section: Section, scratch: string): Figure[] {
  const out = join(scratch, `${section.key}.json`);
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
    stdio: 'inherit',
    env: { ...process.env, [SECTION_ENV]: section.key, [OUT_ENV]: out },
  });
  if (child.status !== 0) throw new Error(`bench section "${section.key}" failed (exit ${child.status})`);
  return JSON.parse(readFileSync(out, 'utf8')) as Figure[];
}

async function runAll(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((key) => !sections.some((s) => s.key === key));
  if (unknown.length > 0) {
    throw new Error(
      `unknown bench section(s) ${unknown.join(', ')}; known: ${sections.map((s) => s.key).join(', ')}`,
    );
  }
  const scratch = mkdtempSync(join(tmpdir(), 'kasir-bench-figures-'));
  const all: Figure[] = [];
  try {
    for (const section of sections) {
      if (wanted.length > 0 && !wanted.includes(section.key)) continue;
      console.log(`\n## ${section.title}`);
      settleDisk();
      for (const f of runIsolated(section, scratch)) {
        const target = f.target
          ? `${f.target.kind === 'max' ? '≤' : '≥'} ${f.target.value}${f.target.stretch === undefined ? '' : ` (stretch ${f.target.stretch})`}`
          : '';
        console.log(
          `${f.name.padEnd(44)} ${show(f.value, f.unit).padEnd(18)} ${target.padEnd(20)} ${verdict(f)}`,
        );
        all.push(f);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const out = resolve(import.meta.dirname, '../../test-results/bench.json');
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  const failed = all.filter((f) => verdict(f) === 'FAIL').map((f) => f.name);
  console.log(
    `\n${all.length} figures written to test-results/bench.json; ${failed.length === 0 ? 'every target met' : `targets missed: ${failed.join(', ')}`}`,
  );
}

const only = process.env[SECTION_ENV];
const figuresOut = process.env[OUT_ENV];
if (only !== undefined && figuresOut !== undefined) await runOne(only, figuresOut);
else await runAll();
