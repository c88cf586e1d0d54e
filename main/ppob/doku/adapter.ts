// DOKU Biller on the wire: EVERY field-level guess about DOKU Biller lives in this module (its paths in
// paths.ts beside it, read with the profile by every command).
//
// What is public (developers.doku.com, FLEXIBILL › DOKU Biller, and specs/doku-biller-response-codes.txt):
// the flow inquiry → payment → advice (advice until final after a pending 5586 or a lost answer),
// the 4-character response codes and what they mean, that the partner's IP is whitelisted and the
// client id identifies the deposit, and DOKU's Non-SNAP request signature (Client-Id, Request-Id,
// Request-Timestamp, Request-Target, Digest; HMAC-SHA256, "HMACSHA256=" prefix).
//
// What is NOT public and must be confirmed with DOKU's integration pack before going live: the
// paths, every body field name below, that DOKU Biller signs like the Non-SNAP APIs, that the
// payment's Request-Id is its idempotency key (IT09 on a repeat), how amounts are written, and which
// code an advice answers for a payment DOKU never received (ADVICE_NOT_FOUND_CODE). Changing any of
// these is a change to this file (and its test) only: the purchase engine, the journal and the
// sandbox read DOKU through the shapes exported here, in their own vocabulary.

import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Minor } from '../../money/amount';

// Signature (DOKU's public Non-SNAP scheme) -----------------------------------------------------

export const DOKU_HEADERS = {
  clientId: 'Client-Id',
  requestId: 'Request-Id',
  timestamp: 'Request-Timestamp',
  signature: 'Signature',
} as const;

/** Request-Timestamp: ISO-8601 in UTC, seconds, "Z" (2020-08-11T08:45:42Z). */
export function dokuTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

export interface DokuSignInput {
  clientId: string;
  requestId: string;
  timestamp: string;
  /** The path as sent (Request-Target). */
  target: string;
  /** The raw body; empty for GET (then no Digest line). */
  body: string;
  secretKey: string;
}

export function dokuStringToSign(input: Omit<DokuSignInput, 'secretKey'>): string {
  const lines = [
    `Client-Id:${input.clientId}`,
    `Request-Id:${input.requestId}`,
    `Request-Timestamp:${input.timestamp}`,
    `Request-Target:${input.target}`,
  ];
  if (input.body !== '') {
    lines.push(`Digest:${createHash('sha256').update(input.body, 'utf8').digest('base64')}`);
  }
  return lines.join('\n');
}

export function signDokuRequest(input: DokuSignInput): { stringToSign: string; signature: string } {
  const stringToSign = dokuStringToSign(input);
  const mac = createHmac('sha256', input.secretKey).update(stringToSign, 'utf8').digest('base64');
  return { stringToSign, signature: `HMACSHA256=${mac}` };
}

