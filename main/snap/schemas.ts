// SNAP BI QR CPM wire schemas, from the spec tables in specs/snap-qr-cpm-api.txt.
//
// Requests we send (and the embedded sandbox receives) are strict: an unknown field, a missing
// mandatory field or a field over its maximum length is refused, and every issue's path names the
// field (unknown keys too, through `catchall(never)`), so the sandbox can answer
// "400xx01 Invalid Field Format {field}" / "400xx02 Invalid Mandatory Field {field}".
//
// Answers (and the provider's notify) are loose: providers add fields, and we must not turn an
// answer into "unknown" because of an extra key. What we rely on is still checked: the response
// code, identifiers and their lengths, amounts, the status enum, and the conditional fields a
// success must carry (a 2006000 without referenceNo is a protocol error). Free-text fields
// (responseMessage, title, descriptions) are only checked to be strings: a long message from a
// provider says nothing about whether the money moved.

import { z } from 'zod';
import { isSnapAmount } from '../money/amount';

// ---------------------------------------------------------------------------------------------
// Services

export const SNAP_SERVICES = {
  tokenB2b: { code: '73', method: 'POST', path: '/v1.0/access-token/b2b' },
  tokenB2b2c: { code: '74', method: 'POST', path: '/v1.0/access-token/b2b2c' },
  generate: { code: '59', method: 'POST', path: '/v1.0/qr/qr-cpm-generate' },
  payment: { code: '60', method: 'POST', path: '/v1.0/qr/qr-cpm-payment' },
  query: { code: '61', method: 'POST', path: '/v1.0/qr/qr-cpm-query' },
  cancel: { code: '62', method: 'POST', path: '/v1.0/qr/qr-cpm-cancel' },
  notify: { code: '79', method: 'POST', path: '/v1.0/qr/qr-cpm-notify' },
  refund: { code: '80', method: 'POST', path: '/v1.0/qr/qr-cpm-refund' },
} as const;

export type SnapServiceName = keyof typeof SNAP_SERVICES;
export type SnapServiceCode = (typeof SNAP_SERVICES)[SnapServiceName]['code'];

/** The success code of a service: HTTP 200 + service code + case 00 (e.g. "2006000"). */
export function successCode(service: SnapServiceName): string {
  return `200${SNAP_SERVICES[service].code}00`;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const UNKNOWN_FIELD = 'Unknown field';

/**
 * Strict request object whose unknown keys are each reported at their own path. zod's strict mode
 * reports them all at the parent's path, which cannot name the field in a 400xx01 answer; a
 * catch-all that refuses every value does. Typed as zod's strict object, which is what it is.
 */
function requestObject<T extends z.ZodRawShape>(shape: T): z.ZodObject<T, z.core.$strict> {
  return z.object(shape).catchall(refusedField()) as unknown as z.ZodObject<T, z.core.$strict>;
}

/** A field a request must not carry: refused as "Unknown field" at its own path. */
export function refusedField(): z.ZodType<never> {
  return z.custom<never>(() => false, { error: UNKNOWN_FIELD });
}

const text = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be a string') });
// One schema per length, shared by every field of that length: zod schemas are immutable, and each
// one built is a few objects that every `kasir` command would otherwise build again at start.
const strings = new Map<number, z.ZodString>();
const str = (max: number): z.ZodString => {
  let schema = strings.get(max);
  if (schema === undefined) {
    schema = text().max(max, { error: `At most ${max} characters` });
    strings.set(max, schema);
  }
  return schema;
};

export const ResponseCodeSchema = text().regex(/^\d{7}$/, { error: 'A 7-digit response code' });

export const SnapAmountValueSchema = text().refine(isSnapAmount, {
  error: 'An amount with up to 16 integer digits and exactly two decimals',
});

export const CurrencySchema = text().regex(/^[A-Z]{3}$/, { error: 'A 3-letter ISO 4217 currency code' });

export const AmountSchema = requestObject({ value: SnapAmountValueSchema, currency: CurrencySchema });
export type Amount = z.infer<typeof AmountSchema>;

/** The same amount shape inside an answer, tolerant of extra keys. */
export const ResponseAmountSchema = z.looseObject({ value: SnapAmountValueSchema, currency: CurrencySchema });

/** additionalInfo is a free object; the refund sample sends `null`. */
export const AdditionalInfoSchema = z.record(z.string(), z.unknown()).nullable();

export const LATEST_TRANSACTION_STATUS = {
  '00': 'Success',
  '01': 'Initiated',
  '02': 'Paying',
  '03': 'Pending',
  '04': 'Refunded',
  '05': 'Canceled',
  '06': 'Failed',
  '07': 'Not found',
} as const;

export const LatestTransactionStatusSchema = z.enum(['00', '01', '02', '03', '04', '05', '06', '07'], {
  error: 'A latestTransactionStatus from 00 to 07',
});
export type LatestTransactionStatus = z.infer<typeof LatestTransactionStatusSchema>;

/** Fields every SNAP answer carries, including error answers (4xx/5xx bodies have only these). */
const responseBase = {
  responseCode: ResponseCodeSchema,
  responseMessage: z.string(),
  additionalInfo: AdditionalInfoSchema.optional(),
};

/** Requires `fields` when the answer is the service's success code (the spec's "C" columns). */
function requireOnSuccess(service: SnapServiceName, fields: readonly string[]) {
  const code = successCode(service);
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (value.responseCode !== code) return;
    for (const field of fields) {
      if (value[field] === undefined || value[field] === null || value[field] === '') {
        ctx.addIssue({ code: 'custom', path: [field], message: `Required when responseCode is ${code}` });
      }
    }
  };
}

