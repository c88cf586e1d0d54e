// Money and time as the cashier reads them. Amounts arrive as decimal strings of minor units and are
// handled as bigint: a float never holds money, not even on screen.
import type { Language } from '../../preload/contract/app';
import { formatRupiah as formatRupiahMinor } from '../../preload/contract/rupiah';

/** Digits typed by the cashier are whole Rupiah; at most 12 of them (Rp999.999.999.999). */
export const MAX_AMOUNT_DIGITS = 12;

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

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}

/** The terminal's wall-clock time of an instant, "10:31:05", at a fixed UTC offset (minutes). */
export function clockTime(epochMs: number, utcOffsetMinutes = 420): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function dateTime(epochMs: number, utcOffsetMinutes = 420): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clockTime(epochMs, utcOffsetMinutes)}`;
}

/** "yyyy-MM-dd" of an instant at the terminal's offset: the business day. */
export function businessDay(epochMs: number, utcOffsetMinutes = 420): string {
  return dateTime(epochMs, utcOffsetMinutes).slice(0, 10);
}

/** "SANDBOX QRIS •••• 0012" */
export function walletText(wallet: { label: string | null; last4: string | null }): string {
  return [wallet.label, wallet.last4 === null ? null : `•••• ${wallet.last4}`]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
}
