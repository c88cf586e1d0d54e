import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKasirApi } from '../../preload/api';
import type { AppInfo, Language } from '../../preload/contract/app';
import { App } from '../../renderer/src/App';
import { I18nProvider } from '../../renderer/src/i18n';
import { appInfo, type FakeKasir, installFakeKasir, ok, paymentView } from './screens/fake-kasir';

function provide(info: AppInfo | null) {
  window.kasir = createKasirApi({
    // Only app:info answers; every other channel fails the way an unavailable core does.
    invoke: async (channel) =>
      info && channel === 'app:info'
        ? { ok: true, value: info }
        : { ok: false, error: { code: 'INTERNAL', message: { id: 'x', en: 'x' } } },
    subscribe: () => () => undefined,
  });
}

async function renderApp() {
  await act(async () => {
    render(
      <I18nProvider>
        <App />
      </I18nProvider>,
    );
  });
}

describe('the app shell', () => {
  beforeEach(() => provide(appInfo()));
  afterEach(cleanup);

  it('names the four screens in Bahasa Indonesia by default', async () => {
    await renderApp();
    const nav = screen.getByRole('navigation');
    expect(nav.textContent).toContain('Kasir');
    expect(nav.textContent).toContain('Riwayat');
    expect(nav.textContent).toContain('Laporan');
    expect(nav.textContent).toContain('Pengaturan');
  });

  it('shows the SANDBOX banner when the sandbox is the backend', async () => {
    await renderApp();
    expect(screen.getByRole('status').textContent).toContain('SANDBOX');
  });

  it('shows no SANDBOX banner against a real provider', async () => {
    provide(appInfo({ backend: 'provider' }));
    await renderApp();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('opens the History screen with F2', async () => {
    await renderApp();
    fireEvent.keyDown(window, { key: 'F2' });
    expect(screen.getByRole('main').getAttribute('data-screen')).toBe('history');
  });

  it('tells the cashier what to do when the core does not answer', async () => {
    provide(null);
    await renderApp();
    expect(screen.getByRole('alert').textContent).toContain('Tutup dan buka kembali');
  });
});

describe('the language setting', () => {
  let kasir: FakeKasir;
  let saved: Language = 'id';

  beforeEach(() => {
    kasir = installFakeKasir();
    saved = 'id';
    kasir.answer('app:info', () => ok(appInfo({ language: saved })));
    kasir.answer('app:language:set', ({ language }) => {
      saved = language;
      return ok(appInfo({ language }));
    });
    kasir.answer('payment:active', ok(null));
    kasir.answer('customer:show', ok(null));
  });
  afterEach(cleanup);

  it('is saved in main when the header button is pressed, and shown everywhere', async () => {
    await renderApp();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'English' })));
    expect(kasir.callsTo('app:language:set')).toEqual([{ language: 'en' }]);
    expect(screen.getByRole('navigation').textContent).toContain('Checkout');
    expect(document.documentElement.lang).toBe('en');
  });

  it('stays as saved when the settings change and the app reads them again', async () => {
    await renderApp();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'English' })));
    await act(async () => kasir.emit('app:changed', { topic: 'settings' }));
    expect(screen.getByRole('navigation').textContent).toContain('Checkout');
  });
});

describe('screen keys and dialogs', () => {
  let kasir: FakeKasir;
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('app:info', ok(appInfo()));
    kasir.answer('payment:active', ok(paymentView({ state: 'UNKNOWN' })));
    kasir.answer('customer:show', ok(null));
  });
  afterEach(cleanup);

  it('refuses a scan while a dialog is open: no payment behind it, and the dialog keeps what was typed', async () => {
    await renderApp();
    await act(async () => fireEvent.keyDown(window, { key: 'F8' }));
    fireEvent.change(screen.getByLabelText('Alasan'), { target: { value: 'Pelanggan pergi' } });
    const field = screen.getByLabelText('Alasan');
    // A keyboard-wedge burst: 2 ms apart, Enter at the end.
    await act(async () => {
      for (const [index, key] of [...'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9k', 'Enter'].entries()) {
        fireEvent.keyDown(field, { key, timeStamp: 1000 + index * 2 });
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    });
    expect(kasir.callsTo('scan:check')).toEqual([]);
    expect((screen.getByLabelText('Alasan') as HTMLInputElement).value).toBe('Pelanggan pergi');
    expect(screen.getByText(/sebuah dialog sedang terbuka/)).toBeTruthy();
  });

  it('keeps F1–F4 from switching screens while a dialog is open', async () => {
    await renderApp();
    await act(async () => fireEvent.keyDown(window, { key: 'F8' }));
    const dialog = screen.getByRole('dialog', { name: 'Batalkan pembayaran' });
    fireEvent.change(screen.getByLabelText('Alasan'), { target: { value: 'Pelanggan pergi' } });
    for (const key of ['F2', 'F3', 'F4']) {
      await act(async () => fireEvent.keyDown(screen.getByLabelText('Alasan'), { key }));
    }
    expect(screen.getByRole('main').getAttribute('data-screen')).toBe('checkout');
    expect(dialog.isConnected).toBe(true);
    expect((screen.getByLabelText('Alasan') as HTMLInputElement).value).toBe('Pelanggan pergi');
  });
});
