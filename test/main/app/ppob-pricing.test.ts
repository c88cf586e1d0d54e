// No PPOB price beyond MAX_AMOUNT_MINOR (Rp999.999.999.999,99, the most one amount may be) leaves the
// pricing, whatever the owner's prices or a provider's list say: such a product is refused with
// PPOB_PRICE_INVALID, naming it and the limit, rather than listed at a price the price list's answer
// cannot carry and no payment takes; the price list leaves it out and names it. Pure pricing first,
// then the price list and a sale in the sandbox.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { priceOf, priceOfQuote } from '../../../main/app/ppob-pricing';
import type { Product } from '../../../main/ppob/products';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { HistoryResult } from '../../../preload/contract/payments';
import type { Catalogue, PpobPricing } from '../../../preload/contract/ppob';
import { MAX_AMOUNT_MINOR } from '../../../preload/contract/rupiah';

const TSEL10: Product = {
  provider: 'klikoo',
  code: 'TSEL10',
  name: 'Telkomsel 10.000',
  category: 'pulsa',
  operator: 'telkomsel',
  price: 1_045_000n,
  active: true,
};
const PLN_BILL: Product = {
  provider: 'klikoo',
  code: 'PLNPOST',
  name: 'PLN Pascabayar',
  category: 'pln-postpaid',
  price: 250_000n,
  active: true,
};

const feeOf = (category: string, minor: bigint): PpobPricing => ({
  categories: { [category]: { storeFeeMinor: minor.toString() } },
  products: {},
  lowBalance: {},
});

const refused = {
  code: 'PPOB_PRICE_INVALID',
  messages: expect.objectContaining({ en: expect.stringContaining('is more than IDR 999,999,999,999.99') }),
};

describe('a PPOB price', () => {
  it('is refused, naming the product, once the provider’s price and the fee pass the limit', () => {
    const fee = MAX_AMOUNT_MINOR - TSEL10.price;
    expect(priceOf(TSEL10, feeOf('pulsa', fee)).sellingPrice).toBe(MAX_AMOUNT_MINOR);
    expect(() => priceOf(TSEL10, feeOf('pulsa', fee + 1n))).toThrow(
      expect.objectContaining({
        ...refused,
        messages: expect.objectContaining({ en: expect.stringMatching(/TSEL10.*999,999,999,999/) }),
      }),
    );
  });

  it('is refused for a provider’s price beyond the limit, with no fee at all', () => {
    expect(() => priceOf({ ...TSEL10, price: MAX_AMOUNT_MINOR + 100n }, feeOf('pulsa', 0n))).toThrow(
      expect.objectContaining(refused),
    );
  });

  it('is refused for a fixed price beyond the limit that a hand-made pricing holds', () => {
    const pricing: PpobPricing = {
      categories: {},
      products: { 'klikoo:TSEL10': { sellingPriceMinor: '999999999999999999', acceptLoss: false } },
      lowBalance: {},
    };
    expect(() => priceOf(TSEL10, pricing)).toThrow(expect.objectContaining(refused));
  });

  it('of a bill is refused when the quote and the fee pass the limit together', () => {
    const quote = MAX_AMOUNT_MINOR - 100_000n;
    expect(priceOfQuote(PLN_BILL, quote, feeOf('pln-postpaid', 100_000n)).sellingPrice).toBe(
      MAX_AMOUNT_MINOR,
    );
    expect(() => priceOfQuote(PLN_BILL, quote, feeOf('pln-postpaid', 100_100n))).toThrow(
      expect.objectContaining(refused),
    );
  });
});

describe('a service fee that prices the sandbox’s products beyond the limit', () => {
  let core: AppCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  /** A fee within the limit on its own (the save takes it) that passes it with any provider's price. */
  async function openWithFee(): Promise<AppCore> {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-ppob-pricing-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
    });
    const saved = await core.dispatch('settings:ppob:save', {
      pricing: { categories: { pulsa: { storeFeeMinor: (MAX_AMOUNT_MINOR - 99n).toString() } } },
    });
    expect(saved.ok).toBe(true);
    return core;
  }

  it('leaves those products out of the price list and names them among its problems; the rest stay for sale', async () => {
    const app = await openWithFee();
    const answer = await app.dispatch('ppob:catalogue', undefined);
    expect(answer.ok).toBe(true);
    const catalogue = (answer as { value: Catalogue }).value;
    expect(catalogue.products.some((p) => p.category === 'pulsa')).toBe(false);
    expect(catalogue.products.some((p) => p.category === 'pln-prepaid')).toBe(true);
    expect(catalogue.problems[0]?.en).toContain('is more than IDR 999,999,999,999.99');
    expect(catalogue.problems.length).toBeLessThanOrEqual(5);
  });

  it('refuses a sale at it before anything is journaled', async () => {
    const app = await openWithFee();
    const sold = await app.dispatch('ppob:sell', {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo: '081234567890',
      payment: { method: 'cash', receivedMinor: '999999999999999999' },
    });
    expect(sold).toMatchObject({ ok: false, error: { code: 'PPOB_PRICE_INVALID' } });
    const history = await app.dispatch('history:search', { kind: 'ppob' });
    expect(history).toMatchObject({ ok: true });
    expect((history as { value: HistoryResult }).value.purchases).toEqual([]);
  });
});
