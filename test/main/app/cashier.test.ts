// The payment channels end to end through the app core's dispatcher, against the real embedded
// sandbox over loopback HTTP: what the checkout, History, the report and the receipts get to see.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEMO_PIN } from '../../../main/app/cashier';
import { type AppCore, createAppCore } from '../../../main/app/core';
import type { SerialPortLike } from '../../../main/app/serial-scanner';
import { encodeTlv } from '../../../main/cpm/tlv';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { AppInfo } from '../../../preload/contract/app';
import type { CustomerDisplayState } from '../../../preload/contract/customer';
import type {
  CsvExport,
  CustomerQr,
  DayReportView,
  HistoryResult,
  PaymentDetail,
  PaymentView,
  Receipt,
  RefundResult,
  ScanCheck,
} from '../../../preload/contract/payments';

const PIN = '740319';

class FakePort extends EventEmitter implements SerialPortLike {
  isOpen = true;
  close(callback?: (error: Error | null) => void) {
    this.isOpen = false;
    callback?.(null);
  }
}

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

/** "yyyy-MM-dd" moved by whole days (UTC calendar arithmetic; the date is a business day already). */
function addDaysTo(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

function code(result: IpcResult<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('the cashier channels against the sandbox', () => {
  let core: AppCore;
  let demo: AppCore;
  const printed: string[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const responses: unknown[] = [];
  const ports: FakePort[] = [];
  const issuedQrs: string[] = [];

  const call = async (channel: string, payload?: unknown) => {
    const result = await core.dispatch(channel, payload);
    responses.push(result);
    return result;
  };

  function freshQr(): string {
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('the sandbox is not running');
    const { qrContent } = sandbox.issueQr();
    issuedQrs.push(qrContent);
    return qrContent;
  }

  async function pay(amountMinor: string, qr = freshQr()): Promise<PaymentView> {
    const scan = value<ScanCheck>(await call('scan:check', { text: `${qr}\r` }));
    const started = value<PaymentView>(await call('payment:start', { scanId: scan.scanId, amountMinor }));
    for (let i = 0; i < 200; i++) {
      const active = value<PaymentView | null>(await call('payment:active'));
      if (active === null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return value<PaymentDetail>(await call('payment:get', { paymentId: started.id })).payment;
  }

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-cashier-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: {
        policy: { queryDelaysMs: [30] },
        // Rp4.242 stays "in progress" for a while, then succeeds: a payment the engine is still checking.
        faultScript: {
          pick: (payment) => (payment.amount === 424_200n ? 'pendingThenSuccess' : undefined),
          pendingQueries: 15,
        },
        printer: {
          print: async (html) => {
            printed.push(html);
            return true;
          },
        },
        openSerialPort: async () => {
          const port = new FakePort();
          ports.push(port);
          return port;
        },
      },
    });
    core.onEvent((event, payload) => events.push({ event, payload }));
    value(await core.dispatch('settings:pin:set', { newPin: PIN }));
    // A second, untouched install: no PIN set yet.
    demo = await createAppCore({ dataDir: mkdtempSync(join(tmpdir(), 'kasir-cashier-demo-')) });
  });

  afterAll(async () => {
    await core?.close();
    await demo?.close();
  });

  it('runs on the embedded sandbox when no provider is configured, and says so', async () => {
    expect(value<{ backend: string }>(await call('app:info')).backend).toBe('sandbox');
    expect(core.cashier.backend()?.kind).toBe('sandbox');
    expect(core.cashier.backend()?.sandbox?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("checks a scan and answers with a handle, the wallet's label and the last 4 digits", async () => {
    const scan = value<ScanCheck>(await call('scan:check', { text: freshQr() }));
    expect(scan.wallet).toEqual({ label: 'SANDBOX QRIS', last4: '0012' });
    expect(scan.fingerprint).toMatch(/^sha256:[0-9a-f]{12,}$/);
  });

  it("shortens a hostile QR's over-long wallet label instead of failing the scan", async () => {
    const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
    const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
    const qr = Buffer.from(
      encodeTlv([
        { tag: '85', value: ascii('CPV01') },
        {
          tag: '61',
          children: [
            { tag: '4F', value: hex('A0000000555555') },
            { tag: '50', value: ascii(`=HYPERLINK("x")${'W'.repeat(150)}`) },
            { tag: '5A', value: hex('1234567890123458') },
          ],
        },
      ]),
    ).toString('base64');
    const scan = value<ScanCheck>(await call('scan:check', { text: qr }));
    expect(scan.wallet).toEqual({ label: `=HYPERLINK("x")${'W'.repeat(48)}…`, last4: '3458' });
  });

  it('gives each kind of bad scan its own code', async () => {
    expect(code(await call('scan:check', { text: '00020101021126570011ID.DANA.WWW' }))).toBe(
      'CPM_MERCHANT_QR',
    );
    expect(code(await call('scan:check', { text: 'https://pay.example/qr' }))).toBe('CPM_URL');
    expect(code(await call('scan:check', { text: freshQr().slice(0, 61) }))).toBe('CPM_TRUNCATED');
    expect(code(await call('scan:check', { text: freshQr().replace('hQVDUFYwMW', 'HqvdufyWmw') }))).toBe(
      'CPM_CAPS_LOCK',
    );
  });

  it('takes a payment to PAID, announcing every state on the way', async () => {
    const payment = await pay('1000000');
    expect(payment.state).toBe('PAID');
    expect(payment.referenceNo).not.toBeNull();
    expect(payment.wallet).toEqual({ label: 'SANDBOX QRIS', last4: '0012' });
    const states = events
      .filter((e) => e.event === 'payment:changed' && (e.payload as PaymentView).id === payment.id)
      .map((e) => (e.payload as PaymentView).state);
    expect(states[0]).toBe('SENDING');
    expect(states.at(-1)).toBe('PAID');
  });

  it('says why a declined payment failed', async () => {
    const payment = await pay('1000100');
    expect(payment.state).toBe('FAILED');
    expect(payment.responseCode).toMatch(/^403\d{2}05$/);
    expect(payment.reason?.id).toContain('ditolak');
  });

  it('resolves a 202 by asking the provider, then PAID', async () => {
    const payment = await pay('1000200');
    expect(payment.state).toBe('PAID');
    const detail = value<PaymentDetail>(await call('payment:get', { paymentId: payment.id }));
    expect(detail.events.map((e) => e.toState)).toContain('QUERYING');
  });

  it('cancels a payment still being checked at once, after the PIN, with a query after the cancel', async () => {
    const scan = value<ScanCheck>(await call('scan:check', { text: freshQr() }));
    const started = value<PaymentView>(
      await call('payment:start', { scanId: scan.scanId, amountMinor: '424200' }),
    );
    const kinds = async () =>
      value<PaymentDetail>(await call('payment:get', { paymentId: started.id })).events.map(
        (e) => `${e.operation}:${e.kind}`,
      );
    const cancel = (pin: string) =>
      call('payment:cancel', { paymentId: started.id, pin, reason: 'Terlalu lama' });

    expect(code(await cancel('000000'))).toBe('PIN_WRONG');
    expect(await kinds()).not.toContain('payment:cancel-request');
    const cancelled = value<PaymentView>(await cancel(PIN));
    expect(cancelled).toMatchObject({ state: 'CANCELLED', outcome: 'not_paid' });
    const history = await kinds();
    expect(history.indexOf('payment:cancel-request')).toBeGreaterThan(-1);
    expect(history.indexOf('payment:cancel-request')).toBeLessThan(history.indexOf('cancel:created'));
    expect(history.lastIndexOf('payment:query')).toBeGreaterThan(history.indexOf('cancel:created'));
    expect(value<PaymentView | null>(await call('payment:active'))).toBeNull();
  });

  it('refuses a second scan of a QR that already paid', async () => {
    const qr = freshQr();
    await pay('500000', qr);
    expect(code(await call('scan:check', { text: qr }))).toBe('SCAN_DUPLICATE');
  });

  it('refuses a payment of nothing before spending the scan', async () => {
    const qr = freshQr();
    const scan = value<ScanCheck>(await call('scan:check', { text: qr }));
    expect(code(await call('payment:start', { scanId: scan.scanId, amountMinor: '0' }))).toBe(
      'AMOUNT_REQUIRED',
    );
    expect(value<ScanCheck>(await call('scan:check', { text: qr })).scanId).toBe(scan.scanId);
  });

  it('refunds part of a paid payment with the PIN, never more than remains', async () => {
    const payment = await pay('2000000');
    const refund = (amountMinor: string, pin = PIN) =>
      call('payment:refund', { paymentId: payment.id, amountMinor, pin, reason: 'Barang dikembalikan' });
    expect(code(await refund('500000', '111111'))).toBe('PIN_WRONG');
    expect(code(await refund('2000001'))).toBe('REFUND_EXCEEDS_REMAINING');
    const first = value<RefundResult>(await refund('500000'));
    expect(first.refund.state).toBe('REFUNDED');
    expect(first.payment.refundedMinor).toBe('500000');
    expect(first.payment.refundableMinor).toBe('1500000');
    expect(code(await refund('1500001'))).toBe('REFUND_EXCEEDS_REMAINING');
    const detail = value<PaymentDetail>(await call('payment:get', { paymentId: payment.id }));
    expect(detail.refunds.map((r) => [r.amountMinor, r.state, r.reason])).toEqual([
      ['500000', 'REFUNDED', 'Barang dikembalikan'],
    ]);
  });

  it('accepts the documented demo PIN on a fresh sandbox install with no PIN set', async () => {
    const sandbox = demo.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const scan = value<ScanCheck>(await demo.dispatch('scan:check', { text: sandbox.issueQr().qrContent }));
    const started = value<PaymentView>(
      await demo.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '100000' }),
    );
    let payment = started;
    for (let i = 0; i < 200 && payment.outcome === 'unresolved'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      payment = value<PaymentDetail>(await demo.dispatch('payment:get', { paymentId: started.id })).payment;
    }
    const refund = (pin: string) =>
      demo.dispatch('payment:refund', {
        paymentId: payment.id,
        amountMinor: '100000',
        pin,
        reason: 'Uji coba',
      });
    // Any other PIN is simply wrong there, and the message names the demo PIN.
    const wrong = await refund('135790');
    expect(code(wrong)).toBe('PIN_WRONG');
    expect(wrong.ok ? '' : wrong.error.message.id).toContain(`PIN salah. Mode sandbox`);
    expect(wrong.ok ? '' : wrong.error.message.en).toContain(SANDBOX_DEMO_PIN);
    expect(value<RefundResult>(await refund(SANDBOX_DEMO_PIN)).refund.state).toBe('REFUNDED');
  });

  it('tells the screens the demo PIN while the sandbox has no supervisor PIN, and never after', async () => {
    expect(value<AppInfo>(await demo.dispatch('app:info', undefined)).demoPin).toBe(SANDBOX_DEMO_PIN);
    expect(value<AppInfo>(await call('app:info')).demoPin).toBeNull();
  });

  it('refuses to cancel a payment that was never paid', async () => {
    const failed = await pay('1000100');
    const result = await call('payment:cancel', { paymentId: failed.id, pin: PIN, reason: 'Salah input' });
    expect(code(result)).toBe('CANCEL_NOT_ALLOWED');
  });

  it("cancels (reverses) today's paid payment with the PIN", async () => {
    const payment = await pay('300000');
    const cancelled = value<PaymentView>(
      await call('payment:cancel', { paymentId: payment.id, pin: PIN, reason: 'Pelanggan batal' }),
    );
    expect(cancelled.state).toBe('CANCELLED');
  });

  it("searches today's history by amount, reference and state", async () => {
    const all = value<HistoryResult>(await call('history:search', {}));
    expect(all.from).toBe(all.to);
    expect(all.items).toHaveLength(8);
    const byAmount = value<HistoryResult>(await call('history:search', { amountMinor: '1000100' }));
    expect(byAmount.items.map((p) => p.state)).toEqual(['FAILED', 'FAILED']);
    const target = all.items.find((p) => p.referenceNo !== null);
    const byReference = value<HistoryResult>(
      await call('history:search', { reference: target?.referenceNo?.slice(-6) }),
    );
    expect(byReference.items.map((p) => p.id)).toContain(target?.id);
    const notPaid = value<HistoryResult>(await call('history:search', { state: 'not_paid' }));
    expect(notPaid.items.every((p) => p.outcome === 'not_paid')).toBe(true);
    const yesterday = value<HistoryResult>(
      await call('history:search', { from: '2000-01-01', to: '2000-01-02' }),
    );
    expect(yesterday.items).toEqual([]);
  });

  it('refuses a day that is not in the calendar as a bad request, on every channel that takes one', async () => {
    expect(code(await call('history:search', { from: '2026-02-30' }))).toBe('IPC_BAD_PAYLOAD');
    expect(code(await call('history:export', { to: '0000-00-00' }))).toBe('IPC_BAD_PAYLOAD');
    expect(code(await call('report:day', { date: '2026-13-01' }))).toBe('IPC_BAD_PAYLOAD');
    expect(code(await call('report:day', { date: '2024-02-29' }))).toBeUndefined();
  });

  it('exports the search as CSV', async () => {
    const csv = value<CsvExport>(await call('history:export', { state: 'paid' }));
    expect(csv.fileName).toMatch(/^kasir-history-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.csv.trim().split('\r\n')).toHaveLength(csv.rows + 1);
    expect(csv.csv).toContain(',"20000.00","IDR","PAID","paid","5000.00",');
  });

  it("reports the day's totals as the journal holds them", async () => {
    const report = value<DayReportView>(await call('report:day', {}));
    const bucket = (state: string) => report.payments.find((b) => b.state === state);
    expect(bucket('FAILED')).toEqual({ state: 'FAILED', count: 2, totalMinor: '2000200' });
    expect(bucket('CANCELLED')).toEqual({
      state: 'CANCELLED',
      count: 2,
      totalMinor: String(424200 + 300000),
    });
    expect(report.paid).toEqual({ count: 4, totalMinor: String(1000000 + 1000200 + 500000 + 2000000) });
    expect(report.refunded).toEqual({ count: 1, totalMinor: '500000' });
    expect(report.netMinor).toBe(String(1000000 + 1000200 + 500000 + 2000000 - 500000));
    expect(report.unresolvedPayments).toEqual([]);
  });

  it('previews and prints a receipt; the reprint says COPY', async () => {
    const payment = value<HistoryResult>(await call('history:search', { amountMinor: '1000000' })).items[0];
    if (!payment) throw new Error('no payment');
    const preview = value<Receipt>(await call('receipt:preview', { paymentId: payment.id }));
    expect(preview.copy).toBe(false);
    expect(preview.lines.map((l) => l.right)).toContain('Rp10.000');
    expect(
      value<{ copy: boolean; printed: boolean }>(await call('receipt:print', { paymentId: payment.id })),
    ).toEqual({
      copy: false,
      printed: true,
    });
    expect(value<{ copy: boolean }>(await call('receipt:print', { paymentId: payment.id })).copy).toBe(true);
    expect(printed[0]).toContain('Rp10.000');
    expect(printed[0]).not.toContain('COPY');
    expect(printed[1]).toContain('*** SALINAN / COPY ***');
    expect(printed[1]).toContain(payment.referenceNo);
    expect(value<Receipt>(await call('receipt:preview', { paymentId: payment.id })).copy).toBe(true);
  });

  it('marks sandbox receipts UJI COBA / TEST at the top and the bottom', async () => {
    const payment = value<HistoryResult>(await call('history:search', { amountMinor: '1000000' })).items[0];
    if (!payment) throw new Error('no payment');
    const lines = value<Receipt>(await call('receipt:preview', { paymentId: payment.id })).lines;
    expect(lines[0]).toEqual({ kind: 'test', left: '*** UJI COBA / TEST — BUKAN BUKTI BAYAR ***' });
    expect(lines.at(-1)?.kind).toBe('test');
    expect(printed[0]).toContain('UJI COBA / TEST');
  });

  it("names the shop and the terminal on the day's report, and marks sandbox money as a test", async () => {
    const report = value<DayReportView>(await call('report:day', {}));
    expect(report).toMatchObject({
      merchantName: 'Toko Demo Kasir CPM',
      terminalId: expect.stringMatching(/\S/),
      merchantId: expect.stringMatching(/\S/),
      test: true,
    });
  });

  it('saves the language as the one setting every screen and Settings show', async () => {
    const info = value<AppInfo>(await call('app:language:set', { language: 'en' }));
    expect(info.language).toBe('en');
    expect(value<{ language: string }>(await call('settings:get')).language).toBe('en');
    expect(value<AppInfo>(await call('app:info')).language).toBe('en');
    expect(events.at(-1)).toEqual({ event: 'app:changed', payload: { topic: 'settings' } });
    // The rest of the general settings are untouched by it.
    const before = value<{ scanner: unknown; printer: unknown }>(await call('settings:get'));
    value(await call('app:language:set', { language: 'id' }));
    const after = value<{ scanner: unknown; printer: unknown }>(await call('settings:get'));
    expect(after.scanner).toEqual(before.scanner);
    expect(after.printer).toEqual(before.printer);
  });

  it('says the time zone the screens must show times in', async () => {
    expect(value<AppInfo>(await call('app:info')).utcOffsetMinutes).toBe(420);
  });

  it("passes the customer display's state to every window, and keeps the last one for a window opened later", async () => {
    const state: CustomerDisplayState = {
      amountMinor: '99999999999900',
      payment: null,
      qr: null,
      qrError: null,
      demo: true,
    };
    expect(value(await call('customer:show', state))).toBeNull();
    expect(events.at(-1)).toEqual({ event: 'customer:state', payload: state });
    expect(value(await call('customer:state'))).toEqual(state);
    expect(value<AppInfo>(await call('app:info')).customerScreen).toBe(false);
    core.customer.setScreenOpen(true);
    expect(events.at(-1)).toEqual({ event: 'app:changed', payload: { topic: 'customer-screen' } });
    expect(value<AppInfo>(await call('app:info')).customerScreen).toBe(true);
    core.customer.setScreenOpen(false);
  });

  it('refuses a manual decision on a payment that is already final', async () => {
    const payment = value<HistoryResult>(await call('history:search', { amountMinor: '1000000' })).items[0];
    if (!payment) throw new Error('no payment');
    const result = await call('payment:decide', {
      paymentId: payment.id,
      outcome: 'not_paid',
      pin: PIN,
      reason: 'Coba-coba',
    });
    expect(code(result)).toBe('MANUAL_NOT_ALLOWED');
  });

  it('generates a customer QR through service 59, as a matrix with its expiry', async () => {
    const qr = value<CustomerQr>(await call('customer-qr:generate'));
    expect(qr.matrix.rows).toHaveLength(qr.matrix.size);
    expect(qr.wallet).toEqual({ label: 'SANDBOX QRIS', last4: '0012' });
    expect(qr.expiresAt - qr.issuedAt).toBeGreaterThan(60_000);
  });

  it('forwards a serial scanner’s bytes once Settings choose one', async () => {
    const settings = value<{ language: 'id'; scanner: Record<string, unknown>; printer: unknown }>(
      await core.dispatch('settings:get', undefined),
    );
    value(
      await core.dispatch('settings:general:save', {
        language: settings.language,
        scanner: { ...settings.scanner, mode: 'serial', serialPath: '/dev/ttyACM0', serialBaudRate: 115200 },
        printer: settings.printer,
      }),
    );
    for (let i = 0; i < 100 && ports.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    ports[0]?.emit('data', Buffer.from('hQVDUFYw\r\n'));
    const forwarded = events.filter((e) => e.event === 'scanner:serial').map((e) => e.payload);
    expect(forwarded).toContainEqual({
      kind: 'data',
      base64: Buffer.from('hQVDUFYw\r\n').toString('base64'),
    });
  });

  it('never puts a QR’s content in any answer', () => {
    const answers = JSON.stringify(responses);
    for (const qr of issuedQrs) expect(answers).not.toContain(qr.slice(0, 40));
  });

  it("finds today's payments when the days are given the wrong way round, and says which days it searched", async () => {
    await pay('300100');
    const today = value<HistoryResult>(await call('history:search', {}));
    expect(today.items.length).toBeGreaterThan(0);
    const swapped = value<HistoryResult>(
      await call('history:search', { from: addDaysTo(today.to, 1), to: today.to }),
    );
    expect(swapped).toMatchObject({ from: today.to, to: addDaysTo(today.to, 1) });
    expect(swapped.items.map((p) => p.id)).toEqual(today.items.map((p) => p.id));
  });

  it('searches at most a year back from the last day, and says so', async () => {
    await pay('300200');
    const today = value<HistoryResult>(await call('history:search', {}));
    expect(today.items.length).toBeGreaterThan(0);
    const all = value<HistoryResult>(await call('history:search', { from: '2000-01-01', to: today.to }));
    expect(all.from).toBe(addDaysTo(today.to, -365));
    expect(all.items.length).toBe(today.items.length);
  });

  it.each([
    ['three zero-width spaces', '\u200b\u200b\u200b'],
    ['NULs', '\0\0\0'],
    ['Hangul fillers', '\u3164\u3164\u3164'],
    ['a right-to-left override inside words', 'Barang\u202e dikembalikan'],
    ['half of a surrogate pair', 'Barang \ud800 dikembalikan'],
  ])('refuses a refund reason of %s as a bad request, refunding nothing', async (_what, reason) => {
    const payment = await pay('1000300');
    const result = await call('payment:refund', {
      paymentId: payment.id,
      amountMinor: '1000300',
      pin: PIN,
      reason,
    });
    expect(code(result)).toBe('IPC_BAD_PAYLOAD');
    expect(value<PaymentDetail>(await call('payment:get', { paymentId: payment.id })).refunds).toEqual([]);
  });
});

describe("a supervisor's manual decision on a payment the provider never settles", () => {
  let core: AppCore;
  // One terminal holds one unresolved payment at a time: these tests share it.
  let open: PaymentView;

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-decide-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: {
        policy: { queryDelaysMs: [40], deadlineMs: 300, settleMs: 300, confirmNotFoundMs: 10 },
        // Rp7.777 stays "in progress" at the provider, until the provider goes away altogether.
        faultScript: {
          pick: (payment) => (payment.amount === 777_700n ? 'pendingThenSuccess' : undefined),
          pendingQueries: 1_000_000,
        },
      },
    });
    value(await core.dispatch('settings:pin:set', { newPin: PIN }));
    open = await unresolved();
  });

  afterAll(async () => {
    await core?.close();
  });

  async function unresolved(): Promise<PaymentView> {
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const scan = value<ScanCheck>(await core.dispatch('scan:check', { text: sandbox.issueQr().qrContent }));
    const started = value<PaymentView>(
      await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '777700' }),
    );
    // The provider answers "pending" a few times, then stops answering at all (it is down): the
    // engine's deadline cancel gets no answer either, and the payment is left unresolved.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sandbox.close();
    // The engine gives up on its own once the deadline (300 ms) and the settling time (300 ms) are over.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    return value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: started.id })).payment;
  }

  it("shows the provider's last word before anyone decides", async () => {
    const payment = open;
    expect(payment.outcome).toBe('unresolved');
    const detail = value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: payment.id }));
    expect(detail.providerWord).toMatchObject({
      kind: 'query',
      transactionStatus: '03',
      definite: false,
      meaning: { id: 'Penyedia: pembayaran masih tertunda.' },
      silentSince: expect.any(Number),
    });
  });

  it('refuses a wrong PIN and leaves the payment as it was', async () => {
    const payment = open;
    const result = await core.dispatch('payment:decide', {
      paymentId: payment.id,
      outcome: 'paid',
      pin: '111111',
      reason: 'Pelanggan menunjukkan bukti',
    });
    expect(code(result)).toBe('PIN_WRONG');
    const after = value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: payment.id }));
    expect(after.payment.outcome).toBe('unresolved');
  });

  it("records the decision with the supervisor's reason, apart from the provider's word", async () => {
    const payment = open;
    const decided = value<PaymentView>(
      await core.dispatch('payment:decide', {
        paymentId: payment.id,
        outcome: 'not_paid',
        pin: PIN,
        reason: 'Penyedia tidak menjawab',
      }),
    );
    expect(decided).toMatchObject({ state: 'MANUAL_NOT_PAID', outcome: 'not_paid', manual: true });
    expect(decided.reason?.id).toContain('Penyedia tidak menjawab');
    const audit = value<{ entries: { action: string; purpose: string | null; outcome: string }[] }>(
      await core.dispatch('settings:audit:list', undefined),
    );
    expect(audit.entries[0]).toMatchObject({ action: 'pin.verify', purpose: 'decide', outcome: 'ok' });
  });
});

