// Refunds: their own idempotent partnerRefundNo, never more than what is left,
// and an unknown outcome resolved by sending the very same refund again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSnapAmount } from '../../../main/money/amount';
import type { PaymentRecord } from '../../../main/payments/journal';
import { fingerprint } from '../../support/fingerprint';
import type { ScriptedRig } from './scripted-provider';
import { error, paid, refunded, startScriptedRig } from './scripted-provider';

const QR =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W';

let rig: ScriptedRig;
let payment: PaymentRecord;
beforeEach(async () => {
  rig = await startScriptedRig();
  rig.provider.on('payment', (r) => paid(r));
  payment = (await rig.engine.pay({ qrContent: QR, amount: parseSnapAmount('50000.00') })).payment;
});
afterEach(async () => {
  await rig.close();
});

function refund(amount: string) {
  return rig.engine.refund(payment.partnerReferenceNo, {
    amount: parseSnapAmount(amount),
    reason: 'Customer complain',
    requestedBy: 'SPV-01',
  });
}

describe('refunds', () => {
  it('sends the refund with its own partnerRefundNo, the original references and the amount', async () => {
    rig.provider.on('refund', (r) => refunded(r));
    const result = await refund('10000.00');
    expect(result).toMatchObject({
      outcome: 'refunded',
      refund: { state: 'REFUNDED', refundNo: 'REF993883' },
    });
    expect(rig.provider.of('refund')[0]?.body).toMatchObject({
      originalPartnerReferenceNo: payment.partnerReferenceNo,
      originalReferenceNo: '2020102977770000000009',
      partnerRefundNo: result.refund.partnerRefundNo,
      refundAmount: { value: '10000.00', currency: 'IDR' },
      reason: 'Customer complain',
    });
  });

  it('re-sends a refund whose answer was lost under the same partnerRefundNo and a new X-EXTERNAL-ID', async () => {
    rig.provider.on('refund', (r, n) => (n === 1 ? { drop: true } : refunded(r)));
    const result = await refund('10000.00');
    const [first, second] = rig.provider.of('refund');
    expect(result.refund.state).toBe('REFUNDED');
    expect(second?.body.partnerRefundNo).toBe(first?.body.partnerRefundNo);
    expect(second?.headers['x-external-id']).not.toBe(first?.headers['x-external-id']);
  });

  it('fails a refund the provider refuses outright, and frees its amount again', async () => {
    rig.provider.on('refund', (r, n) =>
      n === 1 ? error(405, '4058001', 'Requested Operation Is Not Allowed') : refunded(r),
    );
    expect((await refund('50000.00')).refund.state).toBe('REFUND_FAILED');
    expect((await refund('50000.00')).refund.state).toBe('REFUNDED');
  });

  it.each([
    [404, '4048013', 'Invalid Amount'],
    [403, '4038002', 'Exceeds Transaction Amount Limit'],
  ])(
    'does not take "amount too high" (%i %s) after a lost answer as a failure: the first attempt may have gone through',
    async (httpStatus, code, message) => {
      rig.provider.on('refund', (_r, n) => (n === 1 ? { drop: true } : error(httpStatus, code, message)));
      const result = await refund('10000.00');
      expect(result).toMatchObject({ outcome: 'unresolved', refund: { state: 'REFUND_UNKNOWN' } });
      expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'refund-ambiguous' });
    },
  );

  it('never frees the amount of a refund answered 404xx18 "Inconsistent Request", which the spec counts as a success for a refund', async () => {
    rig.provider.on('refund', () => error(404, '4048018', 'Inconsistent Request'));
    const result = await refund('50000.00');
    expect(result).toMatchObject({ outcome: 'unresolved', refund: { state: 'REFUND_UNKNOWN' } });
    expect(rig.journal.anomalies()[0]).toMatchObject({ kind: 'refund-ambiguous' });
    await expect(refund('0.01')).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_REMAINING' });
  });

  it('does not accept an answer about another refund', async () => {
    rig.provider.on('refund', (r, n) =>
      n === 1 ? refunded(r, { partnerRefundNo: 'NOT-OURS' }) : refunded(r),
    );
    const result = await refund('10000.00');
    expect(result.refund.state).toBe('REFUNDED');
    expect(rig.provider.of('refund')).toHaveLength(2);
  });

  it('keeps what may have been refunded reserved while the outcome is unknown', async () => {
    rig.provider.on('refund', () => ({ drop: true }));
    expect((await refund('40000.00')).outcome).toBe('unresolved');
    await expect(refund('10000.01')).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_REMAINING' });
  });

  it('finishes an unresolved refund on recover', async () => {
    rig.provider.on('refund', () => ({ drop: true }));
    await refund('10000.00');
    rig.provider.on('refund', (r) => refunded(r));
    const report = await rig.engine.recover();
    expect(report.refunds.map((r) => r.refund.state)).toEqual(['REFUNDED']);
    expect(report.clean).toBe(true);
  });

  it('refuses a refund of nothing before drawing an X-EXTERNAL-ID or writing anything', async () => {
    const before = fingerprint(rig.dir);
    await expect(rig.engine.refund(payment.partnerReferenceNo, { amount: 0n })).rejects.toMatchObject({
      code: 'REFUND_AMOUNT_INVALID',
    });
    expect(fingerprint(rig.dir)).toBe(before);
    expect(rig.provider.of('refund')).toHaveLength(0);
  });

  it('refuses to refund a payment that is not paid', async () => {
    rig.provider.on('payment', () => error(403, '4036005', 'Do Not Honor'));
    const declined = (await rig.engine.pay({ qrContent: QR, amount: parseSnapAmount('10.00') })).payment;
    await expect(
      rig.engine.refund(declined.partnerReferenceNo, { amount: parseSnapAmount('10.00') }),
    ).rejects.toMatchObject({ code: 'PAYMENT_NOT_REFUNDABLE' });
    expect(rig.provider.of('refund')).toHaveLength(0);
  });
});
