// From the text a scanner produced to the bytes of a CPM payload, or the reason it is not one.
// The checks run cheapest-and-most-helpful first: a wrong kind of QR is named as such before any
// decoding, and keyboard trouble (Caps Lock, layout) is recognised from the known CPM prefix.

import { cpmErrors } from './scan-errors';
import { decodeTlv } from './tlv';

/** SNAP's qrContent is at most 512 characters. */
export const MAX_QR_CONTENT_LENGTH = 512;

/** base64 of 85 05 "CPV01" and the 6 of the 61 after it: how every standard EMVCo CPM payload begins. */
export const CPM_PREFIX = 'hQVDUFYwMW';

/**
 * CPM_PREFIX as a US-layout scanner's keystrokes come out on other host layouts.
 * QWERTZ swaps Y and Z; AZERTY swaps A/Q and W/Z and puts "?" where US has shifted M.
 */
const LAYOUT_MANGLED_PREFIXES: ReadonlyArray<readonly [layout: string, prefix: string]> = [
  ['QWERTZ', 'hQVDUFZwMW'],
  ['AZERTY', 'hAVDUFYz?Z'],
];

/** Scanners end a scan with CR, LF or Tab; those and only those are not part of the payload. */
export function trimScanSuffix(scan: string): string {
  return scan.replace(/[\r\n\t]+$/, '');
}

/**
 * Tag 85 is the first byte, so the first base64 character is "h" and the second carries 85's low bits
 * (01) and the length's high nibble: "Q" to "f". Any CPM payload, national variants included.
 */
function startsLikeCpm(text: string): boolean {
  return text[0] === 'h' && text[1] !== undefined && 'QRSTUVWXYZabcdef'.includes(text[1]);
}

function swapCase(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
}

function checkKindOfText(text: string): void {
  if (text === '') throw cpmErrors.empty();
  // Every EMV merchant-presented QR (QRIS included) opens with tag 00 "Payload Format Indicator" = "01".
  if (text.startsWith('000201')) throw cpmErrors.merchantQr();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^www\./i.test(text)) throw cpmErrors.url();
  if (text.length > MAX_QR_CONTENT_LENGTH) throw cpmErrors.tooLong(text.length, MAX_QR_CONTENT_LENGTH);
}

function isBase64Text(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.replace(/=+$/, '').length % 4 !== 1;
}

/** A national variant's prefix is unknown, so a case-swapped scan is recognised by decoding cleanly. */
function decodesAsCpm(text: string): boolean {
  if (!isBase64Text(text)) return false;
  try {
    const objects = decodeTlv(new Uint8Array(Buffer.from(text, 'base64')));
    return objects[0]?.tag === '85' && objects.some((o) => o.tag === '61');
  } catch {
    return false;
  }
}

function checkKeyboardTrouble(text: string): void {
  // Checked before anything else: the QWERTZ form still starts like a CPM payload.
  for (const [layout, prefix] of LAYOUT_MANGLED_PREFIXES) {
    if (text.startsWith(prefix)) throw cpmErrors.keyboardLayout(layout);
  }
  if (startsLikeCpm(text)) return;
  const swapped = swapCase(text);
  if (swapped.startsWith(CPM_PREFIX) || decodesAsCpm(swapped)) throw cpmErrors.capsLock();
  // A leading space or control character is scanner noise in front of the data, not another kind of QR.
  const first = text.codePointAt(0) ?? 0;
  if (first <= 0x20 || (first >= 0x7f && first < 0xa0))
    throw cpmErrors.notBase64(String.fromCodePoint(first), 0);
  throw cpmErrors.notCpm();
}

/** Standard alphabet with "+" and "/"; "=" only as one or two padding characters at the very end. */
function checkBase64(text: string): string {
  // Whole code points, so an emoji or an accented letter is named correctly.
  const foreign = /[^A-Za-z0-9+/=]/u.exec(text);
  if (foreign) throw cpmErrors.notBase64(foreign[0], foreign.index);
  const padding = /={1,2}$/.exec(text)?.[0] ?? '';
  const body = text.slice(0, text.length - padding.length);
  const misplaced = body.indexOf('=');
  if (misplaced >= 0) throw cpmErrors.notBase64('=', misplaced);
  if (padding !== '' && text.length % 4 !== 0) throw cpmErrors.notBase64('=', body.length);
  // A group of one character carries no whole byte: the text stopped mid-group.
  if (body.length % 4 === 1) throw cpmErrors.truncated({ characters: text.length });
  return body;
}

/** Validates scan text (suffix already trimmed) and returns the payload bytes, or throws the cashier's reason. */
export function scanTextToBytes(text: string): Uint8Array {
  checkKindOfText(text);
  checkKeyboardTrouble(text);
  const body = checkBase64(text);
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * The one text of a payload's bytes: standard base64, padded. Texts that decode to the same bytes (the
 * "=" padding left off, other unused low bits in the last character) are one QR, so a QR is named, and
 * sent, by this text however the scanner spelled it. Validates as scanTextToBytes does.
 */
export function canonicalScanText(text: string): string {
  return Buffer.from(scanTextToBytes(text)).toString('base64');
}
