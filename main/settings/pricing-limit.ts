// The owner's PPOB prices as a save takes them: no fee, fixed price or deposit threshold beyond
// MAX_AMOUNT_MINOR, the most one amount may be. The contract's format alone lets 18 digits through,
// which priced a product at Rp10.000.000.000.010.449,99 and left the price list unreadable.

import type { PpobPricing, PricingAmount } from '../../preload/contract/ppob';
import { pricingAmountsOverLimit } from '../../preload/contract/ppob';
import { formatRupiah, MAX_AMOUNT_MINOR } from '../../preload/contract/rupiah';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';

function nameOf({ path, what }: PricingAmount): LocalizedText {
  const [section, key] = path;
  if (what === 'lowBalance')
    return { id: `Batas saldo rendah ${key}`, en: `The low-balance level of ${key}` };
  if (what === 'sellingPrice') return { id: `Harga jual tetap ${key}`, en: `The fixed price of ${key}` };
  return section === 'categories'
    ? { id: `Biaya layanan kategori ${key}`, en: `The service fee of category ${key}` }
    : { id: `Biaya layanan produk ${key}`, en: `The service fee of product ${key}` };
}

/** Throws PPOB_PRICE_INVALID naming the first amount beyond the limit (and how many more there are). */
export function requirePricingWithinLimit(pricing: PpobPricing): void {
  const [first, ...more] = pricingAmountsOverLimit(pricing);
  if (first === undefined) return;
  const name = nameOf(first);
  const amount = BigInt(first.minor);
  const others =
    more.length === 0
      ? { id: '', en: '' }
      : { id: ` (dan ${more.length} lainnya)`, en: ` (and ${more.length} more)` };
  throw new KasirError({
    code: 'PPOB_PRICE_INVALID',
    message: {
      id: `${name.id} (${formatRupiah(amount, 'id')})${others.id} melebihi ${formatRupiah(MAX_AMOUNT_MINOR, 'id')}, jumlah terbesar yang diterima. Harga tidak disimpan.`,
      en: `${name.en} (${formatRupiah(amount, 'en')})${others.en} is more than ${formatRupiah(MAX_AMOUNT_MINOR, 'en')}, the largest amount taken. The prices were not saved.`,
    },
  });
}
