// The serial number a purchase returns, read for display: a PLN token in whatever layout the biller
// packed it, and anything else kept as received. Reading never fails.
import { describe, expect, it } from 'vitest';
import { readSn } from '../../../main/ppob/sn';

describe('a PLN prepaid token', () => {
  it.each([
    [
      '1234-5678-9012-3456-7890/BUDI SANTOSO/R1/1300VA/32,5',
      { name: 'BUDI SANTOSO', tariff: 'R1', powerVa: 1300, kwh: '32,5' },
    ],
    ['12345678901234567890', {}],
    [
      'TOKEN 1234 5678 9012 3456 7890#NAMA:SITI RAHMA#TARIF:R1M#DAYA:900VA#KWH:13.2',
      { name: 'SITI RAHMA', tariff: 'R1M', powerVa: 900, kwh: '13.2' },
    ],
    [
      'SITI RAHMA/R2/3500VA/1234 5678 9012 3456 7890/101,3kWh',
      { name: 'SITI RAHMA', tariff: 'R2', powerVa: 3500, kwh: '101,3' },
    ],
  ])('%s', (sn, fields) => {
    expect(readSn(sn, { plnToken: true })).toEqual({ raw: sn, token: '1234-5678-9012-3456-7890', ...fields });
  });

  it('does not take 19 or 21 digits for a token', () => {
    expect(readSn('1234567890123456789', { plnToken: true })).toEqual({ raw: '1234567890123456789' });
    expect(readSn('123456789012345678901', { plnToken: true })).toEqual({ raw: '123456789012345678901' });
  });

  it('keeps a hostile sn short and reads it without failing', () => {
    const long = `${'9'.repeat(20)}/${'A'.repeat(5000)}`;
    const read = readSn(long, { plnToken: true });
    expect(read?.raw).toHaveLength(512);
    expect(read?.token).toBe('9999-9999-9999-9999-9999');
  });
});

describe('any other sn', () => {
  it('is kept as received', () => {
    expect(readSn('0412345678901234')).toEqual({ raw: '0412345678901234' });
  });

  it('is nothing when empty', () => {
    expect(readSn('')).toBeUndefined();
    expect(readSn(null)).toBeUndefined();
  });
});
