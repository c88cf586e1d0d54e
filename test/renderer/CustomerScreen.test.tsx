import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDisplayState } from '../../preload/contract/customer';
import { CustomerScreen } from '../../renderer/src/CustomerScreen';
import { I18nProvider } from '../../renderer/src/i18n';
import { appInfo, type FakeKasir, installFakeKasir, ok, paymentView } from './screens/fake-kasir';

let kasir: FakeKasir;

const typing: CustomerDisplayState = {
  amountMinor: '2500000',
  payment: null,
  qr: null,
  qrError: null,
  demo: false,
};

async function renderScreen() {
  await act(async () => {
    render(
      <I18nProvider>
        <CustomerScreen />
      </I18nProvider>,
    );
  });
}

describe("the customer's own screen", () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('app:info', ok(appInfo()));
    kasir.answer('customer:state', ok(typing));
  });
  afterEach(cleanup);

  it('shows the sale in progress at once when it opens', async () => {
    await renderScreen();
    expect(screen.getByTestId('customer-amount').textContent).toBe('Rp25.000');
    expect(screen.getByTestId('customer-status').textContent).toBe('Tunjukkan kode Bayar Anda ke kasir');
  });

  it('follows the sale as the cashier’s window moves it, to the result', async () => {
    await renderScreen();
    const paid = paymentView({ state: 'PAID', amountMinor: '2500000' });
    await act(async () => kasir.emit('customer:state', { ...typing, payment: paid }));
    expect(screen.getByTestId('customer-status').textContent).toBe('Pembayaran berhasil. Terima kasih!');
    expect(document.querySelector('.customer-display')?.getAttribute('data-tone')).toBe('ok');
  });

  it('speaks the saved language', async () => {
    kasir.answer('app:info', ok(appInfo({ language: 'en' })));
    await renderScreen();
    expect(screen.getByTestId('customer-status').textContent).toBe('Show your pay code to the cashier');
    expect(screen.getByTestId('customer-amount').textContent).toBe('IDR 25,000');
  });

  it('asks main for nothing but what it shows', async () => {
    await renderScreen();
    expect(new Set(kasir.calls.map((call) => call.channel))).toEqual(new Set(['customer:state', 'app:info']));
  });

  it('offers no F6 button, since nobody types at the customer’s screen', async () => {
    await renderScreen();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
