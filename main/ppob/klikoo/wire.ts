// Klikoo B2B OpenAPI on the wire: paths, headers, bodies and answers, as zod schemas the client
// sends and reads and the sandbox (main/sandbox/ppob) serves and checks — one description for both.
//
// From Klikoo's public docs (specs/klikoo-b2b-buy-product.txt and -response-codes.txt): the token
// call and its RSA signature, the HMAC transaction signature with Open-Api-* headers, Buy Product's
// body and answer, the 9-digit response codes and the answer layout (response_code,
// response_message, data, pagination). NOT in the public docs, so each is a profile setting and must
// be confirmed with Klikoo's sandbox: the Buy Product path (DEFAULT_KLIKOO_PATHS.buy, paths.ts), and the field
// names of the product list, inquiries, transaction detail, history, balance and callback bodies.

import { z } from 'zod';
import type { Minor } from '../../money/amount';
import { formatSnapTimestamp } from '../../snap/headers';
import { bearerToken } from '../../snap/schemas';

export const KLIKOO_HEADERS = {
  timestamp: 'Open-Api-Timestamp',
  signature: 'Open-Api-Signature',
} as const;

/** Open-Api-Timestamp: yyyy-MM-ddTHH:mm:ss+07:00 (Klikoo works in WIB). */
export function klikooTimestamp(at: Date, utcOffset = '+07:00'): string {
  return formatSnapTimestamp(at, utcOffset);
}

