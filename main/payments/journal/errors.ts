import type { ErrorCode } from '../../errors';
// The journal's refusals, each with its one code and words for the cashier and for support.

import { KasirError } from '../../errors';
import type { PaymentRecord, PurchaseRecord } from '../journal-records';
import type { OperationKind } from '../states';

export function journalError(code: ErrorCode, id: string, en: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, cause });
}

export function isConstraintOn(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    error.message.includes('UNIQUE constraint failed') &&
    error.message.includes(column)
  );
}

export function openFailed(file: string, cause: unknown): KasirError {
  return journalError(
    'JOURNAL_OPEN_FAILED',
    `Jurnal pembayaran tidak dapat dibuka (${file}). Periksa izin folder data.`,
    `The payment journal cannot be opened (${file}). Check the data folder's permissions.`,
    cause,
  );
}

export function corrupt(file: string, cause: unknown): KasirError {
  return journalError(
    'JOURNAL_CORRUPT',
    `Jurnal pembayaran rusak atau bukan jurnal Kasir (${file}). Jangan terima pembayaran; hubungi dukungan teknis dengan salinan file ini.`,
    `The payment journal is damaged or not a Kasir journal (${file}). Take no payments; contact support with a copy of this file.`,
    cause,
  );
}

export function paymentInFlight(open: PaymentRecord | undefined): KasirError {
  const ref = open?.partnerReferenceNo ?? '?';
  return new KasirError({
    code: 'PAYMENT_IN_FLIGHT',
    message: {
      id: `Masih ada pembayaran yang belum selesai di terminal ini (${ref}). Selesaikan dulu sebelum menerima pembayaran baru.`,
      en: `This terminal still has an unfinished payment (${ref}). Resolve it before taking a new payment.`,
    },
    raw: open ? { partnerReferenceNo: open.partnerReferenceNo, state: open.state } : undefined,
  });
}

/** One open purchase per product and customer number: a second one could buy the same thing twice. */
export function purchaseInFlight(
  open: Pick<PurchaseRecord, 'partnerReferenceId' | 'productCode' | 'customerNo' | 'state'> | undefined,
  wanted?: { productCode: string; customerNo: string },
): KasirError {
  const product = open?.productCode ?? wanted?.productCode ?? '?';
  const customer = open?.customerNo ?? wanted?.customerNo ?? '?';
  return new KasirError({
    code: 'PURCHASE_IN_FLIGHT',
    message: {
      id: `Pembelian ${product} untuk ${customer} sebelumnya belum selesai${open ? ` (${open.partnerReferenceId})` : ''}. Tunggu hasilnya atau selesaikan dulu; jangan beli ulang.`,
      en: `An earlier purchase of ${product} for ${customer} is not finished yet${open ? ` (${open.partnerReferenceId})` : ''}. Wait for its outcome or resolve it first; do not buy again.`,
    },
    raw: open ? { partnerReferenceId: open.partnerReferenceId, state: open.state } : undefined,
  });
}

export function staleState(
  operation: OperationKind,
  id: number,
  expected: string,
  actual: string | undefined,
): KasirError {
  return new KasirError({
    code: 'STALE_STATE',
    message: {
      id: `Status ${operation} ${id} sudah berubah (${actual ?? 'tidak ada'}, bukan ${expected}).`,
      en: `The ${operation} ${id} has already moved (it is ${actual ?? 'missing'}, not ${expected}).`,
    },
    raw: { operation, id, expected, actual: actual ?? null },
  });
}

export function referenceTaken(
  what: 'partnerReferenceNo' | 'partnerRefundNo' | 'partner_reference_id' | 'inquiry reference',
  cause: unknown,
): KasirError {
  return journalError(
    'REFERENCE_TAKEN',
    what === 'partnerRefundNo' ? 'Nomor pengembalian sudah dipakai.' : 'Nomor referensi sudah dipakai.',
    `That ${what} is already in the journal.`,
    cause,
  );
}

export function badDate(date: string): KasirError {
  return journalError(
    'DATE_FORMAT',
    `Tanggal harus berformat YYYY-MM-DD, bukan ${JSON.stringify(date)}.`,
    `The date must look like YYYY-MM-DD, not ${JSON.stringify(date)}.`,
  );
}
