// The purchase engine against a Klikoo and a DOKU Biller that answer what a test scripts, over real
// HTTP: answers the simulators never give — an advice refused for its own sake, answers naming
// another bill, customer or amount — must never make the terminal tell the cashier a wrong outcome
// for money (a product called failed and refunded while it may have been bought, a bill or price the
// customer does not owe, a success nothing proved).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PpobAnswer, PpobReceived, ScriptedPpob } from './scripted-ppob';
import {
  dokuCoded,
  dokuPulsaQuote,
  dokuQuote,
  klikooBill,
  klikooCoded,
  klikooTransaction,
  SCRIPTED_PRODUCTS,
  startScriptedPpob,
} from './scripted-ppob';
import type { PpobRig } from './support';
import { kasirErrorOf, startPpobRig } from './support';

let scripted: ScriptedPpob;
let rig: PpobRig;
let number = 0;
/** A fresh Telkomsel number per test: one open purchase per product and number. */
const phone = () => `0812${String(++number).padStart(8, '0')}`;

beforeAll(async () => {
  scripted = await startScriptedPpob();
  rig = await startPpobRig({
    klikooBaseUrl: scripted.baseUrl,
    dokuBaseUrl: scripted.baseUrl,
    policy: { settleMs: 600 },
  });
});
afterAll(async () => {
  await rig.close();
  await scripted.close();
});
beforeEach(() => {
  scripted.on('doku.inquiry', (request) => dokuPulsaQuote(request));
});

function journaledPurchases(): number {
  return rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length;
}

/** A sale paid by the customer's QRIS. */
const qrSale = (productCode: string) =>
  rig.ppob.buy({ productCode, customerNo: phone(), paidBy: { qrContent: rig.qr() } });

/** Klikoo answers the Buy with `answer`, while its history holds that very purchase as bought (KT-OURS). */
function klikooHistoryHoldsOursBought(answer: (request: PpobReceived) => PpobAnswer) {
  let ours: Record<string, unknown> | undefined;
  scripted.on('klikoo.buy', (request) => {
    ours = klikooTransaction(request, 'SUCCESS', { transaction_id: 'KT-OURS' });
    return answer(request);
  });
  scripted.on('klikoo.history', () => klikooCoded('200022000', ours === undefined ? [] : [ours], 'Sukses'));
}

/** DOKU Biller answers the payment with `answer`, while its advice says that very payment is paid. */
function dokuAdviceSaysOursPaid(answer: (request: PpobReceived) => PpobAnswer) {
  let paid: PpobReceived | undefined;
  scripted.on('doku.payment', (request) => {
    paid = request;
    return answer(request);
  });
  scripted.on('doku.advice', () => (paid === undefined ? dokuCoded('IT02') : dokuPaid(paid, '0000')));
}

/** Where the journal recorded an answer naming another purchase than this one (buy, detail, history, advice). */
function mismatchesOf(reference: string): string[] {
  return rig.terminal.journal
    .anomalies(500)
    .filter((a) => a.kind === 'purchase-answer-mismatch')
    .map((a) => a.detail as { partnerReferenceId?: string; via?: string })
    .filter((d) => d.partnerReferenceId === reference)
    .map((d) => d.via ?? '');
}

/** A DOKU payment answer as DOKU gives it for the request it answers. */
function dokuPaid(request: PpobReceived, code: '0000' | '5586', extra: Record<string, unknown> = {}) {
  return dokuCoded(code, code === '0000' ? 'Success' : 'Pending', {
    inquiryId: request.body.inquiryId,
    transactionId: 'DTX-1',
    amount: request.body.amount,
    ...(code === '0000' ? { serialNumber: '0612345678901234' } : {}),
    ...extra,
  });
}

