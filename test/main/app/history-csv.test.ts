import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvFileName, historyCsv } from '../../../main/app/history-csv';
import type { PaymentView } from '../../../preload/contract/payments';

const base: PaymentView = {
  id: 1,
  partnerReferenceNo: '20261122072301160094613785',
  referenceNo: '2026112277770000000002',
  amountMinor: '1000000',
  state: 'PAID',
  outcome: 'paid',
  message: { id: 'x', en: 'x' },
  reason: null,
  reasonDetail: null,
  responseCode: '2006000',
  wallet: { label: 'SANDBOX QRIS', last4: '0012' },
  qrFingerprint: 'sha256:0123456789ab',
  businessDate: '2026-11-22',
  createdAt: Date.UTC(2026, 10, 22, 0, 23, 1),
  updatedAt: Date.UTC(2026, 10, 22, 0, 23, 1),
  refundedMinor: '400000',
  refundableMinor: '600000',
  manual: false,
  purchaseReference: null,
};

describe('history as CSV', () => {
  it('has a header and one CRLF-terminated row per payment, every field quoted, amounts as SNAP decimals', () => {
    const csv = historyCsv([base], 420);
    expect(csv.split('\r\n')).toEqual([
      CSV_COLUMNS.map((name) => `"${name}"`).join(','),
      '"2026-11-22","2026-11-22T07:23:01+07:00","20261122072301160094613785","2026112277770000000002","10000.00","IDR","PAID","paid","4000.00","2006000","SANDBOX QRIS","0012","provider"',
      '',
    ]);
  });

  it('doubles quotes inside a field', () => {
    const csv = historyCsv([{ ...base, wallet: { label: 'Dompet "A", Inc', last4: null } }], 420);
    expect(csv).toContain(',"Dompet ""A"", Inc","",');
  });

  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', `"'+1"`],
    ['-1+2', `"'-1+2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
  ])('defuses %j, which a spreadsheet would run as a formula', (label, field) => {
    expect(historyCsv([{ ...base, wallet: { label, last4: null } }], 420)).toContain(`,${field},`);
  });

  it('defuses a provider reference that starts like a formula, not only the wallet label', () => {
    const csv = historyCsv([{ ...base, referenceNo: '=1+1', responseCode: '-2006000' }], 420);
    expect(csv).toContain(`,"'=1+1",`);
    expect(csv).toContain(`,"'-2006000",`);
  });

  it('marks supervisor decisions and leaves missing references empty', () => {
    const csv = historyCsv(
      [{ ...base, state: 'MANUAL_PAID', manual: true, referenceNo: null, responseCode: null }],
      420,
    );
    expect(csv.split('\r\n')[1]).toMatch(
      /^"2026-11-22","[^"]+","20261122072301160094613785","","10000\.00","IDR","MANUAL_PAID","paid","4000\.00","","SANDBOX QRIS","0012","supervisor"$/,
    );
  });

  it('names the file after the days it covers', () => {
    expect(csvFileName('2026-11-22', '2026-11-22')).toBe('kasir-history-2026-11-22.csv');
    expect(csvFileName('2026-11-01', '2026-11-22')).toBe('kasir-history-2026-11-01_2026-11-22.csv');
  });
});
