import { describe, expect, it } from 'vitest';
import {
  businessDay,
  clockTime,
  formatRupiah,
  parseRupiahInput,
  rupiahDigitsToMinor,
  walletText,
} from '../../../renderer/src/format';

describe('money and time on screen', () => {
  it('formats minor units as Rupiah in both languages, sen only when there are any', () => {
    expect(formatRupiah('1000000', 'id')).toBe('Rp10.000');
    expect(formatRupiah('1000050', 'id')).toBe('Rp10.000,50');
    expect(formatRupiah('1000050', 'en')).toBe('IDR 10,000.50');
    expect(formatRupiah('-150000', 'id')).toBe('-Rp1.500');
    expect(formatRupiah('99999999999900', 'id')).toBe('Rp999.999.999.999');
  });

  it('keeps amounts beyond a float’s precision exact', () => {
    expect(formatRupiah('900719925474099312', 'id')).toBe('Rp9.007.199.254.740.993,12');
  });

  it('reads typed Rupiah as minor units, with or without separators', () => {
    expect(rupiahDigitsToMinor('10000')).toBe('1000000');
    expect(rupiahDigitsToMinor('')).toBe('0');
    expect(parseRupiahInput('Rp 10.000')).toBe('1000000');
    expect(parseRupiahInput('10,000')).toBe('1000000');
    expect(parseRupiahInput('10.5x')).toBeNull();
    expect(parseRupiahInput('')).toBeNull();
  });

  it("tells time on the terminal's clock (WIB), whatever the machine's zone", () => {
    const at = Date.UTC(2026, 10, 22, 17, 30, 5);
    expect(clockTime(at)).toBe('00:30:05');
    expect(businessDay(at)).toBe('2026-11-23');
  });

  it('names a wallet by its label and last 4 digits, whichever is known', () => {
    expect(walletText({ label: 'GoPay', last4: '1234' })).toBe('GoPay •••• 1234');
    expect(walletText({ label: null, last4: '1234' })).toBe('•••• 1234');
    expect(walletText({ label: null, last4: null })).toBe('');
  });
});