describe('a DOKU advice refused for its own sake says nothing about the payment', () => {
  it.each([
    ['IT06', 'a duplicate systrace (the advice’s own)'],
    ['IT07', 'an IP not registered'],
    ['SY06', 'the biller temporarily down'],
  ])('advice answering %s (%s): the paid sale stays unresolved, not failed and refunded', async (code) => {
    let paidBy: Record<string, unknown> = {};
    scripted.on('doku.payment', (request) => {
      paidBy = request.body;
      return dokuPaid(request, '5586');
    });
    scripted.on('doku.advice', () => dokuCoded(code));
    const result = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.doku.pulsa,
      customerNo: phone(),
      paidBy: { qrContent: rig.qr() },
    });
    expect(paidBy.amount).toBe('10450');
    expect(result.outcome).toBe('unresolved');
    expect(result.refund).toBeUndefined();
    expect(result.refundOwed).toBe(false);

    // Once DOKU's advice answers for the payment, it settles: bought, and nothing refunded.
    scripted.on('doku.advice', () =>
      dokuCoded('0000', 'Success', {
        inquiryId: paidBy.inquiryId,
        transactionId: 'DTX-1',
        serialNumber: '0612345678901234',
        amount: paidBy.amount,
      }),
    );
    const settled = await rig.ppob.resolve(result.purchase.partnerReferenceId);
    expect(settled.outcome).toBe('success');
    expect(settled.refund).toBeUndefined();
  });

  it('an advice answering a payment refusal (U000) is the payment’s failure: the sale is refunded once', async () => {
    let paidBy: Record<string, unknown> = {};
    scripted.on('doku.payment', (request) => {
      paidBy = request.body;
      return dokuPaid(request, '5586');
    });
    scripted.on('doku.advice', () => dokuCoded('U000', 'Transaksi gagal di biller'));
    const result = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.doku.pulsa,
      customerNo: phone(),
      paidBy: { qrContent: rig.qr() },
    });
    expect(result.outcome).toBe('failed');
    expect(result.refund).toMatchObject({ state: 'REFUNDED', amount: result.purchase.sellingPrice });
    expect(paidBy.amount).toBe('10450');
    const again = await rig.ppob.resolve(result.purchase.partnerReferenceId);
    expect(again.refund?.id).toBe(result.refund?.id);
    expect(rig.terminal.journal.refundsOf(result.payment?.id ?? -1)).toHaveLength(1);
  });
});

