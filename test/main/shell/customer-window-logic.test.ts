import { describe, expect, it } from 'vitest';
import { pickCustomerDisplay } from '../../../main/shell/customer-window';

const display = (id: number, x: number) => ({ id, bounds: { x, y: 0, width: 1920, height: 1080 } });

describe('which monitor faces the customer', () => {
  it('is none with a single monitor: the panel stays in the cashier’s window', () => {
    expect(pickCustomerDisplay([display(1, 0)], 1)).toBeUndefined();
  });

  it('is the monitor the cashier’s window is not on, whichever is primary', () => {
    expect(pickCustomerDisplay([display(1, 0), display(2, 1920)], 1)?.id).toBe(2);
    expect(pickCustomerDisplay([display(1, 0), display(2, 1920)], 2)?.id).toBe(1);
  });
});
