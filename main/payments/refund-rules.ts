// What may be refunded, as one rule with one code per way it can fail. The journal checks it inside
// the transaction that writes the refund (so two refunds can never both fit), and the app checks it
// before asking for the supervisor's PIN (so nobody types a PIN for a refund that cannot happen).

import { KasirError } from '../errors';
import { formatRupiah, type Minor } from '../money/amount';
import type { PaymentRecord } from './journal-records';
import { isPaidState } from './states';

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
