import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../main/app/core';
import { launchBrowser, openApp, screenshot } from './support/browser';
import { type RendererServer, serveRenderer } from './support/renderer-server';

describe('the app shell in real Chromium', () => {
  let server: RendererServer;
  let browser: Browser;
  let core: AppCore;
  let page: Page;

  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchBrowser();
    core = await createAppCore({ dataDir: mkdtempSync(join(tmpdir(), 'kasir-e2e-')) });
    page = await openApp(browser, server.url, core);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
  });

  it('shows the product name and the navigation for every screen', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kasir CPM');
    const tabs = await page.getByRole('navigation').getByRole('button').allTextContents();
    expect(tabs.map((text) => text.replace(/^F\d\s*/, ''))).toEqual([
      'Kasir',
      'Produk digital',
      'Riwayat',
      'Laporan',
      'Pengaturan',
    ]);
    await screenshot(page, 'app-shell');
  });

  it('says SANDBOX while the embedded simulator is the backend', async () => {
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('SANDBOX');
  });

  it('switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Checkout');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Kasir');
  });

  it('moves between screens with the F-keys', async () => {
    await page.keyboard.press('F3');
    await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('report');
    await page.keyboard.press('F7');
    await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('ppob');
    await page.keyboard.press('F1');
    await expect.poll(() => page.locator('main').getAttribute('data-screen')).toBe('checkout');
  });

  it('runs under the shipped Content-Security-Policy without errors', async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const tokens = (csp ?? '').split(/[\s;]+/);
    expect(csp).toContain("script-src 'self'");
    expect(tokens).not.toContain("'unsafe-eval'");
    expect(tokens.filter((token) => /^(https?:|wss?:|\*)/.test(token))).toEqual([]);
    expect((page as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
