// The PPOB crash test: cashier processes selling digital products against the Klikoo B2B and DOKU
// Biller simulators over real HTTP — cash, and paid by QRIS against the SNAP sandbox — are killed with
// SIGKILL before a buy leaves, in flight, after its answer, while it is being checked, between a
// sale's payment and its purchase, before its refund, inside journal writes, and at random instants.
// Then `kasir recover` runs, and the journal and the providers' books must agree exactly: no purchase
// lost or bought twice, every failed sale paid by QRIS refunded once, nothing left unresolved.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseSnapAmount } from '../../../main/money/amount';
import { Journal } from '../../../main/payments/journal';
import type { PurchaseState } from '../../../main/payments/states';
import { unbalancedCustomers } from '../../../main/sandbox/ledger';
import type { SandboxPurchaseStatus } from '../../../main/sandbox/ppob/ledger';
import { unbalancedDeposits } from '../../../main/sandbox/ppob/ledger';
import type { PpobSandboxHandle } from '../../../main/sandbox/ppob/sandbox';
import { startPpobSandbox } from '../../../main/sandbox/ppob/sandbox';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { killAtEveryPoint, prng, recoverWithCli, runCrashChild } from '../payments/crash-support';
import { sharedKeys, tempDir } from '../payments/support';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const CHILDREN = 30;
const POINTS = [
  'purchase:journaled', // journaled, the buy about to leave
  'purchase:answered', // the answer is in, not journaled
  'purchase:checked', // a detail / history / advice answer is in, not journaled
  'purchase:settled',
  'sale:journaled', // a QR sale journaled, its payment not yet
  'payment:answered', // the sale's payment answered, not journaled
  'sale:paid', // the payment is PAID, the purchase not yet sent
  'sale:refund', // the purchase failed, its refund not yet journaled
  'refund:journaled',
  'refund:answered',
  'journal:commit', // inside a journal transaction
  'random', // the parent kills at a random instant
] as const;
/** Customer numbers end in 99NN to play fault NN; 0000 plays none. */
const FAULTS = [
  '0000',
  '0000',
  '9901',
  '9902',
  '9903',
  '9904',
  '9905',
  '9906',
  '9907',
  '9911',
  '9912',
  '9913',
];
const PRODUCTS = [
  { provider: 'klikoo', code: 'TSEL10' },
  { provider: 'doku', code: 'PULSA-TSEL-10' },
] as const;

let dir: { path: string; remove: () => void };
let sandbox: SandboxHandle;
let ppobSandbox: PpobSandboxHandle;
let profileFile: string;
let dataDir: string;

beforeAll(async () => {
  const { demo, provider } = await sharedKeys();
  dir = tempDir('kasir-ppob-crash-');
  sandbox = await startSandbox({ partners: [demo.partner], providerKeyPair: provider });
  const klikoo = {
    clientId: 'klikoo-crash',
    clientSecret: 'klikoo-crash-secret-0123456789',
    publicKeyPem: demo.partner.publicKeyPem,
  };
  const doku = { clientId: 'MCH-CRASH-01', secretKey: 'SK-doku-crash-secret-0123456789' };
  ppobSandbox = await startPpobSandbox({
    klikooPartners: [klikoo],
    dokuPartners: [doku],
    waitingMs: 400,
    waitingLookups: 3,
    hiddenMs: 600,
    lateAnswerMs: 450,
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
      terminalId: 'PPOB-CRASH',
      timeoutMs: 300,
      resolution: { queryDelaysMs: [20, 40], deadlineMs: 1_000, settleMs: 1_000, confirmNotFoundMs: 20 },
      ppob: {
        klikoo: {
          baseUrl: ppobSandbox.klikoo.baseUrl,
          clientId: klikoo.clientId,
          clientSecret: klikoo.clientSecret,
          privateKeyFile: 'partner.pem',
          timeoutMs: 300,
        },
        dokuBiller: {
          baseUrl: ppobSandbox.doku.baseUrl,
          clientId: doku.clientId,
          secretKey: doku.secretKey,
          timeoutMs: 300,
        },
        resolution: { checkDelaysMs: [20, 40, 80], settleMs: 1_200, confirmNotFoundMs: 20 },
      },
    }),
    { mode: 0o600 },
  );
  dataDir = join(dir.path, 'data');
});

afterAll(async () => {
  await Promise.all([sandbox.close(), ppobSandbox.close()]);
  dir.remove();
});

