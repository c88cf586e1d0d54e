// A bill's inquiry pays that bill once: naming an inquiry a purchase already bought is refused
// before anything is journaled or charged, over real HTTP against both simulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import type { PpobRig } from './support';
import { startPpobRig } from './support';

let rig: PpobRig;
beforeAll(async () => {
  rig = await startPpobRig();
});
afterAll(async () => {
  await rig.close();
});

describe.each([
  { provider: 'klikoo', bill: 'PLNPOST' },
  { provider: 'doku', bill: 'PLN-PASCA' },
] as const)('$provider', ({ bill }) => {
  it('an inquiry already paid by a purchase cannot be paid again: refused, nothing journaled or charged', async () => {
    const customerNo = '512345678902';
    const { inquiry } = await rig.ppob.inquiry({ productCode: bill, customerNo });
    const first = await rig.ppob.buy({ productCode: bill, customerNo, inquiry: inquiry.reference });
    expect(first.outcome).toBe('success');

    const journaled = rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length;
    const charged = rig.terminal.journal.history({ limit: 500 }).items.length;
    const again = await rig.ppob
      .buy({ productCode: bill, customerNo, inquiry: inquiry.reference, paidBy: { qrContent: rig.qr() } })
      .then(
        (result) => result,
        (error: unknown) => error,
      );
    expect(again).toBeInstanceOf(KasirError);
    expect((again as KasirError).code).toBe('PPOB_INQUIRY_USED');
    expect(rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length).toBe(journaled);
    expect(rig.terminal.journal.history({ limit: 500 }).items.length).toBe(charged);
  });

  it('an inquiry whose purchase definitely failed may be tried again by a new purchase', async () => {
    // 9908: the deposit is too low, so the payment is refused and the bill stays unpaid.
    const customerNo = '512345679908';
    const { inquiry } = await rig.ppob.inquiry({ productCode: bill, customerNo });
    const first = await rig.ppob.buy({ productCode: bill, customerNo, inquiry: inquiry.reference });
    expect(first.failure?.kind).toBe('deposit');
    const second = await rig.ppob.buy({ productCode: bill, customerNo, inquiry: inquiry.reference });
    expect(second.failure?.kind).toBe('deposit');
    expect(second.purchase.partnerReferenceId).not.toBe(first.purchase.partnerReferenceId);
  });
});