/**
 * A token that goes into an Authorization header as sent: a space, CR or LF in it could never be sent
 * (the request would fail after its send was journaled) or would inject a header. Visible ASCII only.
 */
export function bearerToken(max: number, field: string): z.ZodString {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, { error: `${field} must be visible ASCII characters only` });
}

// ---------------------------------------------------------------------------------------------
// B2B access token (73)

export const TokenB2bRequestSchema = requestObject({
  grantType: z.literal('client_credentials', { error: 'grantType must be "client_credentials"' }),
  additionalInfo: AdditionalInfoSchema.optional(),
});
export type TokenB2bRequest = z.infer<typeof TokenB2bRequestSchema>;

export const TokenB2bResponseSchema = z
  .looseObject({
    ...responseBase,
    accessToken: bearerToken(2048, 'accessToken').optional(),
    tokenType: z.string().optional(),
    // "900" per the spec; some providers send a number. We keep the spec's string form.
    expiresIn: z
      .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()], {
        error: 'expiresIn must be a whole number of seconds',
      })
      .transform(String)
      .optional(),
  })
  .superRefine(requireOnSuccess('tokenB2b', ['accessToken', 'expiresIn']))
  .superRefine((value, ctx) => {
    if (value.tokenType !== undefined && value.tokenType.toLowerCase() !== 'bearer') {
      ctx.addIssue({ code: 'custom', path: ['tokenType'], message: 'tokenType must be "Bearer"' });
    }
  });
export type TokenB2bResponse = z.infer<typeof TokenB2bResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Generate QR CPM (59)

