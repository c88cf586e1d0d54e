import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import {
  formatSnapTimestamp,
  formatTimestampInStyle,
  IncomingTransactionHeadersSchema,
  parseSnapTimestamp,
  snapDay,
  tokenHeaders,
  transactionHeaders,
  utcOffsetMinutes,
} from '../../../main/snap/headers';

const instant = new Date('2020-12-23T00:50:11.123Z');

const baseInput = {
  accessToken: 'gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a',
  timestamp: '2020-12-23T07:50:11+07:00',
  signature: 'c2lnbmF0dXJl',
  partnerId: '82150823919040624621823174737537',
  externalId: '41807553358950093184162180797837',
  channelId: '95221',
};

describe('X-TIMESTAMP', () => {
  it('is written at +07:00 by default, without milliseconds', () => {
    expect(formatSnapTimestamp(instant)).toBe('2020-12-23T07:50:11+07:00');
  });

  it('is written in the configured offset', () => {
    expect(formatSnapTimestamp(instant, '+08:00')).toBe('2020-12-23T08:50:11+08:00');
    expect(formatSnapTimestamp(instant, '+09:00')).toBe('2020-12-23T09:50:11+09:00');
    expect(formatSnapTimestamp(instant, '-03:30')).toBe('2020-12-22T21:20:11-03:30');
  });

  it('carries milliseconds when asked', () => {
    expect(formatSnapTimestamp(instant, '+07:00', { milliseconds: true })).toBe(
      '2020-12-23T07:50:11.123+07:00',
    );
  });

  it('writes UTC with Z when a provider asks for it, and milliseconds only when asked', () => {
    const at = new Date('2020-09-22T01:51:00.250Z');
    expect(formatTimestampInStyle(at, { zone: 'utc', milliseconds: false }, '+07:00')).toBe(
      '2020-09-22T01:51:00Z',
    );
    expect(formatTimestampInStyle(at, { zone: 'utc', milliseconds: true }, '+07:00')).toBe(
      '2020-09-22T01:51:00.250Z',
    );
    expect(formatTimestampInStyle(at, { zone: 'local', milliseconds: false }, '+07:00')).toBe(
      '2020-09-22T08:51:00+07:00',
    );
  });

  it('rolls the date over at local midnight', () => {
    expect(formatSnapTimestamp(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01T00:00:00+07:00');
  });

  it('refuses an offset that is not ±HH:MM', () => {
    expect(() => formatSnapTimestamp(instant, '+7')).toThrow(KasirError);
    expect(() => utcOffsetMinutes('+15:00')).toThrow(KasirError);
  });

  it('parses an incoming timestamp with offset, milliseconds or Z to the same instant', () => {
    expect(parseSnapTimestamp('2020-12-23T07:50:11+07:00')?.toISOString()).toBe('2020-12-23T00:50:11.000Z');
    expect(parseSnapTimestamp('2024-03-01T08:27:49.024Z')?.toISOString()).toBe('2024-03-01T08:27:49.024Z');
  });

  it.each([
    ['2026-12-01T07:30:00.123Z', '2026-12-01T07:30:00.123Z'],
    ['2026-12-01T14:30:00.123456789+07:00', '2026-12-01T07:30:00.123Z'],
    ['2026-12-01T02:30:00-05:00', '2026-12-01T07:30:00.000Z'],
    ['2026-12-01T07:30:00.5Z', '2026-12-01T07:30:00.500Z'],
  ])('parses %j, any ISO-8601 form with seconds', (value, instant) => {
    expect(parseSnapTimestamp(value)?.toISOString()).toBe(instant);
  });

  it.each([
    '2020-12-23 07:50:11+07:00',
    '2020-12-23T07:50:11',
    '2020-12-23T07:50:11+0700',
    '23-12-2020T07:50:11+07:00',
    '2020-12-23T07:50+07:00',
    '2021-02-30T07:50:11+07:00',
    '2020-12-23T24:00:00+07:00',
    '2020-12-23T07:50:11+15:00',
    '2020-12-23T07:50:11.1234567890Z',
  ])('does not parse %j', (value) => {
    expect(parseSnapTimestamp(value)).toBeUndefined();
  });

  it('names the local day an external id belongs to', () => {
    expect(snapDay(new Date('2024-12-31T17:00:00Z'))).toBe('20250101');
    expect(snapDay(new Date('2024-12-31T16:59:59Z'))).toBe('20241231');
  });
});

describe('transaction headers', () => {
  it('carries the full SNAP set with Bearer authorization', () => {
    expect(transactionHeaders(baseInput)).toEqual({
      'Content-Type': 'application/json',
      Authorization: `Bearer ${baseInput.accessToken}`,
      'X-TIMESTAMP': '2020-12-23T07:50:11+07:00',
      'X-SIGNATURE': 'c2lnbmF0dXJl',
      'X-PARTNER-ID': baseInput.partnerId,
      'X-EXTERNAL-ID': baseInput.externalId,
      'CHANNEL-ID': '95221',
    });
  });

  it('adds the optional device headers when configured', () => {
    const headers = transactionHeaders({
      ...baseInput,
      origin: 'www.hostname.com',
      ipAddress: '172.24.281.24',
      deviceId: '09864ADCASA',
      latitude: '-6.108841',
      longitude: '106.7782137',
    });
    expect(headers).toMatchObject({
      ORIGIN: 'www.hostname.com',
      'X-IP-ADDRESS': '172.24.281.24',
      'X-DEVICE-ID': '09864ADCASA',
      'X-LATITUDE': '-6.108841',
      'X-LONGITUDE': '106.7782137',
    });
  });

  it('adds Authorization-Customer only for a B2B2C customer token', () => {
    expect(transactionHeaders(baseInput)['Authorization-Customer']).toBeUndefined();
    const headers = transactionHeaders({ ...baseInput, customerAccessToken: 'fa8sjjEj813Y9' });
    expect(headers['Authorization-Customer']).toBe('Bearer fa8sjjEj813Y9');
  });

  it('refuses an X-PARTNER-ID over 36 characters', () => {
    expect(() => transactionHeaders({ ...baseInput, partnerId: 'P'.repeat(37) })).toThrow(/partnerId/);
  });

  // The standard's 5-character CHANNEL-ID and numeric X-EXTERNAL-ID are preset rules, checked by the
  // client (DANA sends "<partnerId>-SERVER" and letters); the header builder keeps the outer bounds.
  it('refuses a CHANNEL-ID over 64 characters', () => {
    expect(() => transactionHeaders({ ...baseInput, channelId: 'C'.repeat(65) })).toThrow(/channelId/);
  });

  it.each(['12 4', '1'.repeat(37), '', 'sdk_1'])('refuses the X-EXTERNAL-ID %j', (externalId) => {
    expect(() => transactionHeaders({ ...baseInput, externalId })).toThrow(KasirError);
  });

  it('leaves out Authorization for a provider that signs without a token', () => {
    const { accessToken: _none, ...withoutToken } = baseInput;
    expect(transactionHeaders(withoutToken).Authorization).toBeUndefined();
  });

  it('builds the token request headers', () => {
    expect(
      tokenHeaders({ timestamp: '2024-03-01T08:27:49+07:00', clientKey: 'G1234325-SNAP', signature: 's' }),
    ).toEqual({
      'Content-Type': 'application/json',
      'X-TIMESTAMP': '2024-03-01T08:27:49+07:00',
      'X-CLIENT-KEY': 'G1234325-SNAP',
      'X-SIGNATURE': 's',
    });
  });

  it('validates incoming headers as Node presents them', () => {
    const incoming = {
      authorization: 'Bearer abc',
      'x-timestamp': '2020-12-23T07:50:11+07:00',
      'x-signature': 'sig',
      'x-partner-id': 'P1',
      'x-external-id': '123',
      'channel-id': '95221',
      host: '127.0.0.1',
    };
    expect(IncomingTransactionHeadersSchema.safeParse(incoming).success).toBe(true);
    const bad = IncomingTransactionHeadersSchema.safeParse({ ...incoming, 'x-external-id': 'abc' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['x-external-id']);
  });
});
