// What a warung sells through PPOB, in one vocabulary for every provider: the product categories, a
// product as the engine prices it, and the refusal of a customer number that is not what its category
// takes (the rules themselves are shared with the cashier's screen: preload/contract/ppob-numbers.ts), so
// a mistyped number is refused before anything is journaled or sent (docs/architecture.md, "PPOB").

import { z } from 'zod';
import type { MobileOperator, ProductCategory } from '../../preload/contract/ppob-numbers';
import { NUMBER_RULES, operatorOf, PRODUCT_CATEGORIES } from '../../preload/contract/ppob-numbers';
import type { ErrorCode } from '../errors';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import type { PpobProviderName } from '../payments/journal';

export type { MobileOperator, ProductCategory } from '../../preload/contract/ppob-numbers';
export {
  MOBILE_OPERATORS,
  normalizePhone,
  operatorOf,
  POSTPAID_CATEGORIES,
  PRODUCT_CATEGORIES,
} from '../../preload/contract/ppob-numbers';

export const ProductCategorySchema = z.enum(PRODUCT_CATEGORIES);

export interface Product {
  provider: PpobProviderName;
  code: string;
  name: string;
  category: ProductCategory;
  /** For pulsa and data: the mobile operator whose numbers it tops up. */
  operator?: MobileOperator | undefined;
  /** What the provider charges our deposit; for a postpaid product, its admin fee (the bill comes from the inquiry). */
  price: Minor;
  active: boolean;
}

function customerError(code: ErrorCode, id: string, en: string): KasirError {
  return new KasirError({ code, message: { id, en } });
}

/**
 * The customer number as the provider wants it, or PPOB_CUSTOMER_INVALID saying what this product
 * expects (and, for pulsa and data, PPOB_OPERATOR_MISMATCH when the number is another operator's).
 */
export function checkCustomerNumber(
  product: Pick<Product, 'code' | 'category' | 'operator'>,
  raw: string,
): string {
  const rule = NUMBER_RULES[product.category];
  const number = rule.normalize(raw.trim());
  if (!rule.pattern.test(number)) {
    throw customerError(
      'PPOB_CUSTOMER_INVALID',
      `Nomor pelanggan untuk ${product.code} harus ${rule.what.id}.`,
      `The customer number for ${product.code} must be ${rule.what.en}.`,
    );
  }
  if (product.operator !== undefined) {
    const operator = operatorOf(number);
    if (operator !== product.operator) {
      throw customerError(
        'PPOB_OPERATOR_MISMATCH',
        `Nomor ${number} bukan nomor ${product.operator}${operator ? ` (nomor ${operator})` : ''}; ${product.code} hanya untuk ${product.operator}.`,
        `${number} is not a ${product.operator} number${operator ? ` (it is ${operator})` : ''}; ${product.code} is for ${product.operator} only.`,
      );
    }
  }
  return number;
}

export const PeriodSchema = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, { error: 'a month as YYYYMM' });
