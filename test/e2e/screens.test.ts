// The cashier's screens as a demanding cashier and supervisor use them, in real Chromium against the
// real core and the real embedded sandbox, at 1280×800 and 1024×768 (every screenshot twice, the
// second with "1024" in its name), in both languages, with keyboard, mouse and touch-style clicks, and
// with an accessibility check (axe-core) on every screen. This install never set a supervisor PIN:
// the sandbox's demo PIN is what works, and what the PIN fields say.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEMO_PIN } from '../../main/app/cashier';
import type { AppCore } from '../../main/app/core';
import type { FaultScript } from '../../main/sandbox/faults';
import { en, id } from '../../renderer/src/i18n/messages';
import { amountsFitted, openApp, SIZES, screenshot, screenshots } from './support/browser';
import { checkoutHands } from './support/checkout';
import { readQrFromPng } from './support/qr-reader';
import type { RendererServer } from './support/renderer-server';
import { openTill, type Till } from './support/till';

/** What the page functions read of an element (this program is typed for Node, not the DOM). */
interface Box {
  getBoundingClientRect(): { width: number; height: number };
  offsetParent: unknown;
}

/** Words only the Indonesian messages use: none of them may show on an English screen. */
function indonesianOnlyWords(): Set<string> {
  const words = (dictionary: Record<string, unknown>) =>
    new Set(
      Object.values(dictionary)
        .flatMap((message) => (typeof message === 'string' ? [message] : Object.values(message as object)))
        .flatMap((text) => String(text).match(/\p{L}{5,}/gu) ?? [])
        .map((word) => word.toLowerCase()),
    );
  const english = words(en);
  // Data, not interface: the sandbox merchant's name and the test customer; and each language's own
  // name, which is written in that language whatever the screen's.
  const data = ['sandbox', 'santoso', 'kasir', 'english', 'bahasa', 'indonesia'];
  return new Set([...words(id)].filter((word) => !english.has(word) && !data.includes(word)));
}

