// Digital products at the counter, end to end through the app core's dispatcher, against the real
// embedded sandbox: the SNAP QRIS simulator and the Klikoo B2B and DOKU Biller simulators over
// loopback HTTP. What the Produk digital screen, History, the report and the receipts get to see.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEMO_PIN } from '../../../main/app/cashier';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { DayReportView, HistoryResult, ScanCheck } from '../../../preload/contract/payments';
import type {
  Catalogue,
  InquiryView,
  PurchaseDetail,
  PurchaseReceipt,
  PurchaseView,
  Reconciliation,
} from '../../../preload/contract/ppob';
import type { SettingsView } from '../../../preload/contract/settings';
import { openCounterCore } from './sandbox-sale';

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

function code(result: IpcResult<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('digital products at the counter, against the sandbox', () => {
  let core: AppCore;
  const printed: string[] = [];
  const changes: PurchaseView[] = [];

  const call = (channel: string, payload?: unknown) => core.dispatch(channel, payload);

  async function settled(reference: string): Promise<PurchaseView> {
    for (let i = 0; i < 400; i++) {
      const { purchase } = value<PurchaseDetail>(await call('ppob:get', { reference }));
      if (
        purchase.outcome !== 'unresolved' &&
        (purchase.refund === null || purchase.refund.state !== 'REFUND_SENDING')
      )
        return purchase;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${reference} did not settle`);
  }

  /** A fresh customer QR from the sandbox's wallet. */
  function issuedQr(): string {
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('the sandbox is not running');
    return sandbox.issueQr().qrContent;
  }

  async function scanned(): Promise<string> {
    return value<ScanCheck>(await call('scan:check', { text: issuedQr() })).scanId;
  }

  async function sellCash(productCode: string, customerNo: string, receivedMinor: string, inquiry?: string) {
    return value<PurchaseView>(
      await call('ppob:sell', {
        provider: 'klikoo',
        productCode,
        customerNo,
        ...(inquiry ? { inquiry } : {}),
        payment: { method: 'cash', receivedMinor },
      }),
    );
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'kasir-ppob-counter-'));

  beforeAll(async () => {
    core = await openCounterCore(dataDir, {
      printer: {
        print: async (html) => {
          printed.push(html);
          return true;
        },
      },
    });
    core.onEvent((event, payload) => {
      if (event === 'ppob:changed') changes.push(payload as PurchaseView);
    });
  });

  afterAll(async () => {
    await core?.close();
  });

  it('lists each category from one provider at the shop price: the buy price plus the store fee', async () => {
    const catalogue = value<Catalogue>(await call('ppob:catalogue'));
    expect(catalogue.available).toBe(true);
    const tsel10 = catalogue.products.find((p) => p.key === 'klikoo:TSEL10');
    expect(tsel10).toMatchObject({
      buyPriceMinor: '1045000',
      storeFeeMinor: '150000',
      sellingPriceMinor: '1195000',
      operator: 'telkomsel',
      inquiry: 'none',
    });
    expect(catalogue.products.some((p) => p.provider === 'doku')).toBe(false);
    expect(catalogue.products.find((p) => p.key === 'klikoo:PLNPOST')?.inquiry).toBe('required');
    expect(catalogue.deposits.map((d) => [d.provider, d.balanceMinor, d.low])).toEqual([
      ['klikoo', '500000000', false],
      ['doku', '500000000', false],
    ]);
  });

  it('sells pulsa for cash: journaled first, then bought, with the change and the serial number', async () => {
    const sold = await sellCash('TSEL10', '+62 812-3456-7890', '2000000');
    expect(sold.customerNo).toBe('081234567890');
    expect(sold.method).toBe('cash');
    expect(sold.changeMinor).toBe('805000');
    const done = await settled(sold.reference);
    expect(done.state).toBe('SUCCESS');
    expect(done.sn?.raw).toMatch(/^SN1442/);
    expect(changes.some((c) => c.reference === sold.reference && c.state === 'SUCCESS')).toBe(true);
    const recent = value<{ numbers: { customerNo: string }[] }>(
      await call('ppob:recent', { category: 'pulsa' }),
    );
    expect(recent.numbers[0]?.customerNo).toBe('081234567890');
  });

  it('answers the Checkout with the deposits as last read, read again once a sale settles', async () => {
    type Deposits = { provider: string; balanceMinor: string | null }[];
    let klikoo: string | null | undefined;
    for (let i = 0; i < 200 && klikoo !== '498955000'; i++) {
      klikoo = value<Deposits>(await call('ppob:deposits')).find(
        (d) => d.provider === 'klikoo',
      )?.balanceMinor;
      if (klikoo !== '498955000') await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Rp5.000.000 less the one pulsa bought above at its buy price, Rp10.450.
    expect(klikoo).toBe('498955000');
  });

  it('refuses too little cash, an operator mismatch and a bill without its inquiry, journaling nothing', async () => {
    const before = core.cashier
      .backend()
      ?.journal.searchPurchases({ from: '2000-01-01', to: '2999-01-01', limit: 100 }).items.length;
    expect(
      code(
        await call('ppob:sell', {
          provider: 'klikoo',
          productCode: 'TSEL10',
          customerNo: '081234567890',
          payment: { method: 'cash', receivedMinor: '1000000' },
        }),
      ),
    ).toBe('PPOB_CASH_SHORT');
    expect(
      code(
        await call('ppob:sell', {
          provider: 'klikoo',
          productCode: 'TSEL10',
          customerNo: '085712345678',
          payment: { method: 'cash', receivedMinor: '2000000' },
        }),
      ),
    ).toBe('PPOB_OPERATOR_MISMATCH');
    expect(
      code(
        await call('ppob:sell', {
          provider: 'klikoo',
          productCode: 'PLNPOST',
          customerNo: '512345678901',
          payment: { method: 'cash', receivedMinor: '50000000' },
        }),
      ),
    ).toBe('PPOB_INQUIRY_REQUIRED');
    const after = core.cashier
      .backend()
      ?.journal.searchPurchases({ from: '2000-01-01', to: '2999-01-01', limit: 100 }).items.length;
    expect(after).toBe(before);
  });

  it('sells a PLN token for cash and prints the token in groups of four on the receipt', async () => {
    const sold = await sellCash('PLN20', '14234567890', '2500000');
    const done = await settled(sold.reference);
    expect(done.state).toBe('SUCCESS');
    expect(done.sn?.token).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}$/);
    expect(done.customerName).toBe('BUDI SANTOSO');
    const receipt = value<PurchaseReceipt>(await call('ppob:receipt:preview', { reference: sold.reference }));
    const token = receipt.lines.find((line) => line.kind === 'token');
    expect(token?.left).toBe(done.sn?.token?.replaceAll('-', ' '));
    expect(receipt.lines.some((line) => line.kind === 'test')).toBe(true);
    expect(
      value<{ copy: boolean }>(await call('ppob:receipt:print', { reference: sold.reference })).copy,
    ).toBe(false);
    expect(
      value<{ copy: boolean }>(await call('ppob:receipt:print', { reference: sold.reference })).copy,
    ).toBe(true);
    expect(printed.at(-1)).toContain('SALINAN / COPY');
  });

  it('inquires a PLN bill first: name, period, bill, admin fee, store fee and total; then pays it', async () => {
    const inquiry = value<InquiryView>(
      await call('ppob:inquiry', { provider: 'klikoo', productCode: 'PLNPOST', customerNo: '512345678901' }),
    );
    expect(inquiry).toMatchObject({
      customerName: 'BUDI SANTOSO',
      period: '202511',
      billMinor: '24500000',
      adminFeeMinor: '250000',
      storeFeeMinor: '250000',
      totalMinor: '25000000',
    });
    const sold = await sellCash('PLNPOST', '512345678901', '25000000', inquiry.reference);
    const done = await settled(sold.reference);
    expect(done).toMatchObject({
      state: 'SUCCESS',
      priceMinor: '24500000',
      adminFeeMinor: '250000',
      totalMinor: '25000000',
      changeMinor: '0',
    });
    // Paid now: the same bill inquired again is refused in plain words.
    const again = await call('ppob:inquiry', {
      provider: 'klikoo',
      productCode: 'PLNPOST',
      customerNo: '512345678901',
    });
    expect(code(again)).toBe('PPOB_INQUIRY_REFUSED');
  });

  it('sells pulsa paid by QRIS: the product is bought once the payment is PAID', async () => {
    const sold = value<PurchaseView>(
      await call('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234567891',
        payment: { method: 'qris', scanId: await scanned() },
      }),
    );
    expect(sold.method).toBe('qris');
    const done = await settled(sold.reference);
    expect(done.state).toBe('SUCCESS');
    expect(done.payment?.state).toBe('PAID');
    expect(done.payment?.purchaseReference).toBe(sold.reference);
  });

  it('refunds a QRIS payment in full by itself when the product then fails', async () => {
    const sold = value<PurchaseView>(
      await call('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234569912',
        payment: { method: 'qris', scanId: await scanned() },
      }),
    );
    const done = await settled(sold.reference);
    expect(done.state).toBe('FAILED');
    expect(done.refund?.state).toBe('REFUNDED');
    expect(done.refund?.amountMinor).toBe('1195000');
    expect(done.refundMessage?.id).toMatch(/dikembalikan/);
  });

  it('asks a supervisor to confirm the cash went back after a failed cash sale, and journals it once', async () => {
    const sold = await sellCash('TSEL10', '081234569912', '1195000');
    const done = await settled(sold.reference);
    expect(done).toMatchObject({ state: 'FAILED', cashToReturn: true, cashReturned: false });
    expect(
      code(
        await call('ppob:cash-returned', {
          reference: sold.reference,
          pin: '111111',
          reason: 'dikembalikan',
        }),
      ),
    ).toBe('PIN_WRONG');
    const confirmed = value<PurchaseView>(
      await call('ppob:cash-returned', {
        reference: sold.reference,
        pin: SANDBOX_DEMO_PIN,
        reason: 'Uang dikembalikan',
      }),
    );
    expect(confirmed).toMatchObject({ cashToReturn: false, cashReturned: true });
    expect(
      code(
        await call('ppob:cash-returned', {
          reference: sold.reference,
          pin: SANDBOX_DEMO_PIN,
          reason: 'lagi',
        }),
      ),
    ).toBe('PPOB_CASH_RETURN_NOT_ALLOWED');
    const detail = value<PurchaseDetail>(await call('ppob:get', { reference: sold.reference }));
    expect(detail.events.filter((e) => e.kind === 'cash-returned')).toHaveLength(1);
  });

  it('shows a WAITING purchase as waiting, and then as bought', async () => {
    const sold = await sellCash('TSEL10', '081234569901', '1195000');
    const done = await settled(sold.reference);
    expect(done.state).toBe('SUCCESS');
    expect(changes.some((c) => c.reference === sold.reference && c.state === 'WAITING')).toBe(true);
  });

  it('reports the day: by category with margins, refunds, cash in the drawer', async () => {
    const report = value<DayReportView>(await call('report:day', {}));
    const pulsa = report.ppob.byCategory.find((line) => line.category === 'pulsa');
    // Three pulsa sales bought (cash, QRIS, the WAITING one), each Rp11.950 for Rp10.450.
    expect(pulsa).toMatchObject({
      count: 3,
      soldMinor: '3585000',
      costMinor: '3135000',
      marginMinor: '450000',
    });
    expect(report.ppob.refunds.refunded).toEqual({ count: 1, totalMinor: '1195000' });
    expect(report.ppob.drawer.returnedMinor).toBe('1195000');
    expect(report.ppob.drawer.owedMinor).toBe('0');
    // Cash kept: two pulsa (Rp23.900), the PLN token (Rp22.500), the PLN bill (Rp250.000).
    expect(report.ppob.drawer.keptMinor).toBe('29640000');
    expect(report.ppob.unresolved).toEqual([]);
  });

  it("matches the day with Klikoo's history and DOKU, with no difference", async () => {
    const reconciliation = value<Reconciliation>(await call('ppob:reconcile', {}));
    expect(reconciliation.differences).toEqual([]);
    const klikoo = reconciliation.providers.find((p) => p.provider === 'klikoo');
    expect(klikoo).toMatchObject({ via: 'history', ours: 7, matched: 7 });
  });

  it('lists the sales in History, apart from or with the payments', async () => {
    const ppob = value<HistoryResult>(await call('history:search', { kind: 'ppob' }));
    expect(ppob.items).toEqual([]);
    expect(ppob.purchases).toHaveLength(7);
    const payments = value<HistoryResult>(await call('history:search', { kind: 'payments' }));
    expect(payments.purchases).toEqual([]);
    expect(payments.items.every((p) => p.purchaseReference !== null)).toBe(true);
  });

  it('saves the owner prices behind the settings gate, and sells at them', async () => {
    const saved = value<SettingsView>(
      await call('settings:ppob:save', {
        pricing: {
          categories: { pulsa: { storeFeeMinor: '200000' } },
          products: { 'klikoo:TSEL5': { sellingPriceMinor: '700000' } },
          lowBalance: { klikoo: '600000000' },
        },
      }),
    );
    expect(saved.ppob.categories.pulsa?.storeFeeMinor).toBe('200000');
    const catalogue = value<Catalogue>(await call('ppob:catalogue'));
    expect(catalogue.products.find((p) => p.key === 'klikoo:TSEL10')?.sellingPriceMinor).toBe('1245000');
    expect(catalogue.products.find((p) => p.key === 'klikoo:TSEL5')).toMatchObject({
      sellingPriceMinor: '700000',
      marginMinor: '155000',
    });
    expect(catalogue.deposits.find((d) => d.provider === 'klikoo')?.low).toBe(true);
  });

  /**
   * A QRIS sale of the customer's QR while another process (the CLI) holds the terminal: its payment
   * is refused before it is sent. Answers the sale's last view once it is NOT_PAID.
   */
  async function soldWhileTerminalHeld(qrContent: string, customerNo: string): Promise<PurchaseView> {
    const { scanId } = value<ScanCheck>(await call('scan:check', { text: qrContent }));
    const held = acquireTerminalLock(join(dataDir, 'sandbox'), 'SBX00001');
    try {
      const sold = value<PurchaseView>(
        await call('ppob:sell', {
          provider: 'klikoo',
          productCode: 'TSEL10',
          customerNo,
          payment: { method: 'qris', scanId },
        }),
      );
      const last = () => changes.filter((c) => c.reference === sold.reference).at(-1);
      // The sale settles in the same turn as its move to NOT_PAID: a timer's wait sees both.
      for (let i = 0; i < 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (last()?.state === 'NOT_PAID') break;
      }
      return last() ?? sold;
    } finally {
      held.release();
    }
  }

  it('tells the cashier why a QRIS sale was not paid when its payment was refused before it was sent, and what to do', async () => {
    const shown = await soldWhileTerminalHeld(issuedQr(), '081234567892');
    expect(shown).toMatchObject({ state: 'NOT_PAID', payment: null });
    expect(shown.message.id).toMatch(
      /pelanggan tidak ditagih.*Terminal SBX00001 sedang dipakai proses lain.*Tunggu hingga selesai\. Setelah itu, jual lagi dan pindai lagi QR pelanggan/,
    );
    expect(shown.message.en).toMatch(/Terminal SBX00001 is in use by another process/);
    // History and the sale's detail read the journal, and say the same.
    const { purchase } = value<PurchaseDetail>(await call('ppob:get', { reference: shown.reference }));
    expect(purchase.message).toEqual(shown.message);
  });

  it('lets the same QR be scanned and paid with again when its payment was refused before it was sent', async () => {
    const qrContent = issuedQr();
    await soldWhileTerminalHeld(qrContent, '081234567893');
    const again = await call('scan:check', { text: qrContent });
    expect(code(again)).toBeUndefined();
    const sold = value<PurchaseView>(
      await call('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234567893',
        payment: { method: 'qris', scanId: value<ScanCheck>(again).scanId },
      }),
    );
    const done = await settled(sold.reference);
    expect(done).toMatchObject({ state: 'SUCCESS', payment: { state: 'PAID' } });
  });

  it('refuses a second scan of a QR while its sale is being paid, and once it was paid', async () => {
    const qrContent = issuedQr();
    const sold = value<PurchaseView>(
      await call('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234567894',
        payment: {
          method: 'qris',
          scanId: value<ScanCheck>(await call('scan:check', { text: qrContent })).scanId,
        },
      }),
    );
    expect(code(await call('scan:check', { text: qrContent }))).toBe('SCAN_DUPLICATE');
    expect((await settled(sold.reference)).state).toBe('SUCCESS');
    expect(code(await call('scan:check', { text: qrContent }))).toBe('SCAN_DUPLICATE');
  });
});

describe("a supervisor's decision on a digital product the provider never settles", () => {
  let core: AppCore;
  const PIN = '740319';
  const call = (channel: string, payload?: unknown) => core.dispatch(channel, payload);
  /** Sells for cash and waits for the provider's first answer (bought, or WAITING). */
  async function sell(customerNo: string): Promise<PurchaseView> {
    const order = {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo,
      payment: { method: 'cash', receivedMinor: '2000000' },
    };
    let answer = await call('ppob:sell', order);
    // The last sale's checks may still hold the till for a moment.
    for (let i = 0; i < 200 && code(answer) === 'PPOB_BUSY'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      answer = await call('ppob:sell', order);
    }
    const started = value<PurchaseView>(answer);
    for (let i = 0; i < 400; i++) {
      const { purchase } = value<PurchaseDetail>(await call('ppob:get', { reference: started.reference }));
      if (purchase.state !== 'SENDING') return purchase;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${started.reference} was never answered`);
  }

  /** The supervisor's decision once the sale's own checks have let go of the till (PPOB_BUSY until then). */
  async function decideWhenFree(reference: string, outcome: 'success' | 'failed') {
    for (let i = 0; i < 200; i++) {
      const answer = await decide(reference, outcome);
      if (code(answer) !== 'PPOB_BUSY') return answer;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the till stayed busy');
  }
  const decide = (reference: string, outcome: 'success' | 'failed', pin = PIN) =>
    call('ppob:decide', { reference, outcome, pin, reason: 'Dicek di portal Klikoo' });

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-ppob-decide-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: {
        // A WAITING purchase stays WAITING far longer than the sale waits for it.
        ppobPolicy: { checkDelaysMs: [50], settleMs: 300 },
        ppobSandbox: { waitingMs: 600_000, waitingLookups: 1_000_000 },
      },
    });
    value(await call('settings:pin:set', { newPin: PIN }));
  });
  afterAll(async () => {
    await core?.close();
  });

  it('refuses a decision on a purchase the provider settled', async () => {
    const bought = await sell('081234567001');
    expect(bought.state).toBe('SUCCESS');
    expect(code(await decideWhenFree(bought.reference, 'failed'))).toBe('MANUAL_NOT_ALLOWED');
  });

  it('refuses a wrong PIN and leaves the purchase waiting', async () => {
    const waiting = await sell('081234569901');
    expect(waiting).toMatchObject({ state: 'WAITING', outcome: 'unresolved' });
    expect(code(await decide(waiting.reference, 'failed', '111111'))).toBe('PIN_WRONG');
    const after = value<PurchaseDetail>(await call('ppob:get', { reference: waiting.reference }));
    expect(after.purchase.state).toBe('WAITING');
  });

  it('asks the provider once more, then records the decision: a cash sale decided failed shows the cash to give back', async () => {
    const waiting = await sell('081234569902');
    const before = value<PurchaseDetail>(await call('ppob:get', { reference: waiting.reference })).events;
    const decided = value<PurchaseView>(await decideWhenFree(waiting.reference, 'failed'));
    expect(decided).toMatchObject({ state: 'MANUAL_FAILED', outcome: 'failed', cashToReturn: true });
    const after = value<PurchaseDetail>(await call('ppob:get', { reference: waiting.reference })).events;
    const added = after.slice(before.length).map((e) => e.kind);
    expect(added.at(-1)).toBe('manual');
    expect(added.slice(0, -1)).toContain('check');
  });
});
