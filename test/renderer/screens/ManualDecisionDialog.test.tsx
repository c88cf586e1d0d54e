import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentDetail, PaymentView, ProviderWord } from '../../../preload/contract/payments';
import { I18nProvider } from '../../../renderer/src/i18n';
import { ManualDecisionDialog } from '../../../renderer/src/screens/ManualDecisionDialog';
import { type FakeKasir, fail, installFakeKasir, ok, paymentView } from './fake-kasir';

let kasir: FakeKasir;
let decided: PaymentView[] = [];

const open = paymentView({ id: 42, state: 'CANCEL_UNKNOWN', amountMinor: '1000200' });
const pending: ProviderWord = {
  at: Date.UTC(2026, 10, 22, 3, 15, 31),
  operation: 'payment',
  kind: 'query',
  responseCode: '2005500',
  httpStatus: 200,
  transactionStatus: '03',
  meaning: { id: 'Penyedia: pembayaran masih tertunda.', en: 'Provider: the payment is still pending.' },
  definite: false,
  silentSince: Date.UTC(2026, 10, 22, 3, 15, 40),
};

function detail(payment: PaymentView, providerWord: ProviderWord | null = pending): PaymentDetail {
  return { payment, events: [], providerWord, refunds: [], receiptsPrinted: 0 };
}

async function renderDialog() {
  decided = [];
  await act(async () => {
    render(
      <I18nProvider>
        <ManualDecisionDialog paymentId={42} onClose={() => undefined} onDone={(p) => decided.push(p)} />
      </I18nProvider>,
    );
  });
}

describe("a supervisor's manual decision", () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('payment:recheck', ok(open));
    kasir.answer('payment:get', ok(detail(open)));
  });
  afterEach(cleanup);

  it("rechecks with the provider first, then shows the result and the provider's last word", async () => {
    await renderDialog();
    expect(kasir.calls.map((c) => c.channel)).toEqual(['payment:recheck', 'payment:get']);
    expect(screen.getByTestId('decide-recheck').textContent).toContain(
      'Masih belum pasti (Pembatalan belum pasti), Rp10.002.',
    );
    const word = screen.getByTestId('provider-word').textContent;
    expect(word).toContain('Penyedia: pembayaran masih tertunda.');
    expect(word).toContain('22-11-2026 10:15:31 WIB');
    expect(word).toContain('2005500 · latestTransactionStatus 03 · HTTP 200');
    expect(word).toContain('Sejak 22-11-2026 10:15:40 WIB penyedia tidak menjawab lagi.');
  });

  it('asks for the decision, a reason and the PIN, and says what is missing', async () => {
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('why-disabled').textContent).toBe(
      'Pilih keputusan: LUNAS atau TIDAK DIBAYAR.',
    );
    fireEvent.click(within(dialog).getByLabelText(/TIDAK DIBAYAR/));
    expect(within(dialog).getByTestId('why-disabled').textContent).toContain('Isi alasan');
  });

  it('sends the decision with the reason and the PIN', async () => {
    const after = { ...open, state: 'MANUAL_NOT_PAID' as const, outcome: 'not_paid' as const, manual: true };
    kasir.answer('payment:decide', ok(after));
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/TIDAK DIBAYAR/));
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Penyedia mati' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Catat sebagai TIDAK DIBAYAR' })),
    );
    expect(kasir.callsTo('payment:decide')).toEqual([
      { paymentId: 42, outcome: 'not_paid', pin: '740319', reason: 'Penyedia mati' },
    ]);
    expect(decided).toEqual([after]);
  });

  it("shows the engine's refusal with its code, and keeps the dialog open", async () => {
    kasir.answer(
      'payment:decide',
      fail(
        'MANUAL_CONTRADICTS_PROVIDER',
        'Penyedia terakhir menyatakan status 06; keputusan "lunas" bertentangan dengannya. Hubungi penyedia dulu.',
      ),
    );
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/^LUNAS/));
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Bukti di aplikasi' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Catat sebagai LUNAS' })),
    );
    const alert = within(screen.getByRole('dialog')).getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('MANUAL_CONTRADICTS_PROVIDER');
    expect(alert.textContent).toContain('bertentangan dengannya');
    expect(decided).toEqual([]);
  });

  it("shows what the provider settled when the engine's own recheck finds it settled at the last moment", async () => {
    kasir.answer('payment:decide', fail('MANUAL_NOT_NEEDED', 'Penyedia sudah memastikan: PAID.'));
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/TIDAK DIBAYAR/));
    fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: 'Penyedia mati' } });
    fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '740319' } });
    kasir.answer('payment:get', ok(detail(paymentView({ id: 42, state: 'PAID' }))));
    await act(async () =>
      fireEvent.click(within(dialog).getByRole('button', { name: 'Catat sebagai TIDAK DIBAYAR' })),
    );
    expect(screen.getByTestId('decide-settled').getAttribute('data-state')).toBe('PAID');
    expect(decided).toEqual([]);
  });

  it('offers no decision when the recheck found the provider settled it', async () => {
    const paid = paymentView({ id: 42, state: 'PAID' });
    kasir.answer('payment:recheck', ok(paid));
    kasir.answer('payment:get', ok(detail(paid)));
    await renderDialog();
    expect(screen.getByTestId('decide-settled').getAttribute('data-state')).toBe('PAID');
    expect(screen.queryByLabelText('PIN supervisor')).toBeNull();
  });

  it('still lets the supervisor decide when the provider cannot be reached, and says the recheck failed', async () => {
    kasir.answer('payment:recheck', fail('SNAP_TOKEN_UNREACHABLE', 'Penyedia tidak dapat dihubungi.'));
    await renderDialog();
    expect(screen.getByTestId('decide-recheck').textContent).toContain(
      'Pemeriksaan ulang tidak berhasil: Penyedia tidak dapat dihubungi.',
    );
    expect(screen.getByLabelText('PIN supervisor')).toBeTruthy();
  });

  it('warns when the provider’s last word is definite', async () => {
    kasir.answer('payment:get', ok(detail(open, { ...pending, transactionStatus: '00', definite: true })));
    await renderDialog();
    expect(screen.getByTestId('provider-word').textContent).toContain('sudah pasti');
  });
});
