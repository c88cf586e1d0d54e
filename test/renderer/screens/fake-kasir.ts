// window.kasir for screen tests: the real preload API object over a transport whose answers the test

// sets per channel, recording every call, and able to push events as main would.
import { createKasirApi } from '../../../preload/api';
import type { Channel, IpcResult, RequestOf, ResponseOf } from '../../../preload/contract';
import type { AppInfo } from '../../../preload/contract/app';
import type { ErrorCode } from '../../../preload/contract/error-codes';
import type { PaymentView } from '../../../preload/contract/payments';
import type { PpobReportView, ProductView, PurchaseView } from '../../../preload/contract/ppob';
import { EMPTY_PPOB_REPORT } from '../../../preload/contract/ppob';

type Answer<C extends Channel> =
  | IpcResult<ResponseOf<C>>
  | ((payload: RequestOf<C>) => IpcResult<ResponseOf<C>> | Promise<IpcResult<ResponseOf<C>>>);

export interface FakeKasir {
  answer<C extends Channel>(channel: C, answer: Answer<C>): void;
  calls: { channel: string; payload: unknown }[];
  callsTo(channel: Channel): unknown[];
  emit(event: string, payload: unknown): void;
}

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, id: string, en = id): IpcResult<never> {
  return { ok: false, error: { code, message: { id, en } } };
}

export function installFakeKasir(): FakeKasir {
  const answers = new Map<string, unknown>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const calls: { channel: string; payload: unknown }[] = [];
  window.kasir = createKasirApi({
    async invoke(channel, payload) {
      calls.push({ channel, payload });
      const answer = answers.get(channel);
      if (answer === undefined) return fail('IPC_UNKNOWN_CHANNEL', `no answer for ${channel}`);
      return typeof answer === 'function' ? (answer as (p: unknown) => unknown)(payload) : answer;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    answer(channel, answer) {
      answers.set(channel, answer);
    },
    calls,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
  };
}

let nextId = 1;

/** A payment as main shows it; override what the test is about. */
export function paymentView(overrides: Partial<PaymentView> = {}): PaymentView {
  const state = overrides.state ?? 'PAID';
  const outcome =
    overrides.outcome ??
    (state === 'PAID' || state === 'MANUAL_PAID'
      ? 'paid'
      : ['SENDING', 'UNKNOWN', 'QUERYING', 'CANCELLING', 'CANCEL_UNKNOWN'].includes(state)
        ? 'unresolved'
        : 'not_paid');
  return {
    id: nextId++,
    partnerReferenceNo: '20261122101530123456789012',
    referenceNo: outcome === 'paid' ? '2026112277770000000001' : null,
    amountMinor: '1000000',
    state,
    outcome,
    message: { id: `pesan ${state}`, en: `message ${state}` },
    reason: null,
    reasonDetail: null,
    responseCode: null,
    wallet: { label: 'SANDBOX QRIS', last4: '0012' },
    qrFingerprint: 'sha256:0123456789ab',
    businessDate: '2026-11-22',
    createdAt: Date.UTC(2026, 10, 22, 3, 15, 30),
    updatedAt: Date.UTC(2026, 10, 22, 3, 15, 31),
    refundedMinor: '0',
    refundableMinor: outcome === 'paid' ? (overrides.amountMinor ?? '1000000') : '0',
    manual: false,
    purchaseReference: null,
    ...overrides,
  };
}

/** The PPOB half of a day report with nothing sold; override what the test is about. */
export function ppobReport(overrides: Partial<PpobReportView> = {}): PpobReportView {
  return { ...EMPTY_PPOB_REPORT, ...overrides };
}

let nextPurchase = 1;

/** A digital-product sale as main shows it (Telkomsel 10.000 for cash, bought); override the rest. */
export function purchaseView(overrides: Partial<PurchaseView> = {}): PurchaseView {
  const state = overrides.state ?? 'SUCCESS';
  const outcome =
    overrides.outcome ??
    (state === 'SUCCESS' || state === 'MANUAL_SUCCESS'
      ? 'success'
      : state === 'NOT_PAID'
        ? 'not_paid'
        : state === 'FAILED' || state === 'MANUAL_FAILED'
          ? 'failed'
          : 'unresolved');
  const n = nextPurchase++;
  return {
    reference: `0f3c2a1e-7b4d-4c1a-9e2f-00000000000${n}`,
    provider: 'klikoo',
    transactionId: outcome === 'unresolved' ? null : `14420000000${n}`,
    productKey: 'klikoo:TSEL10',
    productCode: 'TSEL10',
    productName: 'Telkomsel 10.000',
    category: 'pulsa',
    customerNo: '081234567890',
    customerName: null,
    period: null,
    state,
    outcome,
    message: { id: `pesan ${state}`, en: `message ${state}` },
    failure: null,
    reasonDetail: null,
    sn:
      outcome === 'success'
        ? { raw: `SN14420000000${n}`, token: null, name: null, tariff: null, powerVa: null, kwh: null }
        : null,
    totalMinor: '1195000',
    priceMinor: '1045000',
    adminFeeMinor: '0',
    storeFeeMinor: '150000',
    buyPriceMinor: '1045000',
    method: 'cash',
    cashReceivedMinor: '2000000',
    changeMinor: '805000',
    payment: null,
    refund: null,
    refundMessage: null,
    refundOwed: false,
    cashToReturn: false,
    cashReturned: false,
    needsSupervisor: false,
    businessDate: '2026-11-22',
    createdAt: Date.UTC(2026, 10, 22, 3, 20, 0),
    updatedAt: Date.UTC(2026, 10, 22, 3, 20, 2),
    receiptsPrinted: 0,
    ...overrides,
  };
}

/** What app:info answers; override what the test is about. */
export function appInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    name: 'Kasir CPM',
    version: '0.1.0',
    backend: 'sandbox',
    language: 'id',
    utcOffsetMinutes: 420,
    demoPin: null,
    customerScreen: false,
    ...overrides,
  };
}

/** A product as the price list shows it (Telkomsel 10.000 from Klikoo); override the rest. */
export function productView(overrides: Partial<ProductView> = {}): ProductView {
  return {
    key: `klikoo:${overrides.code ?? 'TSEL10'}`,
    provider: 'klikoo',
    code: 'TSEL10',
    name: 'Telkomsel 10.000',
    category: 'pulsa',
    operator: 'telkomsel',
    buyPriceMinor: '1045000',
    sellingPriceMinor: '1195000',
    storeFeeMinor: '150000',
    marginMinor: '150000',
    postpaid: false,
    inquiry: 'none',
    active: true,
    belowCost: false,
    ...overrides,
  };
}
