import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../main/cpm/hex';
import {
  decodeTlv,
  encodeLength,
  encodeTlv,
  findTlv,
  TlvDecodeError,
  TlvEncodeError,
  tagBytes,
} from '../../../main/cpm/tlv';

/** Hex written the way the EMV documents print it, spaces allowed. */
const bytes = (hex: string) => hexToBytes(hex.replace(/\s+/g, ''));

function decodeError(hex: string): TlvDecodeError {
  try {
    decodeTlv(bytes(hex));
  } catch (error) {
    if (error instanceof TlvDecodeError) return error;
    throw error;
  }
  throw new Error('expected a TlvDecodeError');
}

describe('BER-TLV decoding', () => {
  it('reads a one-byte primitive tag with a short length', () => {
    const [object] = decodeTlv(bytes('85 05 4350563031'));
    expect(object?.tag).toBe('85');
    expect(object?.constructed).toBe(false);
    expect(new TextDecoder().decode(object?.value)).toBe('CPV01');
    expect(object?.children).toBeUndefined();
  });

  it('reads two-byte tags whose first byte has the low five bits set', () => {
    const objects = decodeTlv(bytes('9F25 02 3458  5F20 03 414243'));
    expect(objects.map((o) => o.tag)).toEqual(['9F25', '5F20']);
    expect(bytesToHex(objects[0]?.value ?? new Uint8Array())).toBe('3458');
  });

  it('keeps reading tag bytes while bit 8 is set', () => {
    const [object] = decodeTlv(bytes('DF8101 01 AA'));
    expect(object?.tag).toBe('DF8101');
    expect(bytesToHex(object?.value ?? new Uint8Array())).toBe('AA');
  });

  it('decodes constructed templates recursively, with offsets from the start of the buffer', () => {
    const objects = decodeTlv(bytes('85 01 41  61 0F 4F 07 A0000000555555 64 04 9F36 01 07'));
    const template = findTlv(objects, '61');
    expect(template?.constructed).toBe(true);
    expect(template?.offset).toBe(3);
    expect(template?.children?.map((c) => [c.tag, c.offset])).toEqual([
      ['4F', 5],
      ['64', 14],
    ]);
    expect(template?.children?.[1]?.children?.[0]?.tag).toBe('9F36');
  });

  it('leaves the value of a primitive tag alone even when it looks like TLV', () => {
    const [object] = decodeTlv(bytes('5A 03 4F0100'));
    expect(object?.children).toBeUndefined();
    expect(bytesToHex(object?.value ?? new Uint8Array())).toBe('4F0100');
  });

  it('reads the long form 81 xx', () => {
    const value = 'AB'.repeat(200);
    const [object] = decodeTlv(bytes(`5F50 81 C8 ${value}`));
    expect(object?.value.length).toBe(200);
  });

  it('reads the long form 82 xx xx', () => {
    const value = 'CD'.repeat(300);
    const [object] = decodeTlv(bytes(`5F50 82 012C ${value}`));
    expect(object?.value.length).toBe(300);
  });

  it('decodes an empty buffer to no objects', () => {
    expect(decodeTlv(new Uint8Array())).toEqual([]);
  });
});

