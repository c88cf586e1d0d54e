// What may be done to a payment — found, refunded, cancelled, decided by hand — each as one rule with
// one code per way it can fail. The engine and the journal check them where the work happens (a
// refund inside the transaction that writes it, so two refunds can never both fit), and the app checks
// the same rules before asking for the supervisor's PIN, so nobody types a PIN for what cannot happen.

import { KasirError } from '../errors';
import { formatRupiah, type Minor } from '../money/amount';
import type { PaymentRecord, PurchaseRecord, RefundRecord } from './journal-records';
import { isOpenPaymentState, isOpenPurchaseState, isPaidState } from './states';

/** PAYMENT_NOT_FOUND: no payment by that reference (or journal id) in this terminal's journal. */
export function paymentNotFound(reference: string | number): KasirError {
  return new KasirError({
    code: 'PAYMENT_NOT_FOUND',
    message: {
      id: `Pembayaran ${reference} tidak ditemukan di jurnal terminal ini.`,
      en: `No payment ${reference} in this terminal's journal.`,
    },
  });
}

/** REFUND_NOT_FOUND: no refund by that partnerRefundNo (or journal id) in this terminal's journal. */
export function refundNotFound(reference: string | number): KasirError {
  return new KasirError({
    code: 'REFUND_NOT_FOUND',
    message: {
      id: `Pengembalian dana ${reference} tidak ada di jurnal terminal ini.`,
      en: `No refund ${reference} in this terminal's journal.`,
    },
  });
}

/** CANCEL_NOT_FOUND: a cancel's journal id that is not there (a bug, never a cashier's mistake). */
export function cancelNotFound(id: number): KasirError {
  return new KasirError({
    code: 'CANCEL_NOT_FOUND',
    message: { id: `Pembatalan ${id} tidak ada di jurnal.`, en: `Cancel ${id} is not in the journal.` },
  });
}

/**
 * What a cancel (62) may reverse: a payment not yet final, or a paid one on its own business day with
 * nothing refunded. CANCEL_NOT_ALLOWED (final and not paid), CANCEL_NOT_SAME_DAY, CANCEL_AFTER_REFUND.
 */
export function assertCancellable(
  payment: Pick<PaymentRecord, 'state' | 'businessDate'>,
  context: { today: string; committedRefunds: Minor },
): void {
  if (isOpenPaymentState(payment.state)) return;
  if (payment.state !== 'PAID') {
    throw new KasirError({
      code: 'CANCEL_NOT_ALLOWED',
      message: {
        id: `Pembayaran berstatus ${payment.state} sudah final; tidak ada yang perlu dibatalkan.`,
        en: `The payment is final (${payment.state}); there is nothing to cancel.`,
      },
    });
  }
  if (payment.businessDate !== context.today) {
    throw new KasirError({
      code: 'CANCEL_NOT_SAME_DAY',
      message: {
        id: 'Pembayaran hari sebelumnya tidak dapat dibatalkan; gunakan pengembalian dana.',
        en: 'A payment from an earlier day cannot be cancelled; refund it instead.',
      },
    });
  }
  if (context.committedRefunds > 0n) {
    throw new KasirError({
      code: 'CANCEL_AFTER_REFUND',
      message: {
        id: 'Pembayaran ini sudah memiliki pengembalian dana; gunakan pengembalian dana untuk sisanya.',
        en: 'This payment already has refunds; refund the rest instead.',
      },
    });
  }
}

/** MANUAL_NOT_ALLOWED: a supervisor decides only a payment the provider has not settled. */
export function assertDecidable(payment: Pick<PaymentRecord, 'state'>): void {
  if (isOpenPaymentState(payment.state)) return;
  throw new KasirError({
    code: 'MANUAL_NOT_ALLOWED',
    message: {
      id: `Pembayaran sudah final (${payment.state}); keputusan manual hanya untuk yang belum pasti.`,
      en: `The payment is already final (${payment.state}); a manual decision is only for unresolved ones.`,
    },
  });
}

/**
 * A payment that paid for a digital product still being bought is not refunded or reversed by hand:
 * the product may yet reach the customer, and if it fails the purchase refunds the payment itself.
 * A purchase still awaiting an unfinished payment is not bought yet: cancelling the payment is how
 * that sale stops.
 */