describe("the cashier's screens at 1280×800 and 1024×768", () => {
  let till: Till;
  let server: RendererServer;
  let browser: Browser;
  let core: AppCore;
  let page: Page;
  const { scan, customerQr, newSale } = checkoutHands(() => page);
  let printed: string[] = [];
  // Read by the sandbox when each payment is made: a test sets how long "in progress" lasts.
  const faults: FaultScript = { pendingQueries: 2 };

  const state = () => page.locator('.status-panel').getAttribute('data-state');
  const toolbar = () => page.getByRole('toolbar');

  /**
   * Both sizes: every amount whole, nothing wider than the window, and (as every screenshot does) an
   * accessibility check.
   */
  async function shots(name: string, target: Page = page) {
    await screenshots(target, name, async (size) => {
      expect(await amountsFitted(target), `${name} at ${size.width}`).toEqual([]);
      const overflow = await target.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, `${name} at ${size.width} is wider than the window`).toBeLessThanOrEqual(0);
      if (target !== page) {
        // The customer's screen has no one to scroll it: everything fits the monitor.
        const below = await target.evaluate<number>(
          'document.documentElement.scrollHeight - document.documentElement.clientHeight',
        );
        expect(below, `${name} at ${size.width} is taller than the window`).toBeLessThanOrEqual(0);
      }
    });
  }

  /** A person at the keypad: slower than the scanner gap allowed here (200 ms), so never taken for a scan. */
  async function typeAmount(digits: string) {
    await page.keyboard.type(digits, { delay: digits.length > 6 ? 260 : 45 });
  }

  beforeAll(async () => {
    till = await openTill({
      name: 'screens',
      cashier: {
        // A payment "in progress" is checked every second; one the provider never settles is given
        // up on (left unresolved) 5 s after it started.
        policy: { queryDelaysMs: [1200, 1000], deadlineMs: 4000, settleMs: 1000, confirmNotFoundMs: 100 },
        faultScript: faults,
      },
    });
    ({ server, browser, core, page, printed } = till);
  });

  afterAll(() => till?.close());

  it('1. shows the largest amount whole, on the checkout and the customer display, at both sizes', async () => {
    await typeAmount('999999999999');
    await customerQr();
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('Rp999.999.999.999');
    expect(await page.getByTestId('customer-amount').textContent()).toBe('Rp999.999.999.999');
    // The customer's total sits under its label, never on top of it.
    const label = await page.locator('.customer-total-label').boundingBox();
    const total = await page.getByTestId('customer-amount').boundingBox();
    expect(total && label && total.y >= label.y + label.height - 1).toBe(true);
    await shots('amount-largest');
    await page.keyboard.press('Escape');
  });

  it('7. takes the amount from the on-screen keypad (000, backspace, exact amounts) and every key chip by click', async () => {
    const pad = page.getByRole('group', { name: 'Papan angka' });
    for (const key of ['1', '0', '000']) await pad.getByRole('button', { name: key, exact: true }).click();
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('Rp10.000');
    await pad.getByRole('button', { name: 'Hapus angka' }).click();
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('Rp1.000');
    await pad.getByRole('button', { name: 'Rp50.000' }).click();
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('Rp50.000');
    // The F6 chip, clicked: a customer QR, as the key would.
    await toolbar().getByRole('button', { name: /F6/ }).click();
    const qr = page.locator('.customer-display svg.qr');
    await qr.waitFor();
    await shots('checkout-keypad');
    await scan(await readQrFromPng(await qr.screenshot()));
    await expect.poll(state, { timeout: 15_000 }).toBe('PAID');
  });

  it('11. keeps the chips in place and says "receipt printed" in green, not the amber of "not known yet"', async () => {
    const before = await toolbar().boundingBox();
    await toolbar().getByRole('button', { name: /F9/ }).click();
    const note = page.getByTestId('receipt-note');
    await expect.poll(() => note.textContent()).toBe('Struk dicetak.');
    expect(await note.getAttribute('class')).toContain('tone-ok');
    const after = await toolbar().boundingBox();
    expect(after?.y).toBe(before?.y);
    await shots('checkout-paid-printed');
  });

  it('4. marks sandbox receipts UJI COBA / TEST, top and bottom', async () => {
    expect(printed).toHaveLength(1);
    const receipt = printed[0] ?? '';
    expect(receipt.match(/UJI COBA \/ TEST/g)).toHaveLength(2);
    expect(receipt).toContain('Toko Demo Kasir CPM');
    const paper = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await paper.setContent(receipt);
    await screenshot(paper, 'receipt-test-mark');
    await paper.close();
  });

  it('8. turns an open F8 cancel dialog into what happened when the payment settles on its own', async () => {
    await newSale();
    // "In progress" once, then paid: about 2 s after the payment was sent.
    faults.pendingQueries = 1;
    await typeAmount('10002');
    await scan(await customerQr());
    await expect
      .poll(() => page.locator('.status-panel .status-headline').textContent(), { timeout: 10_000 })
      .toContain('Memeriksa ke penyedia');
    await page.keyboard.press('F8');
    const dialog = page.getByRole('dialog', { name: 'Batalkan pembayaran' });
    await dialog.locator('input[name="reason"]').fill('Pelanggan ragu');
    await shots('cancel-dialog-open');
    await expect
      .poll(() => dialog.getByTestId('cancel-settled').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('PAID');
    expect(await dialog.textContent()).toContain('sudah selesai sendiri');
    expect(await dialog.locator('input[name="pin"]').count()).toBe(0);
    await shots('cancel-dialog-settled');
    await dialog.getByRole('button', { name: 'Tutup', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await newSale();
  });

  it('10. fits History at 1024 px: one line a row, references narrow, Export in view, a day total, a strong row focus', async () => {
    await page.keyboard.press('F2');
    const rows = page.locator('.history tbody tr.row-link');
    await expect.poll(() => rows.count()).toBe(2);
    const total = page.getByTestId('history-total');
    expect(await total.textContent()).toContain('Rp60.002');
    expect(await total.textContent()).toContain('2 pembayaran lunas');
    await page.setViewportSize({ width: 1024, height: 768 });
    const exportButton = await page.getByRole('button', { name: 'Ekspor CSV' }).boundingBox();
    expect((exportButton?.x ?? 0) + (exportButton?.width ?? 0)).toBeLessThanOrEqual(1024);
    const lineHeights = await rows
      .first()
      .locator('td')
      .evaluateAll((cells) =>
        cells.map((cell) => Math.round((cell as unknown as Box).getBoundingClientRect().height)),
      );
    // Every cell is one row high: the wallet no longer wraps.
    expect(new Set(lineHeights).size).toBe(1);
    const refs = await page
      .locator('.history-table col.col-ref')
      .evaluate((col) => (col as unknown as Box).getBoundingClientRect().width);
    expect(refs / 1024).toBeLessThan(0.3);
    await rows.first().focus();
    const style = (element: unknown) =>
      (
        globalThis as unknown as { getComputedStyle: (e: unknown) => { outlineStyle: string } }
      ).getComputedStyle(element).outlineStyle;
    expect(await rows.first().evaluate(style)).toBe('solid');
    await page.setViewportSize({ width: 1280, height: 800 });
    await shots('history-today');
  });

  it('10. empties the list when a search amount cannot be read, instead of leaving old rows as "matches"', async () => {
    await page.locator('input[name="amount"]').fill('10.00x');
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect.poll(() => page.locator('.history tbody tr.row-link').count()).toBe(0);
    expect(await page.locator('#history-bad-amount').textContent()).toContain('Jumlah tidak valid');
    await shots('history-bad-amount');
    await page.locator('input[name="amount"]').fill('');
    // The error goes as soon as the amount is edited.
    expect(await page.locator('#history-bad-amount').count()).toBe(0);
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect.poll(() => page.locator('.history tbody tr.row-link').count()).toBe(2);
  });

  it('2. closes the payment detail by its close button, by Esc and by a click outside', async () => {
    const row = page.locator('.history tbody tr.row-link').filter({ hasText: 'Rp50.000' });
    await row.click();
    const detail = page.getByRole('dialog', { name: 'Detail pembayaran' });
    await detail.getByText('Riwayat kejadian').waitFor();
    await shots('history-detail');
    await detail.getByRole('button', { name: 'Tutup' }).first().click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await row.focus();
    await page.keyboard.press('Enter');
    await detail.waitFor();
    await page.mouse.click(8, 400);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await row.click();
    await detail.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('2. keeps F1–F4 and Tab inside the refund dialog: the typed reason and PIN survive', async () => {
    await page.locator('.history tbody tr.row-link').filter({ hasText: 'Rp50.000' }).click();
    await page.getByRole('button', { name: 'Pengembalian dana…' }).click();
    const refund = page.getByRole('dialog', { name: 'Pengembalian dana' });
    await refund.locator('input[name="reason"]').fill('Retur kemasan sobek');
    await refund.locator('input[name="pin"]').fill('1234');
    for (const key of ['F1', 'F2', 'F3', 'F4']) await page.keyboard.press(key);
    expect(await page.locator('main').getAttribute('data-screen')).toBe('history');
    expect(await refund.locator('input[name="reason"]').inputValue()).toBe('Retur kemasan sobek');
    expect(await refund.locator('input[name="pin"]').inputValue()).toBe('1234');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 0 ? 'Shift+Tab' : 'Tab');
      expect(
        await page.evaluate<string | undefined>(
          `document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-labelledby')`,
        ),
      ).toBe(await refund.getAttribute('aria-labelledby'));
    }
    // A click outside does not throw away what was typed.
    await page.mouse.click(4, 4);
    expect(await refund.count()).toBe(1);
  });

  it('3. shows the demo PIN in the PIN field in the sandbox, and a wrong PIN is just wrong', async () => {
    const refund = page.getByRole('dialog', { name: 'Pengembalian dana' });
    const pin = refund.locator('input[name="pin"]');
    expect(await pin.getAttribute('placeholder')).toBe(`PIN demo: ${SANDBOX_DEMO_PIN}`);
    expect(await refund.textContent()).toContain(`gunakan PIN demo ${SANDBOX_DEMO_PIN}`);
    await pin.fill('111111');
    await refund.getByRole('button', { name: 'Kembalikan dana' }).click();
    const alert = refund.getByRole('alert');
    await expect.poll(() => alert.getAttribute('data-code')).toBe('PIN_WRONG');
    expect(await alert.textContent()).toContain('PIN salah');
    expect(await alert.textContent()).not.toContain('belum diatur');
    await shots('refund-wrong-pin');
  });

  it('9. clears an old error while the PIN is retyped, and says why the confirm button is disabled', async () => {
    const refund = page.getByRole('dialog', { name: 'Pengembalian dana' });
    await refund.locator('input[name="pin"]').fill('2');
    expect(await refund.getByRole('alert').count()).toBe(0);
    const confirm = refund.getByRole('button', { name: 'Kembalikan dana' });
    expect(await confirm.isDisabled()).toBe(true);
    expect(await refund.getByTestId('why-disabled').textContent()).toContain('PIN supervisor');
    await refund.locator('input[name="amount"]').fill('60000');
    expect(await refund.getByTestId('why-disabled').textContent()).toContain('Melebihi sisa');
    await shots('refund-why-disabled');
    await refund.locator('input[name="amount"]').fill('20000');
    await refund.locator('input[name="pin"]').fill(SANDBOX_DEMO_PIN);
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await expect
      .poll(() => page.locator('.refund-result').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('REFUNDED');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('4. prints the day report with the shop, the terminal and the test mark', async () => {
    await page.keyboard.press('F3');
    const owner = page.getByTestId('report-owner');
    await expect.poll(() => owner.textContent()).toContain('Toko Demo Kasir CPM');
    expect(await owner.textContent()).toMatch(/Terminal \S+/);
    expect(await page.getByTestId('report-test-mark').textContent()).toContain('UJI COBA / TEST');
    await shots('report');
    await page.emulateMedia({ media: 'print' });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await screenshot(page, `report-print${size.suffix}`);
    }
    expect(
      await page
        .locator('.test-mark')
        .evaluateAll(
          (marks) => marks.filter((mark) => (mark as unknown as Box).offsetParent !== null).length,
        ),
    ).toBe(2);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('9. moves focus to the first wrong field of an invalid Settings save, with a summary', async () => {
    await page.keyboard.press('F4');
    const general = page.getByRole('region', { name: 'Umum' });
    await general.getByLabel('Jenis pemindai').selectOption('serial');
    await general.getByRole('button', { name: 'Simpan' }).click();
    expect(await page.evaluate<string | null>(`document.activeElement?.getAttribute('name')`)).toBe(
      'serialPath',
    );
    expect(await general.getByTestId('error-summary').textContent()).toContain('1 isian perlu diperbaiki');
    await shots('settings-invalid');
    await general.getByLabel(/Port serial/).fill('/dev/ttyACM0');
    expect(await general.getByTestId('error-summary').count()).toBe(0);
    await general.getByLabel('Jenis pemindai').selectOption('wedge');
  });

  it('6. saves the language from the header: it survives a reload and a Settings save, and Settings shows it', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Settings');
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Checkout');
    await page.keyboard.press('F4');
    const general = page.getByRole('region', { name: 'General' });
    expect(await general.getByLabel('Language').inputValue()).toBe('en');
    await general.getByRole('button', { name: 'Save' }).click();
    await general.getByText('Saved.').waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('Checkout');
    expect(await general.getByLabel('Language').inputValue()).toBe('en');
  });

  it('5. speaks English on every screen, with plural forms, words before codes, and times in WIB', async () => {
    const indonesian = indonesianOnlyWords();
    const leftovers = async () =>
      ((await page.locator('body').innerText()).match(/\p{L}{5,}/gu) ?? []).filter((word) =>
        indonesian.has(word.toLowerCase()),
      );

    // Settings: the audit log in words, times in WIB.
    const audit = page.getByRole('region', { name: 'Audit log (latest)' });
    const firstRow = audit.locator('tbody tr').first();
    expect(await firstRow.textContent()).toMatch(/\d\d-\d\d-\d{4} \d\d:\d\d:\d\d WIB/);
    expect(await audit.textContent()).toContain('Supervisor PIN entered');
    expect(await leftovers()).toEqual([]);
    await shots('english-settings');

    await page.keyboard.press('F1');
    await page.getByTestId('prompt').waitFor();
    expect(await leftovers()).toEqual([]);
    await shots('english-checkout');

    await page.keyboard.press('F2');
    await page.locator('input[name="amount"]').fill('10002');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('history-summary').textContent()).toBe('1 payment');
    await page.locator('input[name="amount"]').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('history-summary').textContent()).toBe('2 payments');
    expect(await leftovers()).toEqual([]);
    await page.locator('.history tbody tr.row-link').filter({ hasText: 'IDR 50,000' }).click();
    const detail = page.getByRole('dialog', { name: 'Payment details' });
    const timeline = detail.getByTestId('timeline');
    await timeline.waitFor();
    expect(await timeline.textContent()).toContain("Payment: provider's answer → Paid");
    expect(await timeline.textContent()).not.toContain('∅');
    // The receipt preview follows the language too.
    expect(await detail.locator('.receipt').textContent()).toContain('PAYMENT SUCCESSFUL');
    expect(await leftovers()).toEqual([]);
    await shots('english-detail');
    await page.keyboard.press('Escape');

    await page.keyboard.press('F3');
    await page.getByTestId('report-owner').waitFor();
    expect(await page.getByTestId('report-totals').textContent()).toContain('2 payments');
    expect(await page.getByTestId('report-totals').textContent()).toContain('1 refund');
    expect(await leftovers()).toEqual([]);
    await shots('english-report');

    // Back to Bahasa Indonesia through Settings: the header button follows.
    await page.keyboard.press('F4');
    await page.getByRole('region', { name: 'General' }).getByLabel('Language').selectOption('id');
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Pengaturan');
    expect(await page.locator('button.lang').textContent()).toBe('English');
    await page.keyboard.press('F1');
  });

  it('13. shows the customer display on its own page: amount, QR with countdown, then the result', async () => {
    const customer = await openApp(browser, `${server.url}#customer`, core);
    const display = customer.locator('.customer-display.full');
    await display.waitFor();
    await expect
      .poll(() => customer.getByTestId('customer-status').textContent())
      .toContain('Selamat datang');
    await shots('customer-screen-welcome', customer);
    await typeAmount('25000');
    await expect.poll(() => customer.getByTestId('customer-amount').textContent()).toBe('Rp25.000');
    await page.keyboard.press('F6');
    const qr = customer.locator('svg.qr');
    await qr.waitFor();
    await expect
      .poll(() => customer.getByTestId('qr-countdown').textContent())
      .toMatch(/Berlaku \d:\d\d lagi/);
    await shots('customer-screen-qr', customer);
    // The customer's own screen shows a QR that really pays.
    await scan(await readQrFromPng(await qr.screenshot()));
    await expect
      .poll(() => customer.getByTestId('customer-status').textContent(), { timeout: 15_000 })
      .toContain('berhasil');
    expect(await display.getAttribute('data-tone')).toBe('ok');
    await shots('customer-screen-paid', customer);
    expect((customer as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
    await customer.close();
    await newSale();
  });

  it("12. lets a supervisor settle a payment the provider never settles: recheck first, the provider's last word, reason and PIN", async () => {
    faults.pendingQueries = 1_000_000;
    await typeAmount('10002');
    await scan(await customerQr());
    await expect
      .poll(() => page.locator('.status-panel .status-headline').textContent(), { timeout: 10_000 })
      .toContain('Memeriksa ke penyedia');
    // The provider says "pending" once or twice, then goes away for good.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await core.cashier.backend()?.sandbox?.close();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await page.keyboard.press('F2');
    const row = page.locator('.history tbody tr.row-link').filter({ hasText: 'Rp10.002' }).first();
    await row.click();
    const detail = page.getByRole('dialog', { name: 'Detail pembayaran' });
    await detail.getByTestId('detail-decide').click();
    const decide = page.getByRole('dialog', { name: 'Keputusan manual supervisor' });
    await decide.getByTestId('provider-word').waitFor({ timeout: 60_000 });
    expect(await decide.getByTestId('decide-recheck').textContent()).toContain('Masih belum pasti');
    expect(await decide.getByTestId('provider-word').textContent()).toContain('pembayaran masih tertunda');
    expect(await decide.getByTestId('provider-word').textContent()).toContain('tidak menjawab lagi');
    expect(await decide.getByTestId('why-disabled').textContent()).toContain('Pilih keputusan');
    await decide.getByLabel(/TIDAK DIBAYAR/).check();
    await decide.locator('input[name="reason"]').fill('Penyedia tidak bisa dihubungi');
    await decide.locator('input[name="pin"]').fill(SANDBOX_DEMO_PIN);
    await shots('manual-decision');
    await decide.getByRole('button', { name: 'Catat sebagai TIDAK DIBAYAR' }).click();
    await expect
      .poll(() => detail.locator('.status-panel').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('MANUAL_NOT_PAID');
    expect(await detail.locator('.status-panel').textContent()).toContain('Penyedia tidak bisa dihubungi');
    await shots('manual-decision-done');
  });

  it('ran every page under the shipped Content-Security-Policy without a page error', () => {
    expect((page as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
