// What the cashier reads when a scan is not a usable customer QR. One code per thing that went wrong,
// because each has a different fix at the counter: ask for the other QR, turn Caps Lock off, hold the
// phone still. Details for support go into `raw` as positions and lengths, never scan content.

import { KasirError } from '../errors';

export const CpmErrorCode = {
  empty: 'CPM_EMPTY',
  merchantQr: 'CPM_MERCHANT_QR',
  url: 'CPM_URL',
  tooLong: 'CPM_TOO_LONG',
  capsLock: 'CPM_CAPS_LOCK',
  keyboardLayout: 'CPM_KEYBOARD_LAYOUT',
  notCpm: 'CPM_NOT_CPM',
  notBase64: 'CPM_NOT_BASE64',
  truncated: 'CPM_TRUNCATED',
  damaged: 'CPM_DAMAGED',
  noApplication: 'CPM_NO_APPLICATION',
  adfInvalid: 'CPM_ADF_INVALID',
  encodeInvalid: 'CPM_ENCODE_INVALID',
  encodeTooLong: 'CPM_ENCODE_TOO_LONG',
} as const;

export type CpmErrorCode = (typeof CpmErrorCode)[keyof typeof CpmErrorCode];

const ASK_FOR_PAY_CODE = {
  id: 'Minta pelanggan membuka kode Bayar (scan-to-pay) di aplikasi dompetnya.',
  en: 'Ask the customer to open the pay (scan-to-pay) code in their wallet app.',
};

const SCAN_AGAIN = { id: 'Pindai ulang.', en: 'Scan again.' };

function cpmError(code: CpmErrorCode, id: string, en: string, raw?: unknown, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw, cause });
}

/** A character as a cashier can read it back: visible ones quoted, invisible ones named. */
function showCharacter(char: string): { id: string; en: string } {
  if (char === ' ') return { id: 'spasi', en: 'a space' };
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || codePoint === 0xfffd) {
    const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
    return { id: `karakter tak terlihat ${name}`, en: `the invisible character ${name}` };
  }
  return { id: `"${char}"`, en: `"${char}"` };
}

