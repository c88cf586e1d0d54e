// The merchant server's back-office page in real Chromium, served by a real server (embedded
// PostgreSQL) holding a day of two shops' sales, a notify no terminal journaled and a paid sale the
// provider notified as failed, and their PPOB purchases: pulsa, a PLN token and an e-wallet top-up
// sold, a QRIS-paid purchase that failed with no refund, one still WAITING, a Klikoo callback
// contradicting a terminal and one no terminal explains. Screenshots of every view go to
// test-results/.

import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../main/sandbox/partners';
import { buildBackoffice, prebuiltBundle } from '../../main/server/backoffice-bundle';
import { openDatabase } from '../../main/server/db/database';
import { UNJOURNALED_GRACE_MS } from '../../main/server/ledger';
import type { MerchantServerHandle } from '../../main/server/server';
import { startMerchantServer } from '../../main/server/server';
import type { SyncEntry } from '../../main/sync/protocol';
import type { PurchaseEntry, SaleEntry } from '../support/merchant-server';
import {
  enrolByHttp,
  postSignedNotify,
  purchaseEntry,
  saleEntry,
  uploadEntries,
} from '../support/merchant-server';
import { launchBrowser, screenshot } from './support/browser';

const ADMIN_KEY = 'e2e-backoffice-admin-key-123456';
const DAY = '2026-03-02';