describe('an inquiry answer about another bill quotes nothing', () => {
  const plnId = '512345678901';

  it.each([
    ['another customer', { customerId: '512345678999' }],
    ['another product', { productCode: 'PDAM-BDG' }],
    ['a total that is not the bill plus its fee', { totalAmount: '24750' }],
  ])('DOKU Biller naming %s: no usable inquiry, nothing kept or bought', async (_what, overrides) => {
    scripted.on('doku.inquiry', (request) => dokuQuote(request, overrides));
    const inquiries = scripted.of('doku.payment').length;
    const before = journaledPurchases();
    const error = await kasirErrorOf(() =>
      rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.doku.bill, customerNo: plnId }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_UNANSWERED');
    expect(journaledPurchases()).toBe(before);
    expect(scripted.of('doku.payment')).toHaveLength(inquiries);
  });

  it.each([
    ['another customer', { account_number: '512345678999' }],
    ['another product', { product_code: 'PDAMBDG' }],
    ['a total that is not the bill plus its fee', { total_amount: '24750' }],
  ])('Klikoo naming %s: no usable inquiry, nothing kept or bought', async (_what, overrides) => {
    scripted.on('klikoo.inquiryPostpaid', (request) => klikooBill(request, overrides));
    const sent = scripted.of('klikoo.buy').length;
    const before = journaledPurchases();
    const error = await kasirErrorOf(() =>
      rig.ppob.inquiry({ productCode: SCRIPTED_PRODUCTS.klikoo.bill, customerNo: plnId }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_UNANSWERED');
    const buying = await kasirErrorOf(() =>
      rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.bill, customerNo: plnId }),
    );
    expect(buying.code).toBe('PPOB_INQUIRY_UNANSWERED');
    expect(journaledPurchases()).toBe(before);
    expect(scripted.of('klikoo.buy')).toHaveLength(sent);
  });

  it('a Klikoo refusal naming another customer (404xx7002) is no refusal of this one: no usable inquiry', async () => {
    scripted.on('klikoo.inquiryPostpaid', () =>
      klikooCoded('404027002', { account_number: '512345678999' }, 'No Customer tidak ditemukan'),
    );
    const error = await kasirErrorOf(() =>
      rig.ppob.inquiry({ productCode: SCRIPTED_PRODUCTS.klikoo.bill, customerNo: plnId }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_UNANSWERED');
  });

  it('a DOKU Biller refusal naming another customer (U000) is no refusal of this one: no usable inquiry', async () => {
    scripted.on('doku.inquiry', () =>
      dokuCoded('U000', 'Invalid billing id/phone number.', { customerId: '512345678999' }),
    );
    const error = await kasirErrorOf(() =>
      rig.ppob.inquiry({ productCode: SCRIPTED_PRODUCTS.doku.bill, customerNo: plnId }),
    );
    expect(error.code).toBe('PPOB_INQUIRY_UNANSWERED');
  });

  it('an answer for this very bill is the quote the purchase pays', async () => {
    scripted.on('klikoo.inquiryPostpaid', (request) => klikooBill(request));
    const { inquiry } = await rig.ppob.inquiry({
      productCode: SCRIPTED_PRODUCTS.klikoo.bill,
      customerNo: plnId,
    });
    expect(inquiry).toMatchObject({ customerName: 'BUDI SANTOSO', amount: 24_750_000n, adminFee: 250_000n });
  });
});

describe('a buy answer about another purchase proves nothing', () => {
  it.each([
    ['another inquiry', { inquiryId: 'DINQ-SOMEONE-ELSE' }],
    ['another amount', { amount: '99999' }],
  ])(
    'DOKU Biller’s 0000 naming %s is not a success: the advice decides (here: failed)',
    async (_what, names) => {
      scripted.on('doku.payment', (request) => dokuPaid(request, '0000', names));
      scripted.on('doku.advice', () => dokuCoded('U000', 'Transaksi gagal di biller'));
      const advices = scripted.of('doku.advice').length;
      const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.doku.pulsa, customerNo: phone() });
      expect(result.outcome).toBe('failed');
      expect(result.purchase.sn).toBeNull();
      expect(scripted.of('doku.advice').length).toBeGreaterThan(advices);
      expect(rig.terminal.journal.anomalies().map((a) => a.kind)).toContain('purchase-answer-mismatch');
    },
  );

  it.each([
    ['another partner_reference_id', { partner_reference_id: '6d654219-d9b7-4e1a-8b51-99a5cafb11cb' }],
    ['another customer number', { value: '081299999999' }],
    ['another buy price', { amount: '50000' }],
  ])(
    'Klikoo’s SUCCESS naming %s is not a success: the history decides (here: failed)',
    async (_what, names) => {
      let ours: Record<string, unknown> | undefined;
      scripted.on('klikoo.history', () =>
        klikooCoded('200022000', ours === undefined ? [] : [ours], 'Sukses'),
      );
      const customerNo = phone();
      scripted.on('klikoo.buy', (request) => {
        ours = klikooTransaction(request, 'FAILED', { transaction_id: 'KT-OURS' });
        return klikooCoded('201022001', klikooTransaction(request, 'SUCCESS', names), 'Berhasil dibuat');
      });
      const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo });
      expect(result.outcome).toBe('failed');
      expect(result.purchase).toMatchObject({ sn: null, transactionId: 'KT-OURS' });
    },
  );

  it('Klikoo’s detail naming another buy price settles nothing; the purchase’s own detail does', async () => {
    let sent: PpobReceived | undefined;
    scripted.on('klikoo.buy', (request) => {
      sent = request;
      return klikooCoded('201022001', klikooTransaction(request, 'WAITING', { transaction_id: 'KT-W' }));
    });
    scripted.on('klikoo.detail', () =>
      klikooCoded('200022000', klikooTransaction(sent, 'SUCCESS', { transaction_id: 'KT-W', amount: '1' })),
    );
    const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
    expect(result.outcome).toBe('unresolved');
    expect(result.purchase.state).toBe('WAITING');
    scripted.on('klikoo.detail', () =>
      klikooCoded('200022000', klikooTransaction(sent, 'SUCCESS', { transaction_id: 'KT-W' })),
    );
    const settled = await rig.ppob.resolve(result.purchase.partnerReferenceId);
    expect(settled.outcome).toBe('success');
    expect(settled.purchase.sn).toBe('0612345678901234');
  });
});

