import { describe, expect, it } from 'vitest';
import type { ScanCheck } from '../../../preload/contract/payments';
import {
  acceptsInput,
  amountMinor,
  type CheckoutAction,
  type CheckoutState,
  checkoutReducer,
  initialCheckout,
  isSettled,
} from '../../../renderer/src/screens/checkout-model';
import { paymentView } from './fake-kasir';

const scan: ScanCheck = {
  scanId: 'scan-0001-abcdef',
  fingerprint: 'sha256:0123456789ab',
  wallet: { label: 'SANDBOX QRIS', last4: '0012' },
  expiresAt: 0,
};

function run(...actions: CheckoutAction[]): CheckoutState {
  return actions.reduce(checkoutReducer, initialCheckout);
}

const digits = (text: string): CheckoutAction[] => [...text].map((digit) => ({ type: 'digit', digit }));

/** An amount typed and the customer's QR scanned and checked: the sale is about to start its payment. */
const scannedFor = (amount: string): CheckoutAction[] => [
  ...digits(amount),
  { type: 'scanArrived' },
  { type: 'scanChecked', scan },
];

describe('the checkout model', () => {
  it('turns typed whole Rupiah into minor units without a float', () => {
    expect(amountMinor(run(...digits('10000')))).toBe('1000000');
    expect(amountMinor(run(...digits('999999999999')))).toBe('99999999999900');
  });

  it('ignores leading zeros and digits past twelve', () => {
    expect(run(...digits('0050')).digits).toBe('50');
    expect(run(...digits('1234567890123')).digits).toBe('123456789012');
  });

  it('deletes the last digit with Backspace and everything with clear', () => {
    expect(run(...digits('10000'), { type: 'backspace' }).digits).toBe('1000');
    expect(run(...digits('10000'), { type: 'clear' })).toEqual(initialCheckout);
  });

  it('asks for the amount first when a scan arrives before it', () => {
    const state = run({ type: 'scanArrived' });
    expect(state.phase).toBe('amount');
    expect(state.notice).toBe('amountFirst');
  });

  it('checks a scan once an amount is typed, then starts the payment', () => {
    const checking = run(...digits('10000'), { type: 'scanArrived' });
    expect(checking.phase).toBe('checking');
    const starting = checkoutReducer(checking, { type: 'scanChecked', scan });
    expect(starting.phase).toBe('starting');
    expect(starting.scan).toEqual(scan);
  });

  it('keeps the amount and shows the reason when a scan is rejected', () => {
    const error = { code: 'CPM_CAPS_LOCK' as const, message: { id: 'Caps Lock', en: 'Caps Lock' } };
    const state = run(...digits('10000'), { type: 'scanArrived' }, { type: 'scanRejected', error });
    expect(state.phase).toBe('amount');
    expect(state.digits).toBe('10000');
    expect(state.error).toEqual(error);
  });

  it('follows the payment it started and ignores events of other payments', () => {
    const mine = paymentView({ state: 'SENDING', id: 7 });
    const paying = run(...scannedFor('10000'), {
      type: 'paymentStarted',
      payment: mine,
    });
    expect(paying.payment?.id).toBe(7);
    const other = checkoutReducer(paying, { type: 'paymentUpdated', payment: paymentView({ id: 8 }) });
    expect(other.payment?.id).toBe(7);
  });

  it('shows its payment’s newer state that an event brought before payment:start answered', () => {
    const paid = paymentView({ id: 7, state: 'PAID', updatedAt: 2000 });
    const state = run(
      ...scannedFor('10000'),
      { type: 'paymentUpdated', payment: paid },
      { type: 'paymentStarted', payment: paymentView({ id: 7, state: 'SENDING', updatedAt: 1000 }) },
    );
    expect(state.phase).toBe('payment');
    expect(state.payment?.state).toBe('PAID');
  });

  it('never takes another payment’s event that came while starting as the sale’s', () => {
    const state = run(...scannedFor('10000'), {
      type: 'paymentUpdated',
      payment: paymentView({ id: 3, state: 'PAID_REFUNDED', updatedAt: 5000 }),
    });
    expect(state.phase).toBe('starting');
    expect(state.payment).toBeNull();
    const started = checkoutReducer(state, {
      type: 'paymentStarted',
      payment: paymentView({ id: 7, state: 'SENDING', updatedAt: 1000 }),
    });
    expect(started.payment?.id).toBe(7);
    expect(started.payment?.state).toBe('SENDING');
  });

  it('never lets a late open state replace a final one', () => {
    const paid = paymentView({ id: 9, state: 'PAID', updatedAt: 2000 });
    const base = run(...scannedFor('1'), { type: 'paymentStarted', payment: paid });
    const stale = checkoutReducer(base, {
      type: 'paymentUpdated',
      payment: paymentView({ id: 9, state: 'SENDING', updatedAt: 1000 }),
    });
    expect(stale.payment?.state).toBe('PAID');
    const sameInstant = checkoutReducer(base, {
      type: 'paymentUpdated',
      payment: paymentView({ id: 9, state: 'UNKNOWN', updatedAt: 2000 }),
    });
    expect(sameInstant.payment?.state).toBe('PAID');
  });

  it('takes no typing or scans while a payment is unresolved', () => {
    const unresolved = run(...scannedFor('5'), {
      type: 'paymentStarted',
      payment: paymentView({ state: 'QUERYING' }),
    });
    expect(acceptsInput(unresolved)).toBe(false);
    expect(checkoutReducer(unresolved, { type: 'digit', digit: '1' })).toBe(unresolved);
    expect(checkoutReducer(unresolved, { type: 'scanArrived' }).notice).toBe('busy');
    expect(checkoutReducer(unresolved, { type: 'newSale' })).toBe(unresolved);
  });

  it('starts the next sale with the first digit after a settled one', () => {
    const settled = run(...scannedFor('5'), {
      type: 'paymentStarted',
      payment: paymentView({ state: 'FAILED' }),
    });
    expect(isSettled(settled)).toBe(true);
    const next = checkoutReducer(settled, { type: 'digit', digit: '7' });
    expect(next.payment).toBeNull();
    expect(next.digits).toBe('7');
  });

  it('takes over an unresolved payment found at start only when idle', () => {
    const open = paymentView({ state: 'UNKNOWN' });
    expect(run({ type: 'resume', payment: open }).payment).toEqual(open);
    const busy = run(...digits('1'), { type: 'scanArrived' });
    expect(checkoutReducer(busy, { type: 'resume', payment: open })).toBe(busy);
  });
});
