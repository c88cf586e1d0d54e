// The customer display's state, passed from the cashier's window to the customer's. The cashier's
// window owns the sale; this keeps the last state so a customer window opened later (a monitor
// plugged in mid-sale) shows the sale at once, and says whether such a window is open.
import type { CustomerDisplayState } from '../../preload/contract/customer';
import type { EventSink } from './event-hub';

export interface CustomerRelay {
  show(state: CustomerDisplayState): null;
  current(): CustomerDisplayState | null;
  /** The shell opened or closed the customer window. */
  setScreenOpen(open: boolean): void;
  screenOpen(): boolean;
}

export function createCustomerRelay(emit: EventSink): CustomerRelay {
  let last: CustomerDisplayState | null = null;
  let open = false;
  return {
    show(state) {
      last = state;
      emit('customer:state', state);
      return null;
    },
    current: () => last,
    setScreenOpen(next) {
      if (next === open) return;
      open = next;
      emit('app:changed', { topic: 'customer-screen' });
    },
    screenOpen: () => open,
  };
}
