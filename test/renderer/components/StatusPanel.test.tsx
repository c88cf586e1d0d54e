import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusPanel } from '../../../renderer/src/components/StatusPanel';
import { I18nProvider } from '../../../renderer/src/i18n';
import { paymentView } from '../screens/fake-kasir';

function show(payment = paymentView(), language: 'id' | 'en' = 'id') {
  render(
    <I18nProvider initial={language}>
      <StatusPanel payment={payment} big />
    </I18nProvider>,
  );
  return screen.getByRole('status');
}

describe('the payment status panel', () => {
  afterEach(cleanup);

  it('is green and says PAID (LUNAS) with the amount and the wallet', () => {
    const panel = show(paymentView({ state: 'PAID', amountMinor: '1000000' }));
    expect(panel.className).toContain('tone-ok');
    expect(panel.textContent).toContain('LUNAS');
    expect(panel.textContent).toContain('Rp10.000');
    expect(panel.textContent).toContain('SANDBOX QRIS •••• 0012');
  });

  it('is red for a failure and gives the reason in words, the raw code only as small print', () => {
    const panel = show(
      paymentView({
        state: 'FAILED',
        responseCode: '2005500',
        reason: { id: 'Penyedia: pembayaran gagal.', en: 'Provider: the payment failed.' },
        reasonDetail: '2005500 · query: 06 Failed',
      }),
    );
    expect(panel.className).toContain('tone-bad');
    expect(panel.querySelector('.status-reason')?.textContent).toBe('Alasan: Penyedia: pembayaran gagal.');
    expect(panel.querySelector('.status-reason')?.textContent).not.toContain('query');
    expect(panel.querySelector('.status-detail')?.textContent).toBe('Kode: 2005500 · query: 06 Failed');
  });

  it('is amber with a spinner while the outcome is unknown, and says what to do', () => {
    const panel = show(
      paymentView({ state: 'QUERYING', message: { id: 'Jangan serahkan barang.', en: 'x' } }),
    );
    expect(panel.className).toContain('tone-wait');
    expect(panel.querySelector('.spinner')).not.toBeNull();
    expect(panel.textContent).toContain('Memeriksa ke penyedia');
    expect(panel.textContent).toContain('Jangan serahkan barang.');
  });

  it('speaks English when asked', () => {
    const panel = show(paymentView({ state: 'CANCELLED', amountMinor: '1000050' }), 'en');
    expect(panel.textContent).toContain('CANCELLED');
    expect(panel.textContent).toContain('IDR 10,000.50');
  });
});
