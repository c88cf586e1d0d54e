// One cashier's till for an end-to-end suite: the renderer served, Chromium, the real app core on a
// fresh data folder against the embedded sandbox, every printed receipt kept, the app open at its
// prompt with the scanner timing the suites run with.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AppCore, type AppCoreOptions, createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import { launchBrowser, openApp } from './browser';
import { tolerateKeystrokeJitter } from './checkout';
import { type RendererServer, serveRenderer } from './renderer-server';

export interface Till {
  server: RendererServer;
  browser: Browser;
  core: AppCore;
  page: Page;
  /** The HTML of every receipt printed, in order. */
  printed: string[];
  close: () => Promise<void>;
}

export async function openTill(options: {
  /** Names the data folder (kasir-e2e-<name>-…). */
  name: string;
  cashier?: Omit<NonNullable<AppCoreOptions['cashier']>, 'printer'>;
  /** A vault and this supervisor PIN; without it the sandbox's demo PIN applies. */
  supervisorPin?: string;
}): Promise<Till> {
  const [server, browser] = await Promise.all([serveRenderer(), launchBrowser()]);
  const printed: string[] = [];
  let core: AppCore | undefined;
  const close = async () => {
    await browser.close();
    await server.close();
    await core?.close();
  };
  try {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), `kasir-e2e-${options.name}-`)),
      ...(options.supervisorPin === undefined
        ? {}
        : { security: { cipher: createKeyCipher(randomBytes(32)) } }),
      cashier: {
        ...options.cashier,
        printer: {
          print: async (html) => {
            printed.push(html);
            return true;
          },
        },
      },
    });
    if (options.supervisorPin !== undefined) {
      const pin = await core.dispatch('settings:pin:set', { newPin: options.supervisorPin });
      expect(pin.ok).toBe(true);
    }
    await tolerateKeystrokeJitter(core);
    const page = await openApp(browser, server.url, core);
    await page.getByTestId('prompt').waitFor();
    return { server, browser, core, page, printed, close };
  } catch (error) {
    await close();
    throw error;
  }
}
