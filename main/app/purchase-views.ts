// Journal rows of digital-product sales as the cashier's screens see them: the sale's price as the
// receipt breaks it down (bill or price, admin fee, store fee), how it was paid and the change, the
// serial number or PLN token read for display, the QRIS payment and its automatic refund, and what
// the cashier does next. Money leaves as decimal strings of minor units.

import { z } from 'zod';
import type { PaymentView } from '../../preload/contract/payments';
import type { PurchaseEventView, PurchaseView } from '../../preload/contract/ppob';
import type { Minor } from '../money/amount';
import type {
  InquiryRecord,
  Journal,
  PaymentRecord,
  PurchaseEventRecord,
  PurchaseRecord,
} from '../payments/journal';
import { cashReturned } from '../ppob/cash-return';
import type { ProductCategory } from '../ppob/products';
import type { PurchaseResult } from '../ppob/purchase-engine';
import { shortDetail, toRefundView } from './payment-views';
import { productKey } from './ppob-pricing';

/** How the sale was paid and priced, as noted in its history when the counter sold it. */
export const SaleNoteSchema = z.object({
  method: z.enum(['cash', 'qris']),
  receivedMinor: z.string().regex(/^\d+$/).nullable(),
  priceMinor: z.string().regex(/^\d+$/),
  adminFeeMinor: z.string().regex(/^\d+$/),
  storeFeeMinor: z.string().regex(/^\d+$/),
});
export type SaleNote = z.infer<typeof SaleNoteSchema>;

/**
 * A sale paid by QRIS: journaled to wait for its payment (even one whose payment was never journaled,
 * refused before it was sent), or linked to one.
 */
function paidByQris(purchase: PurchaseRecord, events: readonly PurchaseEventRecord[]): boolean {
  return (
    purchase.paymentId !== null ||
    events.some((event) => event.kind === 'created' && event.toState === 'AWAITING_PAYMENT')
  );
}

/** The price breakdown of a sale the counter did not note (one sold from the CLI, say). */
export function breakdownOf(
  purchase: PurchaseRecord,
  inquiry: InquiryRecord | undefined,
  events: readonly PurchaseEventRecord[],
): SaleNote {
  const base = inquiry === undefined ? purchase.buyPrice : inquiry.amount;
  const admin = inquiry?.adminFee ?? 0n;
  const fee = purchase.sellingPrice - base;
  return {
    method: paidByQris(purchase, events) ? 'qris' : 'cash',
    receivedMinor: null,
    priceMinor: (fee >= 0n ? base - admin : purchase.sellingPrice - admin).toString(),
    adminFeeMinor: admin.toString(),
    storeFeeMinor: (fee > 0n ? fee : 0n).toString(),
  };
}

export function saleNoteOf(events: readonly PurchaseEventRecord[]): SaleNote | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event?.kind !== 'sale') continue;
    const parsed = SaleNoteSchema.safeParse(event.detail);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

export interface PurchaseViewDeps {
  journal: Pick<Journal, 'purchaseEvents' | 'purchaseNotes' | 'getInquiry' | 'getPayment' | 'getRefund'>;
  paymentView: (record: PaymentRecord) => PaymentView;
}

const REASON_DETAIL = (purchase: PurchaseRecord): string | null =>
  purchase.responseCode === null
    ? null
    : `${purchase.responseCode}${purchase.responseMessage ? ` ${purchase.responseMessage}` : ''}`;

export function toPurchaseView(result: PurchaseResult, deps: PurchaseViewDeps): PurchaseView {
  const { purchase } = result;
  const events = deps.journal.purchaseEvents(purchase.id);
  const inquiry = purchase.inquiryId === null ? undefined : deps.journal.getInquiry(purchase.inquiryId);
  const note = saleNoteOf(events) ?? breakdownOf(purchase, inquiry, events);
  const received = note.receivedMinor === null ? null : BigInt(note.receivedMinor);
  const change: Minor | null = received === null ? null : received - purchase.sellingPrice;
  const failed = purchase.state === 'FAILED' || purchase.state === 'MANUAL_FAILED';
  // How the sale was paid, as it was sold: a QRIS sale with no payment (not yet, or refused before
  // it was sent) is still no cash sale.
  const cash = note.method === 'cash';
  const returned = cash && failed && cashReturned(deps.journal, purchase);
  const sn = result.sn;
  return {
    reference: purchase.partnerReferenceId,
    provider: purchase.provider,
    transactionId: purchase.transactionId,
    productKey: productKey({ provider: purchase.provider, code: purchase.productCode }),
    productCode: purchase.productCode,
    productName: purchase.productName,
    category: purchase.category as ProductCategory,
    customerNo: purchase.customerNo,
    customerName: purchase.customerName ?? inquiry?.customerName ?? sn?.name ?? null,
    period: purchase.period,
    state: purchase.state,
    outcome: result.outcome,
    message: result.message,
    failure: result.failure?.message ?? null,
    reasonDetail: result.outcome === 'failed' ? REASON_DETAIL(purchase) : null,
    sn:
      sn === undefined
        ? null
        : {
            raw: sn.raw,
            token: sn.token ?? null,
            name: sn.name ?? null,
            tariff: sn.tariff ?? null,
            powerVa: sn.powerVa ?? null,
            kwh: sn.kwh ?? null,
          },
    totalMinor: purchase.sellingPrice.toString(),
    priceMinor: note.priceMinor,
    adminFeeMinor: note.adminFeeMinor,
    storeFeeMinor: note.storeFeeMinor,
    buyPriceMinor: purchase.buyPrice.toString(),
    method: cash ? 'cash' : 'qris',
    cashReceivedMinor: cash && received !== null ? received.toString() : null,
    changeMinor: cash && change !== null && change >= 0n ? change.toString() : null,
    payment: result.payment === undefined ? null : deps.paymentView(result.payment),
    refund: result.refund === undefined ? null : toRefundView(result.refund),
    refundMessage: result.refundMessage ?? null,
    refundOwed: result.refundOwed,
    cashToReturn: cash && failed && !returned,
    cashReturned: returned,
    needsSupervisor: result.needsSupervisor,
    businessDate: purchase.businessDate,
    createdAt: purchase.createdAt,
    updatedAt: purchase.updatedAt,
    receiptsPrinted: deps.journal.purchaseNotes(purchase.id, 'receipt'),
  };
}

export function toPurchaseEventView(record: PurchaseEventRecord): PurchaseEventView {
  return {
    id: record.id,
    at: record.at,
    kind: record.kind,
    fromState: record.fromState,
    toState: record.toState,
    httpStatus: record.httpStatus,
    responseCode: record.responseCode,
    providerStatus: record.providerStatus,
    detail: shortDetail(record.detail),
  };
}
