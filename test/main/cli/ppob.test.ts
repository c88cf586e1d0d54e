// `kasir ppob` as a warung runs it: the installed command (bin/kasir.js) in its own process against
// `kasir sandbox` — the SNAP QR CPM, Klikoo B2B and DOKU Biller simulators in their own process —
// over real HTTP, with the terminal profile the sandbox wrote. Each run checks what a person reads:
// exit code, stdout's one JSON object and stderr, and the providers' books behind them.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import { tempDir } from '../payments/support';
import type { Ran } from './support';
import { BIN_ENV, fingerprint, spawnRun } from './support';

const root = resolve(import.meta.dirname, '../../..');
const BIN = join(root, 'bin/kasir.js');
const env = BIN_ENV;

let dir: { path: string; remove: () => void };
let sandbox: ChildProcess;
let urls: {
  baseUrl: string;
  ppob: { klikoo: { baseUrl: string }; dokuBiller: { baseUrl: string } };
  profile: string;
};

const run = (args: string[]): Promise<Ran> => spawnRun(BIN, args, dir.path);

const kasir = (...args: string[]) => run([...args, '--config', urls.profile, '--data-dir', 'data']);

async function qr(): Promise<string> {
  const answer = await fetch(`${urls.baseUrl}/sandbox/wallet/qr`, { method: 'POST' });
  return z.object({ qrContent: z.string() }).parse(await answer.json()).qrContent;
}

const PpobLedgerSchema = z.object({
  deposits: z.array(z.object({ opening: z.string(), balance: z.string() })),
  purchases: z.array(z.object({ reference: z.string(), status: z.string(), amount: z.string() })),
});
const SnapLedgerSchema = z.object({
  transactions: z.array(
    z.object({ partnerReferenceNo: z.string(), state: z.string(), refunded: z.string() }),
  ),
});

async function klikooBooks() {
  return PpobLedgerSchema.parse(await (await fetch(`${urls.ppob.klikoo.baseUrl}/sandbox/ledger`)).json());
}
async function snapBooks() {
  return SnapLedgerSchema.parse(await (await fetch(`${urls.baseUrl}/sandbox/ledger`)).json());
}

beforeAll(async () => {
  dir = tempDir('kasir-ppob-cli-');
  sandbox = spawn(BIN, ['sandbox', '--profile-dir', 'sbx'], { cwd: dir.path, env });
  urls = await new Promise((done, fail) => {
    let stdout = '';
    sandbox.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('\n')) done(JSON.parse(stdout.split('\n')[0] ?? '{}'));
    });
    sandbox.on('error', fail);
  });
  // The profile as written, with a short PPOB timeout and patience so faults settle in seconds.
  const profile = JSON.parse(readFileSync(urls.profile, 'utf8')) as {
    ppob: Record<string, Record<string, unknown>>;
  };
  profile.ppob = {
    klikoo: { ...profile.ppob.klikoo, timeoutMs: 1_000 },
    dokuBiller: { ...profile.ppob.dokuBiller, timeoutMs: 1_000 },
    resolution: { checkDelaysMs: [300, 500, 1000], settleMs: 8_000, confirmNotFoundMs: 100 },
  };
  writeFileSync(urls.profile, JSON.stringify(profile, null, 2), { mode: 0o600 });
}, 60_000);

afterAll(async () => {
  sandbox.kill('SIGTERM');
  await new Promise((done) => sandbox.on('close', done));
  dir.remove();
});

