import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../preload/contract/app';
import type { CustomerDisplayState } from '../../../preload/contract/customer';
import type { CustomerQr, ScanCheck } from '../../../preload/contract/payments';
import { AppInfoContext } from '../../../renderer/src/app-info';
import { play } from '../../../renderer/src/audio/beep';
import { createScanBus, ScanBusProvider } from '../../../renderer/src/hooks/scan-bus';
import { I18nProvider } from '../../../renderer/src/i18n';
import { CheckoutScreen } from '../../../renderer/src/screens/CheckoutScreen';
import { appInfo, type FakeKasir, fail, installFakeKasir, ok, paymentView } from './fake-kasir';

vi.mock('../../../renderer/src/audio/beep', () => ({ play: vi.fn() }));

const QR =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

const scanOk: ScanCheck = {
  scanId: 'scan-0001-abcdef',
  fingerprint: 'sha256:0123456789ab',
  wallet: { label: 'Product1', last4: '3458' },
  expiresAt: Date.now() + 60_000,
};

let kasir: FakeKasir;
let bus: ReturnType<typeof createScanBus>;

async function renderCheckout(customerDisplay = false, info: AppInfo = appInfo()) {
  bus = createScanBus();
  await act(async () => {
    render(
      <I18nProvider>
        <AppInfoContext.Provider value={info}>
          <ScanBusProvider bus={bus}>
            <CheckoutScreen customerDisplay={customerDisplay} />
          </ScanBusProvider>
        </AppInfoContext.Provider>
      </I18nProvider>,
    );
  });
}

async function type(text: string) {
  await act(async () => {
    for (const key of text) bus.publishKey(key);
  });
}

async function scan(text: string) {
  await act(async () => {
    bus.publishScan({ text, source: 'keyboard' });
  });
}

async function press(key: string) {
  await act(async () => {
    fireEvent.keyDown(window, { key });
  });
}