export function assertNoProductPending(
  payment: Pick<PaymentRecord, 'state'>,
  purchase: Pick<PurchaseRecord, 'state' | 'partnerReferenceId'> | undefined,
): void {
  if (purchase === undefined || !isOpenPurchaseState(purchase.state)) return;
  if (purchase.state === 'AWAITING_PAYMENT' && !isPaidState(payment.state)) return;
  throw new KasirError({
    code: 'PAYMENT_PRODUCT_PENDING',
    message: {
      id: `Produk digital yang dibayar dengan pembayaran ini masih diproses (${purchase.partnerReferenceId}). Tunggu hasilnya: bila gagal, pembayaran dikembalikan otomatis.`,
      en: `The digital product this payment paid for is still being processed (${purchase.partnerReferenceId}). Wait for its outcome: if it fails, the payment is refunded automatically.`,
    },
  });
}

/** A supervisor decides only a purchase the provider never settled, and only once it was sent. */
export function assertPurchaseDecidable(purchase: Pick<PurchaseRecord, 'state'>): void {
  if (isOpenPurchaseState(purchase.state) && purchase.state !== 'AWAITING_PAYMENT') return;
  throw new KasirError({
    code: 'MANUAL_NOT_ALLOWED',
    message: {
      id: `Pembelian berstatus ${purchase.state}; keputusan manual hanya untuk pembelian yang belum pasti.`,
      en: `The purchase is ${purchase.state}; a manual decision is only for an unresolved purchase.`,
    },
  });
}

/** A supervisor decides only a refund the provider never settled (sent or not, its answer unknown). */
export function assertRefundDecidable(refund: Pick<RefundRecord, 'state'>): void {
  if (refund.state === 'REFUND_SENDING' || refund.state === 'REFUND_UNKNOWN') return;
  throw new KasirError({
    code: 'MANUAL_NOT_ALLOWED',
    message: {
      id: `Pengembalian dana sudah final (${refund.state}); keputusan manual hanya untuk yang belum pasti.`,
      en: `The refund is already final (${refund.state}); a manual decision is only for unresolved ones.`,
    },
  });
}

/**
 * Throws PAYMENT_NOT_REFUNDABLE (not paid), REFUND_AMOUNT_INVALID (zero or less) or
 * REFUND_EXCEEDS_REMAINING (more than was paid minus every refund that went, or may still go, through).
 */
export function assertRefundable(
  payment: Pick<PaymentRecord, 'partnerReferenceNo' | 'state' | 'amount'>,
  amount: Minor,
  committed: Minor,
): void {
  if (!isPaidState(payment.state)) {
    throw new KasirError({
      code: 'PAYMENT_NOT_REFUNDABLE',
      message: {
        id: `Pembayaran ${payment.partnerReferenceNo} berstatus ${payment.state}; hanya pembayaran lunas yang dapat dikembalikan.`,
        en: `Payment ${payment.partnerReferenceNo} is ${payment.state}; only a paid payment can be refunded.`,
      },
    });
  }
  if (amount <= 0n) {
    throw new KasirError({
      code: 'REFUND_AMOUNT_INVALID',
      message: {
        id: 'Jumlah pengembalian harus lebih dari nol.',
        en: 'The refund amount must be more than zero.',
      },
    });
  }
  const remaining = payment.amount - committed;
  if (amount > remaining) {
    throw new KasirError({
      code: 'REFUND_EXCEEDS_REMAINING',
      message: {
        id:
          remaining <= 0n
            ? 'Tidak ada lagi yang dapat dikembalikan: seluruh jumlahnya sudah (atau sedang) dikembalikan.'
            : `Jumlah pengembalian melebihi sisa yang dapat dikembalikan (${formatRupiah(remaining)}).`,
        en:
          remaining <= 0n
            ? 'Nothing is left to refund: the whole amount has been (or is being) refunded.'
            : `The refund is more than what is left to refund (${formatRupiah(remaining)}).`,
      },
      raw: { remaining: remaining.toString(), requested: amount.toString() },
    });
  }
}
