import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecoveryStatus } from '../../../preload/contract/payments';
import { RecoveryBanner } from '../../../renderer/src/components/RecoveryBanner';
import { I18nProvider } from '../../../renderer/src/i18n';
import { installFakeKasir, ok } from '../screens/fake-kasir';

const retrying: RecoveryStatus = {
  state: 'retrying',
  attempts: 2,
  // 10:31:05 WIB
  nextAttemptAt: Date.UTC(2026, 11, 1, 3, 31, 5),
  message: { id: 'Terminal sedang dipakai proses lain.', en: 'The terminal is in use by another process.' },
};

function show(status: RecoveryStatus, language: 'id' | 'en' = 'id') {
  const fake = installFakeKasir();
  fake.answer('payment:recovery', ok(status));
  render(
    <I18nProvider initial={language}>
      <RecoveryBanner />
    </I18nProvider>,
  );
  return fake;
}

describe('the recovery banner', () => {
  afterEach(cleanup);

  it('says new payments wait while unfinished transactions are resolved', async () => {
    show({ state: 'running', attempts: 1, nextAttemptAt: null, message: null });
    expect((await screen.findByRole('status')).textContent).toMatch(/Memulihkan transaksi/);
  });

  it('gives the reason a failed attempt gave and when it retries, in the cashier’s language', async () => {
    show(retrying, 'en');
    const banner = await screen.findByRole('status');
    expect(banner.textContent).toContain('in use by another process');
    expect(banner.textContent).toContain('10:31:05');
    expect(banner.className).toContain('retrying');
  });

  it('goes away once recovery is done', async () => {
    const fake = show(retrying);
    await screen.findByRole('status');
    act(() =>
      fake.emit('payment:recovery', { state: 'done', attempts: 3, nextAttemptAt: null, message: null }),
    );
    expect(screen.queryByRole('status')).toBeNull();
  });
});