/** Klikoo writes Rupiah as whole numbers in strings ("10500"); we accept a trailing ".00" too. */
export const KlikooAmountSchema = z.union([
  z.string().regex(/^(0|[1-9]\d{0,15})(\.00)?$/),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);

export function klikooAmountToMinor(value: z.infer<typeof KlikooAmountSchema>): Minor {
  const whole = typeof value === 'number' ? BigInt(value) : BigInt(value.replace(/\.00$/, ''));
  return whole * 100n;
}

/** Whole Rupiah as Klikoo writes them. Throws for an amount with sen (PPOB prices are whole Rupiah). */
export function klikooAmount(minor: Minor): string {
  if (minor < 0n || minor % 100n !== 0n) throw new RangeError('Klikoo amounts are whole Rupiah');
  return (minor / 100n).toString();
}

const codeSchema = z.string().regex(/^[1-5]\d{8}$/);

/** Every Klikoo answer: the code, its message, the data, and pagination in either spelling. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.looseObject({
    response_code: codeSchema,
    response_message: z.string().max(1000),
    data: data.nullable().optional(),
    pagination: PaginationSchema.optional(),
    meta: PaginationSchema.optional(),
  });
}

/** A failure answer: only the code and message are read. */
export const KlikooErrorSchema = z.looseObject({
  response_code: codeSchema,
  response_message: z.string().max(1000),
});

export const PaginationSchema = z.looseObject({
  total_page: z.number().int().nonnegative(),
  total_data: z.number().int().nonnegative(),
  current_page: z.number().int().nonnegative(),
  prev_page: z.number().int().nullable().optional(),
  next_page: z.number().int().nullable().optional(),
});
export type KlikooPagination = z.infer<typeof PaginationSchema>;

// Token ------------------------------------------------------------------------------------------

export const KlikooTokenRequestSchema = z.strictObject({
  grant_type: z.literal('client_credentials'),
  additional_info: z.strictObject({ client_id: z.string().min(1), client_secret: z.string().min(1) }),
});

export const KlikooTokenDataSchema = z.looseObject({
  access_token: bearerToken(4096, 'access_token'),
  token_type: z.string().optional(),
  expires_in: z.union([z.number().int().positive(), z.string().regex(/^\d{1,7}$/)]).optional(),
});

// Products ---------------------------------------------------------------------------------------

export const KlikooProductsRequestSchema = z.strictObject({
  category: z.string().min(1).max(40).optional(),
  page: z.number().int().positive(),
  limit: z.number().int().positive().max(500),
});

export const KlikooProductSchema = z.looseObject({
  product_code: z.string().min(1).max(64),
  product_name: z.string().min(1).max(200),
  category: z.string().min(1).max(40),
  brand: z.string().max(60).optional(),
  price: KlikooAmountSchema,
  status: z.enum(['active', 'inactive']),
});
export type KlikooProduct = z.infer<typeof KlikooProductSchema>;

export const KlikooProductsDataSchema = z.array(KlikooProductSchema).max(5000);

// Inquiries --------------------------------------------------------------------------------------

export const KlikooPrepaidInquiryRequestSchema = z.strictObject({
  product_code: z.string().min(1).max(64),
  value: z.string().min(1).max(32),
});

export const KlikooPrepaidInquiryDataSchema = z.looseObject({
  product_code: z.string(),
  value: z.string(),
  customer_name: z.string().max(200),
  segment_power: z.string().max(40).optional(),
});

export const KlikooPostpaidInquiryRequestSchema = z.strictObject({
  account_number: z.string().min(1).max(32),
  product_code: z.string().min(1).max(64),
  period: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const KlikooPostpaidInquiryDataSchema = z.looseObject({
  account_number: z.string(),
  product_code: z.string(),
  customer_name: z.string().max(200),
  period: z.string().max(40).optional(),
  amount: KlikooAmountSchema,
  admin_fee: KlikooAmountSchema,
  total_amount: KlikooAmountSchema,
  inquiry_id: z.string().max(64).optional(),
});

// Buy Product (the seed spec) --------------------------------------------------------------------

export const KlikooBuyRequestSchema = z.strictObject({
  amount: z.string().regex(/^[1-9]\d{0,15}$/),
  product_code: z.string().min(1).max(64),
  selling_price: z.string().regex(/^[1-9]\d{0,15}$/),
  value: z.string().min(1).max(32),
  msidn: z.string().min(1).max(32),
  partner_reference_id: z.uuid({ version: 'v4' }),
});
export type KlikooBuyRequest = z.infer<typeof KlikooBuyRequestSchema>;

export const KLIKOO_STATUSES = ['WAITING', 'SUCCESS', 'FAILED'] as const;
export const KlikooStatusSchema = z.enum(KLIKOO_STATUSES);
export type KlikooStatus = z.infer<typeof KlikooStatusSchema>;

export const KlikooBuyDataSchema = z.looseObject({
  transaction_id: z.string().min(1).max(64),
  status: KlikooStatusSchema,
  sn: z.string().max(512).nullable().optional(),
  // Not in the seed's answer, but read when present: an answer naming another purchase proves nothing.
  partner_reference_id: z.string().max(64).optional(),
  product_code: z.string().max(64).optional(),
  value: z.string().max(32).optional(),
  amount: KlikooAmountSchema.optional(),
});

/**
 * What an answer's data names, whatever its code: the fields that say which purchase it is about.
 * Klikoo documents a refusal's data as null ("Sample Response Failed"), so a refusal without data
 * names nothing and stands; one whose data names a purchase must name ours, like any other answer.
 */
export const KlikooEchoSchema = z.looseObject({
  transaction_id: z.string().max(64).optional(),
  partner_reference_id: z.string().max(64).optional(),
  product_code: z.string().max(64).optional(),
  value: z.string().max(32).optional(),
  account_number: z.string().max(32).optional(),
  amount: KlikooAmountSchema.optional(),
});
export type KlikooEcho = z.infer<typeof KlikooEchoSchema>;

// Transaction detail and history ------------------------------------------------------------------

export const KlikooTransactionSchema = z.looseObject({
  transaction_id: z.string().min(1).max(64),
  partner_reference_id: z.string().max(64).optional(),
  product_code: z.string().max(64).optional(),
  value: z.string().max(32).optional(),
  status: KlikooStatusSchema,
  sn: z.string().max(512).nullable().optional(),
  reason: z.string().max(1000).nullable().optional(),
  amount: KlikooAmountSchema.optional(),
  selling_price: KlikooAmountSchema.optional(),
  balance_before: KlikooAmountSchema.optional(),
  balance_after: KlikooAmountSchema.optional(),
  created_at: z.string().max(40).optional(),
});
export type KlikooTransaction = z.infer<typeof KlikooTransactionSchema>;

export const KlikooHistoryDataSchema = z.array(KlikooTransactionSchema).max(1000);

export const KlikooBalanceDataSchema = z.looseObject({ balance: KlikooAmountSchema });

/** The final status Klikoo POSTs to a registered URL, with no documented authentication: a hint only. */
export const KlikooCallbackSchema = z.looseObject({
  transaction_id: z.string().min(1).max(64),
  partner_reference_id: z.string().max(64).optional(),
  transaction_status: KlikooStatusSchema,
  sn: z.string().max(512).nullable().optional(),
  reason: z.string().max(1000).nullable().optional(),
});
export type KlikooCallback = z.infer<typeof KlikooCallbackSchema>;

/** Klikoo's category names for ours (the price list's `category` filter and field). */
export const KLIKOO_CATEGORIES = {
  pulsa: 'pulsa',
  data: 'data',
  'pln-prepaid': 'plnprepaid',
  'pln-postpaid': 'plnpostpaid',
  bpjs: 'bpjs',
  pdam: 'pdam',
  ewallet: 'ewallet',
} as const;
