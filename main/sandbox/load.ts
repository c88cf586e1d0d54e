// A bounded load run against a private sandbox: N signed payments sent all at once, every answer
// checked against its request, then the ledger checked to the sen. Used by the test suite (1,000
// payments) and by the benchmark script, which reports the throughput.

import { performance } from 'node:perf_hooks';
import type { Minor } from '../money/amount';
import { formatSnapAmount } from '../money/amount';
import { SNAP_SERVICES } from '../snap/schemas';
import { signToken, signTransaction } from '../snap/signature';
import { DEFAULT_CUSTOMER_ID } from './customers';
import { unbalancedCustomers } from './ledger';
import { createDemoPartner } from './partners';
import { DEFAULT_MAX_ISSUED_QRS } from './qr';
import { startSandbox } from './server';
import { snapTimestamp } from './time';

export interface LoadOptions {
  /** How many payments go out at once (default 1,000). */
  payments?: number;
  /** Each payment's amount in minor units (default Rp5.000); must stay outside the fault table. */
  amount?: Minor;
}

export interface LoadReport {
  payments: number;
  /** Answers that were 200 2006000 for the request's own partnerReferenceNo. */
  answeredCorrectly: number;
  /** First few problems, for the failure message; empty when all is well. */
  problems: string[];
  /** Ledger holds each payment exactly once, all paid, and the balances add up. */
  ledgerExact: boolean;
  /** Wall time from the first request leaving to the last answer read. */
  durationMs: number;
  paymentsPerSecond: number;
}

export async function runPaymentLoad(options: LoadOptions = {}): Promise<LoadReport> {
  const count = options.payments ?? 1_000;
  const amount = options.amount ?? 5_000_00n;
  const demo = await createDemoPartner();
  // Every payment on its own connection at once: the cap for a sandbox inside the app is far lower.
  const sandbox = await startSandbox({
    partners: [demo.partner],
    limits: { maxConnections: count + 16 },
    maxIssuedQrs: Math.max(count, DEFAULT_MAX_ISSUED_QRS),
  });
  try {
    const customer = sandbox.customers.find((c) => c.id === DEFAULT_CUSTOMER_ID);
    if (!customer || customer.openingBalance < amount * BigInt(count)) {
      throw new Error('The default customer cannot afford that many payments of that amount');
    }
    const base = `${sandbox.baseUrl}${sandbox.pathPrefix}`;
    const accessToken = await fetchToken(base, demo.partner.clientKey, demo.privateKeyPem);
    const path = `${sandbox.pathPrefix}${SNAP_SERVICES.payment.path}`;
    const runId = Date.now();
    const requests = Array.from({ length: count }, (_, i) => ({
      partnerReferenceNo: `LOAD${runId}${String(i).padStart(6, '0')}`,
      externalId: `${runId}${String(i).padStart(6, '0')}`,
      qrContent: sandbox.issueQr().qrContent,
    }));

    const problems: string[] = [];
    const startedAt = performance.now();
    const answers = await Promise.all(
      requests.map(async (request) => {
        const rawBody = JSON.stringify({
          partnerReferenceNo: request.partnerReferenceNo,
          qrContent: request.qrContent,
          amount: { value: formatSnapAmount(amount), currency: 'IDR' },
          merchantId: demo.partner.merchantId,
          expiryTime: '60',
        });
        const timestamp = snapTimestamp(new Date());
        const { signature } = signTransaction({
          method: 'POST',
          path,
          accessToken,
          clientSecret: demo.partner.clientSecret,
          timestamp,
          rawBody,
        });
        try {
          const response = await fetch(`${sandbox.baseUrl}${path}`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${accessToken}`,
              'X-TIMESTAMP': timestamp,
              'X-SIGNATURE': signature,
              'X-PARTNER-ID': demo.partner.clientKey,
              'X-EXTERNAL-ID': request.externalId,
              'CHANNEL-ID': demo.partner.channelId ?? '95221',
            },
            body: rawBody,
          });
          const json = (await response.json()) as Record<string, unknown>;
          const correct =
            response.status === 200 &&
            json.responseCode === '2006000' &&
            json.partnerReferenceNo === request.partnerReferenceNo &&
            typeof json.referenceNo === 'string';
          if (!correct)
            problems.push(
              `${request.partnerReferenceNo}: HTTP ${response.status} ${String(json.responseCode)}`,
            );
          return correct ? String(json.referenceNo) : undefined;
        } catch (error) {
          problems.push(`${request.partnerReferenceNo}: ${(error as Error).message}`);
          return undefined;
        }
      }),
    );
    const durationMs = performance.now() - startedAt;

    const ledger = sandbox.ledger();
    const answered = answers.filter((a): a is string => a !== undefined);
    const byReference = new Map(ledger.transactions.map((t) => [t.partnerReferenceNo, t]));
    const allOnceAndPaid =
      ledger.transactions.length === count &&
      byReference.size === count &&
      requests.every((r) => {
        const t = byReference.get(r.partnerReferenceNo);
        return t !== undefined && t.state === 'SUCCESS' && t.amount === amount;
      });
    const distinctReferenceNos = new Set(answered).size === answered.length;
    const balance = ledger.customers.find((c) => c.id === DEFAULT_CUSTOMER_ID)?.balance;
    const ledgerExact =
      allOnceAndPaid &&
      distinctReferenceNos &&
      balance === customer.openingBalance - amount * BigInt(count) &&
      unbalancedCustomers(ledger).length === 0;
    if (!ledgerExact) problems.push('the ledger does not match the payments sent');

    return {
      payments: count,
      answeredCorrectly: answered.length,
      problems: problems.slice(0, 10),
      ledgerExact,
      durationMs,
      paymentsPerSecond: count / (durationMs / 1000),
    };
  } finally {
    await sandbox.close();
  }
}

export function formatLoadReport(report: LoadReport): string {
  return (
    `sandbox load: ${report.payments} concurrent signed payments, ${report.answeredCorrectly} answered correctly, ` +
    `ledger ${report.ledgerExact ? 'exact' : 'WRONG'}, ${report.durationMs.toFixed(0)} ms, ` +
    `${report.paymentsPerSecond.toFixed(0)} payments/s`
  );
}

async function fetchToken(base: string, clientKey: string, privateKeyPem: string): Promise<string> {
  const timestamp = snapTimestamp(new Date());
  const { signature } = signToken({ clientKey, timestamp, privateKey: privateKeyPem });
  const response = await fetch(`${base}${SNAP_SERVICES.tokenB2b.path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': timestamp,
      'X-CLIENT-KEY': clientKey,
      'X-SIGNATURE': signature,
    },
    body: JSON.stringify({ grantType: 'client_credentials' }),
  });
  const json = (await response.json()) as { accessToken?: unknown };
  if (typeof json.accessToken !== 'string')
    throw new Error(`The sandbox refused the token request (HTTP ${response.status})`);
  return json.accessToken;
}