describe('a refusal about another purchase proves nothing', () => {
  it.each([
    [
      'another partner_reference_id',
      { partner_reference_id: '6d654219-d9b7-4e1a-8b51-99a5cafb11cb', transaction_id: 'KT-OTHER' },
    ],
    ['another buy price', { amount: '99999' }],
    ['another customer number', { value: '081299999999' }],
  ])(
    'a Klikoo refusal naming %s is not taken as ours: checked by its reference, never refunded blind',
    async (_what, names) => {
      klikooHistoryHoldsOursBought((request) =>
        klikooCoded('422026558', klikooTransaction(request, 'FAILED', names), 'Dompet tidak cukup'),
      );
      const result = await qrSale(SCRIPTED_PRODUCTS.klikoo.pulsa);
      expect(result.outcome).toBe('success');
      expect(result.purchase).toMatchObject({ transactionId: 'KT-OURS', sn: '0612345678901234' });
      expect(result.refund).toBeUndefined();
      expect(mismatchesOf(result.purchase.partnerReferenceId)).toEqual(['buy']);
    },
  );

  it('a Klikoo refusal whose data cannot be read for whom it names is no refusal: checked by its reference', async () => {
    klikooHistoryHoldsOursBought((request) =>
      klikooCoded(
        '422026558',
        klikooTransaction(request, 'FAILED', { amount: '10450.5' }),
        'Dompet tidak cukup',
      ),
    );
    const result = await qrSale(SCRIPTED_PRODUCTS.klikoo.pulsa);
    expect(result.outcome).toBe('success');
    expect(result.refund).toBeUndefined();
  });

  it('Klikoo’s “transaction not found” naming another transaction is no word on ours: a mismatch, not a vanished purchase', async () => {
    scripted.on('klikoo.buy', (request) =>
      klikooCoded('201022001', klikooTransaction(request, 'WAITING', { transaction_id: 'KT-NF' })),
    );
    scripted.on('klikoo.detail', () =>
      klikooCoded('404027005', { transaction_id: 'KT-SOMEONE-ELSE' }, 'Transaksi tidak ditemukan'),
    );
    const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
    const reference = result.purchase.partnerReferenceId;
    expect(result.purchase.state).toBe('WAITING');
    expect(mismatchesOf(reference)).toContain('detail');
    const vanished = rig.terminal.journal
      .anomalies(500)
      .filter((a) => a.kind === 'purchase-vanished')
      .filter((a) => (a.detail as { partnerReferenceId?: string }).partnerReferenceId === reference);
    expect(vanished).toEqual([]);
  });

  it.each([
    ['another inquiry', { inquiryId: 'DINQ-SOMEONE-ELSE' }],
    ['another amount', { amount: '99999' }],
    ['another customer', { customerId: '081299999999' }],
  ])(
    'a DOKU Biller payment refusal (U000) naming %s is not taken as ours: the advice decides, never refunded blind',
    async (_what, names) => {
      dokuAdviceSaysOursPaid(() => dokuCoded('U000', 'Invalid billing id/phone number.', names));
      const result = await qrSale(SCRIPTED_PRODUCTS.doku.pulsa);
      expect(result.outcome).toBe('success');
      expect(result.purchase.sn).toBe('0612345678901234');
      expect(result.refund).toBeUndefined();
      expect(mismatchesOf(result.purchase.partnerReferenceId)).toEqual(['buy']);
    },
  );

  it('a DOKU Biller payment refusal whose amount cannot be read is no refusal: the advice decides', async () => {
    dokuAdviceSaysOursPaid(() => dokuCoded('U000', 'Invalid billing id/phone number.', { amount: 10450 }));
    const result = await qrSale(SCRIPTED_PRODUCTS.doku.pulsa);
    expect(result.outcome).toBe('success');
    expect(result.refund).toBeUndefined();
  });

  it('a DOKU Biller advice refusal (U000) naming another inquiry does not fail the paid sale: it stays unresolved', async () => {
    scripted.on('doku.payment', (request) => dokuPaid(request, '5586'));
    scripted.on('doku.advice', () =>
      dokuCoded('U000', 'Transaksi gagal di biller', { inquiryId: 'DINQ-SOMEONE-ELSE' }),
    );
    const result = await qrSale(SCRIPTED_PRODUCTS.doku.pulsa);
    expect(result.outcome).toBe('unresolved');
    expect(result.refund).toBeUndefined();
    expect(result.refundOwed).toBe(false);
    expect(mismatchesOf(result.purchase.partnerReferenceId)).toContain('advice');
  });

  it('a DOKU Biller advice 0000 naming another transaction than the payment’s is not a success', async () => {
    let paid: PpobReceived | undefined;
    scripted.on('doku.payment', (request) => {
      paid = request;
      return dokuPaid(request, '5586');
    });
    scripted.on('doku.advice', () =>
      paid === undefined ? dokuCoded('IT02') : dokuPaid(paid, '0000', { transactionId: 'DTX-SOMEONE-ELSE' }),
    );
    const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.doku.pulsa, customerNo: phone() });
    expect(result.purchase).toMatchObject({ state: 'WAITING', transactionId: 'DTX-1', sn: null });
    expect(mismatchesOf(result.purchase.partnerReferenceId)).toContain('advice');
  });
});

