import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentDetail, RefundResult, RefundView } from '../../../preload/contract/payments';
import { I18nProvider } from '../../../renderer/src/i18n';
import { PaymentDetail as PaymentDetailScreen } from '../../../renderer/src/screens/PaymentDetail';
import { RefundDecisionDialog } from '../../../renderer/src/screens/RefundDecisionDialog';
import { type FakeKasir, fail, installFakeKasir, ok, paymentView } from './fake-kasir';
import { decideInDialog } from './supervisor-steps';

let kasir: FakeKasir;
let done: RefundResult[] = [];

const payment = paymentView({ id: 42, state: 'PAID', amountMinor: '3000000' });

function refundView(overrides: Partial<RefundView> = {}): RefundView {
  return {
    id: 7,
    paymentId: 42,
    partnerRefundNo: 'RF2026112210153100000001',
    refundNo: null,
    amountMinor: '1000000',
    state: 'REFUND_UNKNOWN',
    message: {
      id: 'Hasil pengembalian belum pasti; jumlahnya ditahan sampai penyedia menjawab.',
      en: 'The refund is unresolved; its amount is held back until the provider answers.',
    },
    reason: 'Barang kembali',
    failure: null,
    responseCode: null,
    requestedBy: 'supervisor',
    createdAt: Date.UTC(2026, 10, 22, 3, 15, 31),
    ...overrides,
  };
}

function detail(refunds: RefundView[]): PaymentDetail {
  return { payment, events: [], providerWord: null, refunds, receiptsPrinted: 0 };
}

async function renderDialog(refund = refundView()) {
  done = [];
  await act(async () => {
    render(
      <I18nProvider>
        <RefundDecisionDialog refund={refund} onClose={() => undefined} onDone={(r) => done.push(r)} />
      </I18nProvider>,
    );
  });
}

describe("a supervisor's decision on an unresolved refund", () => {
  beforeEach(() => {
    kasir = installFakeKasir();
  });
  afterEach(cleanup);

  it('shows the refund, its amount and that the provider never answered it definitely', async () => {
    await renderDialog();
    const facts = screen.getByTestId('refund-decide-facts').textContent;
    expect(facts).toContain('Rp10.000');
    expect(facts).toContain('22-11-2026 10:15:31 WIB');
    expect(facts).toContain('RF2026112210153100000001');
    expect(facts).toContain('Penyedia belum pernah menjawab pasti tentang pengembalian ini.');
  });

  it('asks for the decision first, then the reason and the PIN', async () => {
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('why-disabled').textContent).toBe(
      'Pilih keputusan: SUDAH DIKEMBALIKAN atau TIDAK DIKEMBALIKAN.',
    );
    fireEvent.click(within(dialog).getByLabelText(/^TIDAK DIKEMBALIKAN/));
    expect(within(dialog).getByTestId('why-disabled').textContent).toContain('Isi alasan');
  });

  it('sends the decision with the reason and the PIN, and hands back the result', async () => {
    const result: RefundResult = {
      refund: refundView({ state: 'MANUAL_NOT_REFUNDED' }),
      payment: { ...payment, refundableMinor: '3000000' },
    };
    kasir.answer('refund:decide', ok(result));
    await renderDialog();
    await decideInDialog(/^TIDAK DIKEMBALIKAN/, 'Catat sebagai TIDAK DIKEMBALIKAN');
    expect(kasir.callsTo('refund:decide')).toEqual([
      { refundId: 7, outcome: 'not_refunded', pin: '740319', reason: 'Dicek di portal' },
    ]);
    expect(done).toEqual([result]);
  });

  it('shows a wrong PIN with its code and keeps the dialog open', async () => {
    kasir.answer('refund:decide', fail('PIN_WRONG', 'PIN salah.'));
    await renderDialog();
    await decideInDialog(/^SUDAH DIKEMBALIKAN/, 'Catat sebagai SUDAH DIKEMBALIKAN');
    const alert = within(screen.getByRole('dialog')).getByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('PIN_WRONG');
    expect(done).toEqual([]);
  });

  it("shows what the provider settled when the decision's own re-send got a definite answer", async () => {
    kasir.answer('refund:decide', fail('MANUAL_NOT_NEEDED', 'Penyedia sudah memastikan: REFUNDED.'));
    kasir.answer('payment:get', ok(detail([refundView({ state: 'REFUNDED', responseCode: '2008000' })])));
    await renderDialog();
    await decideInDialog(/^TIDAK DIKEMBALIKAN/, 'Catat sebagai TIDAK DIKEMBALIKAN');
    const settled = screen.getByTestId('refund-decide-settled');
    expect(settled.getAttribute('data-state')).toBe('REFUNDED');
    expect(settled.textContent).toContain('Keputusan manual tidak diperlukan.');
    expect(screen.queryByLabelText('PIN supervisor')).toBeNull();
    expect(done).toEqual([]);
  });
});

describe('the payment detail offers the decision on unresolved refunds only', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer(
      'payment:get',
      ok(detail([refundView({ id: 6, state: 'REFUNDED', responseCode: '2008000' }), refundView()])),
    );
    kasir.answer('receipt:preview', fail('IPC_UNKNOWN_CHANNEL', 'no receipt'));
  });
  afterEach(cleanup);

  it('shows "Putuskan…" beside the unresolved refund and opens its decision', async () => {
    await act(async () => {
      render(
        <I18nProvider>
          <PaymentDetailScreen paymentId={42} onClose={() => undefined} />
        </I18nProvider>,
      );
    });
    expect(screen.queryByTestId('refund-decide-6')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('refund-decide-7')));
    expect(screen.getByText('Keputusan manual: pengembalian dana')).toBeTruthy();
    expect(screen.getByTestId('refund-decide-facts').textContent).toContain('RF2026112210153100000001');
  });
});