describe('the checkout screen', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('payment:active', ok(null));
    kasir.answer('customer:show', ok(null));
    vi.mocked(play).mockClear();
  });
  afterEach(cleanup);

  it('shows the typed amount in Rupiah and asks for the customer QR', async () => {
    await renderCheckout();
    expect(screen.getByTestId('prompt').textContent).toContain('Ketik jumlah');
    await type('25000');
    expect(screen.getByTestId('amount').textContent).toContain('Rp25.000');
    expect(screen.getByTestId('prompt').textContent).toContain('Pindai QR pelanggan');
    await act(async () => bus.publishKey('Backspace'));
    expect(screen.getByTestId('amount').textContent).toContain('Rp2.500');
  });

  it('asks for the amount first when a QR is scanned before it, and sends nothing', async () => {
    await renderCheckout();
    await scan(QR);
    expect(screen.getByText(/Ketik jumlah dulu/)).toBeTruthy();
    expect(kasir.callsTo('scan:check')).toEqual([]);
    expect(play).toHaveBeenCalledWith('error');
  });

  it("shows main's reason for a refused scan, with its code, and keeps the amount", async () => {
    kasir.answer(
      'scan:check',
      fail('CPM_KEYBOARD_LAYOUT', 'Hasil pindaian teracak oleh tata letak keyboard QWERTZ.'),
    );
    await renderCheckout();
    await type('10000');
    await scan('hQVDUFZwMWFOTwdB');
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('CPM_KEYBOARD_LAYOUT');
    expect(alert.textContent).toContain('QR tidak bisa dipakai');
    expect(alert.textContent).toContain('QWERTZ');
    expect(screen.getByTestId('amount').textContent).toContain('Rp10.000');
    expect(kasir.callsTo('payment:start')).toEqual([]);
  });

  it('sends the checked scan with the amount in minor units and follows the payment to PAID', async () => {
    kasir.answer('scan:check', ok(scanOk));
    const sending = paymentView({ id: 41, state: 'SENDING', amountMinor: '1000000', updatedAt: 1 });
    kasir.answer('payment:start', ok(sending));
    await renderCheckout();
    await type('10000');
    await scan(QR);
    expect(kasir.callsTo('scan:check')).toEqual([{ text: QR, source: 'keyboard' }]);
    expect(kasir.callsTo('payment:start')).toEqual([{ scanId: scanOk.scanId, amountMinor: '1000000' }]);
    expect(document.querySelector('.status-panel')?.getAttribute('data-state')).toBe('SENDING');
    expect(document.querySelector('.status-panel')?.textContent).toContain('Mengirim pembayaran');

    await act(async () =>
      kasir.emit('payment:changed', { ...sending, state: 'PAID', outcome: 'paid', updatedAt: 2 }),
    );
    const panel = document.querySelector('.status-panel');
    expect(panel?.getAttribute('data-state')).toBe('PAID');
    expect(panel?.textContent).toContain('LUNAS');
    expect(panel?.textContent).toContain('SANDBOX QRIS •••• 0012');
    expect(play).toHaveBeenCalledWith('success');
  });

  it('shows a failure big and red with the provider’s reason, and plays the failure sound', async () => {
    kasir.answer('scan:check', ok(scanOk));
    kasir.answer(
      'payment:start',
      ok(
        paymentView({
          state: 'FAILED',
          responseCode: '4036014',
          reason: { id: 'Saldo pelanggan tidak cukup.', en: 'Insufficient funds.' },
          reasonDetail: '4036014',
        }),
      ),
    );
    await renderCheckout();
    await type('10001');
    await scan(QR);
    const panel = document.querySelector('.status-panel');
    expect(panel?.className).toContain('tone-bad');
    expect(panel?.textContent).toContain('GAGAL');
    expect(panel?.textContent).toContain('Alasan: Saldo pelanggan tidak cukup.');
    expect(panel?.querySelector('.status-detail')?.textContent).toContain('4036014');
    expect(play).toHaveBeenCalledWith('failure');
  });

  it('says what to do while a payment is unresolved, and cancels it with the supervisor PIN (F8)', async () => {
    const unresolved = paymentView({ id: 77, state: 'UNKNOWN', updatedAt: 5 });
    kasir.answer('payment:active', ok(unresolved));
    kasir.answer('payment:cancel', (request) =>
      request.pin === '740319'
        ? ok({ ...unresolved, state: 'CANCELLED', outcome: 'not_paid', updatedAt: 9 })
        : fail('PIN_WRONG', 'PIN supervisor salah. Sisa percobaan: 4.'),
    );
    await renderCheckout();
    expect(document.querySelector('.status-panel')?.textContent).toContain('Memeriksa ke penyedia');
    expect(screen.getByText(/F8 membatalkan pembayaran/)).toBeTruthy();

    await press('F8');
    const dialog = screen.getByRole('dialog', { name: 'Batalkan pembayaran' });
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Pelanggan pergi' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '111111' } });
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Batalkan pembayaran' })),
    );
    expect(within(dialog).getByRole('alert').getAttribute('data-code')).toBe('PIN_WRONG');

    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Batalkan pembayaran' })),
    );
    expect(kasir.callsTo('payment:cancel').at(-1)).toEqual({
      paymentId: 77,
      pin: '740319',
      reason: 'Pelanggan pergi',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.querySelector('.status-panel')?.textContent).toContain('DIBATALKAN');
  });

  it('prints the receipt with F9 after PAID, and says COPY on a reprint', async () => {
    kasir.answer('payment:active', ok(paymentView({ id: 5, state: 'PAID' })));
    let prints = 0;
    kasir.answer('receipt:print', () => ok({ copy: prints++ > 0, printed: true }));
    await renderCheckout();
    await press('F9');
    expect(screen.getByText('Struk dicetak.')).toBeTruthy();
    await press('F9');
    expect(screen.getByText(/bertanda SALINAN/)).toBeTruthy();
    expect(kasir.callsTo('receipt:print')).toEqual([{ paymentId: 5 }, { paymentId: 5 }]);
  });

  it('warns of a low digital-product deposit, and says nothing while it is above the threshold', async () => {
    kasir.answer(
      'ppob:deposits',
      ok([
        { provider: 'klikoo', balanceMinor: '4000000', lowBalanceMinor: '50000000', low: true, error: null },
        { provider: 'doku', balanceMinor: '500000000', lowBalanceMinor: '50000000', low: false, error: null },
      ]),
    );
    await renderCheckout();
    expect(screen.getAllByTestId('deposit-notice').map((notice) => notice.textContent)).toEqual([
      'Deposit Klikoo menipis: Rp40.000 (batas Rp500.000). Isi ulang deposit.',
    ]);
  });

  it('shows the shortcuts that work right now', async () => {
    await renderCheckout();
    const bar = screen.getByRole('toolbar');
    const enabled = within(bar)
      .getAllByRole('button')
      .filter((b) => !(b as HTMLButtonElement).disabled)
      .map((b) => b.textContent);
    expect(enabled).toEqual(['EscKosongkan', 'F5Kamera']);
    await type('5');
    const now = within(bar)
      .getAllByRole('button')
      .filter((b) => !(b as HTMLButtonElement).disabled)
      .map((b) => b.textContent);
    expect(now).toEqual(['⌫Hapus angka', 'EscKosongkan', 'F5Kamera']);
  });

  it('takes the amount from the on-screen keypad: digits, 000, backspace and the exact-amount buttons', async () => {
    await renderCheckout();
    const pad = screen.getByRole('group', { name: 'Papan angka' });
    for (const key of ['2', '000']) fireEvent.click(within(pad).getByRole('button', { name: key }));
    expect(screen.getByTestId('amount').textContent).toContain('Rp2.000');
    fireEvent.click(within(pad).getByRole('button', { name: '000' }));
    expect(screen.getByTestId('amount').textContent).toContain('Rp2.000.000');
    fireEvent.click(within(pad).getByRole('button', { name: 'Hapus angka' }));
    expect(screen.getByTestId('amount').textContent).toContain('Rp200.000');
    fireEvent.click(within(pad).getByRole('button', { name: 'Rp50.000' }));
    expect(screen.getByTestId('amount').textContent).toContain('Rp50.000');
    fireEvent.click(within(pad).getByRole('button', { name: 'Kosongkan' }));
    expect(screen.getByTestId('amount').textContent).toContain('Rp0');
  });

  it('never lets 000 push the amount past Rp999.999.999.999', async () => {
    await renderCheckout();
    await type('99999999999');
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Papan angka' })).getByRole('button', { name: '000' }),
    );
    expect(screen.getByTestId('amount').textContent).toContain('Rp99.999.999.999');
  });

  it('locks the keypad while a payment is under way', async () => {
    kasir.answer('payment:active', ok(paymentView({ state: 'QUERYING' })));
    await renderCheckout();
    const keys = within(screen.getByRole('group', { name: 'Papan angka' })).getAllByRole('button');
    expect(keys.every((key) => (key as HTMLButtonElement).disabled)).toBe(true);
  });

  it('runs a shortcut when its chip is clicked, and says why a chip does nothing now', async () => {
    kasir.answer('payment:active', ok(paymentView({ id: 5, state: 'PAID' })));
    kasir.answer('receipt:print', ok({ copy: false, printed: true }));
    await renderCheckout();
    const bar = screen.getByRole('toolbar');
    await act(async () => fireEvent.click(within(bar).getByRole('button', { name: /F9/ })));
    expect(kasir.callsTo('receipt:print')).toEqual([{ paymentId: 5 }]);
    const cancel = within(bar).getByRole('button', { name: /F8/ });
    expect((cancel as HTMLButtonElement).disabled).toBe(true);
    expect(cancel.getAttribute('title')).toBe('Tidak ada pembayaran yang belum pasti untuk dibatalkan.');
  });

  it('says "receipt printed" in green and "not printed" in grey, never in the amber of "not known yet"', async () => {
    kasir.answer('payment:active', ok(paymentView({ id: 5, state: 'PAID' })));
    let printed = true;
    kasir.answer('receipt:print', () => ok({ copy: false, printed }));
    await renderCheckout();
    await press('F9');
    expect(screen.getByTestId('receipt-note').className).toBe('notice tone-ok');
    printed = false;
    await press('F9');
    expect(screen.getByTestId('receipt-note').className).toBe('notice tone-info');
  });

  it('turns the F8 dialog into what happened when the payment settles on its own meanwhile', async () => {
    const open = paymentView({ id: 9, state: 'QUERYING', updatedAt: 10 });
    kasir.answer('payment:active', ok(open));
    await renderCheckout();
    await press('F8');
    const dialog = screen.getByRole('dialog', { name: 'Batalkan pembayaran' });
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Pelanggan ragu' } });
    expect(dialog.textContent).toContain('akan dibatalkan');
    await act(async () =>
      kasir.emit('payment:changed', { ...open, state: 'PAID', outcome: 'paid', updatedAt: 20 }),
    );
    // The dialog now says what happened instead (the form is gone; it is another dialog element).
    const now = screen.getByRole('dialog', { name: 'Batalkan pembayaran' });
    expect(within(now).getByTestId('cancel-settled').getAttribute('data-state')).toBe('PAID');
    expect(now.textContent).toContain('sudah selesai sendiri');
    expect(now.textContent).not.toContain('akan dibatalkan');
    expect(within(now).queryByLabelText('PIN supervisor')).toBeNull();
    expect(kasir.callsTo('payment:cancel')).toEqual([]);
  });

  it('shows the sandbox demo PIN as a hint in the PIN field while no PIN is set', async () => {
    kasir.answer('payment:active', ok(paymentView({ state: 'UNKNOWN' })));
    await renderCheckout(false, appInfo({ demoPin: '246810' }));
    await press('F8');
    const pin = screen.getByLabelText('PIN supervisor') as HTMLInputElement;
    expect(pin.placeholder).toBe('PIN demo: 246810');
    expect(screen.getByRole('dialog').textContent).toContain('gunakan PIN demo 246810');
  });

  it('says why the confirm button is disabled, and forgets an old error as soon as the PIN is retyped', async () => {
    kasir.answer('payment:active', ok(paymentView({ state: 'UNKNOWN' })));
    kasir.answer('payment:cancel', fail('PIN_WRONG', 'PIN supervisor salah.'));
    await renderCheckout();
    await press('F8');
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Batalkan pembayaran' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(within(dialog).getByTestId('why-disabled').textContent).toBe(
      'Isi alasan (minimal 3 huruf) dan PIN supervisor untuk melanjutkan.',
    );
    expect(confirm.getAttribute('aria-describedby')).toBe(within(dialog).getByTestId('why-disabled').id);
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Pelanggan pergi' } });
    expect(within(dialog).getByTestId('why-disabled').textContent).toContain('Isi PIN supervisor');
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '111111' } });
    expect(within(dialog).queryByTestId('why-disabled')).toBeNull();
    await act(async () => fireEvent.click(confirm));
    expect(within(dialog).getByRole('alert').textContent).toBe('PIN supervisor salah.');
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '7' } });
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  describe('with the customer display (sandbox)', () => {
    const customerQr: CustomerQr = {
      matrix: {
        size: 21,
        rows: Array.from({ length: 21 }, (_, y) => (y % 2 ? '1'.repeat(21) : '0'.repeat(21))),
      },
      fingerprint: 'sha256:feedfacecafe',
      wallet: { label: 'SANDBOX QRIS', last4: '0012' },
      issuedAt: Date.now(),
      expiresAt: Date.now() + 65_000,
    };

    it('generates a customer QR with F6 and counts down to its expiry', async () => {
      kasir.answer('customer-qr:generate', ok(customerQr));
      await renderCheckout(true);
      await type('10000');
      await press('F6');
      const svg = screen.getByRole('img', { name: /QR pembayaran pelanggan/ });
      // 21 modules + 2 × 4 quiet zone, at a whole number of pixels (at least 4) per module.
      expect(svg.getAttribute('viewBox')).toBe('0 0 29 29');
      expect(Number(svg.getAttribute('width')) % 29).toBe(0);
      expect(Number(svg.getAttribute('width')) / 29).toBeGreaterThanOrEqual(4);
      expect(svg.getAttribute('shape-rendering')).toBe('crispEdges');
      expect(screen.getByTestId('qr-countdown').textContent).toMatch(/Berlaku 1:0[45] lagi/);
      expect(screen.getByTestId('customer-amount').textContent).toBe('Rp10.000');
    });

    it('hands what the customer should see to main, for a customer screen', async () => {
      kasir.answer('customer-qr:generate', ok(customerQr));
      await renderCheckout(true);
      await type('10000');
      await press('F6');
      const shown = kasir.callsTo('customer:show') as CustomerDisplayState[];
      expect(shown.at(-1)).toEqual({
        amountMinor: '1000000',
        payment: null,
        qr: customerQr,
        qrError: null,
        demo: true,
      });
    });

    it('leaves the panel to the customer screen when one is open', async () => {
      await renderCheckout(true, appInfo({ customerScreen: true }));
      expect(document.querySelector('.customer-display')).toBeNull();
      await type('10000');
      expect((kasir.callsTo('customer:show') as CustomerDisplayState[]).at(-1)?.amountMinor).toBe('1000000');
    });

    it('says why no QR could be made', async () => {
      kasir.answer('customer-qr:generate', fail('CUSTOMER_QR_FAILED', 'QR pelanggan tidak dapat dibuat.'));
      await renderCheckout(true);
      await press('F6');
      expect(screen.getByText('QR pelanggan tidak dapat dibuat.')).toBeTruthy();
    });
  });
});