describe('contradictory answers settle nothing', () => {
  it('Klikoo’s history listing two transactions under the purchase’s reference (FAILED and SUCCESS): a paid sale is neither failed nor refunded', async () => {
    let sent: PpobReceived | undefined;
    scripted.on('klikoo.buy', (request) => {
      sent = request;
      return { drop: true };
    });
    scripted.on('klikoo.history', () =>
      klikooCoded(
        '200022000',
        sent === undefined
          ? []
          : [
              klikooTransaction(sent, 'FAILED', { transaction_id: 'KT-A' }),
              klikooTransaction(sent, 'SUCCESS', { transaction_id: 'KT-B' }),
            ],
        'Sukses',
      ),
    );
    const result = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.klikoo.pulsa,
      customerNo: phone(),
      paidBy: { qrContent: rig.qr() },
    });
    expect(result.outcome).toBe('unresolved');
    expect(result.refund).toBeUndefined();
    expect(result.refundOwed).toBe(false);
    expect(rig.terminal.journal.anomalies().map((a) => a.kind)).toContain('purchase-answer-mismatch');
  });
});

describe('a sale paid by QRIS whose product is still being bought', () => {
  it('refuses a refund or a reversal by hand, and refunds in full, once, when the product fails', async () => {
    let sent: PpobReceived | undefined;
    let status: 'WAITING' | 'FAILED' = 'WAITING';
    scripted.on('klikoo.buy', (request) => {
      sent = request;
      return klikooCoded('201022001', klikooTransaction(request, 'WAITING', { transaction_id: 'KT-P' }));
    });
    scripted.on('klikoo.detail', () =>
      klikooCoded('200022000', klikooTransaction(sent, status, { transaction_id: 'KT-P' })),
    );
    const pending = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.klikoo.pulsa,
      customerNo: phone(),
      sellingPrice: 1_200_000n,
      paidBy: { qrContent: rig.qr() },
    });
    expect(pending.outcome).toBe('unresolved');
    const payment = pending.payment?.partnerReferenceNo ?? '';
    const paymentId = pending.payment?.id ?? -1;
    // The product may still reach the customer: money back by hand now could pay them twice.
    const byHand = () =>
      rig.terminal.engine.refund(payment, {
        amount: 200_000n,
        reason: 'the customer asked for Rp 2.000 back',
        requestedBy: 'cashier',
      });
    expect(await kasirErrorOf(byHand)).toMatchObject({ code: 'PAYMENT_PRODUCT_PENDING' });
    const reversed = () =>
      rig.terminal.engine.cancel(payment, { reason: 'salah produk', requestedBy: 'cashier' });
    expect(await kasirErrorOf(reversed)).toMatchObject({ code: 'PAYMENT_PRODUCT_PENDING' });
    expect(rig.terminal.journal.refundsOf(paymentId)).toEqual([]);
    expect(rig.terminal.journal.cancelsOf(paymentId)).toEqual([]);

    status = 'FAILED';
    const failed = await rig.ppob.resolve(pending.purchase.partnerReferenceId);
    expect(failed.outcome).toBe('failed');
    expect(rig.terminal.journal.refundsOf(paymentId).map((r) => [r.amount, r.state])).toEqual([
      [1_200_000n, 'REFUNDED'],
    ]);
    expect(failed.refundMessage?.en).toContain('12.000');
    // Settled: asking again refunds nothing more.
    await rig.ppob.resolve(pending.purchase.partnerReferenceId);
    expect(rig.terminal.journal.refundsOf(paymentId)).toHaveLength(1);
  });
});

