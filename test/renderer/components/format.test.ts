import { describe, expect, it } from 'vitest';
import { dayText, wallClock, wallClockTime } from '../../../preload/contract/wall-clock';
import {
  businessDay,
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
    expect(wallClockTime(at, 420)).toBe('00:30:05');
    expect(businessDay(at, 420)).toBe('2026-11-23');
    expect(businessDay(at, 0)).toBe('2026-11-22');
  });

  it('writes every date one way, day first, with the zone named', () => {
    const at = Date.UTC(2026, 10, 22, 3, 15, 30);
    expect(wallClock(at, 420)).toBe('22-11-2026 10:15:30 WIB');
    expect(wallClock(at, 480)).toBe('22-11-2026 11:15:30 WITA');
    expect(dayText('2026-11-22')).toBe('22-11-2026');
  });

  it('names a wallet by its label and last 4 digits, whichever is known', () => {
    expect(walletText({ label: 'GoPay', last4: '1234' })).toBe('GoPay •••• 1234');
    expect(walletText({ label: null, last4: '1234' })).toBe('•••• 1234');
    expect(walletText({ label: null, last4: null })).toBe('');
  });
});