describe('the back office in real Chromium', () => {
  let dir: string;
  let server: MerchantServerHandle;
  let browser: Browser;
  let page: Page;
  let clock = Date.parse(`${DAY}T02:00:00Z`);

  async function enrol(shop: string, label: string, terminalId: string): Promise<string> {
    const code = await (
      await fetch(`${server.baseUrl}/api/v1/admin/enrolment-codes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ shop, label }),
      })
    ).json();
    return enrolByHttp(server.baseUrl, (code as { code: string }).code, terminalId);
  }

  function sale(
    seq: number,
    reference: string,
    terminalId: string,
    amountMinor: string,
    state: SaleEntry['state'],
    refundMinor?: string,
  ): SyncEntry {
    return saleEntry({
      seq,
      reference,
      terminalId,
      amountMinor,
      state,
      businessDate: DAY,
      at: clock + seq * 60_000,
      ...(refundMinor === undefined ? {} : { refundMinor }),
    });
  }

  async function sync(token: string, entries: SyncEntry[], stream = 'journal') {
    expect((await uploadEntries(server.baseUrl, token, stream, entries)).status).toBe(200);
  }

  type Sold = Pick<PurchaseEntry, 'kind' | 'toState'> & {
    seq: number;
    reference: string;
    terminalId: string;
    product: [code: string, name: string, category: string];
    customerNo: string;
    buyMinor: string;
    sellMinor: string;
    paidWith?: string;
    transactionId?: string;
    sn?: string;
  };
  function purchase(sold: Sold): SyncEntry {
    const [productCode, productName, category] = sold.product;
    return purchaseEntry({
      seq: sold.seq,
      at: clock + sold.seq * 60_000,
      kind: sold.kind,
      toState: sold.toState,
      purchase: {
        partnerReferenceId: sold.reference,
        provider: 'klikoo',
        productCode,
        productName,
        category,
        customerNo: sold.customerNo,
        buyPriceMinor: sold.buyMinor,
        sellingPriceMinor: sold.sellMinor,
        terminalId: sold.terminalId,
        businessDate: DAY,
        partnerReferenceNo: sold.paidWith ?? null,
        refund: null,
        transactionId: sold.transactionId ?? null,
        sn: sold.sn ?? null,
      },
    });
  }

  async function callback(body: object) {
    const response = await fetch(server.klikooCallbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kasir-e2e-backoffice-'));
    const bundle = join(dir, 'bundle');
    const keys = await generateRsaKeyPair();
    const [database, built] = await Promise.all([
      openDatabase({ embeddedDir: join(dir, 'db') }),
      buildBackoffice(bundle),
      launchBrowser().then((b) => {
        browser = b;
      }),
    ]);
    void built;
    server = await startMerchantServer({
      database,
      providerKeys: [createPublicKey(keys.publicKeyPem)],
      adminKey: ADMIN_KEY,
      backoffice: prebuiltBundle(bundle),
      now: () => clock,
    });
    const anggrek = await enrol('Toko Anggrek', 'Kasir depan', 'A01');
    const kenanga = await enrol('Toko Kenanga', 'Kasir 1', 'K01');
    await sync(anggrek, [
      sale(1, 'KSR-A-0001', 'A01', '2500000', 'PAID'),
      sale(2, 'KSR-A-0002', 'A01', '1500000', 'FAILED'),
      sale(3, 'KSR-A-0003', 'A01', '4000000', 'PAID', '1000000'),
      // The QRIS payments of two PPOB sales.
      sale(4, 'KSR-A-0004', 'A01', '2250000', 'PAID'),
      sale(5, 'KSR-A-0005', 'A01', '5100000', 'PAID'),
    ]);
    const tsel10 = ['TSEL10', 'Telkomsel 10.000', 'pulsa'] as [string, string, string];
    await sync(
      anggrek,
      [
        purchase({
          ...{ seq: 1, reference: 'PPOB-A-0001', terminalId: 'A01', product: tsel10 },
          ...{ kind: 'settled', toState: 'SUCCESS', customerNo: '********7890' },
          ...{ buyMinor: '1045000', sellMinor: '1200000', transactionId: '9001', sn: 'SN0001' },
        }),
        purchase({
          ...{ seq: 2, reference: 'PPOB-A-0002', terminalId: 'A01' },
          product: ['PLN20', 'Token PLN 20.000', 'pln-prepaid'],
          ...{ kind: 'settled', toState: 'SUCCESS', customerNo: '*******7890', paidWith: 'KSR-A-0004' },
          ...{ buyMinor: '2050000', sellMinor: '2250000', sn: '1234-5678-9012-3456-7890' },
        }),
        // Paid by QRIS, failed, and the till never journaled the refund.
        purchase({
          ...{ seq: 3, reference: 'PPOB-A-0003', terminalId: 'A01' },
          product: ['TSEL50', 'Telkomsel 50.000', 'pulsa'],
          ...{ kind: 'settled', toState: 'FAILED', customerNo: '********9912', paidWith: 'KSR-A-0005' },
          ...{ buyMinor: '4980000', sellMinor: '5100000' },
        }),
      ],
      'purchases',
    );
    await sync(kenanga, [
      sale(1, 'KSR-K-0001', 'K01', '7500050', 'PAID'),
      sale(2, 'KSR-K-0002', 'K01', '990000', 'UNKNOWN'),
    ]);
    await sync(
      kenanga,
      [
        purchase({
          ...{ seq: 1, reference: 'PPOB-K-0001', terminalId: 'K01' },
          product: ['DANA50', 'DANA 50.000', 'ewallet'],
          ...{ kind: 'settled', toState: 'SUCCESS', customerNo: '********5678', transactionId: '9002' },
          ...{ buyMinor: '5050000', sellMinor: '5200000' },
        }),
        purchase({
          ...{ seq: 2, reference: 'PPOB-K-0002', terminalId: 'K01' },
          product: ['TSELD5GB', 'Telkomsel Data 5 GB', 'data'],
          ...{ kind: 'send', toState: 'WAITING', customerNo: '********9901', transactionId: '9003' },
          ...{ buyMinor: '6000000', sellMinor: '5500000' },
        }),
      ],
      'purchases',
    );
    await callback({
      partner_reference_id: 'PPOB-K-0001',
      transaction_id: '9002',
      transaction_status: 'FAILED',
    });
    await callback({
      partner_reference_id: 'PPOB-X-9999',
      transaction_id: '9999',
      transaction_status: 'SUCCESS',
    });
    const notify = (body: object) =>
      postSignedNotify(server.notifyUrl, JSON.stringify(body), keys.privateKeyPem);
    const amount = { value: '25000.00', currency: 'IDR' };
    await notify({
      originalPartnerReferenceNo: 'KSR-A-0001',
      merchantId: 'M1',
      amount,
      latestTransactionStatus: '06',
    });
    await notify({
      originalPartnerReferenceNo: 'KSR-X-9999',
      merchantId: 'M1',
      amount,
      latestTransactionStatus: '00',
    });
    // Past the time a notify, a callback or a failed sale's refund has to sync.
    clock += UNJOURNALED_GRACE_MS + 5 * 60_000;
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the admin key, refuses a wrong one, and opens on the day report', async () => {
    await page.goto(server.backOfficeUrl);
    await page.getByLabel('Kunci admin').fill('not-the-key-at-all-000');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Kunci admin salah');
    await page.getByLabel('Kunci admin').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByLabel('Tanggal').first().fill(DAY);
    await expect.poll(() => page.getByTestId('net').textContent()).toBe('Rp203.500,50');
    await screenshot(page, 'backoffice-report');
  });

  it('lists the totals per shop and terminal and flags every difference', async () => {
    const rows = await page.locator('[data-testid="shops"] tbody tr').allTextContents();
    expect(rows).toEqual([
      expect.stringMatching(/^Toko AnggrekKasir depan \(A01\)Rp138\.500 ×4Rp10\.000Rp128\.500/),
      expect.stringMatching(/^Toko KenangaKasir 1 \(K01\)Rp75\.000,50 ×1Rp0Rp75\.000,50/),
    ]);
    const items = page.getByTestId('differences').locator('li');
    const differences = await Promise.all(
      Array.from({ length: await items.count() }, (_, i) => items.nth(i).getAttribute('data-kind')),
    );
    expect(differences).toEqual(
      expect.arrayContaining([
        'notify-unjournaled',
        'paid-but-notified-failed',
        'unresolved',
        'callback-unexplained',
        'purchase-success-but-callback-failed',
        'purchase-refund-missing',
      ]),
    );
    expect(await page.getByTestId('differences').textContent()).toContain(
      'KSR-A-0001 LUNAS di Toko Anggrek / Kasir depan, tetapi penyedia memberi tahu 06',
    );
  });

  it("adds the day's PPOB: sold by category with cost and margin, the cash, what is pending and the refunds", async () => {
    expect(await page.getByTestId('ppob-sold').textContent()).toBe('Rp86.500');
    expect(await page.getByTestId('ppob-margin').textContent()).toBe('Rp5.050');
    expect(await page.getByTestId('ppob-cash').textContent()).toBe('Rp64.000');
    expect(await page.getByTestId('ppob-categories').locator('tbody tr').allTextContents()).toEqual([
      'E-walletRp52.000 ×1Rp50.500Rp1.500',
      'Token PLNRp22.500 ×1Rp20.500Rp2.000',
      'PulsaRp12.000 ×1Rp10.450Rp1.550',
    ]);
    expect(await page.getByTestId('ppob-terminals').locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(
        /^Toko AnggrekKasir depan \(A01\)Rp34\.500 ×2Rp30\.950Rp3\.550Rp12\.000Rp22\.50010$/,
      ),
      expect.stringMatching(/^Toko KenangaKasir 1 \(K01\)Rp52\.000 ×1Rp50\.500Rp1\.500Rp52\.000Rp001$/),
    ]);
    expect(await page.getByTestId('ppob-pending').textContent()).toContain('1 (Rp55.000)');
    const refunds = page.getByTestId('ppob-refunds');
    expect(await refunds.locator('.warn').textContent()).toBe('Belum dikembalikan1 · Rp51.000');
    const differences = await page.getByTestId('differences').textContent();
    expect(differences).toContain(
      'Pembelian PPOB-K-0001 SUKSES di Toko Kenanga / Kasir 1, tetapi callback Klikoo menyebut FAILED',
    );
    expect(differences).toContain(
      'Pembelian PPOB-A-0003 di Toko Anggrek / Kasir depan gagal setelah dibayar QRIS (KSR-A-0005, Rp51.000), tetapi dananya belum dikembalikan (tidak ada pengembalian)',
    );
    expect(differences).toContain('Callback Klikoo SUCCESS untuk PPOB-X-9999 tidak cocok');
    expect(differences).toContain(
      'Pembelian PPOB PPOB-K-0002 di Toko Kenanga / Kasir 1 belum pasti (WAITING)',
    );
  });

  it('exports the day as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ekspor CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`kasir-merchant-${DAY}.csv`);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    // Every field quoted (a label or reference may hold a ";" or start like a formula).
    expect(csv.split('\r\n')[0]).toBe(
      '"business_date","shop","terminal","terminal_id","created_at","partner_reference_no","reference_no","amount","state","refunded","decided_by","difference","operation","product","customer","buy_price","margin","paid_by"',
    );
    expect(csv).toContain(
      '"KSR-A-0001","PKSR-A-0001","25000.00","PAID","0.00","","paid-but-notified-failed (06)"',
    );
    expect(csv).toContain('notify-unjournaled (00)');
    expect(csv).toContain(
      '"PPOB-A-0003","","51000.00","FAILED","0.00","","purchase-refund-missing","ppob","TSEL50 Telkomsel 50.000","********9912","49800.00","1200.00","qris KSR-A-0005"',
    );
    expect(csv).toContain('"callback-unexplained (SUCCESS)","ppob"');
  });

  it('shows the history across shops, in English too', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('Date').fill(DAY);
    await expect.poll(() => page.getByTestId('payments').locator('tbody tr').count()).toBe(7);
    expect(await page.getByTestId('payments').textContent()).toContain('IDR 75,000.50');
    await screenshot(page, 'backoffice-history');
  });

  it("shows the PPOB purchases across shops, customers' numbers masked, by how they were paid, each with its events and callbacks", async () => {
    await page.getByRole('button', { name: 'PPOB' }).click();
    await page.getByLabel('Date').fill(DAY);
    const rows = page.getByTestId('purchases').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    const text = (await page.getByTestId('purchases').textContent()) ?? '';
    expect(text).toContain('********9912');
    expect(text).not.toMatch(/08\d{6}/);
    // Sold below cost: shown as a loss.
    expect(await rows.filter({ hasText: 'Telkomsel Data 5 GB' }).locator('.warn').textContent()).toBe(
      '-IDR 5,000',
    );
    await page.getByLabel('Paid by').selectOption('qris');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Paid by').selectOption('cash');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.filter({ hasText: 'DANA 50.000' }).getByRole('button').click();
    const detail = page.getByTestId('purchase-detail');
    await expect.poll(() => detail.textContent()).toContain('Purchase PPOB-K-0001');
    expect(await detail.textContent()).toContain('********5678');
    expect(await page.getByTestId('purchase-events').locator('tr').allTextContents()).toEqual([
      expect.stringMatching(/settled– → SUCCESS$/),
    ]);
    expect(await page.getByTestId('purchase-callbacks').textContent()).toContain('FAILED');
    await screenshot(page, 'backoffice-ppob');
  });

  it('shows the notify and the Klikoo callback no terminal journaled as unmatched', async () => {
    await page.getByRole('button', { name: 'Provider notifications' }).click();
    const unmatched = page.locator('[data-testid="hints"] tr.unmatched');
    await expect.poll(() => unmatched.count()).toBe(2);
    expect(await unmatched.allTextContents()).toEqual([
      expect.stringMatching(/snap-notify.*KSR-X-9999/),
      expect.stringMatching(/klikoo-callback.*PPOB-X-9999/),
    ]);
    await screenshot(page, 'backoffice-notifications');
  });

  it('issues a one-time enrolment code for a new terminal and revokes one', async () => {
    await page.getByRole('button', { name: 'Terminals' }).click();
    await page.getByLabel('Shop').fill('Toko Kenanga');
    await page.getByLabel('Terminal name').fill('Kasir 2');
    await page.getByRole('button', { name: 'Enrol a terminal' }).click();
    await expect
      .poll(() => page.getByTestId('enrolment-code').textContent())
      .toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await screenshot(page, 'backoffice-terminals');
    const row = page.locator('[data-testid="terminals"] tbody tr', { hasText: 'Kasir depan' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
  });
});
