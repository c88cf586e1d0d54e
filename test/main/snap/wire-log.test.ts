import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createWireLog,
  qrFingerprint,
  REDACTED,
  redactBody,
  redactHeaders,
} from '../../../main/snap/wire-log';

const qr =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmIWWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W';
const secret = 'sup3r-s3cret-client-secret';
const token = 'gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a';

describe('wire log redaction', () => {
  it('fingerprints a QR as the first 12 hex digits of its sha256', () => {
    expect(qrFingerprint(qr)).toBe(createHash('sha256').update(qr).digest('hex').slice(0, 12));
    expect(qrFingerprint(qr)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('masks authorization, customer authorization and signature headers and keeps the rest', () => {
    const headers = redactHeaders({
      Authorization: `Bearer ${token}`,
      'Authorization-Customer': 'Bearer fa8sjjEj813Y9',
      'X-SIGNATURE': 'wmzT7yjg1SxxCsxNsFgCR9SYXiZ',
      'X-EXTERNAL-ID': '202405020000000000010000',
      'X-TIMESTAMP': '2024-05-02T14:00:00+07:00',
    });
    expect(headers).toEqual({
      Authorization: REDACTED,
      'Authorization-Customer': REDACTED,
      'X-SIGNATURE': REDACTED,
      'X-EXTERNAL-ID': '202405020000000000010000',
      'X-TIMESTAMP': '2024-05-02T14:00:00+07:00',
    });
  });

  it('replaces qrContent by its fingerprint and keeps every other field in order', () => {
    const body = JSON.stringify({
      partnerReferenceNo: 'P1',
      qrContent: qr,
      amount: { value: '1.00', currency: 'IDR' },
    });
    expect(redactBody(body)).toBe(
      `{"partnerReferenceNo":"P1","qrContent":"[qr sha256:${qrFingerprint(qr)} len:${qr.length}]","amount":{"value":"1.00","currency":"IDR"}}`,
    );
  });

  it('masks tokens and secrets at any depth, including arrays', () => {
    const body = JSON.stringify({
      accessToken: token,
      nested: [{ userAccessToken: 'u-token-123' }, { clientSecret: secret }],
      tokenType: 'Bearer',
    });
    const out = redactBody(body);
    expect(out).not.toContain(token);
    expect(out).not.toContain('u-token-123');
    expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toEqual({
      accessToken: REDACTED,
      nested: [{ userAccessToken: REDACTED }, { clientSecret: REDACTED }],
      tokenType: 'Bearer',
    });
  });

  it('masks secrets in a body that is not JSON', () => {
    const html = `<pre>error {"accessToken":"${token}","qrContent":"${qr}"} Authorization: Bearer ${token}</pre>`;
    const out = redactBody(html);
    expect(out).not.toContain(token);
    expect(out).not.toContain(qr);
    expect(out).toContain(qrFingerprint(qr));
  });

  it('masks a token or a QR in an answer cut off in the middle of it', () => {
    const cutToken = redactBody(`{"responseCode":"2007300","accessToken":"${token}`);
    expect(cutToken).not.toContain(token.slice(0, 12));
    expect(cutToken).toContain('"responseCode":"2007300"');
    const cutQr = redactBody(`{"responseCode":"2006000","qrContent":"${qr}`);
    expect(cutQr).not.toContain(qr.slice(0, 16));
    expect(cutQr).toContain(qrFingerprint(qr));
  });

  it('masks snake_case and kebab-case secret names in a body that is not JSON', () => {
    const text = `<pre>{"access_token":"${token}","client_secret":"${secret}","X-CLIENT-SECRET":"${secret}"} refresh_token=${token}</pre>`;
    const out = redactBody(text);
    expect(out).not.toContain(token);
    expect(out).not.toContain(secret);
    expect(out).toContain(`"access_token":"${REDACTED}"`);
  });

  it('writes one JSON line per entry with nothing secret in it', () => {
    const lines: string[] = [];
    const log = createWireLog(
      (line) => lines.push(line),
      () => new Date('2024-05-02T07:00:00Z'),
    );
    log({
      direction: 'request',
      service: 'payment',
      method: 'POST',
      url: 'https://api.example.id/v1.0/qr/qr-cpm-payment',
      headers: { Authorization: `Bearer ${token}`, 'X-SIGNATURE': 'sigsigsig', 'CHANNEL-ID': '95221' },
      body: JSON.stringify({ qrContent: qr, clientSecret: secret, merchantId: 'M1' }),
      externalId: '1',
    });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    for (const leaked of [token, 'sigsigsig', qr, secret]) expect(line).not.toContain(leaked);
    expect(JSON.parse(line)).toMatchObject({
      at: '2024-05-02T07:00:00.000Z',
      service: 'payment',
      externalId: '1',
    });
    expect(line).toContain('"CHANNEL-ID":"95221"');
    expect(line).toContain('M1');
  });

  it('keeps a null secret field null (the field was absent, nothing to hide)', () => {
    expect(redactBody('{"userAccessToken":null}')).toBe('{"userAccessToken":null}');
  });
});
