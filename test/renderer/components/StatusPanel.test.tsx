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

  it('is red for a failure and gives the reason once, with the code', () => {
    const panel = show(
      paymentView({
        state: 'FAILED',
        responseCode: '4036014',
        reason: { id: 'Saldo pelanggan tidak cukup.', en: 'Insufficient funds.' },
      }),
    );
    expect(panel.className).toContain('tone-bad');
    expect(panel.textContent).toContain('Alasan: Saldo pelanggan tidak cukup. (4036014)');
  });

  it('does not repeat a code the reason already names', () => {
    const panel = show(
      paymentView({
        state: 'FAILED',
        responseCode: '4036005',
        reason: { id: 'Transaksi ditolak (kode 4036005).', en: 'Declined (code 4036005).' },
      }),
    );
    expect(panel.textContent?.match(/4036005/g)).toHaveLength(1);
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
