import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCpmPayload } from '../../../main/cpm/encode-payload';
import { decodeCpmPayload } from '../../../main/cpm/payload';
import { KasirError } from '../../../main/errors';

/** The EMVCo QRCPS example payload, as published (and reproduced by the open-source EMV QR libraries). */
const PUBLISHED_EXAMPLE =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

/** The same payload written out from its documented structure. */
const SPEC_EXAMPLE_HEX = `
  85 05 4350563031
  61 13 4F 07 A0000000555555  50 08 50726F6475637431
  61 13 4F 07 A0000000666666  50 08 50726F6475637432
  62 49 5A 08 1234567890123458
        5F20 0E 43415244484F4C4445522F454D56
        5F2D 08 727565736465656E
        64 21 9F10 07 06010A03000000  9F26 08 584FD385FA234BCC  9F36 02 0001  9F37 04 6D58EF13`;

const asciiHex = (text: string) => Buffer.from(text, 'ascii').toString('hex');
const base64OfHex = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').toString('base64');

function rejection(scan: string): KasirError {
  try {
    decodeCpmPayload(scan);
  } catch (error) {
    if (error instanceof KasirError) return error;
    throw error;
  }
  throw new Error('expected the scan to be rejected');
}

function swapCase(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
}

/** What a US-layout scanner's keystrokes become on a host set to another layout. */
function typedOnLayout(text: string, layout: Record<string, string>): string {
  return Array.from(text, (c) => layout[c] ?? c).join('');
}
const QWERTZ: Record<string, string> = { y: 'z', z: 'y', Y: 'Z', Z: 'Y', '/': '-', '+': '`', '=': '´' };
const AZERTY: Record<string, string> = {
  a: 'q',
  q: 'a',
  A: 'Q',
  Q: 'A',
  w: 'z',
  z: 'w',
  W: 'Z',
  Z: 'W',
  m: ',',
  M: '?',
  '1': '&',
  '2': 'é',
  '3': '"',
  '4': "'",
  '5': '(',
  '6': '-',
  '7': 'è',
  '8': '_',
  '9': 'ç',
  '0': 'à',
  '/': '!',
};

/** Two applications with issuer URLs of 200 and 145 characters: exactly 384 bytes, 512 base64 characters. */
const MAX_LENGTH_PAYLOAD = encodeCpmPayload({
  applications: [
    { adfNameHex: 'A0000000555555', issuerUrl: `https://wallet.example.id/${'a'.repeat(174)}` },
    { adfNameHex: 'A0000000666666', issuerUrl: `https://wallet.example.id/${'b'.repeat(119)}` },
  ],
});

describe('the EMVCo example payload', () => {
  it('is the base64 of the documented TLV structure', () => {
    expect(base64OfHex(SPEC_EXAMPLE_HEX)).toBe(PUBLISHED_EXAMPLE);
  });

  it('carries format indicator CPV01', () => {
    expect(decodeCpmPayload(PUBLISHED_EXAMPLE).formatIndicator).toBe('CPV01');
  });

  it('carries two application templates with their ADF names and labels', () => {
    const { applications } = decodeCpmPayload(PUBLISHED_EXAMPLE);
    expect(applications.map((a) => [a.adfName, a.label])).toEqual([
      ['A0000000555555', 'Product1'],
      ['A0000000666666', 'Product2'],
    ]);
  });

  it('carries common data with the PAN (masked), the cardholder name and the language preference', () => {
    const { commonData } = decodeCpmPayload(PUBLISHED_EXAMPLE);
    expect(commonData).toMatchObject({
      maskedPan: '************3458',
      last4: '3458',
      cardholderName: 'CARDHOLDER/EMV',
      languages: ['ru', 'es', 'de', 'en'],
    });
  });

  it('carries the issuer data of the 64 transparent template', () => {
    const { commonData } = decodeCpmPayload(PUBLISHED_EXAMPLE);
    expect(commonData?.issuerData).toEqual({
      templateHex: '64219F100706010A030000009F2608584FD385FA234BCC9F360200019F37046D58EF13',
      issuerApplicationDataHex: '06010A03000000',
      cryptogramHex: '584FD385FA234BCC',
      atc: 1,
      unpredictableNumberHex: '6D58EF13',
      otherTags: [],
    });
  });

  it('gives the cashier the first label and the last 4 digits', () => {
    expect(decodeCpmPayload(PUBLISHED_EXAMPLE).display).toEqual({ label: 'Product1', last4: '3458' });
  });

  it('never returns the full PAN or the payload itself', () => {
    const serialized = JSON.stringify(decodeCpmPayload(PUBLISHED_EXAMPLE));
    expect(serialized).not.toContain('1234567890123458');
    expect(serialized).not.toContain(PUBLISHED_EXAMPLE.slice(0, 20));
  });

  it('is fingerprinted by the first 16 hex characters of its SHA-256', () => {
    const expected = createHash('sha256').update(PUBLISHED_EXAMPLE).digest('hex').slice(0, 16);
    expect(decodeCpmPayload(PUBLISHED_EXAMPLE).fingerprint).toBe(expected);
  });
});