export const GenerateRequestSchema = requestObject({
  partnerReferenceNo: str(64).optional(),
  userAccessToken: str(64).optional(),
  merchantId: str(64).optional(),
  subMerchantId: str(32).optional(),
  partnerTrxDate: str(64),
  additionalInfo: AdditionalInfoSchema.optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;

export const GenerateResponseSchema = z
  .looseObject({
    ...responseBase,
    referenceNo: str(64).optional(),
    partnerReferenceNo: str(64).optional(),
    qrContent: str(512).optional(),
    qrUrl: str(255).optional(),
    expiryTime: str(25).optional(),
  })
  .superRefine(requireOnSuccess('generate', ['qrContent', 'expiryTime']));
export type GenerateResponse = z.infer<typeof GenerateResponseSchema>;

// ---------------------------------------------------------------------------------------------
// CPM payment (60)

export const ScannerInfoSchema = requestObject({
  deviceId: str(64).optional(),
  deviceVersion: str(128).optional(),
  deviceModel: str(128).optional(),
  deviceIp: str(64).optional(),
});

export const PaymentRequestSchema = requestObject({
  partnerReferenceNo: str(64),
  qrContent: str(512),
  amount: AmountSchema.optional(),
  feeAmount: AmountSchema.optional(),
  merchantId: str(64),
  subMerchantId: str(32).optional(),
  title: str(256).optional(),
  // The table says "Numeric ... string(25) ISO-8601"; the sample sends "60". A string of ≤25 covers both.
  expiryTime: str(25),
  items: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]).optional(),
  externalStoreId: str(64).optional(),
  merchantName: str(64).optional(),
  merchantLocation: str(64).optional(),
  acquirerName: str(64).optional(),
  terminalId: str(32).optional(),
  scannerInfo: ScannerInfoSchema.optional(),
  additionalInfo: AdditionalInfoSchema.optional(),
});
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;

export const PaymentResponseSchema = z
  .looseObject({
    ...responseBase,
    referenceNo: str(64).optional(),
    partnerReferenceNo: str(64).optional(),
    transactionDate: str(255).optional(),
    // Not in the spec's table, but some providers echo them: when present they must match the request.
    amount: ResponseAmountSchema.optional(),
    merchantId: str(64).optional(),
  })
  .superRefine(requireOnSuccess('payment', ['referenceNo']));
export type PaymentResponse = z.infer<typeof PaymentResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Query payment (61)

/** A query, cancel or notify must name the original transaction by one of its references. */
function requireOriginalReference(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (value.originalPartnerReferenceNo === undefined && value.originalReferenceNo === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['originalPartnerReferenceNo'],
      message: 'originalPartnerReferenceNo or originalReferenceNo is required',
    });
  }
}

export const QueryRequestSchema = requestObject({
  originalReferenceNo: str(64).optional(),
  originalPartnerReferenceNo: str(64).optional(),
  originalExternalId: str(32).optional(),
  merchantId: str(64).optional(),
  subMerchantId: str(32).optional(),
  // The table spells it externalStoreID, the sample externalStoreId: both are accepted.
  externalStoreId: str(64).optional(),
  externalStoreID: str(64).optional(),
  // Not in the spec's table: the engine names the payment's amount so that a provider who wants it
  // (ShopeePay's additionalInfo.value) can have it; the standard's wire body leaves it out.
  amount: AmountSchema.optional(),
  additionalInfo: AdditionalInfoSchema.optional(),
}).superRefine(requireOriginalReference);
export type QueryRequest = z.infer<typeof QueryRequestSchema>;

export const QueryResponseSchema = z
  .looseObject({
    ...responseBase,
    originalReferenceNo: str(64).optional(),
    originalPartnerReferenceNo: str(64).optional(),
    originalExternalId: str(36).optional(),
    title: z.string().optional(),
    latestTransactionStatus: LatestTransactionStatusSchema.optional(),
    transactionStatusDesc: z.string().optional(),
    // Marked M in the table, but an unpaid transaction has no paid time: optional here.
    paidTime: str(25).optional(),
    amount: ResponseAmountSchema.optional(),
  })
  .superRefine(requireOnSuccess('query', ['latestTransactionStatus']));
export type QueryResponse = z.infer<typeof QueryResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Cancel payment (62)

export const CancelRequestSchema = requestObject({
  originalPartnerReferenceNo: str(64),
  originalReferenceNo: str(64).optional(),
  originalExternalId: str(32).optional(),
  merchantId: str(64).optional(),
  subMerchantId: str(32).optional(),
  externalStoreId: str(64).optional(),
  externalStoreID: str(64).optional(),
  amount: AmountSchema.optional(),
  reason: str(256).optional(),
  additionalInfo: AdditionalInfoSchema.optional(),
});
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