describe('a Buy answer that cannot be read is an unknown outcome, found out with the same reference', () => {
  it.each([
    ['larger than the answer limit', { status: 201, raw: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) }],
    ['JSON nested 100,000 deep', { status: 201, raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }],
    ['an HTML error page', { status: 502, raw: '<html><body>Bad Gateway</body></html>' }],
    [
      'a code that disagrees with its HTTP status',
      { status: 200, raw: '{"response_code":"422026558","response_message":"x","data":null}' },
    ],
  ])('Klikoo answering %s: bought once, found by history, never re-sent', async (_what, answer) => {
    let ours: Record<string, unknown> | undefined;
    scripted.on('klikoo.buy', (request) => {
      ours = klikooTransaction(request, 'SUCCESS', { transaction_id: 'KT-R' });
      return answer;
    });
    scripted.on('klikoo.history', () => klikooCoded('200022000', ours === undefined ? [] : [ours], 'Sukses'));
    const buys = scripted.of('klikoo.buy').length;
    const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
    expect(result.outcome).toBe('success');
    expect(result.purchase.transactionId).toBe('KT-R');
    expect(scripted.of('klikoo.buy')).toHaveLength(buys + 1);
  });
});

describe('an answer that names a key twice proves nothing', () => {
  it('Klikoo answering data SUCCESS and then data FAILED: not failed, not refunded, found by history', async () => {
    let ours: Record<string, unknown> | undefined;
    scripted.on('klikoo.buy', (request) => {
      ours = klikooTransaction(request, 'SUCCESS', { transaction_id: 'KT-D' });
      const failed = klikooTransaction(request, 'FAILED', { transaction_id: 'KT-D' });
      const body = JSON.stringify({
        response_code: '201022001',
        response_message: 'Berhasil dibuat',
        data: ours,
      });
      return { status: 201, raw: body.replace(/}$/, `,"data":${JSON.stringify(failed)}}`) };
    });
    scripted.on('klikoo.history', () => klikooCoded('200022000', ours === undefined ? [] : [ours], 'Sukses'));
    const result = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.klikoo.pulsa,
      customerNo: phone(),
      paidBy: { qrContent: rig.qr() },
    });
    expect(result.outcome).toBe('success');
    expect(result.refund).toBeUndefined();
  });
});

