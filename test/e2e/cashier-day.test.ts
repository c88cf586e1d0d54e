// A cashier's whole day in real Chromium, against the real core and the real embedded sandbox: only
// Electron's IPC transport is replaced. Every scan is typed as keystrokes the way a keyboard-wedge
// scanner types them (2 ms apart, Enter at the end); every customer QR is generated through service
// 59, drawn by the customer display, and read back from the screen with ZXing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/core';
import { screenshot } from './support/browser';
import { checkoutHands } from './support/checkout';
import { openTill, type Till } from './support/till';

const SUPERVISOR_PIN = '740319';
/** A merchant-presented QRIS (tag 00 "01" first): the wrong kind of QR at a CPM till. */
const MERCHANT_QRIS =
  '00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI51440014ID.CO.QRIS.WWW0215ID10200211817450303UMI5204581253033605802ID5908Toko Ada6008Denpasar61051511163047B4C';

describe("a cashier's day in real Chromium", () => {
  let till: Till;
  let browser: Browser;
  let core: AppCore;
  let page: Page;
  const { scan, customerQr, newSale } = checkoutHands(() => page);
  let firstQr = '';
  let printed: string[] = [];

  const state = () => page.locator('.status-panel').getAttribute('data-state');

  async function typeAmount(digits: string) {
    // A person at the keypad: far slower than a scanner.
    await page.keyboard.type(digits, { delay: 45 });
    await expect.poll(() => page.getByTestId('prompt').textContent()).toContain('Pindai QR pelanggan');
  }

  beforeAll(async () => {
    till = await openTill({
      name: 'day',
      supervisorPin: SUPERVISOR_PIN,
      // Quick enough for a test, slow enough that the "checking" state stays on screen for about five
      // seconds (the sandbox answers two queries "03" first): a loaded machine must not miss it.
      cashier: { policy: { queryDelaysMs: [3000, 1000] } },
    });
    ({ browser, core, page, printed } = till);
  });

  afterAll(() => till?.close());

  it('takes an amount from the keypad, shows a customer QR and is PAID when it is scanned', async () => {
    await typeAmount('10000');
    expect(await page.getByTestId('amount').textContent()).toContain('Rp10.000');
    firstQr = await customerQr();
    expect(firstQr.startsWith('hQVDUFYwMW')).toBe(true);
    await expect.poll(() => page.getByTestId('qr-countdown').textContent()).toMatch(/Berlaku \d:\d\d lagi/);
    await screenshot(page, 'checkout-customer-qr');

    await scan(firstQr);
    await expect.poll(state, { timeout: 15_000 }).toBe('PAID');
    const panel = await page.locator('.status-panel').textContent();
    expect(panel).toContain('LUNAS');
    expect(panel).toContain('SANDBOX QRIS');
    expect(panel).toContain('0012');
    await expect.poll(() => page.getByTestId('customer-status').textContent()).toContain('berhasil');
    await screenshot(page, 'checkout-paid');

    await page.keyboard.press('F9');
    await expect.poll(() => printed.length).toBe(1);
    await expect.poll(() => page.getByText('Struk dicetak.').count()).toBe(1);
  });

  it('says a declined payment failed, with the provider’s reason', async () => {
    await newSale();
    await typeAmount('10001');
    await scan(await customerQr());
    await expect.poll(state, { timeout: 15_000 }).toBe('FAILED');
    const panel = await page.locator('.status-panel').textContent();
    expect(panel).toContain('GAGAL');
    expect(panel).toContain('Alasan');
    expect(panel).toMatch(/403\d{4}/);
    await screenshot(page, 'checkout-declined');
  });

  it('shows the provider being checked after a 202, then PAID', async () => {
    await newSale();
    await typeAmount('10002');
    await scan(await customerQr());
    await expect
      .poll(() => page.locator('.status-panel .status-headline').textContent(), { timeout: 10_000 })
      .toContain('Memeriksa ke penyedia');
    await screenshot(page, 'checkout-checking');
    await expect.poll(state, { timeout: 20_000 }).toBe('PAID');
  });

  it('refuses a garbage scan, the wrong kind of QR and a second scan of a used QR, each in its own words', async () => {
    await newSale();
    await typeAmount('5000');

    await scan('hQVDUFYwMWFOTwdBAAAAVVVVVVAIUHJvZHVjdDE');
    await expect.poll(() => page.locator('.scan-error').getAttribute('data-code')).toBe('CPM_TRUNCATED');
    await screenshot(page, 'checkout-garbage-scan');

    await scan(MERCHANT_QRIS);
    await expect.poll(() => page.locator('.scan-error').getAttribute('data-code')).toBe('CPM_MERCHANT_QR');
    expect(await page.locator('.scan-error').textContent()).toContain('QR milik merchant');

    await scan(firstQr);
    await expect.poll(() => page.locator('.scan-error').getAttribute('data-code')).toBe('SCAN_DUPLICATE');
    expect(await page.locator('.scan-error').textContent()).toContain('sudah dipakai');
    // Nothing was sent for any of them: the amount is still waiting for a good QR.
    expect(await page.locator('.status-panel').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('lists the day in History and refunds part of a payment with the supervisor PIN', async () => {
    await page.keyboard.press('F2');
    const rows = page.locator('.history tbody tr.row-link');
    await expect.poll(() => rows.count()).toBe(3);
    const states = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-state')));
    expect(states).toEqual(['PAID', 'FAILED', 'PAID']);
    await screenshot(page, 'history-today');

    await rows.filter({ hasText: 'Rp10.000' }).click();
    await page.getByRole('dialog').getByText('Riwayat kejadian').waitFor();
    await screenshot(page, 'history-detail');

    await page.getByRole('button', { name: 'Pengembalian dana…' }).click();
    const refund = page.getByRole('dialog', { name: 'Pengembalian dana' });
    expect(await refund.getByTestId('refund-remaining').textContent()).toBe('Rp10.000');
    await refund.locator('input[name="amount"]').fill('4000');
    await refund.locator('input[name="reason"]').fill('Satu barang dikembalikan');
    await refund.locator('input[name="pin"]').fill('111111');
    await refund.getByRole('button', { name: 'Kembalikan dana' }).click();
    await expect.poll(() => refund.getByRole('alert').getAttribute('data-code')).toBe('PIN_WRONG');
    await refund.locator('input[name="pin"]').fill(SUPERVISOR_PIN);
    await screenshot(page, 'refund-dialog');
    await refund.getByRole('button', { name: 'Kembalikan dana' }).click();

    const result = page.locator('.refund-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 15_000 }).toBe('REFUNDED');
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Rp6.000');
    await screenshot(page, 'history-refunded');

    await page.getByRole('button', { name: 'Cetak ulang (SALINAN)' }).click();
    await expect.poll(() => printed.length).toBe(2);
    await page.keyboard.press('Escape');
  });

  it('prints receipts that name the payment, and a reprint that says COPY', async () => {
    const [original, copy] = printed;
    expect(original).toContain('PEMBAYARAN BERHASIL');
    expect(original).toContain('SANDBOX QRIS •••• 0012');
    expect(original).not.toContain('SALINAN');
    expect(copy).toContain('*** SALINAN / COPY ***');
    expect(copy).toContain('-Rp4.000');
    const paper = await browser.newPage({ viewport: { width: 320, height: 560 } });
    await paper.setContent(original ?? '');
    await screenshot(paper, 'receipt');
    await paper.setContent(copy ?? '');
    await screenshot(paper, 'receipt-copy');
    await paper.close();
  });

  it('finds payments by amount and state, and exports them as CSV', async () => {
    await page.locator('input[name="amount"]').fill('10.001');
    await page.getByRole('button', { name: 'Cari' }).click();
    const rows = page.locator('.history tbody tr.row-link');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-state')).toBe('FAILED');

    await page.locator('input[name="amount"]').fill('');
    await page.locator('select[name="state"]').selectOption('paid');
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ekspor CSV' }).click();
    const file = await download;
    const csv = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(csv.map((chunk) => Buffer.from(chunk)))
      .toString('utf8')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('partner_reference_no');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.includes(',"10000.00","IDR","PAID","paid","4000.00",'))).toBe(true);
  });

  it("reports the day's totals, and they match the sandbox's ledger", async () => {
    await page.keyboard.press('F3');
    await expect.poll(() => page.getByTestId('report-paid').textContent()).toBe('Rp20.002');
    expect(await page.getByTestId('report-refunded').textContent()).toBe('Rp4.000');
    expect(await page.getByTestId('report-net').textContent()).toBe('Rp16.002');
    expect(await page.getByTestId('report-unresolved').textContent()).toBe('0');
    const failedRow = page.getByTestId('report-by-state').locator('tr[data-state="FAILED"]');
    expect(await failedRow.textContent()).toContain('Rp10.001');
    await screenshot(page, 'report');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print');
    await page.emulateMedia({ media: 'screen' });

    const ledger = core.cashier.backend()?.sandbox?.ledger();
    const charged = (ledger?.transactions ?? [])
      .filter((t) => t.state === 'SUCCESS' || t.state === 'REFUNDED')
      .reduce((sum, t) => sum + t.amount - t.refunded, 0n);
    expect(charged).toBe(1_600_200n);
  });

  it('speaks English when switched', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.keyboard.press('F1');
    await expect.poll(() => page.getByTestId('prompt').textContent()).toContain('Type the amount');
    await page.keyboard.type('1500', { delay: 45 });
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('IDR 1,500');
    await screenshot(page, 'checkout-english');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  });

  it('ran under the shipped Content-Security-Policy without a page error', () => {
    expect((page as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