describe('decoding scans', () => {
  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CR LF', '\r\n'],
    ['Tab', '\t'],
  ])('ignores a trailing %s from the scanner, fingerprint included', (_name, suffix) => {
    const plain = decodeCpmPayload(PUBLISHED_EXAMPLE);
    expect(decodeCpmPayload(PUBLISHED_EXAMPLE + suffix)).toEqual(plain);
  });

  it('gives different QRs different fingerprints', () => {
    const other = encodeCpmPayload({ applications: [{ adfNameHex: 'A0000000555555', label: 'Product1' }] });
    expect(decodeCpmPayload(other).fingerprint).not.toBe(decodeCpmPayload(PUBLISHED_EXAMPLE).fingerprint);
  });

  it('reads a 61 template longer than 127 bytes written with the long form 81 xx', () => {
    const url = `https://wallet.example.id/${'x'.repeat(104)}`; // 130 characters
    const scan = base64OfHex(`
      85 05 4350563031
      61 81 99 4F 07 A0000000555555  50 08 50726F6475637431  5F50 81 82 ${asciiHex(url)}`);
    const [application] = decodeCpmPayload(scan).applications;
    expect(application?.issuerUrl).toBe(url);
    expect(application?.label).toBe('Product1');
  });

  it('drops a right-to-left override, invisible characters and undecodable bytes from a wallet label', () => {
    // "Dompet" U+202E "Ku" U+200B, then a byte that is no UTF-8 (0xFF): the screen would show "uKtepmoD".
    const scan = base64OfHex(`
      85 05 4350563031
      61 1A 4F 07 A0000000555555  50 0F 446F6D706574 E280AE 4B75 E2808B FF`);
    expect(decodeCpmPayload(scan).applications[0]?.label).toBe('DompetKu');
  });

  it('reads a national format indicator instead of rejecting it', () => {
    const scan = encodeCpmPayload({ formatIndicator: 'IDV01', applications: [{ adfNameHex: 'A000000602' }] });
    expect(decodeCpmPayload(scan).formatIndicator).toBe('IDV01');
  });

  it('prefers 9F25 for the last 4 digits over the PAN', () => {
    const scan = base64OfHex(`
      85 05 4350563031
      61 18 4F 07 A0000000555555  5A 08 1234567890123458  9F25 02 9876`);
    expect(decodeCpmPayload(scan).display.last4).toBe('9876');
  });

  it('takes the last 4 digits from track 2 when there is no PAN, and masks its PAN', () => {
    const scan = base64OfHex(`
      85 05 4350563031
      61 1A 4F 07 A0000000555555  57 0F 1234567890123458D191220112345F`);
    const [application] = decodeCpmPayload(scan).applications;
    expect(application?.last4).toBe('3458');
    expect(application?.track2).toEqual({
      maskedPan: '************3458',
      expiry: '1912',
      serviceCode: '201',
    });
  });

  it('names tags it does not interpret', () => {
    const scan = base64OfHex(`
      85 05 4350563031
      61 0E 4F 07 A0000000555555  DF01 02 ABCD`);
    expect(decodeCpmPayload(scan).applications[0]?.otherTags).toEqual(['DF01']);
  });

  it('accepts ADF names of 5 and of 16 bytes', () => {
    const scan = encodeCpmPayload({
      applications: [{ adfNameHex: 'A000000602' }, { adfNameHex: `A0${'00'.repeat(15)}` }],
    });
    expect(decodeCpmPayload(scan).applications).toHaveLength(2);
  });

  it('accepts a payload of 512 characters, the SNAP qrContent maximum', () => {
    expect(MAX_LENGTH_PAYLOAD).toHaveLength(512);
    expect(decodeCpmPayload(MAX_LENGTH_PAYLOAD).applications).toHaveLength(2);
  });
});

