import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PurchaseDetail, PurchaseEventView, PurchaseView } from '../../../preload/contract/ppob';
import { I18nProvider } from '../../../renderer/src/i18n';
import { PurchaseDecisionDialog } from '../../../renderer/src/screens/PurchaseDecisionDialog';
import { PurchaseDetail as PurchaseDetailScreen } from '../../../renderer/src/screens/PurchaseDetail';
import { type FakeKasir, fail, installFakeKasir, ok, purchaseView } from './fake-kasir';
import { decideInDialog } from './supervisor-steps';

let kasir: FakeKasir;
let done: PurchaseView[] = [];

const waiting = purchaseView({ state: 'WAITING', needsSupervisor: true });
const lastCheck: PurchaseEventView = {
  id: 9,
  at: Date.UTC(2026, 10, 22, 3, 50, 12),
  kind: 'check',
  fromState: 'WAITING',
  toState: null,
  httpStatus: 200,
  responseCode: '200022000',
  providerStatus: 'WAITING',
  detail: null,
};

function detail(purchase: PurchaseView, events: PurchaseEventView[] = [lastCheck]): PurchaseDetail {
  return { purchase, events };
}

async function renderDialog(of = detail(waiting)) {
  done = [];
  await act(async () => {
    render(
      <I18nProvider>
        <PurchaseDecisionDialog detail={of} onClose={() => undefined} onDone={(p) => done.push(p)} />
      </I18nProvider>,
    );
  });
}

describe("a supervisor's decision on a digital product the provider never settled", () => {
  beforeEach(() => {
    kasir = installFakeKasir();
  });
  afterEach(cleanup);

  it("shows the purchase and the provider's last word about it", async () => {
    await renderDialog();
    const facts = screen.getByTestId('ppob-decide-facts').textContent;
    expect(facts).toContain('Telkomsel 10.000');
    expect(facts).toContain('081234567890');
    expect(facts).toContain('Rp11.950');
    expect(facts).toContain('WAITING · 200022000 · HTTP 200 · 22-11-2026 10:50:12 WIB');
  });

  it('asks for the decision first, then the reason and the PIN', async () => {
    await renderDialog();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('why-disabled').textContent).toBe(
      'Pilih keputusan: BERHASIL atau GAGAL.',
    );
    fireEvent.click(within(dialog).getByLabelText(/^GAGAL/));
    expect(within(dialog).getByTestId('why-disabled').textContent).toContain('Isi alasan');
  });

  it('sends the decision with the reason and the PIN, and hands back the purchase', async () => {
    const decided = {
      ...waiting,
      state: 'MANUAL_FAILED' as const,
      outcome: 'failed' as const,
      cashToReturn: true,
    };
    kasir.answer('ppob:decide', ok(decided));
    await renderDialog();
    await decideInDialog(/^GAGAL/, 'Catat sebagai GAGAL');
    expect(kasir.callsTo('ppob:decide')).toEqual([
      { reference: waiting.reference, outcome: 'failed', pin: '740319', reason: 'Dicek di portal' },
    ]);
    expect(done).toEqual([decided]);
  });

  it('shows what the provider settled when the last check found it settled after all', async () => {
    kasir.answer('ppob:decide', fail('MANUAL_NOT_NEEDED', 'Penyedia sudah memastikan: SUCCESS.'));
    kasir.answer('ppob:get', ok(detail({ ...waiting, state: 'SUCCESS', outcome: 'success' })));
    await renderDialog();
    await decideInDialog(/^GAGAL/, 'Catat sebagai GAGAL');
    expect(screen.getByTestId('ppob-decide-settled').getAttribute('data-state')).toBe('SUCCESS');
    expect(screen.queryByLabelText('PIN supervisor')).toBeNull();
    expect(done).toEqual([]);
  });
});

describe('the sale detail offers the decision only while the purchase is unresolved', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
  });
  afterEach(cleanup);

  async function open(purchase: PurchaseView) {
    kasir.answer('ppob:get', ok(detail(purchase)));
    await act(async () => {
      render(
        <I18nProvider>
          <PurchaseDetailScreen reference={purchase.reference} onClose={() => undefined} />
        </I18nProvider>,
      );
    });
  }

  it('opens the decision for a WAITING purchase', async () => {
    await open(waiting);
    await act(async () => fireEvent.click(screen.getByTestId('ppob-decide')));
    expect(screen.getByText('Keputusan manual: produk digital')).toBeTruthy();
  });

  it('says why there is nothing to decide for a purchase the provider settled', async () => {
    await open(purchaseView({ state: 'SUCCESS' }));
    const button = screen.getByTestId('ppob-decide') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText('Hanya untuk pembelian yang belum pasti.')).toBeTruthy();
  });
});
