// `npm run bench`: every timing target of the product, measured on this machine in one run.
// Timings live here and never in tests. Each section prints a heading and its numbers; the last line
// is a JSON object with everything, for scripts.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatLoadReport, runPaymentLoad } from '../../main/sandbox/load';
import { signToken, signTransaction } from '../../main/snap/signature';
import { runPaymentBenchmarks } from './payments';
import { runUiBenchmarks } from './ui';

type Results = Record<string, number | string>;

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function signatureBench(): Promise<Results> {
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
  return {
    'signature.transactionHmacPerSecond': perSecond(hmacRuns, hmacMs),
    'signature.tokenRsaPerSecond': perSecond(rsaRuns, rsaMs),
  };
}

async function sandboxBench(): Promise<Results> {
  const report = await runPaymentLoad({ payments: 1000 });
  console.log(formatLoadReport(report));
  return {
    'sandbox.loadPayments': report.payments,
    'sandbox.loadAnsweredCorrectly': report.answeredCorrectly,
    'sandbox.loadLedgerExact': String(report.ledgerExact),
    'sandbox.paymentsPerSecond': Math.round(report.paymentsPerSecond),
  };
}

const sections: [string, () => Promise<Results>][] = [
  ['SNAP signatures', signatureBench],
  ['Sandbox load (1,000 concurrent signed payments)', sandboxBench],
  ['Payment engine and journal', () => runPaymentBenchmarks()],
  ['Cashier UI', () => runUiBenchmarks()],
];

const all: Results = {};
for (const [title, run] of sections) {
  console.log(`\n## ${title}`);
  const results = await run();
  for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(48)} ${value}`);
  Object.assign(all, results);
}
console.log(`\n${JSON.stringify(all)}`);