describe('rejecting scans, each with its own reason', () => {
  it.each(['', '\r\n'])('an empty scan (%j) is CPM_EMPTY', (scan) => {
    expect(rejection(scan).code).toBe('CPM_EMPTY');
  });

  it("a merchant-presented QRIS is CPM_MERCHANT_QR and says to ask for the wallet's pay code", () => {
    // A static QRIS: EMV MPM tags 00 (format "01"), 01 (static "11"), 26 (merchant account), 51 (QRIS NMID)…
    const qris =
      '00020101021126570011ID.DANA.WWW011893600915000000000102090000000000303UMI51440014ID.CO.QRIS.WWW' +
      '0215ID10200000000010303UMI5204541153033605802ID5914TOKO SEJAHTERA6007JAKARTA6105123406304ABCD';
    const error = rejection(qris);
    expect(error.code).toBe('CPM_MERCHANT_QR');
    expect(error.messages.en).toContain("merchant's QR");
    expect(error.messages.en).toContain('pay');
    expect(error.messages.id).toContain('QR milik merchant');
  });

  it.each(['https://wallet.example.id/pay?id=123', 'HTTP://EXAMPLE.ID', 'www.example.id'])(
    'a URL (%s) is CPM_URL',
    (scan) => {
      expect(rejection(scan).code).toBe('CPM_URL');
    },
  );

  it('a scan longer than 512 characters is CPM_TOO_LONG, with its length', () => {
    const error = rejection(`${MAX_LENGTH_PAYLOAD}A`);
    expect(error.code).toBe('CPM_TOO_LONG');
    expect(error.raw).toEqual({ length: 513, max: 512 });
  });

  it('a scan typed with Caps Lock on is CPM_CAPS_LOCK', () => {
    const scan = swapCase(PUBLISHED_EXAMPLE);
    expect(scan.startsWith('HqvdufyWmw')).toBe(true);
    const error = rejection(scan);
    expect(error.code).toBe('CPM_CAPS_LOCK');
    expect(error.messages.en).toContain('Caps Lock');
    expect(error.messages.id).toContain('Caps Lock');
  });

  it('a Caps Lock scan of a national variant is recognised too', () => {
    const scan = encodeCpmPayload({ formatIndicator: 'IDV01', applications: [{ adfNameHex: 'A000000602' }] });
    expect(rejection(swapCase(scan)).code).toBe('CPM_CAPS_LOCK');
  });

  it('a scan typed on a QWERTZ host is CPM_KEYBOARD_LAYOUT naming QWERTZ', () => {
    const error = rejection(typedOnLayout(PUBLISHED_EXAMPLE, QWERTZ));
    expect(error.code).toBe('CPM_KEYBOARD_LAYOUT');
    expect(error.raw).toEqual({ layout: 'QWERTZ' });
  });

  it('a scan typed on an AZERTY host is CPM_KEYBOARD_LAYOUT naming AZERTY', () => {
    const error = rejection(typedOnLayout(PUBLISHED_EXAMPLE, AZERTY));
    expect(error.code).toBe('CPM_KEYBOARD_LAYOUT');
    expect(error.messages.en).toContain('AZERTY');
  });

  it('a character outside base64 is CPM_NOT_BASE64, naming the character and its position', () => {
    const position = PUBLISHED_EXAMPLE.indexOf('+');
    const scan = `${PUBLISHED_EXAMPLE.slice(0, position)}-${PUBLISHED_EXAMPLE.slice(position + 1)}`;
    const error = rejection(scan);
    expect(error.code).toBe('CPM_NOT_BASE64');
    expect(error.messages.en).toContain(`"-", at position ${position + 1}`);
    expect(error.messages.id).toContain(`"-" di posisi ${position + 1}`);
    expect(error.raw).toEqual({ position: position + 1, codePoint: 0x2d });
  });

  it('a trailing space is not trimmed: it is an invalid character', () => {
    const error = rejection(`${PUBLISHED_EXAMPLE} `);
    expect(error.code).toBe('CPM_NOT_BASE64');
    expect(error.messages.en).toContain('a space');
  });

  it('a leading space is an invalid character at position 1, not another kind of QR', () => {
    const error = rejection(` ${PUBLISHED_EXAMPLE}`);
    expect(error.code).toBe('CPM_NOT_BASE64');
    expect(error.messages.en).toContain('a space, at position 1');
  });

  it('a control character is named by its code point', () => {
    const scan = `${PUBLISHED_EXAMPLE.slice(0, 20)}\u0002${PUBLISHED_EXAMPLE.slice(20)}`;
    expect(rejection(scan).messages.en).toContain('the invisible character U+0002, at position 21');
  });

  it('an accented letter from a mismatched layout is named as a whole character', () => {
    const scan = `${PUBLISHED_EXAMPLE.slice(0, 40)}é${PUBLISHED_EXAMPLE.slice(41)}`;
    expect(rejection(scan).messages.en).toContain('"é", at position 41');
  });

  it('a product barcode is CPM_NOT_CPM', () => {
    expect(rejection('8991234567890').code).toBe('CPM_NOT_CPM');
  });

  it('a word in capitals is not mistaken for Caps Lock', () => {
    expect(rejection('HELLO').code).toBe('CPM_NOT_CPM');
  });

  it('base64 whose first object is not tag 85 is CPM_NOT_CPM', () => {
    expect(rejection(base64OfHex('61 09 4F 07 A0000000555555')).code).toBe('CPM_NOT_CPM');
  });

  it.each([60, 100, 150])('a scan cut after %i characters is CPM_TRUNCATED', (length) => {
    const error = rejection(PUBLISHED_EXAMPLE.slice(0, length));
    expect(error.code).toBe('CPM_TRUNCATED');
    expect(error.messages.en).toContain('cut short');
    expect(error.messages.id).toContain('terpotong');
  });

  it('a scan cut mid-character-group (length 4n+1) is CPM_TRUNCATED', () => {
    expect(rejection(PUBLISHED_EXAMPLE.slice(0, 101)).code).toBe('CPM_TRUNCATED');
  });

  it('a template whose contents overrun it is CPM_DAMAGED, naming the byte', () => {
    const error = rejection(base64OfHex('85 05 4350563031  61 06 4F 07 A0000000555555'));
    expect(error.code).toBe('CPM_DAMAGED');
    expect(error.messages.en).toContain('byte 9');
  });

  it('an indefinite length is CPM_DAMAGED', () => {
    expect(rejection(base64OfHex('85 05 4350563031  61 80 4F 07 A0000000555555 0000')).code).toBe(
      'CPM_DAMAGED',
    );
  });

  it('filler bytes after the payload are CPM_DAMAGED', () => {
    expect(rejection(base64OfHex(`${SPEC_EXAMPLE_HEX} 00 00 00`)).code).toBe('CPM_DAMAGED');
  });

  it('a payload with no 61 application template is CPM_NO_APPLICATION', () => {
    expect(rejection(base64OfHex('85 05 4350563031  62 0A 5A 08 1234567890123458')).code).toBe(
      'CPM_NO_APPLICATION',
    );
  });

  it('a payload holding only the format indicator is CPM_NO_APPLICATION', () => {
    expect(rejection(base64OfHex('85 05 4350563031')).code).toBe('CPM_NO_APPLICATION');
  });

  it('an application template without 4F is CPM_ADF_INVALID', () => {
    const error = rejection(base64OfHex('85 05 4350563031  61 0A 50 08 50726F6475637431'));
    expect(error.code).toBe('CPM_ADF_INVALID');
    expect(error.raw).toEqual({ application: 1 });
  });

  it.each([
    [4, 'A0000000'],
    [17, `A0${'00'.repeat(16)}`],
  ])('an ADF name of %i bytes is CPM_ADF_INVALID', (length, adf) => {
    const template = `4F ${length.toString(16).padStart(2, '0')} ${adf}`;
    const scan = base64OfHex(
      `85 05 4350563031  61 ${(length + 2).toString(16).padStart(2, '0')} ${template}`,
    );
    const error = rejection(scan);
    expect(error.code).toBe('CPM_ADF_INVALID');
    expect(error.raw).toEqual({ application: 1, adfLength: length });
  });

  it('every rejection speaks both Bahasa Indonesia and English', () => {
    const scans = [
      '',
      '000201',
      'https://x.id',
      swapCase(PUBLISHED_EXAMPLE),
      'hQ-',
      PUBLISHED_EXAMPLE.slice(0, 60),
    ];
    for (const scan of scans) {
      const { messages } = rejection(scan);
      expect(messages.id.length).toBeGreaterThan(10);
      expect(messages.en.length).toBeGreaterThan(10);
      expect(messages.id).not.toBe(messages.en);
    }
  });
});

