// The receipt of a digital-product sale, as lines (the same ones the screen previews and the printer
// prints, through receiptHtml): the product, the customer's number and name, the period, the PLN
// token or serial number in groups of four, the price with its admin and store fees, how it was paid,
// what became of the money when the product failed, and every reference support may need. A reprint
// says COPY, a sandbox receipt says UJI COBA / TEST, at the top and the bottom.

import type { ReceiptLine } from '../../preload/contract/payments';
import type { PurchaseReceipt, PurchaseView } from '../../preload/contract/ppob';
import { wallClock } from '../../preload/contract/wall-clock';
import { formatRupiah } from '../money/amount';
import type { ReceiptLanguage, ReceiptOptions } from './receipt-layout';
import { walletText } from './receipt-layout';

const WORDS = {
  id: {
    success: 'PEMBELIAN BERHASIL',
    manualSuccess: 'DITANDAI BERHASIL OLEH SUPERVISOR',
    failed: 'PEMBELIAN GAGAL',
    notPaid: 'TIDAK DIBAYAR — PRODUK TIDAK DIBELI',
    product: 'Produk',
    customerNo: 'No. pelanggan',
    name: 'Nama',
    period: 'Periode',
    token: 'TOKEN LISTRIK',
    sn: 'No. seri (SN)',
    kwh: 'kWh',
    tariff: 'Tarif/Daya',
    bill: 'Tagihan',
    price: 'Harga',
    adminFee: 'Biaya admin',
    storeFee: 'Biaya layanan',
    total: 'Total',
    method: 'Pembayaran',
    cash: 'Tunai',
    qris: 'QRIS (QR pelanggan)',
    received: 'Tunai diterima',
    change: 'Kembalian',
    refunded: 'Dana QRIS dikembalikan',
    refundPending: 'Pengembalian QRIS diproses',
    cashBack: 'Uang tunai dikembalikan',
    time: 'Waktu',
    ourRef: 'Ref. kasir',
    providerRef: 'Ref. penyedia',
    paymentRef: 'Ref. QRIS',
    merchant: 'Merchant',
    terminal: 'Terminal',
    copy: '*** SALINAN / COPY ***',
    test: '*** UJI COBA / TEST — BUKAN BUKTI BAYAR ***',
    thanks: 'Terima kasih',
  },
  en: {
    success: 'PURCHASE SUCCESSFUL',
    manualSuccess: 'MARKED SUCCESSFUL BY SUPERVISOR',
    failed: 'PURCHASE FAILED',
    notPaid: 'NOT PAID — NOTHING BOUGHT',
    product: 'Product',
    customerNo: 'Customer no.',
    name: 'Name',
    period: 'Period',
    token: 'ELECTRICITY TOKEN',
    sn: 'Serial no. (SN)',
    kwh: 'kWh',
    tariff: 'Tariff/Power',
    bill: 'Bill',
    price: 'Price',
    adminFee: 'Admin fee',
    storeFee: 'Service fee',
    total: 'Total',
    method: 'Payment',
    cash: 'Cash',
    qris: 'QRIS (customer QR)',
    received: 'Cash received',
    change: 'Change',
    refunded: 'QRIS payment refunded',
    refundPending: 'QRIS refund in progress',
    cashBack: 'Cash handed back',
    time: 'Time',
    ourRef: 'Cashier ref.',
    providerRef: 'Provider ref.',
    paymentRef: 'QRIS ref.',
    merchant: 'Merchant',
    terminal: 'Terminal',
    copy: '*** COPY ***',
    test: '*** TEST — NOT A PROOF OF PAYMENT ***',
    thanks: 'Thank you',
  },
} as const;

const MONTHS = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;

