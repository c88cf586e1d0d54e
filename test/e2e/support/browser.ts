// Real Chromium (Debian's) driven by playwright-core, with window.kasir bridged to the real core
// running in this test process: only Electron's IPC transport is replaced.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { AppCore } from '../../../main/app/core';
import { seriousViolations } from './axe';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results');

/** `extraArgs`: more Chromium flags for one suite (e.g. a fake camera). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Opens the app in a page whose window.kasir talks to `core`, as the preload does in Electron. */
export async function openApp(browser: Browser, url: string, core: AppCore): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.exposeBinding('__kasirInvoke', (_source, channel: unknown, payload: unknown) =>
    core.dispatch(channel, payload),
  );
  await page.addInitScript(() => {
    const listeners = new Set<(name: string, payload: unknown) => void>();
    const w = globalThis as unknown as {
      __kasirInvoke: (channel: string, payload: unknown) => Promise<unknown>;
      __kasirEmit: (name: string, payload: unknown) => void;
      kasir: unknown;
    };
    w.__kasirEmit = (name, payload) => {
      for (const listener of listeners) listener(name, payload);
    };
    w.kasir = Object.freeze({
      invoke: (channel: string, payload?: unknown) => w.__kasirInvoke(channel, payload),
      on: (event: string, listener: (payload: unknown) => void) => {
        const wrapped = (name: string, payload: unknown) => {
          if (name === event) listener(payload);
        };
        listeners.add(wrapped);
        return () => listeners.delete(wrapped);
      },
    });
  });
  core.onEvent((event, payload) => {
    void page
      .evaluate(
        ([name, body]) => {
          (globalThis as unknown as { __kasirEmit: (n: string, p: unknown) => void }).__kasirEmit(name, body);
        },
        [event, payload] as const,
      )
      .catch(() => undefined);
  });
  await page.goto(url);
  Object.assign(page, { pageErrors });
  return page;
}

/**
 * A screenshot in test-results/, after an accessibility check of the same screen: every screen an
 * e2e suite looks at must have no serious or critical axe-core violation.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = resolve(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const violations = await seriousViolations(page);
  if (violations.length > 0) {
    throw new Error(`${name}: accessibility violations ${JSON.stringify(violations, null, 1)}`);
  }
  return path;
}

export const SIZES = [
  { width: 1280, height: 800, suffix: '' },
  { width: 1024, height: 768, suffix: '-1024' },
] as const;

/**
 * Screenshots at both supported sizes: `name.png` at 1280×800 and `name-1024.png` at 1024×768. The
 * page is left at 1280×800. `check` runs at each size (e.g. that every amount shows whole).
 */
export async function screenshots(
  page: Page,
  name: string,
  check?: (size: (typeof SIZES)[number]) => Promise<void>,
): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // Let the layout (and the amounts fitting themselves) settle at the new size.
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    await check?.(size);
    await screenshot(page, `${name}${size.suffix}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Every amount on screen shows whole: nothing cut off, nothing running over its box. */
export async function amountsFitted(page: Page): Promise<{ text: string; scroll: number; client: number }[]> {
  // A string, run in the page: this program is typed for Node, not the DOM.
  return page.evaluate(`[...document.querySelectorAll('.amount-fit')]
    .filter((element) => element.offsetParent !== null)
    .map((element) => ({ text: element.textContent, scroll: element.scrollWidth, client: element.clientWidth }))
    .filter((box) => box.scroll > box.client + 1)`);
}
