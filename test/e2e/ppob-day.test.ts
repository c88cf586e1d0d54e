// A day of digital products at the counter in real Chromium, against the real core, the SNAP QRIS
// simulator and the Klikoo B2B simulator over loopback HTTP: only Electron's IPC transport is
// replaced. QRs are typed as a keyboard-wedge scanner types them; customer numbers as a person does.
// The sandbox's magic numbers (main/sandbox/ppob/catalogue.ts) give the failure and the WAITING.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/core';
import { amountsFitted, screenshot, screenshots } from './support/browser';
import { checkoutHands } from './support/checkout';
import { openTill, type Till } from './support/till';

const SUPERVISOR_PIN = '740319';

describe('digital products at the counter in real Chromium', () => {
  let till: Till;
  let browser: Browser;
  let core: AppCore;
  let page: Page;
  const { scan } = checkoutHands(() => page);
  let printed: string[] = [];

  const panel = () => page.getByTestId('purchase-panel');
  const purchaseState = () => panel().getAttribute('data-state');

  async function choose(category: string, product: string) {
    await page
      .getByRole('group', { name: /Kategori/ })
      .getByRole('button', { name: category })
      .click();
    await page.locator(`[data-product="${product}"]`).click();
  }

  async function typeNumber(number: string) {
    // The tile put the cursor in the number field; a person types it (slower than the 200 ms this
    // suite lets a scanner's keystrokes stall: tolerateKeystrokeJitter).
    await page.keyboard.type(number, { delay: 230 });
    await expect.poll(() => page.locator('input[name="customer-no"]').inputValue()).toBe(number);
  }

  async function qris() {
    await page.getByRole('button', { name: 'QRIS', exact: true }).click();
    const qr = core.cashier.backend()?.sandbox?.issueQr().qrContent;
    if (!qr) throw new Error('the sandbox is not running');
    await scan(qr);
  }

  async function cash(rupiah: string) {
    await page.locator('input[name="cash-received"]').fill(rupiah);
    await page.locator('input[name="cash-received"]').press('Enter');
  }

  async function readBack() {
    await page.getByTestId('ppob-inquiry').waitFor();
    await page.getByRole('checkbox', { name: /Nama sudah saya bacakan/ }).check();
  }

  async function newSale() {
    await page.keyboard.press('Escape');
    await expect.poll(() => panel().count()).toBe(0);
  }

  async function fitted() {
    expect(await amountsFitted(page)).toEqual([]);
  }

  beforeAll(async () => {
    till = await openTill({
      name: 'ppob',
      supervisorPin: SUPERVISOR_PIN,
      cashier: {
        policy: { queryDelaysMs: [300] },
        // WAITING stays on screen a few seconds, then the provider settles it.
        ppobPolicy: { checkDelaysMs: [800, 800, 800], confirmNotFoundMs: 100 },
        ppobSandbox: { waitingMs: 4_000, waitingLookups: 5 },
        ppobFollowUpMs: 500,
      },
    });
    ({ browser, core, page, printed } = till);
    await page.keyboard.press('F7');
    await page.getByTestId('ppob-tile').first().waitFor();
  });

  afterAll(() => till?.close());

  it('shows the price list by category, and narrows pulsa to the operator of the typed number', async () => {
    await choose('Pulsa', 'klikoo:TSEL10');
    await typeNumber('+62 812-3456-7890');
    expect(await page.getByTestId('ppob-number-check').textContent()).toBe('Operator: Telkomsel');
    const operators = await page.getByTestId('ppob-tile').allTextContents();
    expect(operators.every((name) => name.includes('Telkomsel'))).toBe(true);
    await screenshots(page, 'ppob-catalogue', fitted);
  });

  it('sells pulsa paid by QRIS: the product is bought once the payment is PAID', async () => {
    await qris();
    await expect.poll(purchaseState, { timeout: 20_000 }).toBe('SUCCESS');
    expect(await page.getByTestId('purchase-sn').textContent()).toMatch(/^SN/);
    expect(await panel().textContent()).toContain('BERHASIL');
    await screenshots(page, 'ppob-pulsa-qris', fitted);
  });

  it('sells a PLN token for cash after checking the meter name, the token large in groups of four', async () => {
    await newSale();
    await choose('Token PLN', 'klikoo:PLN20');
    await typeNumber('14234567890');
    await page.keyboard.press('F6');
    await readBack();
    expect(await page.getByTestId('ppob-inquiry-name').textContent()).toBe('BUDI SANTOSO');
    await page.locator('input[name="cash-received"]').fill('50.000');
    await expect.poll(() => page.getByTestId('ppob-change').textContent()).toBe('Kembalian: Rp27.500');
    await cash('50.000');
    await expect.poll(purchaseState, { timeout: 20_000 }).toBe('SUCCESS');
    const groups = await page.getByTestId('purchase-token').locator('span').allTextContents();
    expect(groups.map((g) => g.trim())).toHaveLength(5);
    expect(groups.every((g) => /^\d{4}$/.test(g.trim()))).toBe(true);
    expect(await page.getByTestId('purchase-change').textContent()).toContain('Rp27.500');
    await screenshots(page, 'ppob-pln-token-cash', fitted);

    await page.keyboard.press('F9');
    await expect.poll(() => printed.length).toBe(1);
    const receipt = printed[0] ?? '';
    expect(receipt).toContain(groups.map((g) => g.trim()).join(' '));
    expect(receipt).toContain('UJI COBA');
    await page.keyboard.press('F9');
    await expect.poll(() => printed.length).toBe(2);
    expect(printed[1]).toContain('SALINAN / COPY');
    const paper = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await paper.setContent(receipt);
    await screenshot(paper, 'ppob-receipt-token');
    await paper.close();
  });

  it('checks a postpaid PLN bill first: name, period, bill, admin fee and total, then takes the cash', async () => {
    await newSale();
    await choose('Tagihan PLN', 'klikoo:PLNPOST');
    await typeNumber('512345678901');
    await page.keyboard.press('Enter');
    await readBack();
    const shown = await page.getByTestId('ppob-inquiry').textContent();
    for (const text of ['BUDI SANTOSO', '202511', 'Rp245.000', 'Rp2.500', 'Rp250.000'])
      expect(shown).toContain(text);
    await screenshots(page, 'ppob-bill-inquiry', fitted);
    await cash('250.000');
    await expect.poll(purchaseState, { timeout: 20_000 }).toBe('SUCCESS');
    await screenshots(page, 'ppob-bill-paid', fitted);
  });

  it('refunds the QRIS payment by itself when the product then fails', async () => {
    await newSale();
    await choose('Pulsa', 'klikoo:TSEL10');
    await typeNumber('081234569912');
    await qris();
    await expect.poll(purchaseState, { timeout: 20_000 }).toBe('FAILED');
    const refund = page.getByTestId('purchase-refund').locator('[data-refund-state]');
    await expect.poll(() => refund.getAttribute('data-refund-state'), { timeout: 20_000 }).toBe('REFUNDED');
    expect(await page.getByTestId('purchase-refund').textContent()).toContain('dikembalikan otomatis');
    await screenshots(page, 'ppob-failed-refunded', fitted);
  });

  it('asks for the cash back and a supervisor’s confirmation when a cash sale fails', async () => {
    await newSale();
    await choose('Pulsa', 'klikoo:TSEL10');
    await typeNumber('081234569912');
    await cash('20.000');
    await expect.poll(purchaseState, { timeout: 20_000 }).toBe('FAILED');
    expect(await page.getByTestId('purchase-return-cash').textContent()).toContain('Rp11.950');
    await page.keyboard.press('F8');
    const dialog = page.getByRole('dialog', { name: 'Uang tunai dikembalikan ke pelanggan' });
    await dialog.locator('input[name="reason"]').fill('Uang dikembalikan ke pelanggan');
    await dialog.locator('input[name="pin"]').fill(SUPERVISOR_PIN);
    await screenshot(page, 'ppob-cash-return-dialog');
    await dialog.getByRole('button', { name: 'Konfirmasi uang dikembalikan' }).click();
    await expect.poll(() => page.getByTestId('purchase-return-cash').count()).toBe(0);
    expect(await panel().textContent()).toContain('dikonfirmasi supervisor');
    await screenshots(page, 'ppob-failed-cash-returned', fitted);
  });

  it('shows a WAITING purchase in amber with what to tell the customer, until it is bought', async () => {
    await newSale();
    await choose('Pulsa', 'klikoo:TSEL10');
    await typeNumber('081234569901');
    await cash('11.950');
    await expect.poll(purchaseState, { timeout: 10_000 }).toBe('WAITING');
    expect(await panel().getAttribute('class')).toContain('tone-wait');
    expect(await page.getByTestId('purchase-tell').textContent()).toContain('biasanya kurang dari 1 menit');
    await screenshots(page, 'ppob-waiting');
    await expect.poll(purchaseState, { timeout: 30_000 }).toBe('SUCCESS');
    await screenshots(page, 'ppob-waiting-resolved', fitted);
  });

  it('lists the sales in History, filtered by kind, with every event of one', async () => {
    await page.keyboard.press('F2');
    await page.locator('select[name="kind"]').selectOption('ppob');
    await page.getByRole('button', { name: 'Cari' }).click();
    const rows = page.getByTestId('history-purchases').locator('tbody tr.row-link');
    await expect.poll(() => rows.count()).toBe(6);
    await screenshots(page, 'ppob-history');
    await rows.filter({ hasText: 'Token PLN' }).click();
    await page.getByTestId('purchase-timeline').waitFor();
    await screenshot(page, 'ppob-history-detail');
    await page.keyboard.press('Escape');
  });

  it('reports the day: by category with margins, the automatic refund, the cash, and no difference with Klikoo', async () => {
    await page.keyboard.press('F3');
    const categories = page.getByTestId('report-ppob-categories');
    await expect.poll(() => categories.locator('tbody tr').count()).toBe(3);
    const pulsa = await categories.locator('tr[data-category="pulsa"]').textContent();
    // Two pulsa bought (QRIS, the WAITING one), each Rp11.950 for Rp10.450.
    expect(pulsa).toContain('Rp23.900');
    expect(pulsa).toContain('Rp3.000');
    expect(await page.getByTestId('report-ppob-money').textContent()).toContain('Rp11.950');
    await page.getByRole('button', { name: 'Cocokkan dengan penyedia' }).click();
    await expect
      .poll(() => page.getByTestId('report-reconciliation').textContent(), { timeout: 15_000 })
      .toContain('Tidak ada selisih');
    await screenshots(page, 'ppob-report');
  });

  it('ran under the shipped Content-Security-Policy without a page error', () => {
    expect((page as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
