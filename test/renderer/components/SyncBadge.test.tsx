import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerLinkStatus } from '../../../preload/contract/server-link';
import { SyncBadge } from '../../../renderer/src/components/SyncBadge';
import { I18nProvider } from '../../../renderer/src/i18n';
import { ServerSection } from '../../../renderer/src/screens/settings/ServerSection';
import { fail, installFakeKasir, ok } from '../screens/fake-kasir';

const base: ServerLinkStatus = {
  state: 'connected',
  server: 'https://kasir.toko.id',
  shop: 'Toko Melati',
  label: 'Kasir 1',
  pending: 0,
  lastSyncAt: 1,
  error: null,
};

function badge(status: ServerLinkStatus, language: 'id' | 'en' = 'id') {
  const fake = installFakeKasir();
  fake.answer('server:status', ok(status));
  render(
    <I18nProvider initial={language}>
      <SyncBadge />
    </I18nProvider>,
  );
  return fake;
}

describe('the sync badge', () => {
  afterEach(cleanup);

  it('says the terminal is in sync when connected with nothing pending', async () => {
    badge(base);
    const shown = await screen.findByRole('status');
    expect(shown.textContent).toBe('Server: tersinkron');
    expect(shown.className).toContain('sync-ok');
  });

  it('counts what is still pending while offline, and follows the status events', async () => {
    const fake = badge({ ...base, state: 'offline', pending: 12 }, 'en');
    expect((await screen.findByRole('status')).textContent).toBe('Server offline · 12 pending');
    act(() => fake.emit('server:status', { ...base, pending: 3 }));
    expect(screen.getByRole('status').textContent).toBe('Server: sending 3');
  });

  it("shows a refusal as an error, with the server's reason in its title", async () => {
    const message = { id: 'Terminal dicabut.', en: 'The terminal was revoked.' };
    badge({ ...base, state: 'refused', error: { code: 'TERMINAL_NOT_ENROLLED', message } });
    const shown = await screen.findByRole('status');
    expect(shown.textContent).toBe('Server menolak terminal ini');
    expect(shown.className).toContain('sync-bad');
    expect(shown.getAttribute('title')).toBe('Terminal dicabut.');
  });

  it('is not shown at all when no server is enrolled', async () => {
    const fake = badge({ ...base, state: 'not-enrolled', server: null });
    await act(async () => {});
    expect(fake.callsTo('server:status')).toHaveLength(1);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('the merchant server section of Settings', () => {
  afterEach(cleanup);

  it('enrols with the address and the one-time code, and shows where it is enrolled', async () => {
    const fake = installFakeKasir();
    fake.answer(
      'server:status',
      ok({ ...base, state: 'not-enrolled', server: null, shop: null, label: null }),
    );
    fake.answer('server:enrol', () => ok(base));
    render(
      <I18nProvider initial="en">
        <ServerSection />
      </I18nProvider>,
    );
    await screen.findByText('This terminal is not enrolled with a merchant server.');
    fireEvent.change(screen.getByLabelText('Server address'), { target: { value: 'https://kasir.toko.id' } });
    fireEvent.change(screen.getByLabelText('Enrolment code'), { target: { value: 'k7qf2-m9xab' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrol this terminal' }));
    expect((await screen.findByTestId('server-enrolled')).textContent).toBe(
      'Enrolled with https://kasir.toko.id as Toko Melati / Kasir 1.',
    );
    expect(fake.callsTo('server:enrol')).toEqual([
      { serverUrl: 'https://kasir.toko.id', code: 'K7QF2-M9XAB' },
    ]);
  });

  it("refuses an empty code before asking main, and shows main's reason for a wrong one", async () => {
    const fake = installFakeKasir();
    fake.answer('server:status', ok({ ...base, state: 'not-enrolled', server: null }));
    fake.answer('server:enrol', fail('ENROLMENT_CODE_INVALID', 'Kode salah.', 'The code is wrong.'));
    render(
      <I18nProvider initial="en">
        <ServerSection />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByLabelText('Server address'), { target: { value: 'https://kasir.toko.id' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrol this terminal' }));
    expect(await screen.findByText('Required.')).toBeTruthy();
    expect(fake.callsTo('server:enrol')).toEqual([]);
    fireEvent.change(screen.getByLabelText('Enrolment code'), { target: { value: 'WRONG-CODE0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrol this terminal' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The code is wrong.');
  });
});