describe("a supervisor's manual decision on a refund the provider never settles", () => {
  let core: AppCore;
  let paid: PaymentView;
  let settledRefund: RefundResult;
  let lost: RefundResult;

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-decide-refund-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: { policy: { queryDelaysMs: [20], deadlineMs: 200, settleMs: 200, confirmNotFoundMs: 10 } },
    });
    value(await core.dispatch('settings:pin:set', { newPin: PIN }));
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const scan = value<ScanCheck>(await core.dispatch('scan:check', { text: sandbox.issueQr().qrContent }));
    const started = value<PaymentView>(
      await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '3000000' }),
    );
    paid = started;
    for (let i = 0; i < 200 && paid.outcome !== 'paid'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      paid = value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: started.id })).payment;
    }
    const refund = (amountMinor: string) =>
      core.dispatch('payment:refund', {
        paymentId: paid.id,
        amountMinor,
        pin: PIN,
        reason: 'Barang kembali',
      });
    settledRefund = value<RefundResult>(await refund('500000'));
    // The provider goes away: the next refund is sent, and nothing ever answers it.
    await sandbox.close();
    lost = value<RefundResult>(await refund('1000000'));
  });

  afterAll(async () => {
    await core?.close();
  });

  const decide = (refundId: number, outcome: 'refunded' | 'not_refunded', pin = PIN) =>
    core.dispatch('refund:decide', { refundId, outcome, pin, reason: 'Dicek di portal penyedia' });

  it('leaves a refund whose answer never came unresolved, its amount still held back', () => {
    expect(settledRefund.refund.state).toBe('REFUNDED');
    expect(lost.refund.state).toBe('REFUND_UNKNOWN');
    expect(lost.payment.refundableMinor).toBe('1500000');
  });

  it('refuses a decision on a refund the provider settled', async () => {
    expect(code(await decide(settledRefund.refund.id, 'not_refunded'))).toBe('MANUAL_NOT_ALLOWED');
  });

  it('refuses a wrong PIN and leaves the refund as it was', async () => {
    expect(code(await decide(lost.refund.id, 'not_refunded', '111111'))).toBe('PIN_WRONG');
    const detail = value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: paid.id }));
    expect(detail.refunds.find((r) => r.id === lost.refund.id)?.state).toBe('REFUND_UNKNOWN');
  });

  it('records "not refunded" after one more send, and frees the amount it held back', async () => {
    const refundEvents = async () =>
      value<PaymentDetail>(await core.dispatch('payment:get', { paymentId: paid.id })).events.filter(
        (e) => e.operation === 'refund',
      );
    const before = await refundEvents();
    const result = value<RefundResult>(await decide(lost.refund.id, 'not_refunded'));
    expect(result.refund.state).toBe('MANUAL_NOT_REFUNDED');
    expect(result.payment.refundableMinor).toBe('2500000');
    // The decision itself sent the same refund once more, and was taken only when that went unanswered.
    const added = (await refundEvents()).slice(before.length);
    expect(added.map((e) => [e.kind, e.toState])).toEqual([
      ['resend', 'REFUND_SENDING'],
      ['answer', 'REFUND_UNKNOWN'],
      ['manual', 'MANUAL_NOT_REFUNDED'],
    ]);
    const audit = value<{ entries: { action: string; purpose: string | null; outcome: string }[] }>(
      await core.dispatch('settings:audit:list', undefined),
    );
    expect(audit.entries[0]).toMatchObject({ action: 'pin.verify', purpose: 'decide', outcome: 'ok' });
  });
});

