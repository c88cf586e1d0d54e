import { describe, expect, it } from 'vitest';
import {
  CancelRequestSchema,
  CancelResponseSchema,
  GenerateRequestSchema,
  GenerateResponseSchema,
  NotifyRequestSchema,
  NotifyResponseSchema,
  PaymentRequestSchema,
  PaymentResponseSchema,
  QueryRequestSchema,
  QueryResponseSchema,
  RefundRequestSchema,
  RefundResponseSchema,
  requestProblems,
  SNAP_SERVICES,
  successCode,
  TokenB2bRequestSchema,
  TokenB2bResponseSchema,
} from '../../../main/snap/schemas';
import * as sample from './spec-samples';

function problemsOf(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
  input: unknown,
) {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return requestProblems(input, result.error as Parameters<typeof requestProblems>[1]);
}

describe('service table', () => {
  it('maps every QR CPM service to its code and path', () => {
    expect(SNAP_SERVICES.payment).toEqual({ code: '60', method: 'POST', path: '/v1.0/qr/qr-cpm-payment' });
    expect(SNAP_SERVICES.tokenB2b.path).toBe('/v1.0/access-token/b2b');
    expect(
      [
        SNAP_SERVICES.generate,
        SNAP_SERVICES.query,
        SNAP_SERVICES.cancel,
        SNAP_SERVICES.notify,
        SNAP_SERVICES.refund,
      ].map((s) => `${s.code} ${s.path}`),
    ).toEqual([
      '59 /v1.0/qr/qr-cpm-generate',
      '61 /v1.0/qr/qr-cpm-query',
      '62 /v1.0/qr/qr-cpm-cancel',
      '79 /v1.0/qr/qr-cpm-notify',
      '80 /v1.0/qr/qr-cpm-refund',
    ]);
  });

  it('builds the success code from HTTP 200, the service code and case 00', () => {
    expect(successCode('payment')).toBe('2006000');
    expect(successCode('tokenB2b')).toBe('2007300');
  });
});

describe('the spec samples are valid', () => {
  it.each([
    ['generate request', GenerateRequestSchema, sample.generateRequest],
    ['generate response', GenerateResponseSchema, sample.generateResponse],
    ['payment request', PaymentRequestSchema, sample.paymentRequest],
    ['payment response', PaymentResponseSchema, sample.paymentResponse],
    ['query request', QueryRequestSchema, sample.queryRequest],
    ['query response', QueryResponseSchema, sample.queryResponse],
    ['cancel request', CancelRequestSchema, sample.cancelRequest],
    ['cancel response', CancelResponseSchema, sample.cancelResponse],
    ['notify request', NotifyRequestSchema, sample.notifyRequest],
    ['notify response', NotifyResponseSchema, sample.notifyResponse],
    ['refund request', RefundRequestSchema, sample.refundRequest],
    ['refund response', RefundResponseSchema, sample.refundResponse],
  ] as const)('%s', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(true);
  });
});

