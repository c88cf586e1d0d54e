// The provider's happy paths and business rules, driven by the real QR CPM client over HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCpmPayload } from '../../../main/cpm/payload';
import type { TestRig } from './support';
import { nextPartnerReference, startRig } from './support';
import { decodeBase64Tlv } from './tlv';

let rig: TestRig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const MERCHANT = '00007100010926';

async function generateQr(userAccessToken?: string): Promise<string> {
  const outcome = await rig.client.generate({
    partnerTrxDate: '2024-05-01T10:00:00+07:00',
    ...(userAccessToken === undefined ? {} : { userAccessToken }),
  });
  if (outcome.kind !== 'answer' || typeof outcome.body.qrContent !== 'string') {
    throw new Error(`generate failed: ${JSON.stringify(outcome)}`);
  }
  return outcome.body.qrContent;
}

async function pay(amount: string, qrContent?: string, partnerReferenceNo = nextPartnerReference()) {
  const outcome = await rig.client.pay({
    partnerReferenceNo,
    qrContent: qrContent ?? (await generateQr()),
    amount: { value: amount, currency: 'IDR' },
    merchantId: MERCHANT,
    expiryTime: '60',
  });
  return { outcome, partnerReferenceNo };
}

function balanceOf(customerId: string): bigint {
  const customer = rig.sandbox.ledger().customers.find((c) => c.id === customerId);
  if (!customer) throw new Error(`no customer ${customerId}`);
  return customer.balance;
}

