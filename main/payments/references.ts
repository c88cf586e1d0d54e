// Our own references: partnerReferenceNo for payments, partnerRefundNo for refunds. They are the
// idempotency keys of the money (re-sends and queries reuse them), so they must never collide: a
// timestamp to the millisecond plus random digits, and the journal's UNIQUE index as the final word
// (a clash there makes the caller draw again). The QR itself is never stored: only its fingerprint.

import { randomInt } from 'node:crypto';
import { qrFingerprint as wireQrFingerprint } from '../snap/wire-log';

export interface ReferenceDeps {
  now: () => number;
  /** A uniformly random integer in [0, max). */
  randomInt: (max: number) => number;
  /** The terminal's UTC offset in minutes (+420 for WIB), so references read as local time. */
  utcOffsetMinutes: number;
}

export const defaultReferenceDeps: ReferenceDeps = {
  now: () => Date.now(),
  randomInt: (max) => randomInt(max),
  utcOffsetMinutes: 7 * 60,
};

/** Digits of the yyyyMMddHHmmssSSS stamp, and the shortest random tail a reference keeps. */
const STAMP_DIGITS = 17;
const MIN_RANDOM_DIGITS = 3;
/** Our references' length when the provider takes at least that many characters. */
export const REFERENCE_LENGTH = 26;

function pad(value: number, width: number): string {
  return value.toString().padStart(width, '0');
}

/** Local wall-clock fields of an instant at a fixed UTC offset. */
function localParts(epochMs: number, utcOffsetMinutes: number): Date {
  return new Date(epochMs + utcOffsetMinutes * 60_000);
}

/** "yyyy-MM-dd" of an instant at the terminal's offset: the business day a payment belongs to. */
export function businessDate(epochMs: number, utcOffsetMinutes: number): string {
  const d = localParts(epochMs, utcOffsetMinutes);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/**
 * 26 digits: yyyyMMddHHmmssSSS at the terminal's offset, then 9 random digits. A provider that takes
 * fewer characters (DANA: 25 for QRIS) gets a shorter random tail, never a shorter timestamp.
 */
export function newReferenceNo(deps: ReferenceDeps, maxLength: number = REFERENCE_LENGTH): string {
  const randomDigits = Math.min(REFERENCE_LENGTH, maxLength) - STAMP_DIGITS;
  if (randomDigits < MIN_RANDOM_DIGITS) {
    throw new RangeError(`A reference needs at least ${STAMP_DIGITS + MIN_RANDOM_DIGITS} characters`);
  }
  const d = localParts(deps.now(), deps.utcOffsetMinutes);
  const stamp =
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    pad(d.getUTCMilliseconds(), 3);
  return stamp + pad(deps.randomInt(10 ** randomDigits), randomDigits);
}

/**
 * A short, stable, non-reversible name for a QR payload: enough to recognise a re-scan, useless to
 * replay. The same digits the wire log shows, so support can match a journal row to its request.
 */
export function qrFingerprint(qrContent: string): string {
  return `sha256:${wireQrFingerprint(qrContent)}`;
}
