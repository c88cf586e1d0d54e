import { describe, expect, it } from 'vitest';
import {
  AmountFormatError,
  formatRupiah,
  formatSnapAmount,
  parseSnapAmount,
} from '../../../main/money/amount';

describe('SNAP amount strings', () => {
  it('parses "10000.00" into 1000000 minor units', () => {
    expect(parseSnapAmount('10000.00')).toBe(1_000_000n);
  });

  it('parses the spec sample "12345678.00" exactly', () => {
    expect(parseSnapAmount('12345678.00')).toBe(1_234_567_800n);
  });

  it('keeps 16 integer digits exact where a float would round', () => {
    expect(parseSnapAmount('9999999999999999.99')).toBe(999_999_999_999_999_999n);
  });

  it.each([
    '10000',
    '10000.0',
    '10000.000',
    '-1.00',
    '1e4.00',
    '10,000.00',
    ' 1.00',
    '01.00',
    '',
    '12345678901234567.00',
  ])('rejects %j', (input) => {
    expect(() => parseSnapAmount(input)).toThrow(AmountFormatError);
  });

  it('formats minor units with exactly two decimals', () => {
    expect(formatSnapAmount(1_000_000n)).toBe('10000.00');
    expect(formatSnapAmount(5n)).toBe('0.05');
  });

  it('refuses to format a negative amount for the wire', () => {
    expect(() => formatSnapAmount(-1n)).toThrow(RangeError);
  });
});

describe('Rupiah for the cashier', () => {
  it('groups thousands with dots in Bahasa Indonesia', () => {
    expect(formatRupiah(1_000_000n)).toBe('Rp10.000');
  });

  it('shows sen only when there are some', () => {
    expect(formatRupiah(1_000_050n, 'id')).toBe('Rp10.000,50');
    expect(formatRupiah(1_000_050n, 'en')).toBe('IDR 10,000.50');
  });
});
