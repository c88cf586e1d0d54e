import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PpobRig } from './support';
import { startPpobRig } from './support';

let rig: PpobRig;
beforeAll(async () => {
  rig = await startPpobRig();
});
afterAll(async () => {
  await rig.close();
});

it('klikoo cash', async () => {
  const r = await rig.ppob.buy({ productCode: 'TSEL10', customerNo: '081234567890' });
  console.log(r.purchase.state, r.purchase.sn, r.purchase.reason);
  expect(r.outcome).toBe('success');
});
it('doku cash', async () => {
  const r = await rig.ppob.buy({ productCode: 'PLN-PRA-20', customerNo: '14234567890' });
  console.log(r.purchase.state, r.purchase.sn, r.sn, r.purchase.reason);
  expect(r.outcome).toBe('success');
});
