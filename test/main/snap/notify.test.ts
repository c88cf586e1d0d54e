import { describe, expect, it } from 'vitest';
import { verifyNotify } from '../../../main/snap/notify';
import { signService } from '../../../main/snap/signature';
import * as sample from './spec-samples';
import { notificationVector, samplePrivateKeyPem, samplePublicKeyPem } from './vectors';

const PATH = '/v1.0/qr/qr-cpm-notify';
const TIMESTAMP = '2020-12-23T08:46:11+07:00';

function signed(rawBody: string, overrides: { path?: string; timestamp?: string } = {}) {
  const path = overrides.path ?? PATH;
  const timestamp = overrides.timestamp ?? TIMESTAMP;
  const { signature } = signService({
    method: 'POST',
    path,
    timestamp,
    rawBody,
    privateKey: samplePrivateKeyPem,
  });
  return {
    method: 'POST',
    path,
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-timestamp': timestamp,
      'x-signature': signature,
      'x-external-id': '41807553358950093184162180797837',
    },
  };
}

const prettyBody = JSON.stringify(sample.notifyRequest, null, 3);

describe('incoming notify (79)', () => {
  it('accepts a notify signed by the provider and returns the typed body and the success answer', () => {
    const result = verifyNotify(signed(prettyBody), { publicKey: samplePublicKeyPem });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.latestTransactionStatus).toBe('00');
    expect(result.body.amount).toEqual({ value: '50000.00', currency: 'IDR' });
    expect(result.externalId).toBe('41807553358950093184162180797837');
    expect(result.answer).toEqual({ responseCode: '2007900', responseMessage: 'Successful' });
  });

  it('verifies the published Midtrans notification as received', () => {
    const result = verifyNotify(
      {
        method: notificationVector.method,
        path: notificationVector.path,
        rawBody: notificationVector.rawBody,
        headers: { 'X-TIMESTAMP': notificationVector.timestamp, 'X-SIGNATURE': notificationVector.signature },
      },
      { publicKey: samplePublicKeyPem },
    );
    expect(result.ok && result.stringToSign).toBe(notificationVector.stringToSign);
    expect(result.ok && result.body.originalPartnerReferenceNo).toBe('GP24043015193402809');
  });

  it('refuses a body nested 20,000 deep with 400, before parsing, verifying or redacting it', () => {
    const rawBody = `{"latestTransactionStatus":"00","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    // Nobody can even sign it (minifying overflows): the headers are those of a real notify.
    const result = verifyNotify({ ...signed(prettyBody), rawBody }, { publicKey: samplePublicKeyPem });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 400,
      answer: { responseCode: '4007901' },
      error: { code: 'SNAP_NOTIFY_BODY_INVALID' },
    });
  });

  it('refuses a body changed after signing, answering 401 with the redacted raw body', () => {
    const request = signed(prettyBody);
    const result = verifyNotify(
      { ...request, rawBody: prettyBody.replace('50000.00', '5000000.00') },
      {
        publicKey: samplePublicKeyPem,
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.httpStatus).toBe(401);
    expect(result.answer.responseCode).toBe('4017900');
    expect(result.error.code).toBe('SNAP_NOTIFY_SIGNATURE_INVALID');
    expect(String(result.error.raw)).toContain('5000000.00');
  });

  it('refuses a signature made for another path', () => {
    const request = signed(prettyBody, { path: '/other/notify' });
    const result = verifyNotify({ ...request, path: PATH }, { publicKey: samplePublicKeyPem });
    expect(result.ok || result.error.code).toBe('SNAP_NOTIFY_SIGNATURE_INVALID');
  });

  it('verifies over the path as received, query string included', () => {
    const result = verifyNotify(signed(prettyBody, { path: `${PATH}?terminal=T01` }), {
      publicKey: samplePublicKeyPem,
    });
    expect(result.ok).toBe(true);
  });

  it('refuses a notify without X-SIGNATURE as a missing mandatory field', () => {
    const { headers, ...rest } = signed(prettyBody);
    const result = verifyNotify(
      { ...rest, headers: { 'x-timestamp': headers['x-timestamp'] } },
      {
        publicKey: samplePublicKeyPem,
      },
    );
    expect(result.ok || result.answer).toEqual({
      responseCode: '4007902',
      responseMessage: 'Invalid Mandatory Field X-SIGNATURE',
    });
  });

  it('refuses a malformed X-TIMESTAMP', () => {
    const request = signed(prettyBody, { timestamp: '2020-12-23 08:46:11' });
    const result = verifyNotify(request, { publicKey: samplePublicKeyPem });
    expect(result.ok || result.error.code).toBe('SNAP_NOTIFY_TIMESTAMP_INVALID');
  });

  it('refuses a body that is not JSON', () => {
    const raw = 'status=00';
    // SNAP hashes minified JSON, so no signature can cover a non-JSON body.
    const result = verifyNotify(
      {
        method: 'POST',
        path: PATH,
        rawBody: raw,
        headers: { 'x-timestamp': TIMESTAMP, 'x-signature': 'AAAA' },
      },
      { publicKey: samplePublicKeyPem },
    );
    expect(result.ok || result.error.code).toBe('SNAP_NOTIFY_BODY_NOT_JSON');
  });

  it('refuses a validly signed body that breaks the schema, naming the field', () => {
    const { latestTransactionStatus: _omit, ...rest } = sample.notifyRequest;
    const result = verifyNotify(signed(JSON.stringify(rest)), { publicKey: samplePublicKeyPem });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.answer).toEqual({
      responseCode: '4007902',
      responseMessage: 'Invalid Mandatory Field latestTransactionStatus',
    });
    expect(result.error.code).toBe('SNAP_NOTIFY_BODY_INVALID');
  });

  it('refuses a validly signed body that names a field twice: neither of its two words is believed', () => {
    const body = JSON.stringify(sample.notifyRequest).replace(
      '"latestTransactionStatus":"00"',
      '"latestTransactionStatus":"06","latestTransactionStatus":"00"',
    );
    const result = verifyNotify(signed(body), { publicKey: samplePublicKeyPem });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.answer).toEqual({ responseCode: '4007901', responseMessage: 'Invalid Field Format body' });
    expect(result.error.messages.en).toMatch(/latestTransactionStatus twice/);
  });

  it('refuses a signed empty body as missing its mandatory fields', () => {
    const result = verifyNotify(signed(''), { publicKey: samplePublicKeyPem });
    expect(result.ok || result.error.code).toBe('SNAP_NOTIFY_BODY_INVALID');
  });

  it('refuses a notify whose timestamp is too far from now when a skew limit is set', () => {
    const result = verifyNotify(signed(prettyBody), {
      publicKey: samplePublicKeyPem,
      clock: () => new Date('2020-12-23T02:46:11Z'), // one hour after X-TIMESTAMP
      maxClockSkewMs: 5 * 60_000,
    });
    expect(result.ok || result.error.code).toBe('SNAP_NOTIFY_STALE');
  });

  it('accepts a notify within the skew limit', () => {
    const result = verifyNotify(signed(prettyBody), {
      publicKey: samplePublicKeyPem,
      clock: () => new Date('2020-12-23T01:48:11Z'),
      maxClockSkewMs: 5 * 60_000,
    });
    expect(result.ok).toBe(true);
  });
});