describe('an answer that contradicts itself proves nothing', () => {
  it('Klikoo refusing a Buy (422xx6558) while its data says SUCCESS: not failed, found by history', async () => {
    let ours: Record<string, unknown> | undefined;
    scripted.on('klikoo.buy', (request) => {
      ours = klikooTransaction(request, 'SUCCESS', { transaction_id: 'KT-C' });
      return klikooCoded('422026558', ours, 'Dompet tidak cukup');
    });
    scripted.on('klikoo.history', () => klikooCoded('200022000', ours === undefined ? [] : [ours], 'Sukses'));
    const result = await rig.ppob.buy({
      productCode: SCRIPTED_PRODUCTS.klikoo.pulsa,
      customerNo: phone(),
      paidBy: { qrContent: rig.qr() },
    });
    expect(result.outcome).toBe('success');
    expect(result.refund).toBeUndefined();
  });

  it('Klikoo refusing with data that says FAILED is the refusal it says', async () => {
    scripted.on('klikoo.buy', (request) =>
      klikooCoded(
        '422026558',
        klikooTransaction(request, 'FAILED', { transaction_id: 'KT-F' }),
        'Dompet tidak cukup',
      ),
    );
    const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
    expect(result.failure?.kind).toBe('deposit');
  });
});

it('Klikoo’s duplicate reference (409xx6563) carrying the earlier transaction is still a duplicate: never re-sent', async () => {
  let ours: Record<string, unknown> | undefined;
  const buys = scripted.of('klikoo.buy').length;
  // The first send's answer is lost; every send after it is told the reference is taken.
  scripted.on('klikoo.buy', (request, n) => {
    ours = klikooTransaction(request, 'SUCCESS', { transaction_id: 'KT-D' });
    return n === buys + 1 ? { drop: true } : klikooCoded('409026563', ours, 'ReferenceNo sudah digunakan');
  });
  // The history never shows it: only the duplicate answer says it exists.
  scripted.on('klikoo.history', () => klikooCoded('200022000', [], 'Sukses'));
  const result = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
  expect(result.outcome).toBe('unresolved');
  // "Not found" counts once the request's own timeout (1 s) has passed: then one re-send, whose
  // duplicate answer ends the re-sending for good.
  await new Promise((done) => setTimeout(done, 1_100));
  const reference = result.purchase.partnerReferenceId;
  expect((await rig.ppob.resolve(reference)).outcome).toBe('unresolved');
  expect(scripted.of('klikoo.buy')).toHaveLength(buys + 2);
  expect((await rig.ppob.resolve(reference)).outcome).toBe('unresolved');
  expect(scripted.of('klikoo.buy')).toHaveLength(buys + 2);
});

it('DOKU Biller refusing a payment (IT08) while handing over a serial number: not failed, the advice decides', async () => {
  let paidBy: Record<string, unknown> = {};
  scripted.on('doku.payment', (request) => {
    paidBy = request.body;
    return dokuCoded('IT08', 'Insufficient partners deposit balance', { serialNumber: '0612345678901234' });
  });
  scripted.on('doku.advice', () =>
    dokuCoded('0000', 'Success', {
      inquiryId: paidBy.inquiryId,
      transactionId: 'DTX-S',
      serialNumber: '0612345678901234',
      amount: paidBy.amount,
    }),
  );
  const result = await rig.ppob.buy({
    productCode: SCRIPTED_PRODUCTS.doku.pulsa,
    customerNo: phone(),
    paidBy: { qrContent: rig.qr() },
  });
  expect(result.outcome).toBe('success');
  expect(result.refund).toBeUndefined();
});