export const CancelResponseSchema = z
  .looseObject({
    ...responseBase,
    originalPartnerReferenceNo: str(64).optional(),
    originalReferenceNo: str(64).optional(),
    originalExternalId: str(36).optional(),
    cancelTime: str(25).optional(),
    transactionDate: str(255).optional(),
  })
  .superRefine(requireOnSuccess('cancel', ['cancelTime']));
export type CancelResponse = z.infer<typeof CancelResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Payment notify (79), provider → us

export const NotifyRequestSchema = z
  .looseObject({
    originalPartnerReferenceNo: str(64).optional(),
    originalReferenceNo: str(64).optional(),
    merchantId: str(64),
    subMerchantId: str(32).optional(),
    externalStoreId: str(64).optional(),
    amount: ResponseAmountSchema.optional(),
    latestTransactionStatus: LatestTransactionStatusSchema,
    transactionStatusDesc: z.string().optional(),
    customerNumber: str(64).optional(),
    accountType: z.string().optional(),
    destinationNumber: str(25).optional(),
    destinationAccountName: z.string().optional(),
    sessionID: str(25).optional(),
    bankCode: str(8).optional(),
    additionalInfo: AdditionalInfoSchema.optional(),
  })
  .superRefine(requireOriginalReference);
export type NotifyRequest = z.infer<typeof NotifyRequestSchema>;

export const NotifyResponseSchema = z.looseObject({ ...responseBase });
export type NotifyResponse = z.infer<typeof NotifyResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Refund payment (80)

export const RefundRequestSchema = requestObject({
  merchantId: str(64).optional(),
  subMerchantId: str(32).optional(),
  externalStoreId: str(64).optional(),
  originalPartnerReferenceNo: str(64),
  originalReferenceNo: str(64).optional(),
  originalExternalId: str(32).optional(),
  partnerRefundNo: str(64),
  refundAmount: AmountSchema.optional(),
  reason: str(256).optional(),
  additionalInfo: AdditionalInfoSchema.optional(),
});
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export const RefundResponseSchema = z
  .looseObject({
    ...responseBase,
    originalPartnerReferenceNo: str(64).optional(),
    originalReferenceNo: str(64).optional(),
    originalExternalId: str(36).optional(),
    refundNo: str(64).optional(),
    partnerRefundNo: str(64).optional(),
    refundAmount: ResponseAmountSchema.optional(),
    refundTime: str(25).optional(),
  })
  .superRefine(requireOnSuccess('refund', ['refundNo', 'refundTime']));
export type RefundResponse = z.infer<typeof RefundResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Per-service lookup and issue classification

export const REQUEST_SCHEMAS = {
  tokenB2b: TokenB2bRequestSchema,
  generate: GenerateRequestSchema,
  payment: PaymentRequestSchema,
  query: QueryRequestSchema,
  cancel: CancelRequestSchema,
  notify: NotifyRequestSchema,
  refund: RefundRequestSchema,
} as const;

export const RESPONSE_SCHEMAS = {
  tokenB2b: TokenB2bResponseSchema,
  generate: GenerateResponseSchema,
  payment: PaymentResponseSchema,
  query: QueryResponseSchema,
  cancel: CancelResponseSchema,
  notify: NotifyResponseSchema,
  refund: RefundResponseSchema,
} as const;

export interface RequestProblem {
  /** Dotted field path, e.g. "amount.value"; "body" when the body itself is not an object. */
  field: string;
  /** missing → SNAP case 02 "Invalid Mandatory Field"; format → case 01 "Invalid Field Format". */
  kind: 'missing' | 'format';
  message: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Every issue of a failed parse, as a field name and whether it is missing or malformed. */
export function requestProblems(input: unknown, error: z.ZodError): RequestProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
    const missing =
      issue.path.length > 0 && issue.message !== UNKNOWN_FIELD && valueAt(input, issue.path) === undefined;
    return { field, kind: missing ? 'missing' : 'format', message: issue.message };
  });
}

/** One line for logs and error messages: "amount.value: An amount with …; merchantId: Required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length === 0 ? 'body' : issue.path.map(String).join('.')}: ${issue.message}`,
    )
    .join('; ');
}
