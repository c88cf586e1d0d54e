// The merchant server's back-office page in real Chromium, served by a real server (embedded
// PostgreSQL) holding a day of two shops' sales, a notify no terminal journaled and a paid sale the
// provider notified as failed. Screenshots of every view go to test-results/.

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
import type { SaleEntry } from '../support/merchant-server';
import { enrolByHttp, postSignedNotify, saleEntry, uploadEntries } from '../support/merchant-server';
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

  async function sync(token: string, entries: SyncEntry[]) {
    expect((await uploadEntries(server.baseUrl, token, 'journal', entries)).status).toBe(200);
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
    ]);
    await sync(kenanga, [
      sale(1, 'KSR-K-0001', 'K01', '7500050', 'PAID'),
      sale(2, 'KSR-K-0002', 'K01', '990000', 'UNKNOWN'),
    ]);
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
    clock += UNJOURNALED_GRACE_MS + 60_000;
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
    await expect.poll(() => page.getByTestId('net').textContent()).toBe('Rp130.000,50');
    await screenshot(page, 'backoffice-report');
  });

  it('lists the totals per shop and terminal and flags every difference', async () => {
    const rows = await page.locator('.bo-table tbody tr').allTextContents();
    expect(rows).toEqual([
      expect.stringMatching(/^Toko AnggrekKasir depan \(A01\)Rp65\.000 ×2Rp10\.000Rp55\.000/),
      expect.stringMatching(/^Toko KenangaKasir 1 \(K01\)Rp75\.000,50 ×1Rp0Rp75\.000,50/),
    ]);
    const items = page.getByTestId('differences').locator('li');
    const differences = await Promise.all(
      Array.from({ length: await items.count() }, (_, i) => items.nth(i).getAttribute('data-kind')),
    );
    expect(differences).toEqual(
      expect.arrayContaining(['notify-unjournaled', 'paid-but-notified-failed', 'unresolved']),
    );
    expect(await page.getByTestId('differences').textContent()).toContain(
      'KSR-A-0001 LUNAS di Toko Anggrek / Kasir depan, tetapi penyedia memberi tahu 06',
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
      '"business_date","shop","terminal","terminal_id","created_at","partner_reference_no","reference_no","amount","state","refunded","decided_by","difference"',
    );
    expect(csv).toContain(
      '"KSR-A-0001","PKSR-A-0001","25000.00","PAID","0.00","","paid-but-notified-failed (06)"',
    );
    expect(csv).toContain('notify-unjournaled (00)');
  });

  it('shows the history across shops, in English too', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByLabel('Date').fill(DAY);
    await expect.poll(() => page.getByTestId('payments').locator('tbody tr').count()).toBe(5);
    expect(await page.getByTestId('payments').textContent()).toContain('IDR 75,000.50');
    await screenshot(page, 'backoffice-history');
  });

  it('shows the notify no terminal journaled as unmatched', async () => {
    await page.getByRole('button', { name: 'Provider notifications' }).click();
    const unmatched = page.locator('[data-testid="hints"] tr.unmatched');
    await expect.poll(() => unmatched.count()).toBe(1);
    expect(await unmatched.textContent()).toContain('KSR-X-9999');
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
