import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../preload/contract';
import type { HistoryResult, PaymentDetail, Receipt } from '../../../preload/contract/payments';
import { I18nProvider } from '../../../renderer/src/i18n';
import { HistoryScreen } from '../../../renderer/src/screens/HistoryScreen';
import { type FakeKasir, fail, installFakeKasir, ok, paymentView, purchaseView } from './fake-kasir';

let kasir: FakeKasir;

const paid = paymentView({ id: 1, state: 'PAID', amountMinor: '1000000', refundableMinor: '1000000' });
const failed = paymentView({
  id: 2,
  state: 'FAILED',
  amountMinor: '1000100',
  responseCode: '4036005',
  reason: { id: 'Transaksi ditolak.', en: 'Declined.' },
});
const unknown = paymentView({ id: 3, state: 'UNKNOWN', amountMinor: '500000' });

function result(items = [unknown, failed, paid]): HistoryResult {
  return { from: '2026-11-22', to: '2026-11-22', items, purchases: [], truncated: false };
}

const receipt: Receipt = {
  paymentId: 1,
  copy: false,
  lines: [
    { kind: 'title', left: 'Toko Demo' },
    { kind: 'amount', left: 'Total', right: 'Rp10.000' },
  ],
};

function detailOf(payment = paid, extra: Partial<PaymentDetail> = {}): PaymentDetail {
  return {
    payment,
    events: [
      {
        id: 1,
        at: payment.createdAt,
        operation: 'payment',
        kind: 'created',
        fromState: null,
        toState: 'SENDING',
        httpStatus: null,
        responseCode: null,
        detail: null,
      },
      {
        id: 2,
        at: payment.updatedAt,
        operation: 'payment',
        kind: 'answer',
        fromState: 'SENDING',
        toState: payment.state,
        httpStatus: 200,
        responseCode: '2006000',
        detail: null,
      },
    ],
    providerWord: null,
    refunds: [],
    receiptsPrinted: 0,
    ...extra,
  };
}

async function renderHistory() {
  await act(async () => {
    render(
      <I18nProvider>
        <HistoryScreen />
      </I18nProvider>,
    );
  });
}

const rows = () => document.querySelectorAll('tbody tr.row-link');

