import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DayReportView } from '../../../preload/contract/payments';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../../preload/contract/payments';
import { I18nProvider } from '../../../renderer/src/i18n';
import { ReportScreen } from '../../../renderer/src/screens/ReportScreen';
import { type FakeKasir, installFakeKasir, ok, paymentView, ppobReport } from './fake-kasir';

let kasir: FakeKasir;

function report(overrides: Partial<DayReportView> = {}): DayReportView {
  const counts: Record<string, [number, string]> = {
    PAID: [2, '2000200'],
    FAILED: [1, '1000100'],
    UNKNOWN: [1, '500000'],
  };
  return {
    date: '2026-11-22',
    generatedAt: Date.UTC(2026, 10, 22, 10, 0, 0),
    merchantName: 'Toko Demo Kasir CPM',
    merchantId: '00007100010926',
    terminalId: 'SBX00001',
    test: false,
    payments: PAYMENT_STATE_NAMES.map((state) => ({
      state,
      count: counts[state]?.[0] ?? 0,
      totalMinor: counts[state]?.[1] ?? '0',
    })),
    refunds: REFUND_STATE_NAMES.map((state) => ({
      state,
      count: state === 'REFUNDED' ? 1 : 0,
      totalMinor: state === 'REFUNDED' ? '400000' : '0',
    })),
    paid: { count: 2, totalMinor: '2000200' },
    refunded: { count: 1, totalMinor: '400000' },
    netMinor: '1600200',
    unresolvedPayments: [
      paymentView({ state: 'UNKNOWN', amountMinor: '500000', partnerReferenceNo: 'REF-OPEN-1' }),
    ],
    unresolvedRefunds: [],
    ppob: ppobReport(),
    ...overrides,
  };
}

async function renderReport() {
  await act(async () => {
    render(
      <I18nProvider>
        <ReportScreen />
      </I18nProvider>,
    );
  });
}

describe('the end-of-day report', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('report:day', ok(report()));
  });
  afterEach(cleanup);

  it('shows paid, refunded, net and how many are unresolved', async () => {
    await renderReport();
    expect(screen.getByTestId('report-paid').textContent).toBe('Rp20.002');
    expect(screen.getByTestId('report-refunded').textContent).toBe('Rp4.000');
    expect(screen.getByTestId('report-net').textContent).toBe('Rp16.002');
    expect(screen.getByTestId('report-unresolved').textContent).toBe('1');
  });

  it('lists counts and totals only for the states that occurred', async () => {
    await renderReport();
    const rows = [...screen.getByTestId('report-by-state').querySelectorAll('tbody tr')].map(
      (row) => row.textContent,
    );
    expect(rows).toEqual(['Belum pasti1Rp5.000', 'Lunas2Rp20.002', 'Gagal1Rp10.001']);
    const refunds = [...screen.getByTestId('report-refunds').querySelectorAll('tbody tr')].map(
      (row) => row.textContent,
    );
    expect(refunds).toEqual(['Dikembalikan1Rp4.000']);
  });

  it('names every unresolved payment with what to do about it', async () => {
    await renderReport();
    const item = screen.getByText(/REF-OPEN-1/).closest('li');
    expect(item?.textContent).toContain('Rp5.000');
    expect(item?.textContent).toContain('pesan UNKNOWN');
  });

  it('says when everything is final', async () => {
    kasir.answer('report:day', ok(report({ unresolvedPayments: [] })));
    await renderReport();
    expect(screen.getByText('Semua pembayaran dan pengembalian sudah final.')).toBeTruthy();
  });

  it('shows a negative net when refunds exceed the day’s payments', async () => {
    kasir.answer('report:day', ok(report({ netMinor: '-150000' })));
    await renderReport();
    expect(screen.getByTestId('report-net').textContent).toBe('-Rp1.500');
  });

  it('asks for another day, typed day first or stepped with the arrows', async () => {
    await renderReport();
    fireEvent.change(screen.getByLabelText('Tanggal'), { target: { value: '21-11-2026' } });
    await act(async () => undefined);
    expect(kasir.callsTo('report:day').at(-1)).toEqual({ date: '2026-11-21' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Hari sebelumnya' })));
    expect(kasir.callsTo('report:day').at(-1)).toEqual({ date: '2026-11-20' });
    expect((screen.getByLabelText('Tanggal') as HTMLInputElement).value).toBe('20-11-2026');
  });

  it('names the shop and the terminal, and marks a sandbox day UJI COBA / TEST', async () => {
    kasir.answer('report:day', ok(report({ test: true })));
    await renderReport();
    expect(screen.getByTestId('report-owner').textContent).toBe(
      'Toko Demo Kasir CPM · Merchant 00007100010926 · Terminal SBX00001',
    );
    expect(screen.getByTestId('report-test-mark').textContent).toContain('UJI COBA / TEST');
  });

  it('keeps amber for "not known yet": refunds, which are known, are not amber', async () => {
    await renderReport();
    expect(screen.getByTestId('report-refunded').closest('.total')?.className).toBe('total');
  });

  it('carries no test mark for a real provider’s day', async () => {
    await renderReport();
    expect(screen.queryByTestId('report-test-mark')).toBeNull();
  });

  it('prints with F9', async () => {
    const print = vi.fn();
    window.print = print;
    await renderReport();
    fireEvent.keyDown(window, { key: 'F9' });
    expect(print).toHaveBeenCalledOnce();
  });
});
