import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKasirApi } from '../../preload/api';
import type { AppInfo } from '../../preload/contract/app';
import { App } from '../../renderer/src/App';
import { I18nProvider } from '../../renderer/src/i18n';
import { appInfo } from './screens/fake-kasir';

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
