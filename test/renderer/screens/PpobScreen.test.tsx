import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '../../../preload/contract';
import type { Language } from '../../../preload/contract/app';
import type { Catalogue, InquiryView, PurchaseView } from '../../../preload/contract/ppob';
import { AppInfoContext } from '../../../renderer/src/app-info';
import { play } from '../../../renderer/src/audio/beep';
import { createScanBus, ScanBusProvider } from '../../../renderer/src/hooks/scan-bus';
import { I18nProvider } from '../../../renderer/src/i18n';
import { PpobScreen } from '../../../renderer/src/screens/PpobScreen';
import {
  appInfo,
  type FakeKasir,
  fail,
  installFakeKasir,
  ok,
  paymentView,
  productView,
  purchaseView,
} from './fake-kasir';

vi.mock('../../../renderer/src/audio/beep', () => ({ play: vi.fn() }));

const TSEL10 = productView();
const ISAT10 = productView({
  key: 'klikoo:ISAT10',
  code: 'ISAT10',
  name: 'Indosat 10.000',
  operator: 'indosat',
  buyPriceMinor: '1060000',
  sellingPriceMinor: '1210000',
});
const PLN20 = productView({
  key: 'klikoo:PLN20',
  code: 'PLN20',
  name: 'Token PLN 20.000',
  category: 'pln-prepaid',
  operator: null,
  buyPriceMinor: '2050000',
  sellingPriceMinor: '2250000',
  storeFeeMinor: '200000',
  inquiry: 'name',
});
const PLNPOST = productView({
  key: 'klikoo:PLNPOST',
  code: 'PLNPOST',
  name: 'Tagihan PLN',
  category: 'pln-postpaid',
  operator: null,
  buyPriceMinor: '250000',
  sellingPriceMinor: '500000',
  storeFeeMinor: '250000',
  postpaid: true,
  inquiry: 'required',
});

const catalogue = (overrides: Partial<Catalogue> = {}): Catalogue => ({
  available: true,
  reason: null,
  products: [TSEL10, ISAT10, PLN20, PLNPOST],
  deposits: [
    { provider: 'klikoo', balanceMinor: '500000000', lowBalanceMinor: '50000000', low: false, error: null },
  ],
  problems: [],
  ...overrides,
});

const billInquiry: InquiryView = {
  reference: 'inq-0001',
  productKey: 'klikoo:PLNPOST',
  customerNo: '512345678901',
  customerName: 'BUDI SANTOSO',
  period: '202511',
  billMinor: '24500000',
  adminFeeMinor: '250000',
  storeFeeMinor: '250000',
  totalMinor: '25000000',
  expiresAt: Date.now() + 600_000,
};

let kasir: FakeKasir;
let bus: ReturnType<typeof createScanBus>;

async function renderPpob(language: Language = 'id') {
  bus = createScanBus();
  await act(async () => {
    render(
      <I18nProvider initial={language}>
        <AppInfoContext.Provider value={appInfo({ language })}>
          <ScanBusProvider bus={bus}>
            <PpobScreen />
          </ScanBusProvider>
        </AppInfoContext.Provider>
      </I18nProvider>,
    );
  });
}

const tiles = () => screen.getAllByTestId('ppob-tile').map((tile) => tile.getAttribute('data-product'));

async function click(element: HTMLElement) {
  await act(async () => fireEvent.click(element));
}

async function typeInto(name: string, value: string) {
  const field = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!field) throw new Error(`no field ${name}`);
  await act(async () => fireEvent.change(field, { target: { value } }));
}

async function press(key: string) {
  await act(async () => fireEvent.keyDown(window, { key }));
}

async function chooseTile(key: string) {
  const tile = screen.getAllByTestId('ppob-tile').find((t) => t.getAttribute('data-product') === key);
  if (!tile) throw new Error(`no tile ${key}`);
  await click(tile);
}

