// The DOKU Biller wire adapter signs the way DOKU's public Non-SNAP signature is documented: the
// components one per line, HMAC-SHA256 with the secret key, base64, "HMACSHA256=" in front; a Digest
// line (base64 SHA-256 of the body) only when there is a body.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  dokuAmount,
  dokuStringToSign,
  dokuTimestamp,
  newSystrace,
  signDokuRequest,
  verifyDokuRequest,
} from '../../../main/ppob/doku/adapter';

const input = {
  clientId: 'MCH-0001-10791114622547',
  requestId: 'cc682442-6c22-493e-8121-b9ef6b3fa728',
  timestamp: '2020-10-21T03:38:28Z',
  target: '/doku-biller/v1/payment',
  body: '{"inquiryId":"DINQ1","amount":"10500"}',
  secretKey: 'SK-hCJ42G28TA0MKG9LE2E_1',
};

describe('the DOKU Biller request signature', () => {
  it('signs the five components, one per line, with no newline at the end', () => {
    const digest = createHash('sha256').update(input.body).digest('base64');
    expect(dokuStringToSign(input)).toBe(
      `Client-Id:${input.clientId}\nRequest-Id:${input.requestId}\nRequest-Timestamp:${input.timestamp}\nRequest-Target:${input.target}\nDigest:${digest}`,
    );
  });

  it('is base64 HMAC-SHA256 of that string with the secret key, after "HMACSHA256="', () => {
    const mac = createHmac('sha256', input.secretKey).update(dokuStringToSign(input)).digest('base64');
    expect(signDokuRequest(input).signature).toBe(`HMACSHA256=${mac}`);
  });

  it('has no Digest line without a body (a GET)', () => {
    expect(dokuStringToSign({ ...input, body: '' }).split('\n')).toHaveLength(4);
  });

  it('verifies its own signature and nothing else', () => {
    const { signature } = signDokuRequest(input);
    expect(verifyDokuRequest({ ...input, signature })).toBe(true);
    expect(verifyDokuRequest({ ...input, body: `${input.body} `, signature })).toBe(false);
    expect(verifyDokuRequest({ ...input, signature: 'HMACSHA256=AAAA' })).toBe(false);
  });
});

describe('its formats', () => {
  it('writes Request-Timestamp in UTC with seconds and Z', () => {
    expect(dokuTimestamp(new Date('2020-10-21T10:38:28.123+07:00'))).toBe('2020-10-21T03:38:28Z');
  });

  it('writes whole Rupiah and refuses sen', () => {
    expect(dokuAmount(1_050_000n)).toBe('10500');
    expect(() => dokuAmount(1_050_050n)).toThrow(RangeError);
  });

  it('draws 12-digit systraces', () => {
    expect(newSystrace(() => 42)).toBe('000000000042');
    expect(newSystrace()).toMatch(/^\d{12}$/);
  });
});
