// `kasir ppob buy|status|decide` exit codes, read from the purchase's outcome and its refund: 1 only
// when the customer definitely kept their money (never charged, or refunded), 3 whenever a person or
// a later check still has something to do.
import { describe, expect, it } from 'vitest';
import { exitForPurchase } from '../../../main/cli/views';
import type { RefundRecord } from '../../../main/payments/journal-records';
import type { RefundState } from '../../../main/payments/states';
import type { PurchaseResult } from '../../../main/ppob/purchase-engine';

function result(
  outcome: PurchaseResult['outcome'],
  refund?: RefundState,
  refundOwed = false,
): Pick<PurchaseResult, 'outcome' | 'refund' | 'refundOwed'> {
  return {
    outcome,
    refundOwed,
    ...(refund === undefined ? {} : { refund: { state: refund } as RefundRecord }),
  };
}

describe('kasir ppob exit codes', () => {
  it.each([
    ['bought', result('success'), 0],
    ['still being checked', result('unresolved'), 3],
    ['not bought, paid in cash (nothing charged by us)', result('failed'), 1],
    ['not bought, its QRIS payment refunded', result('failed', 'REFUNDED'), 1],
    ['not bought, its refund still going', result('failed', 'REFUND_UNKNOWN'), 3],
    ['not bought, its refund not yet journaled', result('failed', undefined, true), 3],
    [
      'not bought, its refund refused by the provider: the money is still owed',
      result('failed', 'REFUND_FAILED'),
      3,
    ],
    [
      'not bought, its refund decided not refunded by a supervisor',
      result('failed', 'MANUAL_NOT_REFUNDED'),
      3,
    ],
  ])('%s → %i', (_name, outcome, code) => {
    expect(exitForPurchase(outcome as PurchaseResult)).toBe(code);
  });
});
