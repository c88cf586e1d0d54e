import { describe, expect, it } from 'vitest';
import { CPM_PREFIX, canonicalScanText, scanTextToBytes, trimScanSuffix } from '../../../main/cpm/scan-text';

describe('scanner suffixes', () => {
  it('trims any run of CR, LF and Tab at the end', () => {
    expect(trimScanSuffix('hQVDUFYwMQ==\r\n\t')).toBe('hQVDUFYwMQ==');
  });

  it('keeps spaces, and suffix characters anywhere but the end', () => {
    expect(trimScanSuffix('hQ VD\r\nUF ')).toBe('hQ VD\r\nUF ');
  });

  it('keeps a leading line break', () => {
    expect(trimScanSuffix('\nhQVD')).toBe('\nhQVD');
  });
});

describe('scan text to payload bytes', () => {
  it('is the base64 of 85 05 "CPV01" and the first bits of the 61 template after it', () => {
    expect(CPM_PREFIX).toBe(Buffer.from('8505435056303161', 'hex').toString('base64').slice(0, 10));
  });

  it('decodes unpadded base64 the same as padded', () => {
    expect(scanTextToBytes('hQVDUFYwMQ')).toEqual(scanTextToBytes('hQVDUFYwMQ=='));
  });
});

describe('the one text of a payload', () => {
  it('is the padded standard base64 of its bytes, however the scan spelled them', () => {
    // "hQVDUFYwMQ" is 85 05 "CPV01": 7 bytes, so its last "Q" carries 4 bits that decode to nothing.
    for (const spelling of ['hQVDUFYwMQ==', 'hQVDUFYwMQ', 'hQVDUFYwMR==', 'hQVDUFYwMf']) {
      expect(canonicalScanText(spelling)).toBe('hQVDUFYwMQ==');
    }
  });

  it('refuses what is not a payload, as the scan check does', () => {
    expect(() => canonicalScanText('000201010211')).toThrow(
      expect.objectContaining({ code: 'CPM_MERCHANT_QR' }),
    );
  });
});
