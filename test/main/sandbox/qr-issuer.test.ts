// The wallet side's memory of issued QRs stays bounded however many are asked for.
import { describe, expect, it } from 'vitest';
import { TEST_CUSTOMERS } from '../../../main/sandbox/customers';
import { QrIssuer } from '../../../main/sandbox/qr';

const customer = TEST_CUSTOMERS[0];
if (!customer) throw new Error('no test customer');
const MINUTE = 60_000;

describe('issued wallet QRs', () => {
  it('are forgotten an hour after they expire, and still say "expired" until then', () => {
    const issuer = new QrIssuer(5 * MINUTE);
    const start = new Date('2026-11-22T08:00:00+07:00');
    const old = issuer.issue(customer, start);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    expect(issuer.redeem(old.qrContent, at(30))).toEqual({ kind: 'expired' });
    issuer.issue(customer, at(66));
    expect(issuer.redeem(old.qrContent, at(66))).toEqual({ kind: 'unknown' });
    expect(issuer.size).toBe(1);
  });

  it('keep at most their ceiling, forgetting the oldest first', () => {
    const issuer = new QrIssuer(5 * MINUTE, 3);
    const now = new Date('2026-11-22T08:00:00+07:00');
    const issued = Array.from({ length: 5 }, () => issuer.issue(customer, now));
    expect(issuer.size).toBe(3);
    expect(issued.map((qr) => issuer.redeem(qr.qrContent, now).kind)).toEqual([
      'unknown',
      'unknown',
      'ok',
      'ok',
      'ok',
    ]);
  });
});