describe('request schemas are strict and name the field', () => {
  it('reports a missing mandatory field as missing, by name', () => {
    const { merchantId: _omit, ...rest } = sample.paymentRequest;
    expect(problemsOf(PaymentRequestSchema, rest)).toEqual([
      { field: 'merchantId', kind: 'missing', message: 'Required' },
    ]);
  });

  it('reports an unknown field at its own path', () => {
    expect(problemsOf(PaymentRequestSchema, { ...sample.paymentRequest, tip: '1' })).toEqual([
      { field: 'tip', kind: 'format', message: 'Unknown field' },
    ]);
  });

  it('reports an unknown field inside the amount object with its full path', () => {
    const body = { ...sample.paymentRequest, amount: { value: '1.00', currency: 'IDR', rate: 1 } };
    expect(problemsOf(PaymentRequestSchema, body).map((p) => p.field)).toEqual(['amount.rate']);
  });

  it('refuses a field over its maximum length', () => {
    const problems = problemsOf(PaymentRequestSchema, {
      ...sample.paymentRequest,
      partnerReferenceNo: '1'.repeat(65),
    });
    expect(problems).toEqual([
      { field: 'partnerReferenceNo', kind: 'format', message: 'At most 64 characters' },
    ]);
  });

  it('accepts a field at exactly its maximum length', () => {
    const body = { ...sample.paymentRequest, qrContent: 'A'.repeat(512), terminalId: 'T'.repeat(32) };
    expect(PaymentRequestSchema.safeParse(body).success).toBe(true);
  });

  it.each(['10000', '10000.0', '10000.000', '-1.00', '1e4', '10,000.00', '12345678901234567.00'])(
    'refuses the amount value %j',
    (value) => {
      const body = { ...sample.paymentRequest, amount: { value, currency: 'IDR' } };
      expect(problemsOf(PaymentRequestSchema, body).map((p) => p.field)).toEqual(['amount.value']);
    },
  );

  it('accepts an amount with 16 integer digits', () => {
    const body = { ...sample.paymentRequest, amount: { value: '9999999999999999.99', currency: 'IDR' } };
    expect(PaymentRequestSchema.safeParse(body).success).toBe(true);
  });

  it.each(['idr', 'RP', 'IDRS'])('refuses the currency %j', (currency) => {
    const body = { ...sample.paymentRequest, amount: { value: '1.00', currency } };
    expect(problemsOf(PaymentRequestSchema, body).map((p) => p.field)).toEqual(['amount.currency']);
  });

  it('refuses a number where the amount value must be a string', () => {
    const body = { ...sample.paymentRequest, amount: { value: 10000, currency: 'IDR' } };
    expect(problemsOf(PaymentRequestSchema, body)).toEqual([
      { field: 'amount.value', kind: 'format', message: 'Must be a string' },
    ]);
  });

  it('requires partnerTrxDate on generate', () => {
    const { partnerTrxDate: _omit, ...rest } = sample.generateRequest;
    expect(problemsOf(GenerateRequestSchema, rest).map((p) => `${p.field}:${p.kind}`)).toEqual([
      'partnerTrxDate:missing',
    ]);
  });

  it('requires a query to name the original transaction', () => {
    expect(problemsOf(QueryRequestSchema, { merchantId: '00007100010926' }).map((p) => p.field)).toEqual([
      'originalPartnerReferenceNo',
    ]);
  });

  it('accepts a query by originalReferenceNo alone', () => {
    expect(QueryRequestSchema.safeParse({ originalReferenceNo: '2020102977770000000009' }).success).toBe(
      true,
    );
  });

  it('accepts the table spelling externalStoreID on query and cancel', () => {
    expect(QueryRequestSchema.safeParse({ ...sample.queryRequest, externalStoreID: 'S1' }).success).toBe(
      true,
    );
    expect(CancelRequestSchema.safeParse({ ...sample.cancelRequest, externalStoreID: 'S1' }).success).toBe(
      true,
    );
  });

  it('refuses an originalExternalId longer than 32 characters', () => {
    const body = { ...sample.queryRequest, originalExternalId: '1'.repeat(33) };
    expect(problemsOf(QueryRequestSchema, body).map((p) => p.field)).toEqual(['originalExternalId']);
  });

  it('requires originalPartnerReferenceNo and partnerRefundNo on refund', () => {
    const { originalPartnerReferenceNo: _a, partnerRefundNo: _b, ...rest } = sample.refundRequest;
    expect(problemsOf(RefundRequestSchema, rest).map((p) => `${p.field}:${p.kind}`)).toEqual([
      'originalPartnerReferenceNo:missing',
      'partnerRefundNo:missing',
    ]);
  });

  it('refuses a cancel reason over 256 characters', () => {
    const body = { ...sample.cancelRequest, reason: 'x'.repeat(257) };
    expect(problemsOf(CancelRequestSchema, body).map((p) => p.field)).toEqual(['reason']);
  });

  it('refuses a body that is not an object, naming the body', () => {
    expect(problemsOf(PaymentRequestSchema, 'hello').map((p) => p.field)).toEqual(['body']);
  });

  it('only accepts the client_credentials grant for the B2B token', () => {
    expect(TokenB2bRequestSchema.safeParse({ grantType: 'client_credentials' }).success).toBe(true);
    expect(TokenB2bRequestSchema.safeParse({ grantType: 'password' }).success).toBe(false);
  });
});

