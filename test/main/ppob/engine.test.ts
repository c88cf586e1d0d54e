// The purchase engine's rules beyond the fault table, over real HTTP against the simulators:
// Klikoo's callbacks are hints confirmed by a check, a supervisor decides only what the provider
// never settled, and bad input is refused before anything is journaled.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import type { CallbackApplication } from '../../../main/ppob/purchase-engine';
import type { PpobRig } from './support';
import { kasirErrorOf, startPpobRig } from './support';

const forced = new Map<string, string>();
let rig: PpobRig;
let receiver: Server;
const received: Promise<CallbackApplication>[] = [];

beforeAll(async () => {
  // What the merchant server does with Klikoo's callbacks: hand the raw body to the engine.
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push(Promise.resolve(rig.ppob.applyCallback('klikoo', body)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  rig = await startPpobRig({
    callbackUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/klikoo/callback`,
    sim: {
      // WAITING purchases settle on their own after 300 ms (and then Klikoo calls back), never by lookups.
      waitingMs: 300,
      waitingLookups: 1_000,
      forcedCode: (customerNo) => {
        const code = forced.get(customerNo);
        forced.delete(customerNo);
        return code;
      },
    },
    policy: { settleMs: 0, deadlineMs: 400 },
  });
});
afterAll(async () => {
  await rig.close();
  await new Promise((done) => receiver.close(done));
});

describe("Klikoo's callback", () => {
  it('is recorded as a hint, then confirmed by transaction detail before the purchase changes', async () => {
    const waiting = await rig.ppob.buy({ productCode: 'TSEL10', customerNo: '081255559901' });
    expect(waiting.purchase.state).toBe('WAITING');
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const applied = await received[0];
    expect(applied?.result).toBe('recorded');
    await applied?.confirming;
    const after = rig.ppob.details(waiting.purchase.partnerReferenceId);
    expect(after.purchase.state).toBe('SUCCESS');
    const kinds = after.events.map((e) => e.kind);
    expect(kinds.indexOf('callback')).toBeLessThan(kinds.lastIndexOf('check'));
    expect(after.events.find((e) => e.kind === 'callback')?.providerStatus).toBeNull();
  });

  it('cannot change a purchase by itself: a forged SUCCESS for a failed one is an anomaly', async () => {
    const failed = await rig.ppob.buy({ productCode: 'TSEL10', customerNo: '081255559912' });
    expect(failed.purchase.state).toBe('FAILED');
    const forged = JSON.stringify({
      transaction_id: failed.purchase.transactionId,
      partner_reference_id: failed.purchase.partnerReferenceId,
      transaction_status: 'SUCCESS',
      sn: 'FORGED',
    });
    expect(rig.ppob.applyCallback('klikoo', forged).result).toBe('recorded');
    expect(rig.ppob.details(failed.purchase.partnerReferenceId).purchase).toMatchObject({
      state: 'FAILED',
      sn: null,
    });
    expect(rig.terminal.journal.anomalies().map((a) => a.kind)).toContain('purchase-callback-contradicts');
  });

  it.each([
    ['a cut-off body', '{"transaction_id":"1'],
    [
      'a body larger than 1 MiB',
      JSON.stringify({ transaction_id: '1', transaction_status: 'SUCCESS', x: 'a'.repeat(1_100_000) }),
    ],
    ['JSON nested 10,000 deep', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['another shape', JSON.stringify({ status: 'SUCCESS' })],
  ])('refuses %s', (_what, body) => {
    expect(rig.ppob.applyCallback('klikoo', body).result).toBe('malformed');
  });

  it('names a purchase this terminal never made: recorded as an anomaly only', () => {
    const body = JSON.stringify({ transaction_id: 'NOT-OURS', transaction_status: 'SUCCESS' });
    expect(rig.ppob.applyCallback('klikoo', body).result).toBe('unknown-purchase');
  });
});

describe("a supervisor's decision", () => {
  it('settles a purchase past its deadline that the provider never settled, refunding a QR sale decided failed', async () => {
    const customerNo = '081255550001';
    forced.set(customerNo, '409026563');
    const stuck = await rig.ppob.buy({ productCode: 'TSEL10', customerNo, paidBy: { qrContent: rig.qr() } });
    expect(stuck.outcome).toBe('unresolved');
    await new Promise((r) => setTimeout(r, 450));
    const before = await rig.ppob.resolve(stuck.purchase.partnerReferenceId);
    expect(before).toMatchObject({ outcome: 'unresolved', needsSupervisor: true });
    expect(
      (
        await kasirErrorOf(() =>
          rig.ppob.decideManually(stuck.purchase.partnerReferenceId, {
            outcome: 'failed',
            reason: ' ',
            supervisor: 'Bu Rina',
          }),
        )
      ).code,
    ).toBe('MANUAL_REASON_REQUIRED');
    const decided = await rig.ppob.decideManually(stuck.purchase.partnerReferenceId, {
      outcome: 'failed',
      reason: 'Klikoo support: no such transaction',
      supervisor: 'Bu Rina',
    });
    expect(decided.purchase).toMatchObject({ state: 'MANUAL_FAILED', decidedBy: 'Bu Rina' });
    expect(decided.refund).toMatchObject({ state: 'REFUNDED', amount: decided.purchase.sellingPrice });
  });

  it('is refused when the recheck settles it', async () => {
    // DOKU Biller sends no callback: only the recheck can learn it settled.
    const waiting = await rig.ppob.buy({ productCode: 'PULSA-TSEL-50', customerNo: '081255569901' });
    expect(waiting.purchase.state).toBe('WAITING');
    await new Promise((r) => setTimeout(r, 350));
    const refused = await kasirErrorOf(() =>
      rig.ppob.decideManually(waiting.purchase.partnerReferenceId, {
        outcome: 'failed',
        reason: 'r',
        supervisor: 's',
      }),
    );
    expect(refused.code).toBe('MANUAL_NOT_NEEDED');
    expect(rig.ppob.details(waiting.purchase.partnerReferenceId).purchase.state).toBe('SUCCESS');
  });
});

describe('a QR sale whose payment is refused before it is sent', () => {
  /** A QR sale while another process (the CLI, a second window) holds the terminal. */
  async function buyWhileTerminalHeld(customerNo: string) {
    const held = acquireTerminalLock(rig.terminal.dataDir, 'PPOB-T1');
    try {
      return await rig.ppob.buy({ productCode: 'TSEL10', customerNo, paidBy: { qrContent: rig.qr() } });
    } finally {
      held.release();
    }
  }

  it('ends NOT_PAID, saying why and what to do next, and nothing is charged or bought', async () => {
    const paymentsBefore = rig.terminal.journal.history({ limit: 500 }).items.length;
    const result = await buyWhileTerminalHeld('081255550003');
    expect(result).toMatchObject({ outcome: 'not_paid', purchase: { state: 'NOT_PAID', paymentId: null } });
    expect(result.message.en).toMatch(
      /not sent, so the customer was not charged.*Terminal PPOB-T1 is in use by another process.*Wait for it to finish\. Then sell it again and scan the customer's QR again/,
    );
    const bought = rig.ppobSandbox.klikoo.ledger.findByReference(
      rig.klikooPartner.clientId,
      result.purchase.partnerReferenceId,
    );
    expect(bought).toBeUndefined();
    expect(rig.terminal.journal.history({ limit: 500 }).items.length).toBe(paymentsBefore);
  });

  it('keeps why in the journal: every later read of the sale says it, in Bahasa Indonesia and English', async () => {
    const result = await buyWhileTerminalHeld('081255550004');
    const later = rig.ppob.details(result.purchase.partnerReferenceId);
    expect(later.message).toEqual(result.message);
    expect(later.message.id).toMatch(
      /tidak dikirim, jadi pelanggan tidak ditagih.*Terminal PPOB-T1 sedang dipakai proses lain.*pindai lagi QR pelanggan/,
    );
    expect(later.message.en).toMatch(/Terminal PPOB-T1 is in use by another process/);
  });

  it('a bug, not a refusal, is thrown as before; its sale still ends NOT_PAID, nothing charged', async () => {
    const customerNo = '081255550005';
    const bug = new TypeError("Cannot read properties of undefined (reading 'qrContent')");
    const pay = vi.spyOn(rig.terminal.engine, 'pay').mockRejectedValueOnce(bug);
    try {
      await expect(
        rig.ppob.buy({ productCode: 'TSEL10', customerNo, paidBy: { qrContent: rig.qr() } }),
      ).rejects.toBe(bug);
    } finally {
      pay.mockRestore();
    }
    const sale = rig.terminal.journal
      .purchaseHistory({ limit: 500 })
      .items.find((p) => p.customerNo === customerNo);
    expect(sale).toMatchObject({ state: 'NOT_PAID', paymentId: null });
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['an unknown product', { productCode: 'NOPE', customerNo: '081234567890' }, 'PPOB_PRODUCT_UNKNOWN'],
    ['a malformed number', { productCode: 'TSEL10', customerNo: '12' }, 'PPOB_CUSTOMER_INVALID'],
    [
      'below cost',
      { productCode: 'TSEL10', customerNo: '081234567890', sellingPrice: 100_000n },
      'PPOB_PRICE_BELOW_COST',
    ],
    [
      'a price with sen',
      { productCode: 'TSEL10', customerNo: '081234567890', sellingPrice: 1_200_050n },
      'PPOB_PRICE_INVALID',
    ],
    [
      'a price beyond 16 digits of Rupiah',
      { productCode: 'TSEL10', customerNo: '081234567890', sellingPrice: 10n ** 18n },
      'PPOB_PRICE_INVALID',
    ],
    [
      'BPJS without a phone',
      { productCode: 'BPJSKES', customerNo: '8888801234567890' },
      'PPOB_PHONE_REQUIRED',
    ],
    [
      'an inquiry that is not there',
      { productCode: 'PLNPOST', customerNo: '512345678901', inquiry: 'INQ-nope' },
      'PPOB_INQUIRY_MISMATCH',
    ],
  ])('%s → %s', async (_what, input, code) => {
    const before = rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length;
    expect((await kasirErrorOf(() => rig.ppob.buy(input))).code).toBe(code);
    expect(rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length).toBe(before);
  });

  it('a phone that is not a mobile number is named as the phone, not as the customer number', async () => {
    const before = rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length;
    const error = await kasirErrorOf(() =>
      rig.ppob.buy({ productCode: 'BPJSKES', customerNo: '8888801234567890', phone: 'abc' }),
    );
    expect(error.code).toBe('PPOB_PHONE_INVALID');
    expect(error.messages.en).toMatch(/^The customer's mobile number must be a mobile number 08/);
    expect(error.messages.id).toMatch(/^Nomor HP pelanggan harus nomor HP 08/);
    expect(rig.terminal.journal.purchaseHistory({ limit: 500 }).items.length).toBe(before);
  });

  it('a second purchase of the same product for the same number waits for the first', async () => {
    const customerNo = '081255550002';
    forced.set(customerNo, '409026563');
    await rig.ppob.buy({ productCode: 'TSEL10', customerNo });
    expect((await kasirErrorOf(() => rig.ppob.buy({ productCode: 'TSEL10', customerNo }))).code).toBe(
      'PURCHASE_IN_FLIGHT',
    );
  });
});
