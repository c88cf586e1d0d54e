// The checkout's states as a pure reducer: what the cashier sees follows from what happened (a key,
// a scan, an answer from main, an event from the engine), so every state can be tested without a
// screen. The engine decides about money; this only decides what to show and what a key does.
import type { IpcError } from '../../../preload/contract';
import type { PaymentView, ScanCheck } from '../../../preload/contract/payments';
import { MAX_AMOUNT_DIGITS, rupiahDigitsToMinor } from '../format';
import { isNewerView, newestView, rememberView } from './newest-view';

export type CheckoutPhase =
  /** Typing the amount; a scan may come at any time. */
  | 'amount'
  /** Main is checking a scan. */
  | 'checking'
  /** The scan was good; the payment is being handed to the engine. */
  | 'starting'
  /** A payment exists: follow its state. */
  | 'payment';

export interface CheckoutState {
  phase: CheckoutPhase;
  /** Whole Rupiah, as typed. */
  digits: string;
  /** The last scan that passed, shown while paying. */
  scan: ScanCheck | null;
  payment: PaymentView | null;
  /** The last thing that went wrong before a payment existed (bad scan, refused start). */
  error: IpcError | null;
  /** A notice that is not an error (e.g. "type the amount first"). */
  notice: 'amountFirst' | 'busy' | 'dialogOpen' | null;
  /**
   * Events that came while starting, before main said which payment is this sale's: the sale's own
   * can overtake the answer to payment:start, and only that answer says which of them is ours.
   */
  early: readonly PaymentView[];
}

export type CheckoutAction =
  /** One digit, or "000" from the keypad. */
  | { type: 'digit'; digit: string }
  /** An exact-amount button: the whole amount at once (whole Rupiah digits). */
  | { type: 'setAmount'; digits: string }
  | { type: 'backspace' }
  | { type: 'clear' }
  | { type: 'scanArrived' }
  /** A scan while a dialog is open (a refund, a cancel): refused, the dialog keeps what was typed. */
  | { type: 'scanWhileDialog' }
  | { type: 'scanChecked'; scan: ScanCheck }
  | { type: 'scanRejected'; error: IpcError }
  | { type: 'startRefused'; error: IpcError }
  /** main's answer to payment:start: this sale's payment, as journaled. */
  | { type: 'paymentStarted'; payment: PaymentView }
  | { type: 'paymentUpdated'; payment: PaymentView }
  | { type: 'resume'; payment: PaymentView }
  | { type: 'newSale' };

export const initialCheckout: CheckoutState = {
  phase: 'amount',
  digits: '',
  scan: null,
  payment: null,
  error: null,
  notice: null,
  early: [],
};

/** Events kept while starting: a few, the newest view of each payment. */
const EARLY_KEPT = 8;

const samePayment = (a: PaymentView, b: PaymentView): boolean => a.id === b.id;

export function amountMinor(state: CheckoutState): string {
  return rupiahDigitsToMinor(state.digits);
}

export function hasAmount(state: CheckoutState): boolean {
  return amountMinor(state) !== '0';
}

/** A payment that reached a final state: the sale is over, whatever the outcome. */
export function isSettled(state: CheckoutState): boolean {
  return state.payment !== null && state.payment.outcome !== 'unresolved';
}

/** Typing and scanning are accepted only when no payment is under way. */
export function acceptsInput(state: CheckoutState): boolean {
  return state.phase === 'amount' || (state.phase === 'payment' && isSettled(state));
}

export function checkoutReducer(state: CheckoutState, action: CheckoutAction): CheckoutState {
  switch (action.type) {
    case 'digit': {
      // After a settled sale the first digit starts the next one: the queue does not wait.
      const base = state.phase === 'payment' && isSettled(state) ? initialCheckout : state;
      if (base.phase !== 'amount') return state;
      const digits = `${base.digits}${action.digit}`.replace(/^0+/, '');
      if (digits.length > MAX_AMOUNT_DIGITS) return base;
      return { ...base, digits, error: null, notice: null };
    }
    case 'setAmount': {
      const base = state.phase === 'payment' && isSettled(state) ? initialCheckout : state;
      if (base.phase !== 'amount') return state;
      const digits = action.digits.replace(/^0+/, '');
      if (!/^\d*$/.test(digits) || digits.length > MAX_AMOUNT_DIGITS) return base;
      return { ...base, digits, error: null, notice: null };
    }
    case 'backspace':
      if (state.phase !== 'amount') return state;
      return { ...state, digits: state.digits.slice(0, -1), error: null, notice: null };
    case 'clear':
      if (state.phase !== 'amount') return state;
      return { ...initialCheckout };
    case 'scanArrived': {
      if (state.phase === 'payment' && isSettled(state)) {
        return { ...initialCheckout, notice: 'amountFirst' };
      }
      if (state.phase !== 'amount') return { ...state, notice: 'busy' };
      if (!hasAmount(state)) return { ...state, error: null, notice: 'amountFirst' };
      return { ...state, phase: 'checking', error: null, notice: null };
    }
    case 'scanWhileDialog':
      return { ...state, notice: 'dialogOpen' };
    case 'scanChecked':
      if (state.phase !== 'checking') return state;
      return { ...state, phase: 'starting', scan: action.scan, early: [] };
    case 'scanRejected':
      if (state.phase !== 'checking') return state;
      return { ...state, phase: 'amount', scan: null, error: action.error };
    case 'startRefused':
      return { ...state, phase: 'amount', scan: null, error: action.error };
    case 'paymentStarted': {
      if (state.phase !== 'starting') return state;
      const payment = newestView(state.early, action.payment, samePayment);
      return { ...state, phase: 'payment', payment, error: null, notice: null, early: [] };
    }
    case 'paymentUpdated': {
      const current = state.payment;
      if (current === null) {
        if (state.phase !== 'starting') return state;
        const early = rememberView(state.early, action.payment, samePayment, EARLY_KEPT);
        return early === state.early ? state : { ...state, early };
      }
      // Events for other payments (a recheck from History) and stale ones do not disturb the sale.
      if (!samePayment(current, action.payment) || !isNewerView(current, action.payment)) return state;
      return { ...state, phase: 'payment', payment: action.payment, error: null, notice: null };
    }
    case 'resume':
      // Only an idle checkout takes over a payment found unfinished (after a restart).
      if (state.phase !== 'amount' || state.payment !== null) return state;
      return { ...initialCheckout, phase: 'payment', payment: action.payment };
    case 'newSale':
      if (state.phase === 'payment' && !isSettled(state)) return state;
      if (state.phase === 'checking' || state.phase === 'starting') return state;
      return { ...initialCheckout };
  }
}
