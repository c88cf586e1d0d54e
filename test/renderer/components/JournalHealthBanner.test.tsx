import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalHealth } from '../../../preload/contract/payments';
import { JournalHealthBanner } from '../../../renderer/src/components/JournalHealthBanner';
import { I18nProvider } from '../../../renderer/src/i18n';
import { installFakeKasir, ok } from '../screens/fake-kasir';

function show(health: JournalHealth, language: 'id' | 'en' = 'id') {
  const fake = installFakeKasir();
  fake.answer('journal:health', ok(health));
  render(
    <I18nProvider initial={language}>
      <JournalHealthBanner />
    </I18nProvider>,
  );
}

describe('the journal health banner', () => {
  afterEach(cleanup);

  it('says in red, in the cashier’s language, that the journal is damaged and to take no payments', async () => {
    show(
      {
        state: 'damaged',
        checkedAt: 1,
        message: {
          id: 'Jurnal pembayaran rusak. Jangan terima pembayaran.',
          en: 'The payment journal is damaged. Take no payments.',
        },
      },
      'en',
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The payment journal is damaged. Take no payments.',
    );
  });

  it('shows nothing while the journal is sound', async () => {
    show({ state: 'ok', checkedAt: 1, message: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
