import { describe, expect, it } from 'vitest';
import {
  bcdToDigits,
  decodeTrack2,
  digitsToBcd,
  encodeTrack2,
  lastFour,
  maskPan,
} from '../../../main/cpm/card-data';
import { bytesToHex, hexToBytes } from '../../../main/cpm/hex';

describe('PAN in packed BCD', () => {
  it('packs the EMVCo example PAN two digits per byte', () => {
    expect(bytesToHex(digitsToBcd('1234567890123458'))).toBe('1234567890123458');
  });

  it('pads an odd number of digits with an F nibble', () => {
    expect(bytesToHex(digitsToBcd('123456789012345'))).toBe('123456789012345F');
  });

  it('reads the digits back without the padding', () => {
    expect(bcdToDigits(hexToBytes('123456789012345F'))).toBe('123456789012345');
  });

  it('gives undefined for nibbles that are not digits', () => {
    expect(bcdToDigits(hexToBytes('12AB'))).toBeUndefined();
  });

  it('hides all but the last four digits', () => {
    expect(maskPan('1234567890123458')).toBe('************3458');
    expect(lastFour('1234567890123458')).toBe('3458');
  });
});

describe('track 2 equivalent data', () => {
  // 57 0F 12 34 56 78 90 12 34 58 D1 91 22 01 12 34 5F, as in the EMVCo CPM examples.
  const track = hexToBytes('1234567890123458D191220112345F');

  it('splits PAN, expiry, service code and discretionary data at the D separator', () => {
    expect(decodeTrack2(track)).toEqual({
      pan: '1234567890123458',
      expiry: '1912',
      serviceCode: '201',
      discretionaryData: '12345',
    });
  });

  it('encodes to the same bytes, F-padded', () => {
    const encoded = encodeTrack2({
      pan: '1234567890123458',
      expiry: '1912',
      serviceCode: '201',
      discretionaryData: '12345',
    });
    expect(bytesToHex(encoded)).toBe('1234567890123458D191220112345F');
  });

  it('gives undefined when there is no separator', () => {
    expect(decodeTrack2(hexToBytes('1234567890123458'))).toBeUndefined();
  });
});
