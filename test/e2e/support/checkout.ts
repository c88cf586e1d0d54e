// What a cashier's hands do at the checkout, shared by the e2e suites: a keyboard-wedge scan, the
// customer QR read back from the screen, a new sale. And the scanner timing those suites run with.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { readQrFromPng } from './qr-reader';

/**
 * A scanner never pauses mid-scan, but CI machines run other suites at the same time and Playwright's
 * keystrokes can stall behind them: allow the most jitter Settings do (200 ms) rather than a flaky
 * test. Telling scans from typing at the default interval is covered in test/renderer.
 */
export async function tolerateKeystrokeJitter(core: AppCore): Promise<void> {
  const settings = await core.dispatch('settings:get', undefined);
  if (!settings.ok) throw new Error('no settings');
  const { scanner, ...rest } = settings.value as { scanner: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const saved = await core.dispatch('settings:general:save', {
    language: rest.language,
    sandboxVariant: rest.sandboxVariant,
    scanner: { ...scanner, wedgeMaxKeyIntervalMs: 200 },
    printer: rest.printer,
  });
  expect(saved.ok).toBe(true);
}

/** `page` is read at each call: suites open their page in beforeAll. */
export function checkoutHands(page: () => Page) {
  return {
    /** What a keyboard-wedge scanner does: every character 2 ms apart, then Enter. */
    async scan(text: string) {
      await page().keyboard.type(text, { delay: 2 });
      await page().keyboard.press('Enter');
    },
    /** F6, then the customer display's QR read back from the screen with ZXing. */
    async customerQr(): Promise<string> {
      await page().keyboard.press('F6');
      const qr = page().locator('.customer-display svg.qr');
      await qr.waitFor();
      return readQrFromPng(await qr.screenshot());
    },
    async newSale() {
      await page().keyboard.press('Escape');
      await expect.poll(() => page().locator('.status-panel').count()).toBe(0);
    },
  };
}
