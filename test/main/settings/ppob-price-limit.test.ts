// The owner's PPOB prices hold no amount beyond Rp999.999.999.999,99, the most one amount may be. A save
// with a larger service fee, fixed price or deposit level is refused (PPOB_PRICE_INVALID, naming the
// amount and the limit) before the PIN is asked, and changes nothing; a settings file edited by hand
// to hold one is kept aside with the field named, and the price list reads from the defaults.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { defaultSettings } from '../../../main/settings/schema';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { Catalogue, PpobPricingInput } from '../../../preload/contract/ppob';
import { MAX_AMOUNT_MINOR } from '../../../preload/contract/rupiah';
import type { AuditEntry, SettingsView } from '../../../preload/contract/settings';
import { CHEAP_SCRYPT, expectOk, SUPERVISOR_PIN } from '../security/support/configured-app';

const BEYOND = (MAX_AMOUNT_MINOR + 1n).toString();
const EIGHTEEN_NINES = '999999999999999999';

let core: AppCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function openCore(dataDir = mkdtempSync(join(tmpdir(), 'kasir-ppob-limit-'))) {
  core = await createAppCore({
    dataDir,
    security: { cipher: createKeyCipher(randomBytes(32)), scrypt: CHEAP_SCRYPT },
  });
  return { core, dataDir };
}

async function auditOf(target: AppCore): Promise<AuditEntry[]> {
  return (await expectOk<{ entries: AuditEntry[] }>(target.dispatch('settings:audit:list', undefined)))
    .entries;
}

const AMOUNTS: Array<[string, (minor: string) => PpobPricingInput]> = [
  ['a category’s service fee', (minor) => ({ categories: { pulsa: { storeFeeMinor: minor } } })],
  ['a product’s service fee', (minor) => ({ products: { 'klikoo:TSEL10': { storeFeeMinor: minor } } })],
  ['a product’s fixed price', (minor) => ({ products: { 'klikoo:TSEL10': { sellingPriceMinor: minor } } })],
  ['a deposit’s low-balance level', (minor) => ({ lowBalance: { klikoo: minor } })],
];

describe('saving the PPOB prices', () => {
  it.each(AMOUNTS)(
    'refuses %s beyond the limit, and only beyond it, with PPOB_PRICE_INVALID naming both',
    async (_what, pricing) => {
      const { core } = await openCore();
      await expectOk(core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
      const save = (minor: string) =>
        core.dispatch('settings:ppob:save', { pricing: pricing(minor), supervisorPin: SUPERVISOR_PIN });
      await expectOk(save(MAX_AMOUNT_MINOR.toString()));
      await expect(save(BEYOND)).resolves.toMatchObject({
        ok: false,
        error: {
          code: 'PPOB_PRICE_INVALID',
          message: {
            id: expect.stringContaining('melebihi Rp999.999.999.999,99'),
            en: expect.stringContaining('is more than IDR 999,999,999,999.99'),
          },
        },
      });
    },
  );

  it('changes nothing on a refusal: no file written, nothing recorded, not even the PIN check', async () => {
    const { core, dataDir } = await openCore();
    await expectOk(core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
    const settings = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    const audit = await auditOf(core);
    await core.dispatch('settings:ppob:save', {
      pricing: { categories: { pulsa: { storeFeeMinor: EIGHTEEN_NINES } } },
      supervisorPin: SUPERVISOR_PIN,
    });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(settings);
    expect(await auditOf(core)).toEqual(audit);
  });
});

describe('a settings file edited to a service fee beyond the limit', () => {
  it('is kept aside with the field named, and the price list reads from the defaults', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kasir-ppob-limit-'));
    const edited = structuredClone(defaultSettings());
    edited.ppob.categories.pulsa = { storeFeeMinor: EIGHTEEN_NINES };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(edited));
    const { core } = await openCore(dataDir);
    const settings = await expectOk<SettingsView>(core.dispatch('settings:get', undefined));
    expect(settings.problems).toMatchObject([
      { code: 'SETTINGS_FILE_INVALID', issues: ['ppob.categories.pulsa.storeFeeMinor: v.amountMax'] },
    ]);
    const catalogue = await expectOk<Catalogue>(core.dispatch('ppob:catalogue', undefined));
    expect(catalogue.products.find((p) => p.key === 'klikoo:TSEL10')?.sellingPriceMinor).toBe('1195000');
  });
});
