import { describe, expect, it } from 'vitest';
import { businessDate, newReferenceNo, qrFingerprint } from '../../../main/payments/references';
import { PaymentRequestSchema } from '../../../main/snap/schemas';

const at = Date.parse('2020-12-23T00:54:11.123Z'); // 07:54:11.123 WIB

describe('partnerReferenceNo', () => {
  it('is the local time to the millisecond followed by nine random digits', () => {
    const ref = newReferenceNo({ now: () => at, randomInt: () => 42, utcOffsetMinutes: 420 });
    expect(ref).toBe('20201223075411123000000042');
  });

  it('fits the payment request schema', () => {
    const ref = newReferenceNo({ now: () => at, randomInt: (max) => max - 1, utcOffsetMinutes: 420 });
    expect(PaymentRequestSchema.shape.partnerReferenceNo.safeParse(ref).success).toBe(true);
  });

  // Random digits can clash by chance (the journal's UNIQUE index makes the engine draw again); what
  // must hold is that every distinct draw within one millisecond gives a distinct reference.
  it('gives 10,000 distinct references for 10,000 distinct draws in the same millisecond', () => {
    const refs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      refs.add(
        newReferenceNo({ now: () => at, randomInt: (max) => (i * 99_991) % max, utcOffsetMinutes: 420 }),
      );
    }
    expect(refs.size).toBe(10_000);
  });

  it('draws its random part across the whole nine-digit range', () => {
    const maxes: number[] = [];
    const ref = newReferenceNo({
      now: () => at,
      randomInt: (max) => {
        maxes.push(max);
        return max - 1;
      },
      utcOffsetMinutes: 420,
    });
    expect(maxes).toEqual([1_000_000_000]);
    expect(ref.endsWith('999999999')).toBe(true);
  });
});

describe('businessDate', () => {
  it('is the day at the terminal offset', () => {
    expect(businessDate(Date.parse('2024-05-01T16:59:59Z'), 420)).toBe('2024-05-01');
    expect(businessDate(Date.parse('2024-05-01T17:00:00Z'), 420)).toBe('2024-05-02');
  });
});

describe('qrFingerprint', () => {
  it('is short, stable and not the QR', () => {
    const qr = 'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MQ==';
    expect(qrFingerprint(qr)).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(qrFingerprint(qr)).toBe(qrFingerprint(qr));
    expect(qrFingerprint(`${qr}x`)).not.toBe(qrFingerprint(qr));
  });
});
