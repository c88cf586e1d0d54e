// What a customer number must look like for each PPOB product category, shared by main (which
// refuses a bad number before anything is journaled or sent) and the cashier's screen (which says so
// while the number is typed, and filters pulsa and data to the number's operator). Pure, no Node.

export const PRODUCT_CATEGORIES = [
  'pulsa',
  'data',
  'pln-prepaid',
  'pln-postpaid',
  'bpjs',
  'pdam',
  'ewallet',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** Categories whose price is a bill that only an inquiry can tell. */
export const POSTPAID_CATEGORIES: ReadonlySet<ProductCategory> = new Set(['pln-postpaid', 'bpjs', 'pdam']);

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

/** "08…" from what a cashier types: spaces, dashes, dots, +62 or 62 in front are the same number. */
export function normalizePhone(raw: string): string {
  const compact = raw.replace(/[\s.-]/g, '');
  if (compact.startsWith('+62')) return `0${compact.slice(3)}`;
  if (compact.startsWith('62')) return `0${compact.slice(2)}`;
  return compact;
}

export function operatorOf(phone: string): MobileOperator | undefined {
  if (!phone.startsWith('08')) return undefined;
  const prefix = phone.slice(2, 4);
  return MOBILE_OPERATORS.find((operator) => OPERATOR_PREFIXES[operator].includes(prefix));
}

/** The categories whose customer number is a mobile number (and so has an operator). */
export const PHONE_CATEGORIES: ReadonlySet<ProductCategory> = new Set(['pulsa', 'data', 'ewallet']);

const PHONE = /^08\d{8,11}$/;

export interface NumberRule {
  pattern: RegExp;
  normalize: (raw: string) => string;
  what: { id: string; en: string };
}

const digitsOnly = (raw: string) => raw.replace(/[\s.-]/g, '');

const PHONE_WHAT = { id: 'nomor HP 08… (10–13 digit)', en: 'a mobile number 08… (10 to 13 digits)' };

export const NUMBER_RULES: Readonly<Record<ProductCategory, NumberRule>> = {
  pulsa: { pattern: PHONE, normalize: normalizePhone, what: PHONE_WHAT },
  data: { pattern: PHONE, normalize: normalizePhone, what: PHONE_WHAT },
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

/** The shortest number of each category: fewer digits are a number still being typed. */
const MIN_LENGTH: Readonly<Record<ProductCategory, number>> = {
  pulsa: 10,
  data: 10,
  ewallet: 10,
  'pln-prepaid': 11,
  'pln-postpaid': 12,
  bpjs: 16,
  pdam: 5,
};

export type NumberReading =
  | { ok: true; number: string; operator?: MobileOperator | undefined }
  | { ok: false; number: string; problem: 'empty' | 'short' | 'invalid'; what: { id: string; en: string } };

/**
 * What a typed customer number is for a category: the number as the provider wants it (and, for a
 * mobile number, its operator), or why it is not one yet — "short" while it is still being typed.
 */
export function readCustomerNumber(category: ProductCategory, raw: string): NumberReading {
  const rule = NUMBER_RULES[category];
  const number = rule.normalize(raw.trim());
  if (number === '') return { ok: false, number, problem: 'empty', what: rule.what };
  if (rule.pattern.test(number)) {
    return PHONE_CATEGORIES.has(category)
      ? { ok: true, number, operator: operatorOf(number) }
      : { ok: true, number };
  }
  // Still being typed: only digits, fewer than the shortest number (a mobile number on its way to 08…).
  const short =
    /^\d+$/.test(number) &&
    number.length < MIN_LENGTH[category] &&
    (!PHONE_CATEGORIES.has(category) || '08'.startsWith(number.slice(0, 2)));
  return { ok: false, number, problem: short ? 'short' : 'invalid', what: rule.what };
}
