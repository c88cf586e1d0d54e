import { describe, expect, it } from 'vitest';
import type { ReceiptData } from '../../../main/app/receipt-layout';
import { receiptHtml, receiptLayout, walletText } from '../../../main/app/receipt-layout';
import { wallClock } from '../../../preload/contract/wall-clock';

const paid: ReceiptData = {
  paymentId: 12,
  merchantName: 'Toko Demo Kasir CPM',
  merchantId: '00007100010926',
  terminalId: 'SBX00001',
  amount: 1_000_000n,
  refunded: 0n,
  paid: true,
  referenceNo: '2026112277770000000002',
  partnerReferenceNo: '20261122072301160094613785',
  // 2026-11-22 07:23:01 WIB
  at: Date.UTC(2026, 10, 22, 0, 23, 1),
  wallet: { label: 'SANDBOX QRIS', last4: '0012' },
  manual: false,
};

const text = (data: ReceiptData, copy = false, language: 'id' | 'en' = 'id') =>
  receiptLayout(data, { language, copy, test: false, utcOffsetMinutes: 420 }).lines.map((l) =>
    l.right === undefined ? l.left : `${l.left} | ${l.right}`,
  );

describe('the receipt layout', () => {
  it('names the merchant, the amount, the provider reference, the time and the wallet with its last 4 digits', () => {
    expect(text(paid)).toEqual([
      'Toko Demo Kasir CPM',
      'Merchant 00007100010926 · Terminal SBX00001',
      '',
      'PEMBAYARAN BERHASIL',
      'Total | Rp10.000',
      '',
      'QRIS (QR pelanggan)',
      'Dompet | SANDBOX QRIS •••• 0012',
      'Waktu | 22-11-2026 07:23:01 WIB',
      'Ref. penyedia | 2026112277770000000002',
      'Ref. kasir | 20261122072301160094613785',
      '',
      'Terima kasih',
    ]);
  });

  it('says COPY at the top and the bottom of a reprint', () => {
    const lines = text(paid, true);
    expect(lines[0]).toBe('*** SALINAN / COPY ***');
    expect(lines.at(-1)).toBe('*** SALINAN / COPY ***');
    expect(receiptLayout(paid, { language: 'en', copy: true, test: false, utcOffsetMinutes: 420 }).copy).toBe(
      true,
    );
  });

  it('marks a sandbox receipt UJI COBA / TEST at the top and the bottom, in the terminal’s language', () => {
    const test = (language: 'id' | 'en') =>
      receiptLayout(paid, { language, copy: true, test: true, utcOffsetMinutes: 420 }).lines;
    const id = test('id');
    expect(id[0]).toEqual({ kind: 'test', left: '*** UJI COBA / TEST — BUKAN BUKTI BAYAR ***' });
    expect(id.at(-1)).toEqual(id[0]);
    expect(id[1]?.kind).toBe('copy');
    expect(test('en')[0]?.left).toBe('*** TEST — NOT A PROOF OF PAYMENT ***');
    expect(receiptHtml({ paymentId: 12, copy: false, lines: id }, 'id')).toContain(
      '<div class="test">*** UJI COBA / TEST — BUKAN BUKTI BAYAR ***</div>',
    );
  });

  it('carries no test mark for real money', () => {
    expect(text(paid).join('\n')).not.toMatch(/UJI COBA|TEST/);
  });

  it('shows refunds that went through', () => {
    expect(text({ ...paid, refunded: 400_000n })).toContain('Dikembalikan | -Rp4.000');
  });

  it('tells a supervisor’s decision apart from a provider-confirmed payment', () => {
    expect(text({ ...paid, manual: true, referenceNo: null })).toContain('DITANDAI LUNAS OLEH SUPERVISOR');
    expect(text({ ...paid, manual: true, referenceNo: null })).toContain('Ref. penyedia | -');
  });

  it('is written in English when the terminal is', () => {
    const lines = text({ ...paid, paid: false }, false, 'en');
    expect(lines).toContain('NOT PAID');
    expect(lines).toContain('Total | IDR 10,000');
    expect(lines).toContain('Wallet | SANDBOX QRIS •••• 0012');
  });

  it("writes the time on the terminal's clock and names the zone", () => {
    const at = Date.UTC(2026, 10, 22, 16, 59, 59);
    expect(wallClock(at, 420)).toBe('22-11-2026 23:59:59 WIB');
    expect(wallClock(at, 480)).toBe('23-11-2026 00:59:59 WITA');
    expect(wallClock(at, 540)).toBe('23-11-2026 01:59:59 WIT');
    expect(wallClock(at, -90)).toBe('22-11-2026 15:29:59 UTC-01:30');
  });

  it('names a wallet by what is known of it', () => {
    expect(walletText({ label: null, last4: '0012' })).toBe('•••• 0012');
    expect(walletText({ label: null, last4: null })).toBe('-');
  });
});

describe('the receipt page for the printer', () => {
  const html = receiptHtml(
    receiptLayout(paid, { language: 'id', copy: false, test: false, utcOffsetMinutes: 420 }),
    'id',
    58,
  );

  it('is self-contained: no script, nothing fetched, a CSP that allows only inline style', () => {
    expect(html).not.toMatch(/<script|src=|href=|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('fits the configured paper width', () => {
    expect(html).toContain('@page { size: 58mm auto; margin: 3mm; }');
  });

  it('escapes whatever the merchant name holds', () => {
    const page = receiptHtml(
      receiptLayout(
        { ...paid, merchantName: '<b>Toko & "Co"</b>' },
        { language: 'id', copy: false, test: false, utcOffsetMinutes: 420 },
      ),
      'id',
    );
    expect(page).toContain('&lt;b&gt;Toko &amp; &quot;Co&quot;&lt;/b&gt;');
    expect(page).not.toContain('<b>Toko');
  });
});
