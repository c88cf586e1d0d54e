// The numeric card fields of a CPM payload: PAN (5A) and last-4 (9F25) in packed BCD padded with F,
// track 2 equivalent data (57). Only masked forms leave this module for anything a person sees.

import { bytesToHex, hexToBytes } from './hex';

/** "1234567890123458" → 12 34 56 78 90 12 34 58; an odd count ends with an F nibble. */
export function digitsToBcd(digits: string): Uint8Array {
  if (!/^\d*$/.test(digits)) throw new RangeError('BCD takes decimal digits only');
  return hexToBytes(digits.length % 2 === 0 ? digits : `${digits}F`);
}

/** Packed BCD back to digits, dropping the F padding; undefined when the nibbles are not digits. */
export function bcdToDigits(bytes: Uint8Array): string | undefined {
  const nibbles = bytesToHex(bytes).replace(/F+$/, '');
  return /^\d+$/.test(nibbles) ? nibbles : undefined;
}

/** Every digit but the last four hidden: "************3458". */
export function maskPan(pan: string): string {
  return pan.length <= 4 ? pan : `${'*'.repeat(pan.length - 4)}${pan.slice(-4)}`;
}

export function lastFour(pan: string): string | undefined {
  return pan.length >= 4 ? pan.slice(-4) : undefined;
}

export interface Track2 {
  pan: string;
  /** YYMM */
  expiry: string;
  serviceCode: string;
  discretionaryData: string;
}

/** Track 2 equivalent data: PAN, separator D, YYMM, service code, discretionary data, F padding. */
export function encodeTrack2(track: Track2): Uint8Array {
  const nibbles = `${track.pan}D${track.expiry}${track.serviceCode}${track.discretionaryData}`;
  return hexToBytes(nibbles.length % 2 === 0 ? nibbles : `${nibbles}F`);
}

export function decodeTrack2(bytes: Uint8Array): Track2 | undefined {
  const match = /^(\d{1,19})D(\d{4})(\d{3})(\d*)F?$/.exec(bytesToHex(bytes));
  if (!match) return undefined;
  const [, pan = '', expiry = '', serviceCode = '', discretionaryData = ''] = match;
  return { pan, expiry, serviceCode, discretionaryData };
}