describe('saving settings while a payment is still being checked', () => {
  let core: AppCore;

  beforeAll(async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-cashier-settings-')),
      security: { cipher: createKeyCipher(randomBytes(32)) },
      cashier: {
        // Left alone, every payment stays "in progress" far longer than any test.
        policy: { queryDelaysMs: [30], deadlineMs: 60_000, settleMs: 60_000 },
        faultScript: { pick: () => 'pendingThenSuccess', pendingQueries: 100_000 },
      },
    });
    value(await core.dispatch('settings:pin:set', { newPin: PIN }));
  });

  afterAll(async () => {
    await core?.close();
  });

  it('keeps the payment channels answering, so that payment can still be followed and cancelled', async () => {
    const sandbox = core.cashier.backend()?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const scan = value<ScanCheck>(await core.dispatch('scan:check', { text: sandbox.issueQr().qrContent }));
    const started = value<PaymentView>(
      await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '100000' }),
    );
    const settings = value<{ language: 'id'; scanner: unknown; printer: unknown }>(
      await core.dispatch('settings:get', undefined),
    );
    value(
      await core.dispatch('settings:general:save', {
        language: 'en',
        scanner: settings.scanner,
        printer: settings.printer,
      }),
    );
    expect(value<PaymentView | null>(await core.dispatch('payment:active', undefined))?.id).toBe(started.id);
    const cancelled = value<PaymentView>(
      await core.dispatch('payment:cancel', { paymentId: started.id, pin: PIN, reason: 'Pelanggan pergi' }),
    );
    expect(cancelled.state).toBe('CANCELLED');
  });
});
