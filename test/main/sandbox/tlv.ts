// A minimal BER-TLV reader for the tests: flattens a payload into "61.5A" → hex value, so a test
// can check what the sandbox put in its QRs without trusting the sandbox's own encoder.

const CONSTRUCTED = new Set(['61', '62', '63', '64']);

export function decodeBase64Tlv(base64: string): Map<string, string> {
  const out = new Map<string, string>();
  walk(Buffer.from(base64, 'base64'), '', out);
  return out;
}

function walk(bytes: Buffer, prefix: string, out: Map<string, string>): void {
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes.subarray(i, i + 1).toString('hex');
    const first = bytes[i] ?? 0;
    i += 1;
    if ((first & 0x1f) === 0x1f) {
      while (((bytes[i] ?? 0) & 0x80) !== 0) {
        tag += bytes.subarray(i, i + 1).toString('hex');
        i += 1;
      }
      tag += bytes.subarray(i, i + 1).toString('hex');
      i += 1;
    }
    let length = bytes[i] ?? 0;
    i += 1;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let k = 0; k < count; k++) length = (length << 8) | (bytes[i + k] ?? 0);
      i += count;
    }
    const value = bytes.subarray(i, i + length);
    i += length;
    const name = `${prefix}${tag.toUpperCase()}`;
    if (CONSTRUCTED.has(tag.toUpperCase())) walk(value, `${name}.`, out);
    else out.set(name, value.toString('hex').toUpperCase());
  }
}
