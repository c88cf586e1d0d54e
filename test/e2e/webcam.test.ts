// Webcam scanning in real Chromium: a fake camera films the customer QR the sandbox generated
// (service 59); the renderer's barcode-detector / ZXing WebAssembly decoder, loaded from the app's
// own files under the shipped CSP and never from a CDN, reads it; the payment goes through.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../main/app/core';
import type { CustomerQr } from '../../preload/contract/payments';
import { launchBrowser, openApp, screenshot } from './support/browser';
import { writeQrVideo } from './support/fake-camera';
import { type RendererServer, serveRenderer } from './support/renderer-server';

describe('scanning the customer QR with the webcam', () => {
  let server: RendererServer;
  let browser: Browser;
  let core: AppCore;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-e2e-webcam-'));
    core = await createAppCore({ dataDir: join(dir, 'data') });
    const qr = await core.dispatch('customer-qr:generate', undefined);
    if (!qr.ok) throw new Error(qr.error.message.en);
    const video = join(dir, 'customer-qr.y4m');
    writeQrVideo(video, (qr.value as CustomerQr).matrix);
    [server, browser] = await Promise.all([
      serveRenderer(),
      launchBrowser([
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ]),
    ]);
    page = await openApp(browser, server.url, core);
    page.on('request', (request) => requests.push(request.url()));
    await page.getByTestId('prompt').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
  });

  it('reads the QR from the camera (F5) and pays with it', async () => {
    await page.keyboard.type('12500', { delay: 45 });
    await expect.poll(() => page.getByTestId('amount').textContent()).toContain('Rp12.500');
    await page.keyboard.press('F5');
    await page.getByRole('dialog', { name: 'Pindai dengan kamera' }).waitFor();
    await screenshot(page, 'checkout-camera');
    await expect
      .poll(() => page.locator('.status-panel').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('PAID');
    expect(await page.locator('.status-panel').textContent()).toContain('SANDBOX QRIS •••• 0012');
  });

  it('loaded the decoder’s WebAssembly from the app itself, never from a CDN', () => {
    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => url.endsWith('.wasm'))).toEqual([
      expect.stringMatching(new RegExp(`^${origin}/assets/zxing_reader-[\\w-]+\\.wasm$`)),
    ]);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
    expect((page as unknown as { pageErrors: string[] }).pageErrors).toEqual([]);
  });
});
