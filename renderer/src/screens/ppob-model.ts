// What the Produk digital screen shows, as pure functions of what main sent and what the cashier
// typed: which tiles are on screen (category, search, the number's operator), whether the sale can be
// paid yet and why not, the change, and how a purchase reads (tone, token groups). Main decides
// about money and refuses a bad sale anyway; this only decides what to show.
import type { ProductView, PurchaseView } from '../../../preload/contract/ppob';
import type { MobileOperator, NumberReading, ProductCategory } from '../../../preload/contract/ppob-numbers';
import { PRODUCT_CATEGORIES, readCustomerNumber } from '../../../preload/contract/ppob-numbers';
import { minorOf } from '../format';
import { isNewerView } from './newest-view';

/** The providers as the shop knows them. */
export const PROVIDER_NAMES = { klikoo: 'Klikoo', doku: 'DOKU' } as const;

export const OPERATOR_NAMES: Readonly<Record<MobileOperator, string>> = {
  telkomsel: 'Telkomsel',
  indosat: 'Indosat',
  xl: 'XL',
  axis: 'AXIS',
  tri: 'Tri',
  smartfren: 'Smartfren',
};

/** The categories that have products, in the fixed order of the tabs. */
export function categoriesOf(products: readonly ProductView[]): ProductCategory[] {
  return PRODUCT_CATEGORIES.filter((category) => products.some((p) => p.category === category));
}

/** The next (or previous) category tab, wrapping around. */
export function stepCategory(
  categories: readonly ProductCategory[],
  current: ProductCategory,
  step: 1 | -1,
): ProductCategory {
  if (categories.length === 0) return current;
  const at = categories.indexOf(current);
  return categories[(at + step + categories.length) % categories.length] ?? current;
}

/**
 * The tiles on screen: a search looks through every category (a cashier types "TSEL" without picking
 * Pulsa first); otherwise the category's products, narrowed to the operator of a typed phone number.
 */
export function visibleProducts(
  products: readonly ProductView[],
  filter: { category: ProductCategory; search: string; operator: MobileOperator | undefined },
): ProductView[] {
  const words = filter.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching =
    words.length > 0
      ? products.filter((p) => words.every((w) => `${p.name} ${p.code}`.toLowerCase().includes(w)))
      : products.filter((p) => p.category === filter.category);
  return matching.filter(
    (p) =>
      p.active && (filter.operator === undefined || p.operator === null || p.operator === filter.operator),
  );
}

export function numberReading(
  product: ProductView | null,
  category: ProductCategory,
  raw: string,
): NumberReading {
  return readCustomerNumber(product?.category ?? category, raw);
}

/** A check before paying: bills always, and a PLN meter or e-wallet's registered name. */
export function needsInquiry(product: ProductView): boolean {
  return product.inquiry !== 'none';
}

/** What the customer pays: the inquiry's total when there is one, else the tile's price. */
export function totalOf(product: ProductView, inquiryTotal: string | null): string {
  return inquiryTotal ?? product.sellingPriceMinor;
}

/** Change for the cash received, or null while it is not enough. */
export function changeOf(receivedMinor: string | null, totalMinor: string): bigint | null {
  if (receivedMinor === null) return null;
  const change = minorOf(receivedMinor) - minorOf(totalMinor);
  return change >= 0n ? change : null;
}

/** "1234-5678-9012-3456-7890" → the five groups of four, as the token is read out and typed in. */
export function tokenGroups(token: string): string[] {
  const digits = token.replace(/\D/g, '');
  return digits.match(/.{1,4}/g) ?? [];
}

/** The same purchase (two views of it). */
export const samePurchase = (a: PurchaseView, b: PurchaseView): boolean => a.reference === b.reference;

/** A newer view of the same purchase replaces the shown one; a stale or foreign one does not. */
export function newerPurchase(current: PurchaseView | null, next: PurchaseView): boolean {
  return current !== null && samePurchase(current, next) && isNewerView(current, next);
}