describe('the Produk digital screen', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('ppob:catalogue', ok(catalogue()));
    kasir.answer('ppob:active', ok(null));
    kasir.answer('ppob:recent', ok({ numbers: [] }));
    vi.mocked(play).mockClear();
  });
  afterEach(cleanup);

  it('shows the categories that have products, and each tile with its selling price', async () => {
    await renderPpob();
    const categories = screen.getByRole('group', { name: /Kategori/ });
    expect(
      within(categories)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Pulsa', 'Token PLN', 'Tagihan PLN']);
    expect(tiles()).toEqual(['klikoo:TSEL10', 'klikoo:ISAT10']);
    expect(screen.getAllByTestId('ppob-tile')[0]?.textContent).toContain('Rp11.950');
  });

  it('moves between categories with PageDown and PageUp, and searches across all of them', async () => {
    await renderPpob();
    await press('PageDown');
    expect(tiles()).toEqual(['klikoo:PLN20']);
    await press('PageUp');
    await press('PageUp');
    expect(tiles()).toEqual(['klikoo:PLNPOST']);
    await typeInto('ppob-search', 'tsel');
    expect(tiles()).toEqual(['klikoo:TSEL10']);
  });

  it('normalises a +62 number, names its operator and shows only that operator’s pulsa', async () => {
    await renderPpob();
    await typeInto('customer-no', '+62 857-1234-5678');
    expect(screen.getByTestId('ppob-number-check').textContent).toBe('Operator: Indosat');
    expect(tiles()).toEqual(['klikoo:ISAT10']);
    expect(screen.getByTestId('ppob-operator-filter').textContent).toContain('Indosat');
  });

  it('says what a PLN number must look like while it is short or wrong, and refuses to pay', async () => {
    await renderPpob();
    await press('PageDown');
    await chooseTile('klikoo:PLN20');
    await typeInto('customer-no', '1423');
    expect(screen.getByTestId('ppob-number-check').textContent).toContain('Belum lengkap');
    expect(screen.getByTestId('ppob-number-check').textContent).toContain('11 digit');
    await typeInto('customer-no', '14234567890123');
    expect(screen.getByTestId('ppob-number-check').className).toContain('error');
    expect(screen.getByRole('button', { name: 'Bayar tunai (Enter)' }).hasAttribute('disabled')).toBe(true);
  });

  it('offers the last numbers sold to, and puts one in the field when chosen', async () => {
    kasir.answer('ppob:recent', ok({ numbers: [{ customerNo: '081234567890', customerName: null, at: 1 }] }));
    await renderPpob();
    await click(screen.getByRole('button', { name: /081234567890/ }));
    expect(document.querySelector<HTMLInputElement>('input[name="customer-no"]')?.value).toBe('081234567890');
    expect(kasir.callsTo('ppob:recent')[0]).toEqual({ category: 'pulsa' });
  });

  it('checks a PLN bill first (F6), shows name, period, bill, fees and total, and pays only after the name was read back', async () => {
    kasir.answer('ppob:inquiry', ok(billInquiry));
    kasir.answer('ppob:sell', ok(purchaseView({ state: 'SENDING', productKey: 'klikoo:PLNPOST' })));
    await renderPpob();
    await click(screen.getByRole('button', { name: 'Tagihan PLN' }));
    await chooseTile('klikoo:PLNPOST');
    await typeInto('customer-no', '5123 4567 8901');
    expect(screen.getByTestId('ppob-why').textContent).toContain('Cek dulu (F6)');
    await press('F6');
    expect(kasir.callsTo('ppob:inquiry')).toEqual([
      { provider: 'klikoo', productCode: 'PLNPOST', customerNo: '512345678901' },
    ]);
    const shown = screen.getByTestId('ppob-inquiry');
    expect(within(shown).getByTestId('ppob-inquiry-name').textContent).toBe('BUDI SANTOSO');
    for (const text of ['202511', 'Rp245.000', 'Rp2.500', 'Rp250.000'])
      expect(shown.textContent).toContain(text);
    expect(shown.textContent).toContain('Bacakan nama ini ke pelanggan');
    expect(screen.getByTestId('ppob-total').textContent).toBe('Rp250.000');

    await typeInto('cash-received', '250000');
    const pay = screen.getByRole('button', { name: 'Bayar tunai (Enter)' });
    expect(pay.hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('ppob-why').textContent).toContain('Bacakan nama');
    await click(screen.getByRole('checkbox', { name: /Nama sudah saya bacakan/ }));
    await click(pay);
    expect(kasir.callsTo('ppob:sell')).toEqual([
      {
        provider: 'klikoo',
        productCode: 'PLNPOST',
        customerNo: '512345678901',
        inquiry: 'inq-0001',
        payment: { method: 'cash', receivedMinor: '25000000' },
      },
    ]);
  });

  it('says in plain words why an inquiry was refused (a bill already paid)', async () => {
    kasir.answer(
      'ppob:inquiry',
      fail('PPOB_INQUIRY_REFUSED', 'Tagihan sudah dibayar. Tidak ada yang perlu dibayar.'),
    );
    await renderPpob();
    await click(screen.getByRole('button', { name: 'Tagihan PLN' }));
    await chooseTile('klikoo:PLNPOST');
    await typeInto('customer-no', '512345678901');
    await press('F6');
    const error = screen.getByTestId('ppob-error');
    expect(error.getAttribute('data-code')).toBe('PPOB_INQUIRY_REFUSED');
    expect(error.textContent).toContain('Tagihan sudah dibayar');
    expect(screen.queryByTestId('ppob-inquiry')).toBeNull();
  });

  it('shows the change for the cash received, and a WAITING purchase in amber with what to tell the customer', async () => {
    const waiting = purchaseView({ state: 'WAITING', category: 'pln-prepaid', updatedAt: 10 });
    kasir.answer('ppob:sell', ok({ ...waiting, state: 'SENDING', updatedAt: 5 }));
    await renderPpob();
    await chooseTile('klikoo:TSEL10');
    await typeInto('customer-no', '081234567890');
    await typeInto('cash-received', '10000');
    expect(screen.getByTestId('ppob-change').textContent).toBe('Kembalian: —');
    await typeInto('cash-received', '20.000');
    expect(screen.getByTestId('ppob-change').textContent).toBe('Kembalian: Rp8.050');
    await click(screen.getByRole('button', { name: 'Bayar tunai (Enter)' }));
    expect(kasir.callsTo('ppob:sell')[0]).toMatchObject({
      customerNo: '081234567890',
      payment: { method: 'cash', receivedMinor: '2000000' },
    });
    await act(async () => kasir.emit('ppob:changed', { ...waiting, reference: waiting.reference }));
    const panel = screen.getByTestId('purchase-panel');
    expect(panel.className).toContain('tone-wait');
    expect(panel.textContent).toContain('SEDANG DIPROSES');
    expect(screen.getByTestId('purchase-tell').textContent).toContain(
      'Token sedang diproses, biasanya kurang dari 1 menit',
    );
  });

  /** A cash sale of pulsa whose ppob:sell has not answered yet; resolve the returned answer. */
  async function sellForCashUnanswered() {
    const answer = Promise.withResolvers<IpcResult<PurchaseView>>();
    kasir.answer('ppob:sell', () => answer.promise);
    await renderPpob();
    await chooseTile('klikoo:TSEL10');
    await typeInto('customer-no', '081234567890');
    await typeInto('cash-received', '20.000');
    await click(screen.getByRole('button', { name: 'Bayar tunai (Enter)' }));
    return answer;
  }

  it('shows the provider’s answer that came before ppob:sell answered, not the journaled SENDING', async () => {
    const bought = purchaseView({ state: 'SUCCESS', updatedAt: 20 });
    const answer = await sellForCashUnanswered();
    await act(async () => kasir.emit('ppob:changed', bought));
    await act(async () =>
      answer.resolve(ok({ ...bought, state: 'SENDING', outcome: 'unresolved', updatedAt: 10 })),
    );
    const panel = screen.getByTestId('purchase-panel');
    expect(panel.getAttribute('data-state')).toBe('SUCCESS');
    expect(panel.textContent).toContain('BERHASIL');
  });

  it('follows an event that comes right after ppob:sell answered, before the answer is drawn', async () => {
    const waiting = purchaseView({ state: 'WAITING', updatedAt: 20 });
    const answer = await sellForCashUnanswered();
    // One act: React draws nothing in between, as when both arrive within one frame.
    await act(async () => {
      answer.resolve(ok({ ...waiting, state: 'SENDING', outcome: 'unresolved', updatedAt: 10 }));
      for (let i = 0; i < 20; i++) await Promise.resolve();
      kasir.emit('ppob:changed', waiting);
    });
    expect(screen.getByTestId('purchase-panel').getAttribute('data-state')).toBe('WAITING');
  });

  it('shows a PLN token large in groups of four, copies it and prints the receipt, COPY on a reprint', async () => {
    const token = purchaseView({
      state: 'SUCCESS',
      category: 'pln-prepaid',
      productName: 'Token PLN 20.000',
      customerNo: '14234567890',
      customerName: 'BUDI SANTOSO',
      sn: {
        raw: '1234-5678-9012-3456-7890/BUDI SANTOSO/R1/1300/12.3',
        token: '1234-5678-9012-3456-7890',
        name: 'BUDI SANTOSO',
        tariff: 'R1',
        powerVa: 1300,
        kwh: '12.3',
      },
    });
    kasir.answer('ppob:active', ok(token));
    let prints = 0;
    kasir.answer('ppob:receipt:print', () => ok({ copy: prints++ > 0, printed: true }));
    const writeText = vi.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    await renderPpob();
    const digits = screen.getByTestId('purchase-token');
    expect([...digits.children].map((group) => group.textContent?.trim())).toEqual([
      '1234',
      '5678',
      '9012',
      '3456',
      '7890',
    ]);
    expect(screen.getByTestId('purchase-panel').textContent).toContain('BERHASIL');
    await click(screen.getByRole('button', { name: 'Salin' }));
    expect(writeText).toHaveBeenCalledWith('12345678901234567890');
    await press('F9');
    expect(screen.getByTestId('ppob-note').textContent).toBe('Struk dicetak.');
    await press('F9');
    expect(screen.getByTestId('ppob-note').textContent).toContain('SALINAN');
    expect(kasir.callsTo('ppob:receipt:print')).toEqual([
      { reference: token.reference },
      { reference: token.reference },
    ]);
    expect(play).toHaveBeenCalledWith('success');
  });

  it('sells by QRIS with the checked scan, and after a failure shows the automatic refund and its state', async () => {
    const scanId = 'scan-0001-abcdef';
    kasir.answer(
      'scan:check',
      ok({ scanId, fingerprint: 'sha256:0123456789ab', wallet: { label: 'X', last4: '1' }, expiresAt: 0 }),
    );
    const awaiting = purchaseView({
      state: 'AWAITING_PAYMENT',
      method: 'qris',
      cashReceivedMinor: null,
      changeMinor: null,
      payment: paymentView({ state: 'SENDING', amountMinor: '1195000' }),
      updatedAt: 1,
    });
    kasir.answer('ppob:sell', ok(awaiting));
    await renderPpob();
    await chooseTile('klikoo:TSEL10');
    await typeInto('customer-no', '081234569912');
    await click(screen.getByRole('button', { name: 'QRIS' }));
    expect(screen.getByTestId('ppob-scan-prompt').textContent).toContain('Pindai QR pelanggan');
    await act(async () => bus.publishScan({ text: 'hQVDUFYwMWET', source: 'keyboard' }));
    expect(kasir.callsTo('ppob:sell')).toEqual([
      {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234569912',
        payment: { method: 'qris', scanId },
      },
    ]);
    expect(screen.getByTestId('purchase-panel').textContent).toContain('MENUNGGU PEMBAYARAN');
    await act(async () =>
      kasir.emit('ppob:changed', {
        ...awaiting,
        state: 'FAILED',
        outcome: 'failed',
        failure: { id: 'Nomor tujuan tidak aktif.', en: 'The number is not active.' },
        payment: paymentView({ state: 'PAID', amountMinor: '1195000' }),
        refund: {
          id: 3,
          partnerRefundNo: 'R-1',
          amountMinor: '1195000',
          state: 'REFUNDED',
          reason: 'PPOB gagal',
          supervisor: 'otomatis',
          message: { id: 'Dikembalikan', en: 'Refunded' },
          createdAt: 3,
          updatedAt: 3,
        },
        refundMessage: { id: 'Rp11.950 sudah dikembalikan ke pelanggan.', en: 'Rp11,950 was refunded.' },
        updatedAt: 3,
      }),
    );
    const refund = screen.getByTestId('purchase-refund');
    expect(refund.textContent).toContain('dikembalikan otomatis');
    expect(refund.querySelector('[data-refund-state]')?.getAttribute('data-refund-state')).toBe('REFUNDED');
    expect(screen.getByTestId('purchase-panel').textContent).toContain('Nomor tujuan tidak aktif');
    expect(play).toHaveBeenCalledWith('failure');
  });

  it('refuses a scan while no QRIS sale is ready, and checks nothing', async () => {
    await renderPpob();
    await act(async () => bus.publishScan({ text: 'hQVDUFYwMWET', source: 'keyboard' }));
    expect(screen.getByTestId('ppob-note').textContent).toContain('QR tidak dipakai');
    expect(kasir.callsTo('scan:check')).toEqual([]);
  });

  it('after a failed cash sale tells the cashier to give the cash back, and a supervisor confirms it (F8)', async () => {
    const failed = purchaseView({ state: 'FAILED', cashToReturn: true, updatedAt: 4 });
    kasir.answer('ppob:active', ok(failed));
    kasir.answer('ppob:cash-returned', (request) =>
      request.pin === '740319'
        ? ok({ ...failed, cashToReturn: false, cashReturned: true, updatedAt: 5 })
        : fail('PIN_WRONG', 'PIN supervisor salah.'),
    );
    await renderPpob();
    expect(screen.getByTestId('purchase-return-cash').textContent).toContain(
      'Kembalikan uang tunai Rp11.950',
    );
    await press('F8');
    const dialog = screen.getByRole('dialog', { name: 'Uang tunai dikembalikan ke pelanggan' });
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Uang dikembalikan' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    await click(within(dialog).getByRole('button', { name: 'Konfirmasi uang dikembalikan' }));
    expect(kasir.callsTo('ppob:cash-returned')).toEqual([
      { reference: failed.reference, pin: '740319', reason: 'Uang dikembalikan' },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('purchase-return-cash')).toBeNull();
    expect(screen.getByText(/sudah dikembalikan \(dikonfirmasi supervisor\)/)).toBeTruthy();
  });

  it('says why digital products are not available, and shows a low deposit', async () => {
    kasir.answer(
      'ppob:catalogue',
      ok(catalogue({ available: false, reason: { id: 'Belum ada akun Klikoo.', en: 'No Klikoo account.' } })),
    );
    await renderPpob();
    expect(screen.getByTestId('ppob-unavailable').textContent).toContain('Belum ada akun Klikoo');
    cleanup();
    kasir.answer(
      'ppob:catalogue',
      ok(
        catalogue({
          deposits: [
            {
              provider: 'klikoo',
              balanceMinor: '4000000',
              lowBalanceMinor: '50000000',
              low: true,
              error: null,
            },
          ],
        }),
      ),
    );
    await renderPpob();
    expect(screen.getByTestId('deposit-notice').textContent).toBe(
      'Deposit Klikoo menipis: Rp40.000 (batas Rp500.000). Isi ulang deposit.',
    );
  });

  it('speaks English when the cashier chose it', async () => {
    await renderPpob('en');
    expect(screen.getByRole('button', { name: 'Airtime' })).toBeTruthy();
    await typeInto('customer-no', '0812');
    expect(screen.getByTestId('ppob-number-check').textContent).toContain('Not complete yet');
  });
});