describe('the history screen', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('history:search', ok(result()));
    kasir.answer('payment:get', ok(detailOf()));
    kasir.answer('receipt:preview', ok(receipt));
  });
  afterEach(cleanup);

  it("searches today's payments when it opens and lists them with their states", async () => {
    await renderHistory();
    const [first] = kasir.callsTo('history:search') as { from: string; to: string }[];
    expect(first?.from).toBe(first?.to);
    expect(rows()).toHaveLength(3);
    expect([...rows()].map((row) => row.getAttribute('data-state'))).toEqual(['UNKNOWN', 'FAILED', 'PAID']);
    expect(screen.getByTestId('history-summary').textContent).toBe('3 pembayaran');
    expect(rows()[2]?.textContent).toContain('Rp10.000');
    expect(rows()[2]?.textContent).toContain('SANDBOX QRIS •••• 0012');
  });

  it('shows no rows at all when the amount to search for cannot be read', async () => {
    await renderHistory();
    expect(rows()).toHaveLength(3);
    fireEvent.change(document.querySelector('input[name="amount"]') as Element, {
      target: { value: '10.00x' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(rows()).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Jumlah tidak valid');
    expect(screen.getByText('Belum dicari: perbaiki isiannya lalu tekan Cari.')).toBeTruthy();
    expect(document.activeElement?.getAttribute('name')).toBe('amount');
    expect(screen.queryByTestId('history-total')).toBeNull();
    // The error goes as soon as the field is edited.
    fireEvent.change(document.querySelector('input[name="amount"]') as Element, {
      target: { value: '10.001' },
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('totals the listed day: what was paid, what went back, what is left', async () => {
    const refunded = paymentView({ id: 4, state: 'PAID', amountMinor: '2000000', refundedMinor: '500000' });
    kasir.answer('history:search', ok(result([refunded, unknown, failed, paid])));
    await renderHistory();
    const total = screen.getByTestId('history-total').textContent;
    expect(total).toContain('Total lunas');
    expect(total).toContain('Rp30.000');
    expect(total).toContain('2 pembayaran lunas');
    expect(total).toContain('dikembalikan Rp5.000');
    expect(total).toContain('bersih Rp25.000');
  });

  it('opens a row from the keyboard with Enter, as with a click', async () => {
    await renderHistory();
    const row = rows()[2] as HTMLElement;
    row.focus();
    await act(async () => fireEvent.keyDown(row, { key: 'Enter' }));
    expect(screen.getByRole('dialog', { name: 'Detail pembayaran' })).toBeTruthy();
  });

  it('shows both references in one column, each whole on hover', async () => {
    await renderHistory();
    const refs = rows()[2]?.querySelector('td.refs');
    expect(refs?.children).toHaveLength(2);
    expect(refs?.children[0]?.getAttribute('title')).toBe('Ref. penyedia 2026112277770000000001');
    expect(refs?.children[1]?.getAttribute('title')).toBe('Ref. kasir 20261122101530123456789012');
  });

  it('writes the days of the search the way every screen writes dates, and refuses a day that does not exist', async () => {
    await renderHistory();
    const from = document.querySelector('input[name="from"]') as HTMLInputElement;
    expect(from.value).toMatch(/^\d\d-\d\d-\d{4}$/);
    const searches = kasir.callsTo('history:search').length;
    fireEvent.change(from, { target: { value: '31-02-2026' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(kasir.callsTo('history:search')).toHaveLength(searches);
    expect(screen.getByRole('alert').textContent).toContain('Tanggal tidak valid');
    expect(rows()).toHaveLength(0);
    expect(from.getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the rows of the newest search when an older one answers after it', async () => {
    const answers: ((value: IpcResult<HistoryResult>) => void)[] = [];
    kasir.answer('history:search', () => new Promise((resolve) => answers.push(resolve)));
    await renderHistory();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(answers).toHaveLength(2);
    await act(async () => answers[1]?.(ok(result([paid]))));
    await act(async () => answers[0]?.(ok(result([unknown, failed, paid]))));
    expect(rows()).toHaveLength(1);
  });

  it('searches by date range, amount, reference and state', async () => {
    await renderHistory();
    fireEvent.change(document.querySelector('input[name="from"]') as Element, {
      target: { value: '01-11-2026' },
    });
    fireEvent.change(document.querySelector('input[name="to"]') as Element, {
      target: { value: '22/11/2026' },
    });
    fireEvent.change(document.querySelector('input[name="amount"]') as Element, {
      target: { value: 'Rp 10.001' },
    });
    fireEvent.change(document.querySelector('input[name="reference"]') as Element, {
      target: { value: '7777' },
    });
    fireEvent.change(document.querySelector('select[name="state"]') as Element, {
      target: { value: 'not_paid' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(kasir.callsTo('history:search').at(-1)).toEqual({
      from: '2026-11-01',
      to: '2026-11-22',
      amountMinor: '1000100',
      reference: '7777',
      state: 'not_paid',
    });
  });

  it('refuses an amount that is not Rupiah digits without asking main', async () => {
    await renderHistory();
    const before = kasir.callsTo('history:search').length;
    fireEvent.change(document.querySelector('input[name="amount"]') as Element, {
      target: { value: '10,5x' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(kasir.callsTo('history:search')).toHaveLength(before);
    expect(screen.getByText(/Jumlah tidak valid/)).toBeTruthy();
  });

  it('says so when nothing matches', async () => {
    kasir.answer('history:search', ok(result([])));
    await renderHistory();
    expect(screen.getByText('Tidak ada pembayaran yang cocok.')).toBeTruthy();
  });

  it('opens a payment with its events, its receipt and what can be done with it', async () => {
    await renderHistory();
    await act(async () => fireEvent.click(rows()[2] as Element));
    const dialog = screen.getByRole('dialog', { name: 'Detail pembayaran' });
    expect(within(dialog).getByText('Riwayat kejadian')).toBeTruthy();
    const timeline = within(dialog).getByTestId('timeline');
    expect(timeline.textContent).toContain('Pembayaran: jawaban penyedia → Lunas');
    expect(timeline.textContent).not.toContain('∅');
    // The raw kind, states and codes stay, as small print for support.
    expect(timeline.querySelector('li[data-kind="answer"] .code')?.textContent).toContain(
      'answer · SENDING→PAID · 2006000 · HTTP 200',
    );
    expect(dialog.querySelector('.receipt')?.textContent).toContain('Toko Demo');
    const enabled = within(dialog)
      .getAllByRole('button')
      .filter((b) => !(b as HTMLButtonElement).disabled)
      .map((b) => b.textContent);
    expect(enabled).toEqual([
      '× Tutup Esc',
      'Periksa ulang status',
      'Pengembalian dana…',
      'Batalkan (supervisor)…',
      'Cetak struk',
    ]);
  });

  it('offers no refund and no receipt for an unresolved payment, but a recheck and a cancel', async () => {
    kasir.answer('payment:get', ok(detailOf(unknown)));
    kasir.answer('receipt:preview', fail('RECEIPT_UNRESOLVED', 'belum pasti'));
    kasir.answer('payment:recheck', ok({ ...unknown, state: 'PAID', outcome: 'paid' }));
    await renderHistory();
    await act(async () => fireEvent.click(rows()[0] as Element));
    const dialog = screen.getByRole('dialog', { name: 'Detail pembayaran' });
    const button = (name: string) => within(dialog).getByRole('button', { name }) as HTMLButtonElement;
    expect(button('Pengembalian dana…').disabled).toBe(true);
    expect(button('Cetak struk').disabled).toBe(true);
    expect(button('Batalkan (supervisor)…').disabled).toBe(false);
    await act(async () => fireEvent.click(button('Periksa ulang status')));
    expect(kasir.callsTo('payment:recheck')).toEqual([{ paymentId: 3 }]);
    expect(within(dialog).getByText('Status diperiksa ulang ke penyedia.')).toBeTruthy();
  });

  it('refunds part of a payment: remaining amount shown, more refused, PIN and reason sent', async () => {
    const partlyRefunded = { ...paid, refundedMinor: '300000', refundableMinor: '700000' };
    kasir.answer('payment:get', ok(detailOf(partlyRefunded)));
    kasir.answer('payment:refund', (request) =>
      ok({
        refund: {
          id: 9,
          paymentId: 1,
          partnerRefundNo: 'R1',
          refundNo: null,
          amountMinor: request.amountMinor,
          state: 'REFUND_UNKNOWN' as const,
          message: { id: 'Hasil pengembalian dana belum diketahui.', en: 'Unknown.' },
          reason: request.reason,
          failure: null,
          responseCode: null,
          requestedBy: 'supervisor',
          createdAt: 0,
        },
        payment: partlyRefunded,
      }),
    );
    await renderHistory();
    await act(async () => fireEvent.click(rows()[2] as Element));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pengembalian dana…' })));
    const dialog = screen.getByRole('dialog', { name: 'Pengembalian dana' });
    expect(within(dialog).getByTestId('refund-remaining').textContent).toBe('Rp7.000');
    expect((within(dialog).getByLabelText('Jumlah pengembalian (Rp)') as HTMLInputElement).value).toBe(
      '7000',
    );

    const amount = within(dialog).getByLabelText('Jumlah pengembalian (Rp)');
    fireEvent.change(amount, { target: { value: '8000' } });
    expect(within(dialog).getByText(/Melebihi sisa/)).toBeTruthy();
    fireEvent.change(amount, { target: { value: '2.500' } });
    expect(within(dialog).getByText('Pengembalian sebagian: Rp2.500.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Barang rusak' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Kembalikan dana' })));

    expect(kasir.callsTo('payment:refund')).toEqual([
      { paymentId: 1, amountMinor: '250000', pin: '740319', reason: 'Barang rusak' },
    ]);
    // An unknown outcome is shown like a payment's: amber, with what happens next.
    const outcome = document.querySelector('.refund-result');
    expect(outcome?.getAttribute('data-state')).toBe('REFUND_UNKNOWN');
    expect(outcome?.className).toContain('tone-wait');
    expect(outcome?.textContent).toContain('belum diketahui');
  });

  it('exports what is shown as CSV', async () => {
    kasir.answer('history:export', ok({ fileName: 'kasir-history-2026-11-22.csv', csv: 'a,b\r\n', rows: 3 }));
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:fake';
    };
    URL.revokeObjectURL = () => undefined;
    await renderHistory();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Ekspor CSV' })));
    expect(created).toHaveLength(1);
    expect(screen.getByText('kasir-history-2026-11-22.csv disimpan (3 baris).')).toBeTruthy();
  });

  it('refreshes when a payment moves', async () => {
    await renderHistory();
    const before = kasir.callsTo('history:search').length;
    await act(async () => kasir.emit('payment:changed', paid));
    expect(kasir.callsTo('history:search').length).toBe(before + 1);
  });
});

describe('digital-product sales in History', () => {
  const token = purchaseView({
    state: 'SUCCESS',
    category: 'pln-prepaid',
    productName: 'Token PLN 20.000',
    customerNo: '14234567890',
    totalMinor: '2250000',
  });
  const failedQr = purchaseView({
    state: 'FAILED',
    method: 'qris',
    cashReceivedMinor: null,
    changeMinor: null,
  });

  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('history:search', (query) =>
      ok({
        ...result(query.kind === 'ppob' ? [] : [paid]),
        purchases: query.kind === 'payments' ? [] : [token, failedQr],
      }),
    );
    kasir.answer(
      'ppob:get',
      ok({
        purchase: token,
        events: [
          {
            id: 1,
            at: token.createdAt,
            kind: 'created',
            fromState: null,
            toState: 'SENDING',
            httpStatus: null,
            responseCode: null,
            providerStatus: null,
            detail: null,
          },
          {
            id: 2,
            at: token.updatedAt,
            kind: 'answer',
            fromState: 'SENDING',
            toState: 'SUCCESS',
            httpStatus: 200,
            responseCode: '00',
            providerStatus: 'SUCCESS',
            detail: null,
          },
        ],
      }),
    );
  });
  afterEach(cleanup);

  it('lists the sales beside the payments, and only them when the kind is Produk digital', async () => {
    await renderHistory();
    const sales = screen.getByTestId('history-purchases');
    expect(
      [...sales.querySelectorAll('tbody tr.row-link')].map((row) => row.getAttribute('data-state')),
    ).toEqual(['SUCCESS', 'FAILED']);
    expect(sales.textContent).toContain('Rp22.500');
    expect(screen.getByTestId('history-summary').textContent).toBe('1 pembayaran');

    fireEvent.change(screen.getByLabelText('Jenis'), { target: { value: 'ppob' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(kasir.callsTo('history:search').at(-1)).toMatchObject({ kind: 'ppob' });
    expect(screen.queryByTestId('history-summary')).toBeNull();
    expect(screen.getByTestId('history-ppob-summary').textContent).toContain('2 produk digital');

    fireEvent.change(screen.getByLabelText('Jenis'), { target: { value: 'payments' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cari' })));
    expect(kasir.callsTo('history:search').at(-1)).toMatchObject({ kind: 'payments' });
    expect(screen.queryByTestId('history-purchases')).toBeNull();
  });

  it('opens a sale with every event, and reprints its receipt marked COPY', async () => {
    kasir.answer('ppob:receipt:print', ok({ copy: true, printed: true }));
    await renderHistory();
    const row = screen.getByTestId('history-purchases').querySelector<HTMLElement>('tbody tr.row-link');
    await act(async () => row && fireEvent.keyDown(row, { key: 'Enter' }));
    const dialog = screen.getByRole('dialog', { name: 'Token PLN 20.000' });
    expect(kasir.callsTo('ppob:get')).toEqual([{ reference: token.reference }]);
    const events = within(dialog).getByTestId('purchase-timeline').querySelectorAll('li');
    expect([...events].map((event) => event.getAttribute('data-kind'))).toEqual(['created', 'answer']);
    expect(events[1]?.textContent).toContain('SENDING→SUCCESS');
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Cetak struk' })));
    expect(within(dialog).getByText(/bertanda SALINAN/)).toBeTruthy();
  });
});
