// The accessibility check every e2e screenshot runs (axe-core, injected into the page) finds what it
// must: a check that cannot fail would pass every screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe';
import { launchBrowser } from './support/browser';

describe('the accessibility check', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reports a nameless button, an unlabelled field and grey-on-grey text as serious or critical', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="id"><head><title>x</title></head><body><main>
      <button></button>
      <input>
      <p style="color:#777;background:#666">Struk dicetak.</p>
    </main></body></html>`);
    const ids = (await seriousViolations(page)).map((violation) => violation.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast', 'label']);
    await page.close();
  });

  it('passes a page that has none of them', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="id"><head><title>x</title></head><body><main>
      <button type="button">Tutup</button>
      <label>Alasan <input></label>
      <p style="color:#000;background:#fff">Struk dicetak.</p>
    </main></body></html>`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
