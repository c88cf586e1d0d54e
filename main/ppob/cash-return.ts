// A cash sale whose product definitely failed: the customer's cash goes back across the counter, and
// a supervisor confirms it with the PIN. That confirmation is journaled once in the purchase's own
// history, so the day's report can tell cash still owed to a customer from cash handed back. The
// rule is checked twice with the same function: by the app before it asks for the PIN, and here,
// before the note is written.

import { KasirError } from '../errors';
import type { Journal, PurchaseRecord } from '../payments/journal';

/** Only a failed sale paid in cash has cash to hand back, and only once. */
export function assertCashReturnable(purchase: PurchaseRecord, alreadyReturned: boolean): void {
  const failed = purchase.state === 'FAILED' || purchase.state === 'MANUAL_FAILED';
  if (purchase.paymentId !== null || !failed || alreadyReturned) {
    throw new KasirError({
      code: 'PPOB_CASH_RETURN_NOT_ALLOWED',
      message: alreadyReturned
        ? {
            id: `Pengembalian uang tunai untuk ${purchase.partnerReferenceId} sudah dicatat.`,
            en: `The cash of ${purchase.partnerReferenceId} is already recorded as handed back.`,
          }
        : {
            id: 'Hanya penjualan tunai yang gagal yang uangnya dikembalikan di kasir.',
            en: 'Only a failed cash sale has cash to hand back at the counter.',
          },
      raw: { state: purchase.state, paidBy: purchase.paymentId === null ? 'cash' : 'qris' },
    });
  }
}

export function cashReturned(journal: Pick<Journal, 'purchaseNotes'>, purchase: PurchaseRecord): boolean {
  return journal.purchaseNotes(purchase.id, 'cash-returned') > 0;
}

/** Journals that `supervisor` confirmed the cash of a failed cash sale went back to the customer. */
export function recordCashReturned(
  journal: Pick<Journal, 'purchaseNotes' | 'notePurchase' | 'getPurchase'>,
  purchase: PurchaseRecord,
  confirmation: { supervisor: string; reason: string },
): PurchaseRecord {
  assertCashReturnable(purchase, cashReturned(journal, purchase));
  journal.notePurchase(
    purchase.id,
    'cash-returned',
    {
      amount: purchase.sellingPrice.toString(),
      supervisor: confirmation.supervisor,
      reason: confirmation.reason,
    },
    'durable',
  );
  return journal.getPurchase(purchase.id) ?? purchase;
}
