// The crash test: cashier processes paying, cancelling and refunding against the sandbox over real
// HTTP are killed with SIGKILL before a request, in flight, after the answer and in the middle of
// journal writes; then `kasir recover` runs, and the journal and the sandbox's ledger must agree
// exactly: no payment lost, none charged twice, no refund made twice, none left unresolved.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSnapAmount } from '../../../main/money/amount';
import { Journal } from '../../../main/payments/journal';
import type { PaymentState } from '../../../main/payments/states';
import type { TransactionState } from '../../../main/sandbox/ledger';
import { unbalancedCustomers } from '../../../main/sandbox/ledger';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { killAtEveryPoint, prng, recoverWithCli, runCrashChild } from './crash-support';
import { sharedKeys, tempDir } from './support';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const CHILDREN = 33;
const POINTS = [
  'payment:journaled', // before the request
  'payment:sending', // the send is journaled, the request about to leave
  'payment:answered', // the answer is in, not journaled
  'journal:commit', // inside a journal transaction
  'query:answered',
  'cancel:journaled',
  'cancel:answered',
  'refund:journaled',
  'refund:answered',
  'payment:settled',
  'random', // the parent kills at a random instant (often in flight)
] as const;
/** Refund amounts: the whole payment, a part, and the refund fault table's lost answers. */
const REFUNDS = ['all', '2500.00', '10021.00', '10022.00', '10023.00', '10024.00'] as const;
// Amounts from the sandbox's fault table, weighted towards the unknown outcomes.
const AMOUNTS = [
  '10000.00',
  '10002.00',
  '10003.00',
  '10004.00',
  '10005.00',
  '10006.00',
  '10007.00',
  '10008.00',
];

let dir: { path: string; remove: () => void };
let sandbox: SandboxHandle;
let profileFile: string;
let dataDir: string;

beforeAll(async () => {
  const { demo, provider } = await sharedKeys();
  dir = tempDir('kasir-crash-');
  // Pending payments stay pending past the deadline, so the cancel path runs (and gets killed) too.
  sandbox = await startSandbox({
    partners: [demo.partner],
    providerKeyPair: provider,
    faultScript: { lateAnswerMs: 400, pendingQueries: 1_000 },
  });
  writeFileSync(join(dir.path, 'partner.pem'), demo.privateKeyPem, { mode: 0o600 });
  profileFile = join(dir.path, 'terminal.json');
  writeFileSync(
    profileFile,
    JSON.stringify({
      baseUrl: sandbox.baseUrl,
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKeyFile: 'partner.pem',
      channelId: demo.partner.channelId ?? '95221',
      merchantId: demo.partner.merchantId ?? '00007100010926',
      terminalId: 'CRASH-T1',
      timeoutMs: 250,
      resolution: { queryDelaysMs: [20, 40], deadlineMs: 700, settleMs: 700, confirmNotFoundMs: 20 },
    }),
    { mode: 0o600 },
  );
  dataDir = join(dir.path, 'data');
});

/** The same terminal as the children, with the patience of an operator's recover on a busy machine. */
function patientProfile(): string {
  const file = join(dir.path, 'recover.json');
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    file,
    JSON.stringify({
      ...profile,
      timeoutMs: 3_000,
      resolution: { queryDelaysMs: [50, 100, 200], deadlineMs: 700, settleMs: 10_000, confirmNotFoundMs: 50 },
    }),
    { mode: 0o600 },
  );
  return file;
}

afterAll(async () => {
  await sandbox.close();
  dir.remove();
});

const LedgerSchema = z.object({
  customers: z.array(z.object({ id: z.string(), openingBalance: z.string(), balance: z.string() })),
  transactions: z.array(
    z.object({
      partnerReferenceNo: z.string(),
      state: z.string(),
      amount: z.string(),
      refunded: z.string(),
      refunds: z.array(z.object({ partnerRefundNo: z.string() })),
    }),
  ),
});

/** The provider's books as GET /sandbox/ledger shows them. */
async function ledgerOverHttp(): Promise<z.infer<typeof LedgerSchema>> {
  const response = await fetch(`${sandbox.baseUrl}/sandbox/ledger`);
  return LedgerSchema.parse(await response.json());
}

type Job = { qr: string; amount: string; after?: 'cancel' | { refund: string } };

function runChild(crashAt: string, jobs: Job[], killAfterMs?: number) {
  return runCrashChild(
    CHILD,
    {
      KASIR_CRASH_PROFILE: profileFile,
      KASIR_CRASH_DATA: dataDir,
      KASIR_CRASH_AT: crashAt,
      KASIR_CRASH_JOBS: JSON.stringify(jobs),
    },
    // A child may stop on its own only by finishing its jobs or by refusing a payment cleanly.
    { killAfterMs, allowed: /PAYMENT_IN_FLIGHT|TERMINAL_BUSY/ },
  );
}