describe('encoding payloads', () => {
  it('reproduces the EMVCo example byte for byte', () => {
    const scan = encodeCpmPayload({
      applications: [
        { adfNameHex: 'A0000000555555', label: 'Product1' },
        { adfNameHex: 'A0000000666666', label: 'Product2' },
      ],
      commonData: {
        pan: '1234567890123458',
        cardholderName: 'CARDHOLDER/EMV',
        languages: ['ru', 'es', 'de', 'en'],
        issuerData: {
          issuerApplicationDataHex: '06010A03000000',
          cryptogramHex: '584FD385FA234BCC',
          atc: 1,
          unpredictableNumberHex: '6D58EF13',
        },
      },
    });
    expect(scan).toBe(PUBLISHED_EXAMPLE);
  });

  it('round-trips every field it writes through the decoder', () => {
    const scan = encodeCpmPayload({
      applications: [
        {
          adfNameHex: 'a000000602',
          label: 'DompetKu',
          pan: '9360001234567890123',
          last4: '0123',
          track2: { pan: '9360001234567890123', expiry: '2912', serviceCode: '201' },
          cardholderName: 'BUDI SANTOSO',
          languages: ['id', 'en'],
          issuerUrl: 'https://dompetku.example.id',
          issuerData: { cryptogramHex: '0102030405060708', cryptogramInfoHex: '80', atc: 0x1234 },
        },
      ],
    });
    const [application] = decodeCpmPayload(scan).applications;
    expect(application).toEqual({
      adfName: 'A000000602',
      label: 'DompetKu',
      maskedPan: '***************0123',
      last4: '0123',
      track2: { maskedPan: '***************0123', expiry: '2912', serviceCode: '201' },
      cardholderName: 'BUDI SANTOSO',
      languages: ['id', 'en'],
      issuerUrl: 'https://dompetku.example.id',
      issuerData: {
        templateHex: '63149F260801020304050607089F2701809F36021234',
        cryptogramHex: '0102030405060708',
        cryptogramInfoHex: '80',
        atc: 0x1234,
        otherTags: [],
      },
      otherTags: [],
    });
  });

  it('writes a template over 255 bytes with the long form 82 xx xx and reads it back', () => {
    const url = `https://dompetku.example.id/${'z'.repeat(227)}`; // 255 characters
    const scan = encodeCpmPayload({
      applications: [{ adfNameHex: 'A0000000555555', label: 'DompetKu', issuerUrl: url, last4: '4321' }],
    });
    const bytes = Buffer.from(scan, 'base64');
    expect(bytes.subarray(7, 10).toString('hex').toUpperCase()).toBe('618201');
    expect(decodeCpmPayload(scan).applications[0]?.issuerUrl).toBe(url);
  });

  it('starts with the standard CPM prefix by default', () => {
    expect(encodeCpmPayload({ applications: [{ adfNameHex: 'A000000602' }] }).startsWith('hQVDUFYwMW')).toBe(
      true,
    );
  });

  it('refuses an ADF name shorter than 5 bytes, naming the field', () => {
    const attempt = () => encodeCpmPayload({ applications: [{ adfNameHex: 'A0000006' }] });
    expect(attempt).toThrow(KasirError);
    expect(attempt).toThrow(/applications\.0\.adfNameHex/);
  });

  it('refuses a misspelt field instead of silently dropping it', () => {
    const input = { applications: [{ adfNameHex: 'A000000602', lable: 'Typo' }] };
    expect(() => encodeCpmPayload(input as Parameters<typeof encodeCpmPayload>[0])).toThrow(/lable/);
  });

  it('refuses a payload without applications', () => {
    try {
      encodeCpmPayload({ applications: [] });
      expect.unreachable();
    } catch (error) {
      expect((error as KasirError).code).toBe('CPM_ENCODE_INVALID');
    }
  });

  it('refuses to build more than 512 characters', () => {
    const application = (adf: string) => ({ adfNameHex: adf, issuerUrl: `https://x.id/${'u'.repeat(200)}` });
    try {
      encodeCpmPayload({ applications: [application('A000000001'), application('A000000002')] });
      expect.unreachable();
    } catch (error) {
      expect((error as KasirError).code).toBe('CPM_ENCODE_TOO_LONG');
    }
  });
});
