// What the counter refuses before anything is journaled, and what it will not do twice, end to end
// through the app core's dispatcher against the real embedded sandbox: one QRIS payment at a time (a
// digital-product sale paid by QRIS included), a sale's inquiry and phone checked as what they are,
// one original of each receipt however many clicks arrive at once, and a customer QR known by its
// bytes, however the scanner spelled them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { qrFingerprint } from '../../../main/payments/references';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import type { IpcResult } from '../../../preload/contract';
import type { PaymentDetail, PaymentView, ScanCheck } from '../../../preload/contract/payments';
import type { PurchaseDetail, PurchaseView } from '../../../preload/contract/ppob';
import { openCounterCore } from './sandbox-sale';

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

const code = (result: IpcResult<unknown>) => (result.ok ? undefined : result.error.code);
const english = (result: IpcResult<unknown>) => (result.ok ? undefined : result.error.message.en);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sandbox's amount for "in progress, then success": the payment stays open while it is queried. */
const STAYS_OPEN_MINOR = '1000200';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A receipt's COPY line as receiptHtml prints it (the CSS names .copy on every receipt). */
const COPY_LINE = /\*\*\* (SALINAN \/ )?COPY \*\*\*/;

describe('the counter against the sandbox', () => {
  let core: AppCore;
  const dataDir = mkdtempSync(join(tmpdir(), 'kasir-counter-guards-'));
  const printed: string[] = [];
  /** What the printer does with the next page; by default it prints it, a little later. */
  let print = async (html: string): Promise<boolean> => {
    await sleep(20);
    printed.push(html);
    return true;
  };
  const printNormally = print;
  const call = (channel: string, payload?: unknown) => core.dispatch(channel, payload);

  beforeAll(async () => {
    core = await openCounterCore(dataDir, {
      // STAYS_OPEN_MINOR is queried "in progress" 20 times: open for about a second.
      faultScript: { pendingQueries: 20 },
      printer: { print: (html) => print(html) },
    });
  });

  afterAll(async () => {
    await core?.close();
  });

  function journal() {
    const opened = core.cashier.backend()?.journal;
    if (!opened) throw new Error('the sandbox backend is not running');
    return opened;
  }

  /** How many payments and purchases the journal holds: a refusal adds neither. */
  function journaled() {
    return {
      payments: journal().history({ limit: 500 }).items.length,
      purchases: journal().purchaseHistory({ limit: 500 }).items.length,
    };
  }

  function issuedQr(): string {
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('the sandbox is not running');
    return sandbox.issueQr().qrContent;
  }

  async function scanned(text = issuedQr()): Promise<string> {
    return value<ScanCheck>(await call('scan:check', { text })).scanId;
  }

  const sellByQris = (scanId: string, customerNo: string) =>
    call('ppob:sell', {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo,
      payment: { method: 'qris', scanId },
    });

  const sellForCash = (request: Record<string, unknown>) =>
    call('ppob:sell', {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo: '081234567811',
      payment: { method: 'cash', receivedMinor: '2000000' },
      ...request,
    });

  /** Until no payment is open and every sale has settled (its refund too). */
  async function idle(): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const open = value<PaymentView | null>(await call('payment:active'));
      const sale = value<PurchaseView | null>(await call('ppob:active'));
      if (open === null && sale === null) return;
      await sleep(25);
    }
    throw new Error('the counter did not settle');
  }

  async function settled(reference: string): Promise<PurchaseView> {
    for (let i = 0; i < 400; i++) {
      const { purchase } = value<PurchaseDetail>(await call('ppob:get', { reference }));
      if (purchase.outcome !== 'unresolved') return purchase;
      await sleep(25);
    }
    throw new Error(`${reference} did not settle`);
  }

  async function paid(text = issuedQr(), amountMinor = '500000'): Promise<PaymentView> {
    const started = value<PaymentView>(
      await call('payment:start', { scanId: await scanned(text), amountMinor }),
    );
    await idle();
    return value<PaymentDetail>(await call('payment:get', { paymentId: started.id })).payment;
  }

  describe('one QRIS payment at a time', () => {
    it('refuses a QRIS sale while a payment is still open, journaling nothing and leaving its scan to pay with later', async () => {
      value(await call('payment:start', { scanId: await scanned(), amountMinor: STAYS_OPEN_MINOR }));
      expect(value<PaymentView | null>(await call('payment:active'))?.outcome).toBe('unresolved');
      const qr = issuedQr();
      const scanId = await scanned(qr);
      const before = journaled();

      const refused = await sellByQris(scanId, '081234567801');
      expect(code(refused)).toBe('PAYMENT_IN_FLIGHT');
      expect(english(refused)).toMatch(/A payment is still unfinished\. Wait for its result/);
      expect(journaled()).toEqual(before);
      // The scan was never taken: the same QR keeps its handle, and pays once the payment is done.
      expect(value<ScanCheck>(await call('scan:check', { text: qr })).scanId).toBe(scanId);
      await idle();
      const sold = value<PurchaseView>(await sellByQris(scanId, '081234567801'));
      expect(await settled(sold.reference)).toMatchObject({ state: 'SUCCESS', payment: { state: 'PAID' } });
    });

    it.each([
      ['the sale first', true],
      ['the payment first', false],
    ])(
      'takes one of a QRIS sale and a payment started at once (%s) and refuses the other before it is journaled',
      async (_order, saleFirst) => {
        const [saleScan, paymentScan] = [await scanned(), await scanned()];
        const customerNo = saleFirst ? '081234567802' : '081234567803';
        const before = journaled();
        const sale = () => sellByQris(saleScan, customerNo);
        const payment = () => call('payment:start', { scanId: paymentScan, amountMinor: '600000' });
        const answers = saleFirst
          ? await Promise.all([sale(), payment()])
          : (await Promise.all([payment(), sale()])).reverse();

        expect(answers.map(code).sort()).toEqual(['PAYMENT_IN_FLIGHT', undefined]);
        const taken = answers.findIndex((answer) => answer.ok);
        expect(journaled()).toEqual({
          payments: before.payments + 1,
          purchases: before.purchases + (taken === 0 ? 1 : 0),
        });
        await idle();
        const sales = journal()
          .purchaseHistory({ limit: 500 })
          .items.filter((p) => p.customerNo === customerNo);
        expect(sales.filter((p) => p.state === 'NOT_PAID')).toEqual([]);
      },
    );

    it("lets a payment start once a QRIS sale's payment is paid, while its product is still being bought", async () => {
      // 081234569901: the sandbox answers WAITING first, for 400 ms.
      const sold = value<PurchaseView>(await sellByQris(await scanned(), '081234569901'));
      let sale = value<PurchaseDetail>(await call('ppob:get', { reference: sold.reference })).purchase;
      for (let i = 0; i < 200 && sale.payment?.state !== 'PAID'; i++) {
        await sleep(10);
        sale = value<PurchaseDetail>(await call('ppob:get', { reference: sold.reference })).purchase;
      }
      expect(sale.outcome).toBe('unresolved');

      const started = await call('payment:start', { scanId: await scanned(), amountMinor: '700000' });
      expect(code(started)).toBeUndefined();
      await idle();
    });

    it('shows a QRIS sale whose payment was refused before it was sent as paid by QRIS, with no cash to give back', async () => {
      const scanId = await scanned();
      const held = acquireTerminalLock(join(dataDir, 'sandbox'), 'SBX00001');
      let sold: PurchaseView;
      try {
        sold = value<PurchaseView>(await sellByQris(scanId, '081234567804'));
        for (let i = 0; i < 200 && sold.state !== 'NOT_PAID'; i++) {
          await sleep(10);
          sold = value<PurchaseDetail>(await call('ppob:get', { reference: sold.reference })).purchase;
        }
      } finally {
        held.release();
      }
      expect(sold).toMatchObject({
        state: 'NOT_PAID',
        payment: null,
        method: 'qris',
        cashReceivedMinor: null,
        changeMinor: null,
        cashToReturn: false,
      });
    });

    it("reads the same from a QRIS sale made without the counter's note (from the CLI)", async () => {
      const engine = core.cashier.backend()?.ppob;
      if (!engine) throw new Error('no PPOB engine');
      const held = acquireTerminalLock(join(dataDir, 'sandbox'), 'SBX00001');
      let reference: string;
      try {
        const result = await engine.buy({
          provider: 'klikoo',
          productCode: 'TSEL10',
          customerNo: '081234567805',
          paidBy: { qrContent: issuedQr(), wallet: { label: null, last4: null }, title: 'PPOB TSEL10' },
        });
        reference = result.purchase.partnerReferenceId;
      } finally {
        held.release();
      }
      const { purchase } = value<PurchaseDetail>(await call('ppob:get', { reference }));
      expect(purchase).toMatchObject({ state: 'NOT_PAID', method: 'qris', cashToReturn: false });
    });
  });

  describe("a sale's inquiry and phone, checked as what they are", () => {
    it.each([
      ['a product', { productCode: 'TSEL10', customerNo: '081234567811' }],
      [
        'a bill',
        {
          productCode: 'PLNPOST',
          customerNo: '512345678901',
          payment: { method: 'cash', receivedMinor: '99999999' },
        },
      ],
    ])(
      'refuses %s sold with an inquiry that is not in the journal, journaling nothing',
      async (_what, sale) => {
        const before = journaled();
        const refused = await sellForCash({ ...sale, inquiry: 'does-not-exist' });
        expect(code(refused)).toBe('PPOB_INQUIRY_MISMATCH');
        expect(english(refused)).toMatch(/not in this terminal's journal\. Check the bill again/);
        expect(journaled()).toEqual(before);
      },
    );

    it('refuses a phone that is not a mobile number as the phone, not as the customer number, journaling nothing', async () => {
      const before = journaled();
      const refused = await sellForCash({ customerNo: '081234567833', phone: 'abc' });
      expect(code(refused)).toBe('PPOB_PHONE_INVALID');
      expect(english(refused)).toMatch(/^The customer's mobile number must be a mobile number 08/);
      expect(journaled()).toEqual(before);
    });
  });

  describe('one original of each receipt', () => {
    const originals = () => printed.filter((html) => !COPY_LINE.test(html)).length;

    it('prints a payment receipt clicked three times at once as the original and two copies', async () => {
      const payment = await paid();
      printed.length = 0;
      const answers = await Promise.all(
        [1, 2, 3].map(async () =>
          value<{ copy: boolean; printed: boolean }>(await call('receipt:print', { paymentId: payment.id })),
        ),
      );
      expect(answers).toEqual([
        { copy: false, printed: true },
        { copy: true, printed: true },
        { copy: true, printed: true },
      ]);
      expect(originals()).toBe(1);
      const receipts = value<PaymentDetail>(await call('payment:get', { paymentId: payment.id })).events;
      expect(
        receipts.filter((e) => e.kind === 'receipt').map((e) => JSON.parse(e.detail ?? '{}').copy),
      ).toEqual([false, true, true]);
    });

    it("prints a digital product's receipt clicked twice at once as the original and a copy", async () => {
      const sold = value<PurchaseView>(await sellForCash({ customerNo: '081234567821' }));
      await settled(sold.reference);
      printed.length = 0;
      const answers = await Promise.all(
        [1, 2].map(async () =>
          value<{ copy: boolean }>(await call('ppob:receipt:print', { reference: sold.reference })),
        ),
      );
      expect(answers.map((a) => a.copy)).toEqual([false, true]);
      expect(originals()).toBe(1);
      const events = value<PurchaseDetail>(await call('ppob:get', { reference: sold.reference })).events;
      expect(
        events.filter((e) => e.kind === 'receipt').map((e) => JSON.parse(e.detail ?? '{}').copy),
      ).toEqual([false, true]);
    });

    it('prints the original again when the print of it came to nothing, and copies only after one came out', async () => {
      const payment = await paid();
      printed.length = 0;
      let prints = 0;
      print = async (html) => {
        // The first page: the dialog was cancelled, or the printer gave up.
        if (++prints === 1) return false;
        return printNormally(html);
      };
      try {
        const answers = await Promise.all(
          [1, 2, 3].map(async () =>
            value<{ copy: boolean; printed: boolean }>(
              await call('receipt:print', { paymentId: payment.id }),
            ),
          ),
        );
        expect(answers).toEqual([
          { copy: false, printed: false },
          { copy: false, printed: true },
          { copy: true, printed: true },
        ]);
        expect(originals()).toBe(1);
      } finally {
        print = printNormally;
      }
    });
  });

  describe('a customer QR, known by its bytes', () => {
    /** The same QR with other unused low bits in its last base64 character: other text, the same bytes. */
    function respelled(qr: string): string {
      const body = qr.replace(/=+$/, '');
      const last = BASE64.indexOf(body.at(-1) ?? '');
      return `${body.slice(0, -1)}${BASE64[last ^ 1]}${qr.slice(body.length)}`;
    }

    it('refuses a QR already paid when it is scanned again without its padding, or with other unused bits', async () => {
      const qr = issuedQr();
      expect(qr).toMatch(/=$/);
      await paid(qr);
      const spellings = [qr.replace(/=+$/, ''), respelled(qr)];
      for (const text of spellings) {
        expect(text).not.toBe(qr);
        expect(Buffer.from(text, 'base64')).toEqual(Buffer.from(qr, 'base64'));
      }
      const before = journaled();
      for (const text of spellings) {
        expect(code(await call('scan:check', { text }))).toBe('SCAN_DUPLICATE');
      }
      expect(journaled()).toEqual(before);
    });

    it("journals a QR scanned without its padding under its one spelling's fingerprint, the one a restart remembers", async () => {
      const qr = issuedQr();
      const payment = await paid(qr.replace(/=+$/, ''));
      expect(payment.qrFingerprint).toBe(qrFingerprint(qr));
      expect(code(await call('scan:check', { text: qr }))).toBe('SCAN_DUPLICATE');
    });

    it.each([
      ['a second payment', 'payment'],
      ['a digital-product sale', 'sale'],
    ])(
      'tells %s started at once with the same scan that its QR is already in use, not that the scan waited too long',
      async (_other, kind) => {
        const scanId = await scanned();
        const other =
          kind === 'sale'
            ? sellByQris(scanId, '081234567806')
            : call('payment:start', { scanId, amountMinor: '800000' });
        const answers = await Promise.all([call('payment:start', { scanId, amountMinor: '800000' }), other]);
        const refused = answers.find((answer) => !answer.ok);
        expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
        expect(code(refused as IpcResult<unknown>)).toBe('SCAN_DUPLICATE');
        expect(english(refused as IpcResult<unknown>)).toMatch(
          /^This QR (is already being used|was already used) for a payment/,
        );
        await idle();
      },
    );
  });
});
