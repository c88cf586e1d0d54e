import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DayReportView } from '../../../preload/contract/payments';
import { PAYMENT_STATE_NAMES, REFUND_STATE_NAMES } from '../../../preload/contract/payments';
import { I18nProvider } from '../../../renderer/src/i18n';
import { ReportScreen } from '../../../renderer/src/screens/ReportScreen';
import { type FakeKasir, installFakeKasir, ok, paymentView, ppobReport, purchaseView } from './fake-kasir';

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

describe('the digital-product part of the report', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
  });
  afterEach(cleanup);

  it('lists sales by category with cost and margin, automatic refunds, cash in the drawer, and open purchases carried over', async () => {
    const open = purchaseView({
      state: 'WAITING',
      businessDate: '2026-11-21',
      productName: 'Token PLN 20.000',
    });
    kasir.answer(
      'report:day',
      ok(
        report({
          ppob: ppobReport({
            byCategory: [
              {
                category: 'pulsa',
                count: 3,
                soldMinor: '3585000',
                costMinor: '3135000',
                marginMinor: '450000',
              },
              {
                category: 'pln-prepaid',
                count: 1,
                soldMinor: '2250000',
                costMinor: '2050000',
                marginMinor: '200000',
              },
            ],
            sold: { count: 4, soldMinor: '5835000', costMinor: '5185000', marginMinor: '650000' },
            refunds: {
              refunded: { count: 1, totalMinor: '1195000' },
              open: { count: 0, totalMinor: '0' },
              failed: { count: 0, totalMinor: '0' },
              owed: { count: 0, totalMinor: '0' },
            },
            drawer: {
              keptMinor: '4640000',
              heldMinor: '0',
              owedMinor: '0',
              returnedMinor: '1195000',
              inDrawerMinor: '4640000',
            },
            unresolved: [open],
            carried: 1,
          }),
        }),
      ),
    );
    await renderReport();
    const rows = screen.getByTestId('report-ppob-categories').querySelectorAll('tbody tr');
    expect([...rows].map((row) => row.getAttribute('data-category'))).toEqual(['pulsa', 'pln-prepaid']);
    expect(rows[0]?.textContent).toContain('Pulsa');
    expect(rows[0]?.textContent).toContain('Rp4.500');
    expect(screen.getByTestId('report-ppob-margin').textContent).toBe('Rp6.500');
    expect(screen.getByTestId('report-ppob-money').textContent).toContain(
      'Dikembalikan otomatis (QRIS)1 · Rp11.950',
    );
    expect(screen.getByTestId('report-ppob-drawer').textContent).toBe('Rp46.400');
    const carried = screen.getByTestId('report-ppob-open');
    expect(carried.textContent).toContain('dari hari sebelumnya: 1');
    expect(carried.textContent).toContain('Token PLN 20.000');
  });

  it("matches the day against each provider's history and lists the differences", async () => {
    kasir.answer('report:day', ok(report()));
    kasir.answer(
      'ppob:reconcile',
      ok({
        date: '2026-11-22',
        providers: [{ provider: 'klikoo', via: 'history', ours: 3, theirs: 4, matched: 3, error: null }],
        differences: [
          {
            provider: 'klikoo',
            kind: 'unknown-to-us',
            reference: null,
            transactionId: '1442000099',
            ours: null,
            theirs: 'SUCCESS',
            message: {
              id: 'Transaksi di penyedia tidak ada di jurnal.',
              en: 'A provider transaction is not in the journal.',
            },
          },
        ],
        checkedAt: 1,
      }),
    );
    await renderReport();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cocokkan dengan penyedia' })));
    expect(kasir.callsTo('ppob:reconcile')).toEqual([{ date: '2026-11-22' }]);
    expect(screen.getByTestId('report-reconciliation').textContent).toContain('Klikoo: 3 dari 3 cocok');
    const differences = screen.getByTestId('report-reconcile-differences').querySelectorAll('li');
    expect(differences[0]?.getAttribute('data-kind')).toBe('unknown-to-us');
    expect(differences[0]?.textContent).toContain('1442000099');
  });
});
