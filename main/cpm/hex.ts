// Hex is how EMV data is written in specs, logs and test vectors; bytes are what the QR carries.
// Upper case on the way out so hex from us compares equal to hex copied from the EMVCo documents.

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

export function isHex(text: string): boolean {
  return /^(?:[0-9A-Fa-f]{2})*$/.test(text);
}

export function hexToBytes(hex: string): Uint8Array {
  if (!isHex(hex)) throw new RangeError(`Not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