/** "202511" → "Nov 2025"; anything else as it is. */
export function periodText(period: string, language: ReceiptLanguage): string {
  const match = /^(\d{4})(\d{2})$/.exec(period);
  const month = match ? MONTHS[language][Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : period;
}

/** A serial number in groups of four for reading aloud; a PLN token already comes grouped. */
export function groupedSn(sn: NonNullable<PurchaseView['sn']>): string {
  if (sn.token !== null) return sn.token.replaceAll('-', ' ');
  const compact = sn.raw.replace(/\s+/g, '');
  return /^[0-9A-Za-z]{8,40}$/.test(compact) ? (compact.match(/.{1,4}/g) ?? [compact]).join(' ') : sn.raw;
}

export interface PurchaseReceiptContext {
  merchantName: string;
  merchantId: string;
  terminalId: string;
}

export function purchaseReceiptLayout(
  purchase: PurchaseView,
  context: PurchaseReceiptContext,
  options: ReceiptOptions,
): PurchaseReceipt {
  const w = WORDS[options.language];
  const money = (minor: string) => formatRupiah(BigInt(minor), options.language);
  const lines: ReceiptLine[] = [];
  const pair = (left: string, right: string | null | undefined) => {
    if (right !== null && right !== undefined && right !== '') lines.push({ kind: 'pair', left, right });
  };
  if (options.test) lines.push({ kind: 'test', left: w.test });
  if (options.copy) lines.push({ kind: 'copy', left: w.copy });
  lines.push({ kind: 'title', left: context.merchantName });
  lines.push({
    kind: 'small',
    left: `${w.merchant} ${context.merchantId} · ${w.terminal} ${context.terminalId}`,
  });
  lines.push({ kind: 'rule', left: '' });
  lines.push({
    kind: 'status',
    left:
      purchase.state === 'MANUAL_SUCCESS'
        ? w.manualSuccess
        : purchase.outcome === 'success'
          ? w.success
          : purchase.outcome === 'not_paid'
            ? w.notPaid
            : w.failed,
  });
  pair(w.product, purchase.productName);
  pair(w.customerNo, purchase.customerNo);
  pair(w.name, purchase.customerName);
  if (purchase.period !== null) pair(w.period, periodText(purchase.period, options.language));
  if (purchase.sn !== null) {
    lines.push({ kind: 'text', left: purchase.sn.token !== null ? w.token : w.sn });
    lines.push({ kind: 'token', left: groupedSn(purchase.sn) });
    pair(w.kwh, purchase.sn.kwh);
    if (purchase.sn.tariff !== null) {
      pair(
        w.tariff,
        purchase.sn.powerVa === null ? purchase.sn.tariff : `${purchase.sn.tariff}/${purchase.sn.powerVa} VA`,
      );
    }
  }
  lines.push({ kind: 'rule', left: '' });
  const postpaid = purchase.adminFeeMinor !== '0';
  pair(postpaid ? w.bill : w.price, money(purchase.priceMinor));
  if (postpaid) pair(w.adminFee, money(purchase.adminFeeMinor));
  if (purchase.storeFeeMinor !== '0') pair(w.storeFee, money(purchase.storeFeeMinor));
  lines.push({ kind: 'amount', left: w.total, right: money(purchase.totalMinor) });
  pair(
    w.method,
    purchase.method === 'cash'
      ? w.cash
      : `${w.qris}${purchase.payment ? ` ${walletText(purchase.payment.wallet, '')}` : ''}`.trim(),
  );
  if (purchase.cashReceivedMinor !== null) {
    pair(w.received, money(purchase.cashReceivedMinor));
    if (purchase.changeMinor !== null) pair(w.change, money(purchase.changeMinor));
  }
  if (purchase.refund !== null) {
    const done = purchase.refund.state === 'REFUNDED' || purchase.refund.state === 'MANUAL_REFUNDED';
    pair(done ? w.refunded : w.refundPending, money(purchase.refund.amountMinor));
  }
  if (purchase.cashReturned) pair(w.cashBack, money(purchase.totalMinor));
  lines.push({ kind: 'rule', left: '' });
  pair(w.time, wallClock(purchase.updatedAt, options.utcOffsetMinutes));
  pair(w.ourRef, purchase.reference);
  pair(w.providerRef, purchase.transactionId);
  if (purchase.payment !== null) {
    pair(w.paymentRef, purchase.payment.referenceNo ?? purchase.payment.partnerReferenceNo);
  }
  lines.push({ kind: 'rule', left: '' });
  lines.push({ kind: 'text', left: w.thanks });
  if (options.copy) lines.push({ kind: 'copy', left: w.copy });
  if (options.test) lines.push({ kind: 'test', left: w.test });
  return { reference: purchase.reference, copy: options.copy, lines };
}