describe('kasir sandbox serves PPOB too', () => {
  it('names both simulators on its first line and writes their demo partners into the profile', () => {
    expect(urls.ppob.klikoo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.ppob.dokuBiller.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const profile = JSON.parse(readFileSync(urls.profile, 'utf8')) as {
      ppob: { klikoo: { privateKeyFile: string } };
    };
    expect(readFileSync(profile.ppob.klikoo.privateKeyFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
  });
});

describe('kasir ppob products, inquiry, balance', () => {
  it('lists the price list of one provider and category', async () => {
    const ran = await kasir('ppob', 'products', '--provider', 'klikoo', '--category', 'pln-prepaid');
    expect(ran.code).toBe(0);
    expect(ran.json.products).toEqual([
      {
        provider: 'klikoo',
        code: 'PLN20',
        name: 'Token PLN 20.000',
        category: 'pln-prepaid',
        operator: null,
        price: '20500.00',
        active: true,
      },
      {
        provider: 'klikoo',
        code: 'PLN50',
        name: 'Token PLN 50.000',
        category: 'pln-prepaid',
        operator: null,
        price: '50500.00',
        active: true,
      },
      {
        provider: 'klikoo',
        code: 'PLN100',
        name: 'Token PLN 100.000',
        category: 'pln-prepaid',
        operator: null,
        price: '100500.00',
        active: true,
      },
    ]);
  });

  it("quotes a bill with the customer's name, and refuses a paid one with exit 1", async () => {
    const ran = await kasir('ppob', 'inquiry', '--product', 'BPJSKES', '--customer', '8888801234567890');
    expect(ran.code).toBe(0);
    expect(ran.json).toMatchObject({
      customerName: 'KELUARGA ANDI PRATAMA (3 ORANG)',
      amount: '152500.00',
      adminFee: '2500.00',
    });
    const paid = await kasir('ppob', 'inquiry', '--product', 'PLN-PASCA', '--customer', '512345679909');
    expect(paid.code).toBe(1);
    expect(paid.json).toMatchObject({ refused: { code: 'PPOB_INQUIRY_REFUSED' } });
    expect(paid.stderr).toMatch(/already paid/);
  });

  it('shows the deposit at both providers', async () => {
    const ran = await kasir('ppob', 'balance');
    expect(ran.code).toBe(0);
    expect(ran.json.balances).toEqual([
      { provider: 'klikoo', balance: expect.stringMatching(/^\d+\.00$/) },
      { provider: 'doku', balance: expect.stringMatching(/^\d+\.00$/) },
    ]);
  });
});

describe('kasir ppob buy: bad input exits 2 and journals nothing', () => {
  it.each([
    [['--product', 'NOPE10', '--customer', '081234567890'], /no product NOPE10/],
    [['--product', 'TSEL10', '--customer', '0812'], /mobile number 08/],
    [['--product', 'TSEL10', '--customer', '085712345678'], /not a telkomsel number/],
    [['--product', 'TSEL10', '--customer', '081234567890', '--price', '9000.00'], /below the buy price/],
    [['--product', 'TSEL10', '--customer', '081234567890', '--price', '10.000'], /exactly two decimals/],
    [['--product', 'TSEL150', '--customer', '081234567890'], /not available/],
    [['--product', 'TSEL10', '--customer', '081234567890', '--qr', '00020101021226'], /merchant|QR/i],
  ])('%j', async (args, reason) => {
    await kasir('ppob', 'products'); // makes sure the data directory exists
    const before = fingerprint(join(dir.path, 'data'));
    const ran = await kasir('ppob', 'buy', ...args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(reason);
    expect(fingerprint(join(dir.path, 'data'))).toBe(before);
  });
});

describe('kasir ppob buy, cash', () => {
  it('buys a PLN token and shows the token read from the sn', async () => {
    const ran = await kasir(
      'ppob',
      'buy',
      '--product',
      'PLN20',
      '--customer',
      '14234567890',
      '--price',
      '22000.00',
    );
    expect([ran.code, ran.stderr]).toEqual([0, '']);
    expect(ran.json).toMatchObject({
      state: 'SUCCESS',
      buyPrice: '20500.00',
      sellingPrice: '22000.00',
      token: {
        token: expect.stringMatching(/^\d{4}(-\d{4}){4}$/),
        name: 'BUDI SANTOSO',
        tariff: 'R1',
        powerVa: 1300,
      },
    });
  });

  it('sells below cost only when told to', async () => {
    const ran = await kasir(
      'ppob',
      'buy',
      '--product',
      'TSEL5',
      '--customer',
      '081234567890',
      '--price',
      '5000.00',
      '--allow-loss',
    );
    expect(ran.code).toBe(0);
    expect(ran.json).toMatchObject({ buyPrice: '5450.00', sellingPrice: '5000.00' });
  });
});

describe('kasir ppob buy --qr: a sale paid by QRIS CPM', () => {
  it('pays, then buys the product', async () => {
    const ran = await kasir(
      'ppob',
      'buy',
      '--product',
      'TSEL10',
      '--customer',
      '081298765432',
      '--price',
      '12000.00',
      '--qr',
      await qr(),
    );
    expect([ran.code, ran.stderr]).toEqual([0, '']);
    expect(ran.json).toMatchObject({ state: 'SUCCESS', payment: { state: 'PAID', amount: '12000.00' } });
    expect(ran.json.refund).toBeUndefined();
  });

  it('product failed → the payment is refunded in full, and the sale exits 1', async () => {
    const ran = await kasir(
      'ppob',
      'buy',
      '--product',
      'TSEL10',
      '--customer',
      '081234569912',
      '--price',
      '12000.00',
      '--qr',
      await qr(),
    );
    expect(ran.code).toBe(1);
    expect(ran.json).toMatchObject({
      state: 'FAILED',
      payment: { state: 'PAID', amount: '12000.00' },
      refund: { state: 'REFUNDED', amount: '12000.00' },
      refundOwed: false,
    });
    expect(ran.stderr).toMatch(/refunded in full/);
    const payment = (await snapBooks()).transactions.find(
      (t) => t.partnerReferenceNo === (ran.json.payment as { partnerReferenceNo: string }).partnerReferenceNo,
    );
    expect(payment).toMatchObject({ state: 'REFUNDED', refunded: '12000.00' });
    const bought = (await klikooBooks()).purchases.filter((p) => p.reference === ran.json.partnerReferenceId);
    expect(bought.map((p) => p.status)).toEqual(['FAILED']);
  });

  it('product WAITING → resolved: checked until the provider says SUCCESS', async () => {
    const ran = await kasir(
      'ppob',
      'buy',
      '--product',
      'TSEL10',
      '--customer',
      '081234569901',
      '--qr',
      await qr(),
    );
    expect([ran.code, ran.stderr]).toEqual([0, '']);
    expect(ran.json).toMatchObject({ state: 'SUCCESS', payment: { state: 'PAID' } });
    const status = await kasir('ppob', 'status', '--ref', String(ran.json.partnerReferenceId), '--events');
    expect(status.code).toBe(0);
    const states = (status.json.events as { to: string | null }[]).map((e) => e.to).filter((s) => s !== null);
    expect(states).toEqual(['AWAITING_PAYMENT', 'SENDING', 'WAITING', 'SUCCESS']);
  });

  it('product WAITING then FAILED, left unresolved by an impatient profile → kasir recover refunds it', async () => {
    const profile = JSON.parse(readFileSync(urls.profile, 'utf8')) as {
      ppob: { resolution: Record<string, unknown> };
    };
    const impatient = join(dir.path, 'impatient.json');
    writeFileSync(
      impatient,
      JSON.stringify({
        ...profile,
        ppob: {
          ...profile.ppob,
          resolution: { ...profile.ppob.resolution, checkDelaysMs: [200], settleMs: 0 },
        },
      }),
      { mode: 0o600 },
    );
    const ran = await run([
      'ppob',
      'buy',
      '--product',
      'DATA-TSEL-5GB',
      '--customer',
      '081234569902',
      '--qr',
      await qr(),
      '--config',
      impatient,
      '--data-dir',
      'data',
    ]);
    expect(ran.code).toBe(3);
    expect(ran.json).toMatchObject({ state: 'WAITING', payment: { state: 'PAID' } });
    expect(ran.stderr).toMatch(/kasir recover/);
    const recovered = await kasir('recover');
    expect(recovered.code).toBe(0);
    expect(recovered.json).toMatchObject({
      clean: true,
      purchases: [
        { partnerReferenceId: ran.json.partnerReferenceId, state: 'FAILED', refund: { state: 'REFUNDED' } },
      ],
    });
  });

  it('a QR that is not paid buys nothing', async () => {
    // Andi's wallet holds Rp5.000: the payment is declined, so nothing is bought.
    const answer = await fetch(`${urls.baseUrl}/sandbox/wallet/qr?customer=andi`, { method: 'POST' });
    const andi = z.object({ qrContent: z.string() }).parse(await answer.json()).qrContent;
    const ran = await kasir('ppob', 'buy', '--product', 'TSEL10', '--customer', '081211112222', '--qr', andi);
    expect(ran.code).toBe(1);
    expect(ran.json).toMatchObject({ state: 'NOT_PAID', payment: { state: 'FAILED' } });
    expect((await klikooBooks()).purchases.some((p) => p.reference === ran.json.partnerReferenceId)).toBe(
      false,
    );
  });
});

describe('a sale while another process holds the terminal', () => {
  const buyPulsa = (customerNo: string, qrContent: string) =>
    kasir('ppob', 'buy', '--product', 'TSEL10', '--customer', customerNo, '--qr', qrContent);

  /** `kasir ppob buy --qr` while another holder has the terminal's lock. */
  async function buyWhileTerminalHeld(customerNo: string, qrContent: string): Promise<Ran> {
    const profile = JSON.parse(readFileSync(urls.profile, 'utf8')) as { terminalId: string };
    const held = acquireTerminalLock(join(dir.path, 'data'), profile.terminalId);
    try {
      return await buyPulsa(customerNo, qrContent);
    } finally {
      held.release();
    }
  }

  it('ends NOT_PAID with exit 1 and says why: nothing was charged or bought', async () => {
    const ran = await buyWhileTerminalHeld('081211113333', await qr());
    expect(ran.code).toBe(1);
    expect(ran.json).toMatchObject({ state: 'NOT_PAID', outcome: 'not_paid' });
    expect(ran.json.payment).toBeUndefined();
    expect(ran.stderr).toMatch(
      /not charged.*Terminal \S+ is in use by another process.*Wait for it to finish/,
    );
    expect((await klikooBooks()).purchases.some((p) => p.reference === ran.json.partnerReferenceId)).toBe(
      false,
    );
  });

  it('kasir ppob status, a later process, still says why', async () => {
    const ran = await buyWhileTerminalHeld('081211113334', await qr());
    const status = await kasir('ppob', 'status', '--ref', String(ran.json.partnerReferenceId));
    expect(status.code).toBe(1);
    expect(status.json).toMatchObject({ state: 'NOT_PAID' });
    expect(status.stderr).toMatch(/Terminal \S+ is in use by another process.*scan the customer's QR again/);
  });

  it('the same QR may be shown again: it pays and buys, for the provider never saw it', async () => {
    const qrContent = await qr();
    await buyWhileTerminalHeld('081211113335', qrContent);
    const ran = await buyPulsa('081211113335', qrContent);
    expect([ran.code, ran.stderr]).toEqual([0, '']);
    expect(ran.json).toMatchObject({ state: 'SUCCESS', payment: { state: 'PAID' } });
  });
});

describe('the books after the day', () => {
  it('kasir report adds the digital products: by category with cost and margin, refunds, cash in the drawer', async () => {
    const text = await kasir('report');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const ppob = lines.slice(lines.indexOf('PPOB'));
    expect(ppob[0]).toBe('PPOB');
    expect(
      ppob.some((line) => /^ {2}sold\s+\d+\s+Rp[\d.]+ {2}\(cost Rp[\d.]+, margin Rp[\d.]+\)$/.test(line)),
    ).toBe(true);
    // Both sales above that failed after their QRIS payment, refunded in full by themselves.
    expect(ppob.some((line) => /^ {2}refunded \(QRIS\)\s+2\s/.test(line))).toBe(true);
    expect(ppob.some((line) => line.startsWith('  cash in drawer'))).toBe(true);
    const json = await kasir('report', '--json');
    const report = z
      .object({
        ppob: z.object({
          sold: z.object({ count: z.number(), sold: z.string(), cost: z.string(), margin: z.string() }),
          refunds: z.object({ refunded: z.object({ count: z.number() }) }),
          drawer: z.object({ inDrawer: z.string() }),
        }),
      })
      .parse(JSON.parse(json.stdout));
    expect(report.ppob.sold.count).toBeGreaterThan(0);
    expect(Number(report.ppob.sold.sold) - Number(report.ppob.sold.cost)).toBe(
      Number(report.ppob.sold.margin),
    );
    expect(report.ppob.refunds.refunded.count).toBe(2);
  });

  it('the Klikoo deposit went down by exactly what the successful purchases cost', async () => {
    const books = await klikooBooks();
    const held = books.purchases
      .filter((p) => p.status !== 'FAILED')
      .reduce((sum, p) => sum + Number(p.amount), 0);
    const deposit = books.deposits[0];
    expect(deposit && Number(deposit.opening) - Number(deposit.balance)).toBe(held);
  });
});