const LEDGER_OF: Record<PaymentState, TransactionState[] | 'none'> = {
  // Once refunded in part or whole, the sandbox files a paid payment as REFUNDED.
  PAID: ['SUCCESS', 'REFUNDED'],
  FAILED: ['FAILED'],
  CANCELLED: ['CANCELED'],
  PAID_REFUNDED: ['REFUNDED'],
  MANUAL_PAID: 'none',
  MANUAL_NOT_PAID: 'none',
  SENDING: 'none',
  UNKNOWN: 'none',
  QUERYING: 'none',
  CANCELLING: 'none',
  CANCEL_UNKNOWN: 'none',
};

it('after SIGKILLs at every point and a recover, the journal and the ledger agree exactly', async () => {
  const random = prng(20240501);
  const kills = await killAtEveryPoint({
    children: CHILDREN,
    points: POINTS,
    random,
    maxNth: 3,
    jobs: () =>
      Array.from({ length: 3 }, (): Job => {
        const amount = parseSnapAmount(AMOUNTS[Math.floor(random() * AMOUNTS.length)] ?? '10000.00');
        const qr = sandbox.issueQr().qrContent;
        const roll = random();
        if (roll < 0.3) return { qr, amount: amount.toString(), after: 'cancel' };
        if (roll < 0.7) {
          // A payment big enough for any refund in the table.
          const total = amount + parseSnapAmount('20000.00');
          const choice = REFUNDS[Math.floor(random() * REFUNDS.length)] ?? 'all';
          const refund = choice === 'all' ? total : parseSnapAmount(choice);
          return { qr, amount: total.toString(), after: { refund: refund.toString() } };
        }
        return { qr, amount: amount.toString() };
      }),
    run: runChild,
  });
  expect(kills).toBeGreaterThanOrEqual(CHILDREN / 2);

  const { code, err } = await recoverWithCli(patientProfile(), dataDir, dir.path);
  expect([code, err]).toEqual([0, []]);

  const journal = Journal.open(join(dataDir, 'journal.sqlite'));
  try {
    expect(journal.openPayments()).toEqual([]);
    expect(journal.openRefunds()).toEqual([]);
    const payments = journal.history({ limit: 500 }).items;
    const books = await ledgerOverHttp();
    const ledger = books.transactions;

    // None lost: everything the provider holds is in the journal.
    const journaled = new Set(payments.map((p) => p.partnerReferenceNo));
    expect(
      ledger.filter((t) => !journaled.has(t.partnerReferenceNo)).map((t) => t.partnerReferenceNo),
    ).toEqual([]);

    // Each journaled payment in the state the provider's books say, or absent when never sent.
    for (const payment of payments) {
      const inLedger = ledger.filter((t) => t.partnerReferenceNo === payment.partnerReferenceNo);
      expect(inLedger.length, payment.partnerReferenceNo).toBeLessThanOrEqual(1);
      const expected = LEDGER_OF[payment.state];
      if (inLedger[0] === undefined) {
        expect(payment.state, `${payment.partnerReferenceNo} never reached the provider`).toBe('FAILED');
      } else {
        expect([payment.partnerReferenceNo, expected]).toEqual([
          payment.partnerReferenceNo,
          expect.arrayContaining([inLedger[0].state]),
        ]);
        expect(parseSnapAmount(inLedger[0].amount)).toBe(payment.amount);
        // Every refund once, under the number the journal gave it.
        expect([payment.partnerReferenceNo, journal.refundedTotal(payment.id)]).toEqual([
          payment.partnerReferenceNo,
          parseSnapAmount(inLedger[0].refunded),
        ]);
        expect(inLedger[0].refunds.map((r) => r.partnerRefundNo).sort()).toEqual(
          journal
            .refundsOf(payment.id)
            .filter((r) => r.state === 'REFUNDED')
            .map((r) => r.partnerRefundNo)
            .sort(),
        );
      }
    }

    // None charged twice: the customer paid exactly what the journal says was paid, minus refunds.
    const paid = payments
      .filter((p) => p.state === 'PAID')
      .reduce((sum, p) => sum + p.amount - journal.refundedTotal(p.id), 0n);
    const budi = books.customers.find((c) => c.id === 'budi');
    expect(budi && parseSnapAmount(budi.openingBalance) - parseSnapAmount(budi.balance)).toBe(paid);
    // The cancels and refunds were really exercised, not skipped.
    expect(payments.some((p) => p.state === 'CANCELLED' && journal.reversalFacts(p.id).wasPaid)).toBe(true);
    expect(payments.some((p) => journal.refundedTotal(p.id) > 0n)).toBe(true);
    expect(unbalancedCustomers(sandbox.ledger())).toEqual([]);
    expect(payments.length).toBeGreaterThan(CHILDREN);
  } finally {
    journal.close();
  }
}, 240_000);