/** The same terminal, with the patience of an operator's recover on a busy machine. */
function patientProfile(): string {
  const file = join(dir.path, 'recover.json');
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as { ppob: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  writeFileSync(
    file,
    JSON.stringify({
      ...profile,
      timeoutMs: 3_000,
      resolution: {
        queryDelaysMs: [50, 100, 200],
        deadlineMs: 1_000,
        settleMs: 10_000,
        confirmNotFoundMs: 50,
      },
      ppob: {
        ...profile.ppob,
        resolution: { checkDelaysMs: [50, 100, 200], settleMs: 15_000, confirmNotFoundMs: 50 },
      },
    }),
    { mode: 0o600 },
  );
  return file;
}

type Job = { product: string; customer: string; price?: string; qr?: string };

function runChild(crashAt: string, jobs: Job[], killAfterMs?: number) {
  return runCrashChild(
    CHILD,
    {
      KASIR_CRASH_PROFILE: profileFile,
      KASIR_CRASH_DATA: dataDir,
      KASIR_CRASH_AT: crashAt,
      KASIR_CRASH_JOBS: JSON.stringify(jobs),
    },
    { killAfterMs },
  );
}

/** What the provider's books may hold for a purchase in each journal state. */
const BOOKED_AS: Record<PurchaseState, readonly (SandboxPurchaseStatus | 'absent')[]> = {
  SUCCESS: ['SUCCESS'],
  FAILED: ['FAILED', 'absent'],
  NOT_PAID: ['absent'],
  MANUAL_SUCCESS: [],
  MANUAL_FAILED: [],
  AWAITING_PAYMENT: [],
  SENDING: [],
  WAITING: [],
  UNKNOWN: [],
};

it('after SIGKILLs at every point and a recover, the journal and both providers agree exactly', async () => {
  const random = prng(20251122);
  let job = 0;
  const kills = await killAtEveryPoint({
    children: CHILDREN,
    points: POINTS,
    random,
    maxNth: 2,
    jobs: () =>
      Array.from({ length: 3 }, (): Job => {
        job += 1;
        const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)] ?? PRODUCTS[0];
        const fault = FAULTS[Math.floor(random() * FAULTS.length)] ?? '0000';
        const customer = `0812${String(1000 + job).slice(-4)}${fault}`;
        const paidByQr = random() < 0.5;
        return {
          product: product.code,
          customer,
          price: '1200000',
          ...(paidByQr ? { qr: sandbox.issueQr().qrContent } : {}),
        };
      }),
    run: runChild,
  });
  expect(kills).toBeGreaterThanOrEqual(CHILDREN / 2);

  const { code, err } = await recoverWithCli(patientProfile(), dataDir, dir.path);
  expect([code, err]).toEqual([0, []]);

  const journal = Journal.open(join(dataDir, 'journal.sqlite'));
  try {
    expect(journal.openPurchases()).toEqual([]);
    expect(journal.purchasesOwedRefund()).toEqual([]);
    expect(journal.openPayments()).toEqual([]);
    expect(journal.openRefunds()).toEqual([]);
    const purchases = journal.purchaseHistory({ limit: 500 }).items;
    expect(purchases.length).toBeGreaterThan(CHILDREN);

    for (const name of ['klikoo', 'doku'] as const) {
      const books = (name === 'klikoo' ? ppobSandbox.klikoo : ppobSandbox.doku).ledger.snapshot();
      const ours = purchases.filter((p) => p.provider === name);
      // None lost: everything the provider holds is in the journal.
      const journaled = new Set(ours.map((p) => p.partnerReferenceId));
      expect(books.purchases.filter((b) => !journaled.has(b.reference)).map((b) => b.reference)).toEqual([]);
      for (const purchase of ours) {
        const booked = books.purchases.filter((b) => b.reference === purchase.partnerReferenceId);
        // Never bought twice.
        expect(booked.length, purchase.partnerReferenceId).toBeLessThanOrEqual(1);
        expect([purchase.partnerReferenceId, purchase.state, BOOKED_AS[purchase.state]]).toEqual([
          purchase.partnerReferenceId,
          purchase.state,
          expect.arrayContaining([booked[0]?.status ?? 'absent']),
        ]);
        if (purchase.state === 'SUCCESS') expect(purchase.transactionId).toBe(booked[0]?.transactionId);
      }
      // The deposit paid for exactly the purchases the journal says succeeded.
      const spent = ours.filter((p) => p.state === 'SUCCESS').reduce((sum, p) => sum + p.buyPrice, 0n);
      const deposit = books.deposits[0];
      expect(deposit && deposit.opening - deposit.balance).toBe(spent);
      expect(unbalancedDeposits(books)).toEqual([]);
    }

    // Every sale paid by QRIS: bought and kept, or not bought and refunded in full, or never charged.
    const snap = (await (await fetch(`${sandbox.baseUrl}/sandbox/ledger`)).json()) as {
      transactions: { partnerReferenceNo: string; state: string; refunded: string; amount: string }[];
    };
    for (const purchase of purchases.filter((p) => p.paymentId !== null)) {
      const payment = journal.getPayment(purchase.paymentId ?? 0);
      if (!payment) throw new Error('a sale lost its payment');
      const charged = snap.transactions.find((t) => t.partnerReferenceNo === payment.partnerReferenceNo);
      const kept =
        charged === undefined || charged.state === 'FAILED' || charged.state === 'CANCELED'
          ? 0n
          : parseSnapAmount(charged.amount) - parseSnapAmount(charged.refunded);
      const expected = purchase.state === 'SUCCESS' ? payment.amount : 0n;
      expect([purchase.partnerReferenceId, purchase.state, payment.state, kept]).toEqual([
        purchase.partnerReferenceId,
        purchase.state,
        payment.state,
        expected,
      ]);
    }
    expect(unbalancedCustomers(sandbox.ledger())).toEqual([]);
    // The interesting paths really ran.
    expect(purchases.some((p) => p.state === 'SUCCESS' && p.paymentId !== null)).toBe(true);
    expect(purchases.some((p) => p.state === 'FAILED' && p.refundId !== null)).toBe(true);
    expect(purchases.some((p) => journal.purchaseEvents(p.id).some((e) => e.kind === 'resend'))).toBe(true);
  } finally {
    journal.close();
  }
}, 400_000);