describe('BER-TLV decoding errors name the problem and the byte offset', () => {
  it('a buffer that ends inside a multi-byte tag is a truncated tag', () => {
    const error = decodeError('85 01 41 9F');
    expect(error.reason).toBe('truncated-tag');
    expect(error.offset).toBe(3);
    expect(error.code).toBe('TLV_TRUNCATED_TAG');
  });

  it('a tag with no length byte after it is a truncated length', () => {
    const error = decodeError('85 01 41 9F25');
    expect(error.reason).toBe('truncated-length');
    expect(error.offset).toBe(5);
    expect(error.tag).toBe('9F25');
  });

  it('a long-form length missing its second byte is a truncated length', () => {
    const error = decodeError('61 82 01');
    expect(error.reason).toBe('truncated-length');
    expect(error.offset).toBe(1);
  });

  it('a value longer than what is left is an overrun, with the declared and available counts', () => {
    const error = decodeError('85 05 4350563031 61 13 4F07A0000000555555');
    expect(error.reason).toBe('value-overruns');
    expect(error.offset).toBe(7);
    expect(error.tag).toBe('61');
    expect(error.raw).toMatchObject({ declaredLength: 0x13, available: 9 });
  });

  it('the indefinite length 80 is refused', () => {
    const error = decodeError('61 80 4F07A0000000555555 0000');
    expect(error.reason).toBe('indefinite-length');
    expect(error.offset).toBe(1);
  });

  it('a length of more than four length bytes is unsupported', () => {
    expect(decodeError('5A 85 0000000001 00').reason).toBe('unsupported-length');
  });

  it('filler bytes after the last object are trailing garbage', () => {
    const error = decodeError('85 01 41 00 00 FF');
    expect(error.reason).toBe('trailing-garbage');
    expect(error.offset).toBe(3);
  });

  it('a 00 byte followed by more data is an invalid tag', () => {
    expect(decodeError('85 01 41 00 85 01 41').reason).toBe('invalid-tag');
  });

  it('an overrun inside a template reports the inner tag, its absolute offset and depth 1', () => {
    const error = decodeError('85 01 41 61 06 4F 07 A0000000555555');
    expect(error.reason).toBe('value-overruns');
    expect(error.tag).toBe('4F');
    expect(error.offset).toBe(5);
    expect(error.depth).toBe(1);
  });

  it('refuses templates nested deeper than any EMV structure', () => {
    let hex = '';
    for (let i = 0; i < 20; i++) hex = `A0${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`;
    expect(decodeError(hex).reason).toBe('too-deep');
  });

  it('is a KasirError with messages in both languages and no value bytes', () => {
    const error = decodeError('5A 08 1234567890');
    expect(error.messages.id).toContain('byte 0');
    expect(error.messages.en).toContain('byte 0');
    expect(JSON.stringify(error.toPlain())).not.toContain('1234567890');
  });
});

describe('BER-TLV encoding', () => {
  it.each([
    [0, '00'],
    [127, '7F'],
    [128, '8180'],
    [255, '81FF'],
    [256, '820100'],
    [65535, '82FFFF'],
    [65536, '83010000'],
  ])('writes length %i as %s', (length, hex) => {
    expect(bytesToHex(encodeLength(length))).toBe(hex);
  });

  it('writes nested templates with their lengths computed', () => {
    const encoded = encodeTlv([
      { tag: '85', value: new TextEncoder().encode('CPV01') },
      { tag: '61', children: [{ tag: '4F', value: bytes('A0000000555555') }] },
    ]);
    expect(bytesToHex(encoded)).toBe('85054350563031' + '6109' + '4F07A0000000555555');
  });

  it('round-trips what it decodes, long forms included', () => {
    const original = bytes(`85 01 41 61 81 8D 4F 07 A0000000555555 5F50 81 80 ${'41'.repeat(128)}`);
    const decoded = decodeTlv(original);
    const reencoded = encodeTlv(
      decoded.map((o) =>
        o.children ? { tag: o.tag, children: o.children } : { tag: o.tag, value: o.value },
      ),
    );
    expect(bytesToHex(reencoded)).toBe(bytesToHex(original));
  });

  it('refuses to put other tags inside a primitive tag', () => {
    expect(() => encodeTlv([{ tag: '5A', children: [{ tag: '4F', value: new Uint8Array(5) }] }])).toThrow(
      TlvEncodeError,
    );
  });

  it.each([
    ['9F', 'a first byte announcing more tag bytes that are missing'],
    ['4F01', 'a one-byte tag followed by more bytes'],
    ['9F80', 'a last tag byte with its continuation bit set'],
    ['DF0101', 'a middle tag byte without its continuation bit'],
    ['00', 'the filler byte 00'],
    ['G1', 'not hex'],
  ])('rejects tag %s (%s)', (tag) => {
    expect(() => tagBytes(tag)).toThrow(TlvEncodeError);
  });

  it('accepts well-formed one, two and three byte tags', () => {
    expect(bytesToHex(tagBytes('5A'))).toBe('5A');
    expect(bytesToHex(tagBytes('9f25'))).toBe('9F25');
    expect(bytesToHex(tagBytes('DF8101'))).toBe('DF8101');
  });
});