export const cpmErrors = {
  empty: () =>
    cpmError(
      CpmErrorCode.empty,
      `Hasil pindaian kosong. ${SCAN_AGAIN.id}`,
      `The scan was empty. ${SCAN_AGAIN.en}`,
    ),

  merchantQr: () =>
    cpmError(
      CpmErrorCode.merchantQr,
      `Ini QR milik merchant (QRIS untuk dipindai pelanggan), bukan QR pembayaran pelanggan. ${ASK_FOR_PAY_CODE.id}`,
      `This is the merchant's QR (QRIS for customers to scan), not the customer's payment QR. ${ASK_FOR_PAY_CODE.en}`,
    ),

  url: () =>
    cpmError(
      CpmErrorCode.url,
      `QR ini berisi alamat web, bukan QR pembayaran pelanggan. ${ASK_FOR_PAY_CODE.id}`,
      `This QR holds a web address, not a customer payment code. ${ASK_FOR_PAY_CODE.en}`,
    ),

  tooLong: (length: number, max: number) =>
    cpmError(
      CpmErrorCode.tooLong,
      `Hasil pindaian terlalu panjang (${length} karakter, maksimal ${max}): mungkin dua kode terbaca sekaligus, atau ini bukan QR pembayaran pelanggan. ${SCAN_AGAIN.id}`,
      `The scan is too long (${length} characters, at most ${max}): two codes may have been read at once, or this is not a customer payment QR. ${SCAN_AGAIN.en}`,
      { length, max },
    ),

  capsLock: () =>
    cpmError(
      CpmErrorCode.capsLock,
      'Huruf besar dan kecil pada hasil pindaian terbalik: Caps Lock menyala. Matikan Caps Lock lalu pindai ulang.',
      'The scan arrived with upper and lower case swapped: Caps Lock is on. Turn Caps Lock off and scan again.',
    ),

  keyboardLayout: (layout: string) =>
    cpmError(
      CpmErrorCode.keyboardLayout,
      `Hasil pindaian teracak oleh tata letak keyboard ${layout}. Ubah tata letak keyboard komputer ke US (sama dengan pemindai) lalu pindai ulang.`,
      `The scan was scrambled by the ${layout} keyboard layout. Switch the computer's keyboard layout to US (matching the scanner) and scan again.`,
      { layout },
    ),

  notCpm: () =>
    cpmError(
      CpmErrorCode.notCpm,
      `Ini bukan QR pembayaran pelanggan (mungkin barcode produk atau kode lain). ${ASK_FOR_PAY_CODE.id}`,
      `This is not a customer payment QR (perhaps a product barcode or another kind of code). ${ASK_FOR_PAY_CODE.en}`,
    ),

  notBase64: (character: string, index: number) => {
    const shown = showCharacter(character);
    return cpmError(
      CpmErrorCode.notBase64,
      `Hasil pindaian berisi karakter tidak sah ${shown.id} di posisi ${index + 1}. Biasanya tata letak keyboard pemindai tidak cocok dengan komputer (atur keduanya ke US), atau karakter hilang di jalan. ${SCAN_AGAIN.id}`,
      `The scan contains an invalid character, ${shown.en}, at position ${index + 1}. Usually the scanner's keyboard layout does not match the computer's (set both to US), or characters were lost on the way. ${SCAN_AGAIN.en}`,
      { position: index + 1, codePoint: character.codePointAt(0) },
    );
  },

  truncated: (raw?: unknown, cause?: unknown) =>
    cpmError(
      CpmErrorCode.truncated,
      'QR terbaca tidak lengkap (terpotong). Minta pelanggan menahan QR tetap di depan pemindai, lalu pindai ulang.',
      'The scan was cut short. Ask the customer to hold the QR steady in front of the scanner, then scan again.',
      raw,
      cause,
    ),

  damaged: (offset: number, raw?: unknown, cause?: unknown) =>
    cpmError(
      CpmErrorCode.damaged,
      `Isi QR rusak (data tidak sah mulai byte ${offset}): karakter mungkin hilang atau berubah saat dipindai. Minta pelanggan memuat ulang kode Bayar, lalu pindai ulang.`,
      `The QR's contents are damaged (invalid data from byte ${offset}): characters may have been lost or changed while scanning. Ask the customer to refresh the pay code, then scan again.`,
      raw,
      cause,
    ),

  noApplication: () =>
    cpmError(
      CpmErrorCode.noApplication,
      'QR pelanggan tidak memuat aplikasi pembayaran. Minta pelanggan memuat ulang kode Bayar atau membayar dengan cara lain.',
      'The customer QR carries no payment application. Ask the customer to refresh the pay code or pay another way.',
    ),

  adfInvalid: (index: number, length?: number) =>
    cpmError(
      CpmErrorCode.adfInvalid,
      `Aplikasi pembayaran ke-${index + 1} di QR pelanggan tidak memiliki nama aplikasi (ADF) yang sah. Minta pelanggan memuat ulang kode Bayar atau membayar dengan cara lain.`,
      `Payment application ${index + 1} in the customer QR has no valid application name (ADF). Ask the customer to refresh the pay code or pay another way.`,
      length === undefined ? { application: index + 1 } : { application: index + 1, adfLength: length },
    ),

  encodeInvalid: (detail: string, raw?: unknown) =>
    cpmError(
      CpmErrorCode.encodeInvalid,
      `Data untuk QR CPM tidak sah: ${detail}`,
      `The data for the CPM QR is not valid: ${detail}`,
      raw,
    ),

  encodeTooLong: (length: number, max: number) =>
    cpmError(
      CpmErrorCode.encodeTooLong,
      `QR CPM yang disusun terlalu panjang (${length} karakter, maksimal ${max}).`,
      `The CPM QR built is too long (${length} characters, at most ${max}).`,
      { length, max },
    ),
};