describe('generate (59)', () => {
  it('issues a CPM QR for the default customer, with an ISO-8601 expiry', async () => {
    const outcome = await rig.client.generate({ partnerTrxDate: '2024-05-01T10:00:00+07:00' });
    expect(outcome.kind).toBe('answer');
    if (outcome.kind !== 'answer') return;
    expect(outcome.responseCode).toBe('2005900');
    expect(outcome.body.qrContent).toMatch(/^hQVDUFYwMW/);
    expect(outcome.body.expiryTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it('puts the customer PAN, last four digits and the ADF name into the EMV payload', async () => {
    const tlv = decodeBase64Tlv(await generateQr('sandbox-customer-siti'));
    expect(tlv.get('85')).toBe(Buffer.from('CPV01').toString('hex').toUpperCase());
    expect(tlv.get('61.5A')).toBe('9360000100000020');
    expect(tlv.get('61.9F25')).toBe('0020');
    expect(tlv.get('61.4F')).toMatch(/^[0-9A-F]{10,32}$/);
    expect(tlv.get('61.63.9F26')).toMatch(/^[0-9A-F]{16}$/);
  });

  it('issues QRs the terminal’s own CPM decoder reads, each one different', async () => {
    const first = await generateQr();
    const second = await generateQr();
    expect(second).not.toBe(first);
    const decoded = decodeCpmPayload(first);
    expect(decoded.formatIndicator).toBe('CPV01');
    expect(decoded.display).toEqual({ label: 'SANDBOX QRIS', last4: '0012' });
  });

  it('refuses an unknown userAccessToken with 4015902', async () => {
    const outcome = await rig.client.generate({
      partnerTrxDate: '2024-05-01T10:00:00+07:00',
      userAccessToken: 'nobody',
    });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4015902');
  });
});

describe('payment (60)', () => {
  it('charges the customer once and answers 2006000 with a referenceNo', async () => {
    const before = balanceOf('budi');
    const { outcome, partnerReferenceNo } = await pay('25000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
    if (outcome.kind !== 'answer') return;
    expect(outcome.body.partnerReferenceNo).toBe(partnerReferenceNo);
    expect(outcome.body.referenceNo).toMatch(/^\d{22}$/);
    expect(balanceOf('budi')).toBe(before - 2_500_000n);
  });

  it('refuses a second payment with the same partnerReferenceNo (4096001) and does not charge again', async () => {
    const { partnerReferenceNo } = await pay('15000.00');
    const afterFirst = balanceOf('budi');
    const { outcome } = await pay('15000.00', undefined, partnerReferenceNo);
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4096001');
    expect(balanceOf('budi')).toBe(afterFirst);
    expect(rig.sandbox.ledger().transactions).toHaveLength(1);
  });

  it('refuses a QR that was already used (4046011)', async () => {
    const qr = await generateQr();
    await pay('1000.00', qr);
    const { outcome } = await pay('1000.00', qr);
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046011');
  });

  it('refuses a QR it never issued (4046011)', async () => {
    const { outcome } = await pay('1000.00', 'hQVDUFYwMWEaTwegAAAAVVVVUAhQcm9kdWN0MVoIEjRWeJASNFg=');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046011');
  });

  it('refuses an expired QR with 4036000', async () => {
    await rig.close();
    let now = new Date('2024-05-01T03:00:00Z');
    rig = await startRig({ clock: () => now, qrTtlMs: 60_000 });
    const qr = await generateQr();
    now = new Date(now.getTime() + 61_000);
    const { outcome } = await pay('1000.00', qr);
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4036000');
  });

  it('refuses a payment above the balance of the small-balance customer (4036014) and charges nothing', async () => {
    const qr = await generateQr('sandbox-customer-andi');
    const { outcome, partnerReferenceNo } = await pay('5000.01', qr);
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4036014');
    expect(balanceOf('andi')).toBe(500_000n);
    const query = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(query.kind === 'answer' && query.body.latestTransactionStatus).toBe('06');
  });

  it('lets the small-balance customer pay exactly the balance', async () => {
    const qr = await generateQr('sandbox-customer-andi');
    const { outcome } = await pay('5000.00', qr);
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006000');
    expect(balanceOf('andi')).toBe(0n);
  });

  it('refuses a merchantId other than the partner’s (4046008)', async () => {
    const outcome = await rig.client.pay({
      partnerReferenceNo: nextPartnerReference(),
      qrContent: await generateQr(),
      amount: { value: '1000.00', currency: 'IDR' },
      merchantId: 'SOMEONE-ELSE',
      expiryTime: '60',
    });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046008');
  });
});

describe('query (61)', () => {
  it('reports a paid payment as 00 with its amount and paidTime', async () => {
    const { partnerReferenceNo } = await pay('12345.67');
    const outcome = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(outcome.kind).toBe('answer');
    if (outcome.kind !== 'answer') return;
    expect(outcome.responseCode).toBe('2006100');
    expect(outcome.body.latestTransactionStatus).toBe('00');
    expect(outcome.body.amount).toEqual({ value: '12345.67', currency: 'IDR' });
    expect(outcome.body.paidTime).toMatch(/\+07:00$/);
  });

  it('finds a payment by the provider referenceNo too', async () => {
    const { outcome: paid } = await pay('1000.00');
    if (paid.kind !== 'answer') throw new Error('payment failed');
    const outcome = await rig.client.query({ originalReferenceNo: String(paid.body.referenceNo) });
    expect(outcome.kind === 'answer' && outcome.body.latestTransactionStatus).toBe('00');
  });

  it('answers 4046101 for a transaction it does not know', async () => {
    const outcome = await rig.client.query({ originalPartnerReferenceNo: 'NEVER-SENT' });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046101');
  });

  it('answers 4046101 when the two references name different transactions', async () => {
    const { partnerReferenceNo } = await pay('1000.00');
    const { outcome: other } = await pay('2000.00');
    if (other.kind !== 'answer') throw new Error('payment failed');
    const outcome = await rig.client.query({
      originalPartnerReferenceNo: partnerReferenceNo,
      originalReferenceNo: String(other.body.referenceNo),
    });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046101');
  });
});

describe('cancel (62)', () => {
  it('reverses a paid payment: 2006200, status 05, money back', async () => {
    const before = balanceOf('budi');
    const { partnerReferenceNo } = await pay('30000.00');
    const outcome = await rig.client.cancel({
      originalPartnerReferenceNo: partnerReferenceNo,
      reason: 'customer left',
    });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('2006200');
    if (outcome.kind !== 'answer') return;
    expect(outcome.body.cancelTime).toMatch(/\+07:00$/);
    expect(balanceOf('budi')).toBe(before);
    const query = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(query.kind === 'answer' && query.body.latestTransactionStatus).toBe('05');
  });

  it('answers a repeated cancel with the same cancelTime and returns the money only once', async () => {
    const before = balanceOf('budi');
    const { partnerReferenceNo } = await pay('30000.00');
    const first = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    const second = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(second.kind === 'answer' && second.responseCode).toBe('2006200');
    if (first.kind !== 'answer' || second.kind !== 'answer') return;
    expect(second.body.cancelTime).toBe(first.body.cancelTime);
    expect(balanceOf('budi')).toBe(before);
  });

  it('refuses to cancel a failed payment (4056201)', async () => {
    const qr = await generateQr('sandbox-customer-andi');
    const { partnerReferenceNo } = await pay('9000.00', qr);
    const outcome = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4056201');
  });

  it('refuses to cancel a refunded payment (4056201)', async () => {
    const { partnerReferenceNo } = await pay('30000.00');
    await rig.client.refund({
      originalPartnerReferenceNo: partnerReferenceNo,
      partnerRefundNo: nextPartnerReference(),
      refundAmount: { value: '1000.00', currency: 'IDR' },
    });
    const outcome = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4056201');
  });

  it('refuses to cancel yesterday’s payment (4056201)', async () => {
    await rig.close();
    let now = new Date('2024-05-01T16:00:00Z'); // 23:00 WIB
    rig = await startRig({ clock: () => now });
    const { partnerReferenceNo } = await pay('1000.00');
    now = new Date('2024-05-01T17:30:00Z'); // 00:30 WIB the next day
    const outcome = await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4056201');
  });

  it('refuses a cancel whose amount differs from the payment (4046213)', async () => {
    const { partnerReferenceNo } = await pay('30000.00');
    const outcome = await rig.client.cancel({
      originalPartnerReferenceNo: partnerReferenceNo,
      amount: { value: '29000.00', currency: 'IDR' },
    });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046213');
  });

  it('answers 4046201 for an unknown transaction', async () => {
    const outcome = await rig.client.cancel({ originalPartnerReferenceNo: 'NEVER-SENT' });
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4046201');
  });
});

describe('refund (80)', () => {
  async function refund(
    partnerReferenceNo: string,
    value: string | undefined,
    partnerRefundNo = nextPartnerReference(),
  ) {
    return rig.client.refund({
      originalPartnerReferenceNo: partnerReferenceNo,
      partnerRefundNo,
      ...(value === undefined ? {} : { refundAmount: { value, currency: 'IDR' } }),
      reason: 'Customer complain',
    });
  }

  it('refunds partially, repeatedly, up to the paid amount, then refuses with 4048013', async () => {
    const before = balanceOf('budi');
    const { partnerReferenceNo } = await pay('10000.00');
    const first = await refund(partnerReferenceNo, '4000.00');
    const second = await refund(partnerReferenceNo, '6000.00');
    const third = await refund(partnerReferenceNo, '0.01');
    expect(first.kind === 'answer' && first.responseCode).toBe('2008000');
    expect(second.kind === 'answer' && second.responseCode).toBe('2008000');
    expect(third.kind === 'answer' && third.responseCode).toBe('4048013');
    expect(balanceOf('budi')).toBe(before);
  });

  it('refuses a refund above what remains (4048013) and leaves the balance alone', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    await refund(partnerReferenceNo, '7000.00');
    const afterRefund = balanceOf('budi');
    const outcome = await refund(partnerReferenceNo, '3000.01');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4048013');
    expect(balanceOf('budi')).toBe(afterRefund);
  });

  it('refunds the whole remainder when refundAmount is absent', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    await refund(partnerReferenceNo, '2500.00');
    const outcome = await refund(partnerReferenceNo, undefined);
    expect(outcome.kind === 'answer' && outcome.body.refundAmount).toEqual({
      value: '7500.00',
      currency: 'IDR',
    });
  });

  it('answers a re-sent refund (same partnerRefundNo) with the same refundNo and refunds once', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    const first = await refund(partnerReferenceNo, '4000.00', 'RF-1');
    const again = await refund(partnerReferenceNo, '4000.00', 'RF-1');
    if (first.kind !== 'answer' || again.kind !== 'answer') throw new Error('refund failed');
    expect(again.responseCode).toBe('2008000');
    expect(again.body.refundNo).toBe(first.body.refundNo);
    expect(rig.sandbox.ledger().transactions[0]?.refunded).toBe(400_000n);
  });

  it('refuses a partnerRefundNo reused for a different amount (4098001)', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    await refund(partnerReferenceNo, '4000.00', 'RF-2');
    const outcome = await refund(partnerReferenceNo, '1000.00', 'RF-2');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4098001');
  });

  it('reports a refunded payment as 04 with the refunded amount', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    await refund(partnerReferenceNo, '1000.00');
    const outcome = await rig.client.query({ originalPartnerReferenceNo: partnerReferenceNo });
    if (outcome.kind !== 'answer') throw new Error('query failed');
    expect(outcome.body.latestTransactionStatus).toBe('04');
    expect(outcome.body.additionalInfo).toMatchObject({
      refundedAmount: { value: '1000.00', currency: 'IDR' },
    });
  });

  it('refuses to refund a cancelled payment (4058001)', async () => {
    const { partnerReferenceNo } = await pay('10000.00');
    await rig.client.cancel({ originalPartnerReferenceNo: partnerReferenceNo });
    const outcome = await refund(partnerReferenceNo, '1000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4058001');
  });

  it('refuses to refund a declined payment (4058001)', async () => {
    const { partnerReferenceNo } = await pay('10001.00');
    const outcome = await refund(partnerReferenceNo, '1000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4058001');
  });

  it('refuses to refund a payment still in progress (4058001)', async () => {
    const { partnerReferenceNo } = await pay('10002.00');
    const outcome = await refund(partnerReferenceNo, '1000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4058001');
  });

  it('answers 4048001 for an unknown transaction', async () => {
    const outcome = await refund('NEVER-SENT', '1000.00');
    expect(outcome.kind === 'answer' && outcome.responseCode).toBe('4048001');
  });
});
