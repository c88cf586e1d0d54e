// Connecting a real provider from the Settings screen in real Chromium, against the real core: a profile
// typed in, our key imported through main's file dialog, the token test against a SNAP token endpoint
// on 127.0.0.1, the profile made active, a supervisor PIN set. The page never holds a secret again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../main/app/core';
import { createKeyCipher } from '../../main/vault/cipher';
import { startTokenServer, type TokenServer } from '../main/settings/support/token-server';
import { launchBrowser, openApp, screenshot } from './support/browser';
import { type RendererServer, serveRenderer } from './support/renderer-server';

const keys = join(import.meta.dirname, '../fixtures/keys');
const PRIVATE_KEY_FILE = join(keys, 'midtrans-sample-private.pem');
const PUBLIC_KEY_PEM = readFileSync(join(keys, 'midtrans-sample-public.pem'), 'utf8');
const CLIENT_KEY = '82150823919040624621823174737537';
const CLIENT_SECRET = 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS';
const TOKEN = 'gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a';

describe('connecting a provider in real Chromium', () => {
  let server: RendererServer;
  let browser: Browser;
  let provider: TokenServer;
  let core: AppCore;
  let page: Page;

  beforeAll(async () => {
    [server, browser, provider] = await Promise.all([
      serveRenderer(),
      launchBrowser(),
      startTokenServer({ clients: { [CLIENT_KEY]: PUBLIC_KEY_PEM }, token: TOKEN, prefix: '/snap' }),
    ]);
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-e2e-settings-')),
      security: {
        cipher: createKeyCipher(randomBytes(32)),
        pickPemFile: async () => PRIVATE_KEY_FILE,
        scrypt: { logN: 10, r: 8, p: 1 },
      },
    });
    page = await openApp(browser, server.url, core);
    await page.getByTestId('prompt').waitFor();
    await page.keyboard.press('F4');
    await page.getByRole('heading', { name: 'Pengaturan', level: 2 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
    await provider?.close();
  });

  it('refuses a provider address that is not https, in Bahasa Indonesia', async () => {
    await page.getByRole('button', { name: 'Tambah profil penyedia' }).click();
    await page.getByLabel('Base URL').fill('http://api.penyedia.example');
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    await expect
      .poll(() =>
        page.getByText('Harus alamat https:// (http hanya untuk komputer ini)', { exact: false }).count(),
      )
      .toBe(1);
  });

  it('saves the profile and forgets the client secret on the page', async () => {
    const fill = (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
    await fill('Nama profil', 'Penyedia Uji');
    await fill('Base URL', provider.url);
    await fill('Path prefix', '/snap');
    await fill('Client Key (X-CLIENT-KEY)', CLIENT_KEY);
    await fill('Partner ID (X-PARTNER-ID)', CLIENT_KEY);
    await fill('Channel ID (CHANNEL-ID)', '95221');
    await fill('Merchant ID', '00007100010926');
    await fill('Terminal ID', '6476378');
    await fill('Client Secret', CLIENT_SECRET);
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    await expect.poll(() => page.getByText('Belum lengkap: kunci privat').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Client Secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(CLIENT_SECRET);
  });

  it("imports our key through main's file dialog and shows the public key to register", async () => {
    await page.getByRole('button', { name: 'Impor kunci privat (PEM)…' }).click();
    const pem = page.getByLabel('Kunci publik untuk didaftarkan ke penyedia');
    await expect.poll(() => pem.inputValue()).toBe(PUBLIC_KEY_PEM.replace(/\r\n/g, '\n'));
    expect(await page.content()).not.toContain('PRIVATE KEY');
  });

  it('gets a token from the provider and says so', async () => {
    await page.getByRole('button', { name: 'Uji koneksi (minta token)' }).click();
    const result = page.locator('.test-result');
    await expect.poll(() => result.getAttribute('data-outcome')).toBe('ok');
    expect(await result.textContent()).toContain(
      'Terhubung. Penyedia memberikan token akses (berlaku 900 detik).',
    );
    expect(await page.content()).not.toContain(TOKEN);
  });

  it('makes the profile active, and the SANDBOX banner goes', async () => {
    await page
      .locator('li.profile', { hasText: 'Penyedia Uji' })
      .getByRole('button', { name: 'Aktifkan' })
      .click();
    await expect.poll(() => page.locator('.sandbox-banner').count()).toBe(0);
  });

  it('sets a supervisor PIN that main then accepts', async () => {
    await page.getByLabel('PIN baru (6–12 angka)').fill('730516');
    await page.getByLabel('Ulangi PIN baru').fill('730516');
    await page.getByRole('button', { name: 'Atur PIN' }).click();
    await expect.poll(() => page.getByText('PIN supervisor disimpan.').count()).toBe(1);
    await expect(core.security.verifySupervisorPin('730516', { purpose: 'refund' })).resolves.toEqual({
      ok: true,
    });
    await screenshot(page, 'settings-provider-connected');
  });
});