export function verifyDokuRequest(input: DokuSignInput & { signature: string }): boolean {
  const expected = Buffer.from(signDokuRequest(input).signature, 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function dokuHeaders(input: DokuSignInput, method: 'GET' | 'POST'): Record<string, string> {
  return {
    ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
    [DOKU_HEADERS.clientId]: input.clientId,
    [DOKU_HEADERS.requestId]: input.requestId,
    [DOKU_HEADERS.timestamp]: input.timestamp,
    [DOKU_HEADERS.signature]: signDokuRequest(input).signature,
  };
}

/** A systrace: a per-request trace number, never sent twice (IT06 "Duplicate systrace"). */
export function newSystrace(random: (max: number) => number = randomInt): string {
  return String(random(10 ** 12)).padStart(12, '0');
}

// Amounts -----------------------------------------------------------------------------------------

/** Guessed: whole Rupiah in a string ("10500"). */
export const DokuAmountSchema = z.string().regex(/^(0|[1-9]\d{0,15})$/);

export function dokuAmount(minor: Minor): string {
  if (minor < 0n || minor % 100n !== 0n) throw new RangeError('DOKU Biller amounts are whole Rupiah');
  return (minor / 100n).toString();
}

export function dokuAmountToMinor(value: string): Minor {
  return BigInt(value) * 100n;
}

// Requests (guessed field names) --------------------------------------------------------------------

const customerId = z.string().min(1).max(32);
const systrace = z.string().regex(/^\d{12}$/);

export const DokuInquiryRequestSchema = z.strictObject({
  productCode: z.string().min(1).max(64),
  customerId,
  period: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  systrace,
});
export type DokuInquiryRequest = z.infer<typeof DokuInquiryRequestSchema>;

export const DokuPaymentRequestSchema = z.strictObject({
  inquiryId: z.string().min(1).max(64),
  productCode: z.string().min(1).max(64),
  customerId,
  amount: DokuAmountSchema,
  phoneNumber: z.string().max(20).optional(),
  systrace,
});
export type DokuPaymentRequest = z.infer<typeof DokuPaymentRequestSchema>;

export const DokuAdviceRequestSchema = z.strictObject({
  /** The Request-Id the payment was sent with. */
  originalRequestId: z.string().min(1).max(128),
  inquiryId: z.string().min(1).max(64),
  customerId,
  systrace,
});
export type DokuAdviceRequest = z.infer<typeof DokuAdviceRequestSchema>;

// Answers (guessed field names) -----------------------------------------------------------------

const code = z.string().regex(/^[0-9A-Z]{4}$/);

/** Every DOKU Biller answer carries its 4-character code and message in the body. */
export const DokuAnswerHeadSchema = z.looseObject({
  responseCode: code,
  responseMessage: z.string().max(1000),
});

export const DokuProductSchema = z.looseObject({
  productCode: z.string().min(1).max(64),
  productName: z.string().min(1).max(200),
  /** DOKU's category names: PULSA, DATA, PLN_PREPAID, PLN_POSTPAID, BPJS, PDAM, EWALLET. */
  category: z.string().min(1).max(40),
  price: DokuAmountSchema,
  status: z.enum(['ACTIVE', 'INACTIVE']),
});
export const DokuProductsAnswerSchema = DokuAnswerHeadSchema.extend({
  products: z.array(DokuProductSchema).max(5000),
});

export const DokuInquiryAnswerSchema = DokuAnswerHeadSchema.extend({
  inquiryId: z.string().min(1).max(64),
  customerId,
  customerName: z.string().max(200),
  productCode: z.string(),
  amount: DokuAmountSchema,
  adminFee: DokuAmountSchema,
  totalAmount: DokuAmountSchema,
  billPeriod: z.string().max(40).optional(),
});

/**
 * What any answer names, whatever its code: the fields that say which inquiry, purchase, customer and
 * amount it is about. DOKU documents no refusal's body, so a refusal naming none of them stands; one
 * naming any must name ours, as a payment's or advice's 0000 and 5586 must.
 */
export const DokuEchoSchema = z.looseObject({
  inquiryId: z.string().max(64).optional(),
  transactionId: z.string().max(64).optional(),
  customerId: z.string().max(32).optional(),
  productCode: z.string().max(64).optional(),
  amount: DokuAmountSchema.optional(),
});
export type DokuEcho = z.infer<typeof DokuEchoSchema>;

/** A payment's answer, and an advice's (which answers as the payment would now). */
export const DokuPaymentAnswerSchema = DokuAnswerHeadSchema.extend({
  ...DokuEchoSchema.shape,
  serialNumber: z.string().max(512).optional(),
});

export const DokuBalanceAnswerSchema = DokuAnswerHeadSchema.extend({ balance: DokuAmountSchema });

export const DOKU_CATEGORIES = {
  pulsa: 'PULSA',
  data: 'DATA',
  'pln-prepaid': 'PLN_PREPAID',
  'pln-postpaid': 'PLN_POSTPAID',
  bpjs: 'BPJS',
  pdam: 'PDAM',
  ewallet: 'EWALLET',
} as const;

/** Guessed: what an advice answers for a payment DOKU never received. */
export const ADVICE_NOT_FOUND_CODE = 'IT02';
export const SUCCESS_CODE = '0000';
export const PENDING_CODE = '5586';