it('a Klikoo callback arriving while the terminal is buying something else is confirmed once it is free', async () => {
  const sent = new Map<string, PpobReceived>();
  let settled = false;
  scripted.on('klikoo.buy', (request) => {
    const id = `KT-${sent.size + 1}`;
    sent.set(id, request);
    // The second purchase's answer takes a while: the callback about the first comes meanwhile.
    if (id === 'KT-1')
      return klikooCoded('201022001', klikooTransaction(request, 'WAITING', { transaction_id: id }));
    return {
      ...klikooCoded('201022001', klikooTransaction(request, 'SUCCESS', { transaction_id: id })),
      delayMs: 300,
    };
  });
  scripted.on('klikoo.detail', (request) => {
    const id = request.path.split('/').at(-1) ?? '';
    return klikooCoded(
      '200022000',
      klikooTransaction(sent.get(id), settled ? 'SUCCESS' : 'WAITING', { transaction_id: id }),
    );
  });
  const first = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
  expect(first.purchase.state).toBe('WAITING');

  const second = rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
  await new Promise((done) => setTimeout(done, 100));
  settled = true;
  const applied = rig.ppob.applyCallback(
    'klikoo',
    JSON.stringify({
      transaction_id: 'KT-1',
      partner_reference_id: first.purchase.partnerReferenceId,
      transaction_status: 'SUCCESS',
    }),
  );
  expect(applied.result).toBe('recorded');
  expect((await second).outcome).toBe('success');
  await applied.confirming;
  expect(rig.ppob.details(first.purchase.partnerReferenceId).purchase.state).toBe('SUCCESS');
});

it('DOKU Biller answering 0000 inside an HTTP 502: not taken as bought, the advice decides', async () => {
  let paidBy: Record<string, unknown> = {};
  let advised = 0;
  scripted.on('doku.payment', (request) => {
    paidBy = request.body;
    return { ...dokuPaid(request, '0000'), status: 502 };
  });
  scripted.on('doku.advice', () => {
    advised += 1;
    return dokuCoded('0000', 'Success', {
      inquiryId: paidBy.inquiryId,
      transactionId: 'DTX-A',
      serialNumber: '0698765432109876',
      amount: paidBy.amount,
    });
  });
  const result = await rig.ppob.buy({
    productCode: SCRIPTED_PRODUCTS.doku.pulsa,
    customerNo: phone(),
    paidBy: { qrContent: rig.qr() },
  });
  expect(advised).toBeGreaterThan(0);
  expect(result.outcome).toBe('success');
  expect(result.purchase.sn).toBe('0698765432109876');
});

it('a callback whose check still says WAITING costs one check: the till is free for the next sale at once', async () => {
  const sent = new Map<string, PpobReceived>();
  let checks = 0;
  scripted.on('klikoo.buy', (request) => {
    const id = `KW-${sent.size + 1}`;
    sent.set(id, request);
    return klikooCoded(
      '201022001',
      klikooTransaction(request, id === 'KW-1' ? 'WAITING' : 'SUCCESS', { transaction_id: id }),
    );
  });
  scripted.on('klikoo.detail', (request) => {
    const id = request.path.split('/').at(-1) ?? '';
    if (id === 'KW-1') checks += 1;
    return klikooCoded('200022000', klikooTransaction(sent.get(id), 'WAITING', { transaction_id: id }));
  });
  const first = await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() });
  expect(first.purchase.state).toBe('WAITING');
  const before = checks;
  const applied = rig.ppob.applyCallback(
    'klikoo',
    JSON.stringify({
      transaction_id: 'KW-1',
      partner_reference_id: first.purchase.partnerReferenceId,
      transaction_status: 'SUCCESS',
    }),
  );
  await applied.confirming;
  // A callback alone settles nothing: it was checked once, and the purchase waits on.
  expect(checks - before).toBe(1);
  expect(rig.ppob.details(first.purchase.partnerReferenceId).purchase.state).toBe('WAITING');
  expect(
    (await rig.ppob.buy({ productCode: SCRIPTED_PRODUCTS.klikoo.pulsa, customerNo: phone() })).outcome,
  ).toBe('success');
});
