// What a warung sells through PPOB, in one vocabulary for every provider: the product categories, a
// product as the engine prices it, and what a customer number must look like for each category, so
// a mistyped number is refused before anything is journaled or sent (docs/architecture.md, "PPOB").

import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import type { PpobProviderName } from '../payments/journal';

export const PRODUCT_CATEGORIES = [
  'pulsa',
  'data',
  'pln-prepaid',
  'pln-postpaid',
  'bpjs',
  'pdam',
  'ewallet',
] as const;
export const ProductCategorySchema = z.enum(PRODUCT_CATEGORIES);
export type ProductCategory = z.infer<typeof ProductCategorySchema>;

/** Categories whose price is a bill that only an inquiry can tell. */
export const POSTPAID_CATEGORIES: ReadonlySet<ProductCategory> = new Set(['pln-postpaid', 'bpjs', 'pdam']);

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

export const MOBILE_OPERATORS = ['telkomsel', 'indosat', 'xl', 'axis', 'tri', 'smartfren'] as const;
export type MobileOperator = (typeof MOBILE_OPERATORS)[number];

/** The operators' number prefixes (after 08), as Indonesian operators allocate them. */
const OPERATOR_PREFIXES: Readonly<Record<MobileOperator, readonly string[]>> = {
  telkomsel: ['11', '12', '13', '21', '22', '23', '51', '52', '53'],
  indosat: ['14', '15', '16', '55', '56', '57', '58'],
  xl: ['17', '18', '19', '59', '77', '78'],
  axis: ['31', '32', '33', '38'],
  tri: ['95', '96', '97', '98', '99'],
  smartfren: ['81', '82', '83', '84', '85', '86', '87', '88', '89'],
};

/** "08…" from what a cashier types: spaces, dashes, +62 or 62 in front are the same number. */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s-]/g, '');
  if (compact.startsWith('+62')) return `0${compact.slice(3)}`;
  if (compact.startsWith('62')) return `0${compact.slice(2)}`;
  return compact;
}

export function operatorOf(phone: string): MobileOperator | undefined {
  const prefix = phone.slice(2, 4);
  if (!phone.startsWith('08')) return undefined;
  return MOBILE_OPERATORS.find((operator) => OPERATOR_PREFIXES[operator].includes(prefix));
}

const PHONE = /^08\d{8,11}$/;

interface NumberRule {
  pattern: RegExp;
  normalize: (raw: string) => string;
  what: { id: string; en: string };
}

const digitsOnly = (raw: string) => raw.replace(/[\s-]/g, '');

const RULES: Readonly<Record<ProductCategory, NumberRule>> = {
  pulsa: {
    pattern: PHONE,
    normalize: normalizePhone,
    what: { id: 'nomor HP 08… (10–13 digit)', en: 'a mobile number 08… (10 to 13 digits)' },
  },
  data: {
    pattern: PHONE,
    normalize: normalizePhone,
    what: { id: 'nomor HP 08… (10–13 digit)', en: 'a mobile number 08… (10 to 13 digits)' },
  },
  ewallet: {
    pattern: PHONE,
    normalize: normalizePhone,
    what: {
      id: 'nomor HP 08… yang terdaftar di dompet digital',
      en: 'the 08… mobile number the e-wallet is registered to',
    },
  },
  'pln-prepaid': {
    pattern: /^(\d{11}|\d{12})$/,
    normalize: digitsOnly,
    what: {
      id: 'nomor meter (11 digit) atau ID pelanggan PLN (12 digit)',
      en: 'a PLN meter number (11 digits) or customer ID (12 digits)',
    },
  },
  'pln-postpaid': {
    pattern: /^\d{12}$/,
    normalize: digitsOnly,
    what: { id: 'ID pelanggan PLN (12 digit)', en: 'a PLN customer ID (12 digits)' },
  },
  bpjs: {
    pattern: /^\d{16}$/,
    normalize: digitsOnly,
    what: {
      id: 'nomor VA BPJS Kesehatan (16 digit)',
      en: 'a BPJS Kesehatan virtual account number (16 digits)',
    },
  },
  pdam: {
    pattern: /^\d{5,20}$/,
    normalize: digitsOnly,
    what: { id: 'nomor pelanggan PDAM (5–20 digit)', en: 'a PDAM customer number (5 to 20 digits)' },
  },
};

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
  const rule = RULES[product.category];
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