describe('response schemas accept provider extras but check what we rely on', () => {
  it('keeps fields a provider adds', () => {
    const parsed = PaymentResponseSchema.parse({ ...sample.paymentResponse, approvalCode: 'A1' });
    expect(parsed.approvalCode).toBe('A1');
  });

  it('accepts an error answer with only responseCode and responseMessage', () => {
    expect(
      PaymentResponseSchema.safeParse({ responseCode: '4036014', responseMessage: 'Insufficient Funds' })
        .success,
    ).toBe(true);
  });

  it('requires referenceNo on a successful payment', () => {
    const { referenceNo: _omit, ...rest } = sample.paymentResponse;
    const result = PaymentResponseSchema.safeParse(rest);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['referenceNo']);
  });

  it('requires latestTransactionStatus on a successful query', () => {
    const { latestTransactionStatus: _omit, ...rest } = sample.queryResponse;
    expect(QueryResponseSchema.safeParse(rest).success).toBe(false);
  });

  it('does not require paidTime on a query of an unpaid transaction', () => {
    const { paidTime: _omit, ...rest } = sample.queryResponse;
    expect(QueryResponseSchema.safeParse({ ...rest, latestTransactionStatus: '03' }).success).toBe(true);
  });

  it.each(['08', '0', '00 ', 'success'])('refuses latestTransactionStatus %j', (status) => {
    expect(
      QueryResponseSchema.safeParse({ ...sample.queryResponse, latestTransactionStatus: status }).success,
    ).toBe(false);
  });

  it.each(['200600', '20060000', '200600A', 2006000])('refuses responseCode %j', (code) => {
    expect(PaymentResponseSchema.safeParse({ ...sample.paymentResponse, responseCode: code }).success).toBe(
      false,
    );
  });

  it('requires cancelTime on a successful cancel', () => {
    const { cancelTime: _omit, ...rest } = sample.cancelResponse;
    expect(CancelResponseSchema.safeParse(rest).success).toBe(false);
  });

  it('requires refundNo and refundTime on a successful refund', () => {
    const { refundNo: _a, refundTime: _b, ...rest } = sample.refundResponse;
    const result = RefundResponseSchema.safeParse(rest);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['refundNo', 'refundTime']);
  });

  it('refuses a refund amount that is not two-decimal', () => {
    const body = { ...sample.refundResponse, refundAmount: { value: '10000', currency: 'IDR' } };
    expect(RefundResponseSchema.safeParse(body).success).toBe(false);
  });

  it('requires qrContent and expiryTime on a successful generate', () => {
    const { qrContent: _omit, ...rest } = sample.generateResponse;
    expect(GenerateResponseSchema.safeParse(rest).success).toBe(false);
  });

  it('requires a status and a reference on a notify, keeping provider extras', () => {
    expect(
      NotifyRequestSchema.safeParse({ ...sample.notifyRequest, latestTransactionStatus: undefined }).success,
    ).toBe(false);
    expect(NotifyRequestSchema.parse({ ...sample.notifyRequest, issuer: 'X' }).issuer).toBe('X');
  });

  it('reads expiresIn as a string of seconds, also when a provider sends a number', () => {
    const base = {
      responseCode: '2007300',
      responseMessage: 'Successful',
      accessToken: 'tok',
      tokenType: 'Bearer',
    };
    expect(TokenB2bResponseSchema.parse({ ...base, expiresIn: '900' }).expiresIn).toBe('900');
    expect(TokenB2bResponseSchema.parse({ ...base, expiresIn: 900 }).expiresIn).toBe('900');
    expect(TokenB2bResponseSchema.safeParse({ ...base, expiresIn: '15m' }).success).toBe(false);
  });

  it('requires the access token on a successful token answer', () => {
    expect(
      TokenB2bResponseSchema.safeParse({ responseCode: '2007300', responseMessage: 'ok', expiresIn: '900' })
        .success,
    ).toBe(false);
  });
});
