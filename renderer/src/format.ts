// Money and time as the cashier reads them. Amounts arrive as decimal strings of minor units and are
// handled as bigint: a float never holds money, not even on screen. Times are the terminal's wall
// clock with the zone's name, one format on every screen (preload/contract/wall-clock.ts).
import type { Language } from '../../preload/contract/app';
import { formatRupiah as formatRupiahMinor, MAX_AMOUNT_RUPIAH_DIGITS } from '../../preload/contract/rupiah';
import {
  dayText,
  wallClock,
  wallClockDate,
  wallClockTime,
  zoneName,
} from '../../preload/contract/wall-clock';
import { useAppInfo } from './app-info';

/** Digits typed by the cashier are whole Rupiah; at most 12 of them (Rp999.999.999.999). */
export const MAX_AMOUNT_DIGITS = MAX_AMOUNT_RUPIAH_DIGITS;

export function minorOf(value: string): bigint {
  return /^-?\d+$/.test(value) ? BigInt(value) : 0n;
}

/** "1000000" → "Rp10.000" (id) / "IDR 10,000" (en); sen shown only when there are any. */
export function formatRupiah(minor: string | bigint, language: Language): string {
  return formatRupiahMinor(typeof minor === 'bigint' ? minor : minorOf(minor), language);
}

/** Whole Rupiah digits as typed ("10000") → minor units ("1000000"). */
export function rupiahDigitsToMinor(digits: string): string {
  const clean = digits.replace(/^0+/, '');
  return clean === '' ? '0' : `${clean}00`;
}

/** A Rupiah amount typed in a field ("10.000", "10000", "Rp 10.000") → minor units, or null. */
export function parseRupiahInput(text: string): string | null {
  const digits = text.replace(/^\s*(Rp|IDR)\s*/i, '').replace(/[.,\s]/g, '');
  if (!/^\d{1,12}$/.test(digits)) return null;
  return rupiahDigitsToMinor(digits);
}

/** "yyyy-MM-dd" of an instant at the terminal's offset: the business day, as searched. */
export function businessDay(epochMs: number, utcOffsetMinutes: number): string {
  const [day, month, year] = wallClockDate(epochMs, utcOffsetMinutes).split('-');
  return `${year}-${month}-${day}`;
}

export interface Clock {
  /** "10:31:05 WIB" */
  time(epochMs: number): string;
  /** "22-11-2026 10:31:05 WIB" */
  dateTime(epochMs: number): string;
  /** "2026-11-22" → "22-11-2026" */
  day(businessDate: string): string;
  /** Today's business day, "yyyy-MM-dd". */
  today(): string;
}

/** The terminal's clock, at the offset main reports. */
export function useClock(): Clock {
  const { utcOffsetMinutes: offset } = useAppInfo();
  return {
    time: (epochMs) => `${wallClockTime(epochMs, offset)} ${zoneName(offset)}`,
    dateTime: (epochMs) => wallClock(epochMs, offset),
    day: dayText,
    today: () => businessDay(Date.now(), offset),
  };
}

/** "SANDBOX QRIS •••• 0012" */
export function walletText(wallet: { label: string | null; last4: string | null }): string {
  return [wallet.label, wallet.last4 === null ? null : `•••• ${wallet.last4}`]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
}
