// What the shop charges for a digital product, from the owner's prices (Settings, behind the PIN):
// a product's own fixed selling price, else its own store fee, else its category's store fee, on top
// of what the provider charges. A bill's price is only known after its inquiry: the store fee goes on
// top of the bill with its admin fee. Pure: the catalogue, the inquiry and the sale all price here, so
// no price beyond MAX_AMOUNT_MINOR leaves here, whatever the settings file or a provider's list says.

import type { PpobPricing, ProductView } from '../../preload/contract/ppob';
import { formatRupiah, MAX_AMOUNT_MINOR } from '../../preload/contract/rupiah';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import type { PpobProviderName } from '../payments/journal';
import type { Product, ProductCategory } from '../ppob/products';
import { POSTPAID_CATEGORIES } from '../ppob/products';

export interface Price {
  /** What the customer pays; for a bill, on top of nothing yet (see sellingPriceOfBill). */
  sellingPrice: Minor;
  storeFee: Minor;
  /** A fixed selling price set for the product (its receipt shows no separate store fee). */
  fixed: boolean;
  /** The owner sells below the buy price on purpose. */
  acceptLoss: boolean;
}

export function productKey(product: Pick<Product, 'provider' | 'code'>): string {
  return `${product.provider}:${product.code}`;
}

const minor = (value: string | undefined): Minor | undefined =>
  value === undefined ? undefined : BigInt(value);

/** The store fee a bill of this product carries (its category's, or its own). */
function storeFeeOf(product: Product, pricing: PpobPricing): Minor {
  const own = pricing.products[productKey(product)];
  return minor(own?.storeFeeMinor) ?? minor(pricing.categories[product.category]?.storeFeeMinor) ?? 0n;
}

/**
 * The price as it stands, or PPOB_PRICE_INVALID when it is beyond the most one amount may be: it
 * could be neither shown nor charged (a payment refuses it), so the product is not sold at it.
 */
function withinLimit(product: Product, base: Minor, price: Price): Price {
  if (price.sellingPrice <= MAX_AMOUNT_MINOR) return price;
  const made = price.fixed
    ? { id: '', en: '' }
    : {
        id: ` (harga penyedia ${formatRupiah(base, 'id')} + biaya layanan ${formatRupiah(price.storeFee, 'id')})`,
        en: ` (the provider's ${formatRupiah(base, 'en')} + a service fee of ${formatRupiah(price.storeFee, 'en')})`,
      };
  throw new KasirError({
    code: 'PPOB_PRICE_INVALID',
    message: {
      id: `Harga jual ${product.code}, ${formatRupiah(price.sellingPrice, 'id')}${made.id}, melebihi ${formatRupiah(MAX_AMOUNT_MINOR, 'id')}, jumlah terbesar yang diterima. Turunkan biaya layanan atau harga jualnya di Pengaturan.`,
      en: `The selling price of ${product.code}, ${formatRupiah(price.sellingPrice, 'en')}${made.en}, is more than ${formatRupiah(MAX_AMOUNT_MINOR, 'en')}, the largest amount taken. Lower its service fee or fixed price in Settings.`,
    },
  });
}

/** The price of a product whose price the provider's list gives (everything but a bill). */
export function priceOf(product: Product, pricing: PpobPricing): Price {
  const own = pricing.products[productKey(product)];
  const acceptLoss = own?.acceptLoss ?? false;
  const fixed = minor(own?.sellingPriceMinor);
  if (fixed !== undefined && !POSTPAID_CATEGORIES.has(product.category)) {
    const fee = fixed - product.price;
    return withinLimit(product, product.price, {
      sellingPrice: fixed,
      storeFee: fee > 0n ? fee : 0n,
      fixed: true,
      acceptLoss,
    });
  }
  const storeFee = storeFeeOf(product, pricing);
  return withinLimit(product, product.price, {
    sellingPrice: product.price + storeFee,
    storeFee,
    fixed: false,
    acceptLoss,
  });
}

/**
 * What the customer pays for a quote the provider gave (a bill with its admin fee, or a DOKU product
 * priced by its inquiry): the quote plus the store fee, or the product's fixed price when it has one.
 */
export function priceOfQuote(product: Product, quoted: Minor, pricing: PpobPricing): Price {
  if (!POSTPAID_CATEGORIES.has(product.category)) {
    const listed = priceOf({ ...product, price: quoted }, pricing);
    return listed;
  }
  const storeFee = storeFeeOf(product, pricing);
  const acceptLoss = pricing.products[productKey(product)]?.acceptLoss ?? false;
  return withinLimit(product, quoted, {
    sellingPrice: quoted + storeFee,
    storeFee,
    fixed: false,
    acceptLoss,
  });
}

/** Which provider sells a category, when both could: the owner's choice, else the first set up. */
export function providerFor(
  category: ProductCategory,
  pricing: PpobPricing,
  configured: readonly PpobProviderName[],
): PpobProviderName | undefined {
  const chosen = pricing.categories[category]?.provider;
  return chosen !== undefined && configured.includes(chosen) ? chosen : configured[0];
}

export function inquiryKindOf(product: Product): ProductView['inquiry'] {
  if (POSTPAID_CATEGORIES.has(product.category)) return 'required';
  if (product.provider === 'doku') return 'required';
  return product.category === 'pln-prepaid' || product.category === 'ewallet' ? 'name' : 'none';
}

export function toProductView(product: Product, pricing: PpobPricing): ProductView {
  const price = priceOf(product, pricing);
  const margin = price.sellingPrice - product.price;
  return {
    key: productKey(product),
    provider: product.provider,
    code: product.code,
    name: product.name,
    category: product.category,
    operator: product.operator ?? null,
    buyPriceMinor: product.price.toString(),
    sellingPriceMinor: price.sellingPrice.toString(),
    storeFeeMinor: price.storeFee.toString(),
    marginMinor: margin.toString(),
    postpaid: POSTPAID_CATEGORIES.has(product.category),
    inquiry: inquiryKindOf(product),
    active: product.active,
    belowCost: margin < 0n && !price.acceptLoss,
  };
}
