// Money is an integer count of minor units (sen for IDR) everywhere inside the app.
// SNAP's "10000.00" strings exist only at the wire edge, converted here and nowhere else.

export type Minor = bigint;

export class AmountFormatError extends Error {
  readonly code = 'AMOUNT_FORMAT';
  constructor(readonly input: string) {
    super(`Not an amount with exactly two decimals: ${JSON.stringify(input)}`);
  }
}

/** SNAP amounts are at most 16 integer digits and exactly two decimals ("16,2" in the spec tables). */
const SNAP_AMOUNT = /^(0|[1-9]\d{0,15})\.(\d{2})$/;

export function isSnapAmount(value: string): boolean {
  return SNAP_AMOUNT.test(value);
}

/** "10000.00" → 1000000n. Rejects anything that is not exactly the SNAP form (no sign, no exponent, no commas). */
export function parseSnapAmount(value: string): Minor {
  const match = SNAP_AMOUNT.exec(value);
  if (!match) throw new AmountFormatError(value);
  return BigInt(match[1] as string) * 100n + BigInt(match[2] as string);
}

/** 1000000n → "10000.00". */
export function formatSnapAmount(minor: Minor): string {
  if (minor < 0n) throw new RangeError('A SNAP amount cannot be negative');
  const whole = minor / 100n;
  const cents = minor % 100n;
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}

/** Minor units as a JSON-safe decimal string, for journals and IPC (bigint does not survive JSON). */
export function minorToString(minor: Minor): string {
  return minor.toString();
}

export function minorFromString(value: string): Minor {
  if (!/^-?(0|[1-9]\d*)$/.test(value)) throw new AmountFormatError(value);
  return BigInt(value);
}

/** Rupiah as a cashier reads it lives with the contract, so the renderer formats money the same way. */
export { formatRupiah } from '../../preload/contract/rupiah';
