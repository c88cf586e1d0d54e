// What the cashier reads about a purchase: each state, and each way a purchase can definitely fail,
// in Bahasa Indonesia and English, saying what to do next. DOKU's user errors (U0/U1) and Klikoo's
// customer-facing refusals get their own words; the rest are said by failure kind.

import type { LocalizedText } from '../errors';
import { formatRupiah } from '../money/amount';
import type { PurchaseState } from '../payments/states';
import type { DecodedResponseCode } from '../snap/response-codes';
import type { FailureKind } from './provider';

export const PURCHASE_MESSAGES: Readonly<Record<PurchaseState, LocalizedText>> = {
  AWAITING_PAYMENT: {
    id: 'Menunggu pembayaran QRIS pelanggan; produk belum dibeli.',
    en: "Waiting for the customer's QRIS payment; nothing has been bought yet.",
  },
  SENDING: {
    id: 'Membeli produk… Jangan ulangi pembelian.',
    en: 'Buying the product… Do not buy it again.',
  },
  WAITING: {
    id: 'Pembelian sedang diproses penyedia. Jangan ulangi pembelian; sistem memeriksa sampai ada hasil.',
    en: 'The provider is still processing the purchase. Do not buy it again; the system keeps checking until it is settled.',
  },
  UNKNOWN: {
    id: 'Hasil pembelian belum diketahui. Jangan ulangi pembelian; sistem sedang memeriksa dengan nomor referensi yang sama.',
    en: 'The purchase result is not known yet. Do not buy it again; the system is checking with the same reference.',
  },
  SUCCESS: {
    id: 'Pembelian berhasil. Berikan struk (dan token/nomor seri) kepada pelanggan.',
    en: 'Purchase successful. Give the customer the receipt (and the token or serial number).',
  },
  FAILED: {
    id: 'Pembelian gagal; produk tidak terkirim dan deposit tidak terpotong.',
    en: 'The purchase failed; nothing was delivered and the deposit was not charged.',
  },
  NOT_PAID: {
    id: 'Pembayaran QRIS tidak berhasil, jadi produk tidak dibeli.',
    en: 'The QRIS payment did not go through, so the product was not bought.',
  },
  MANUAL_SUCCESS: {
    id: 'Ditandai berhasil oleh supervisor (bukan konfirmasi penyedia). Periksa pada rekonsiliasi harian.',
    en: 'Marked successful by a supervisor (not confirmed by the provider). Check it in the daily reconciliation.',
  },
  MANUAL_FAILED: {
    id: 'Ditandai gagal oleh supervisor (bukan konfirmasi penyedia). Periksa pada rekonsiliasi harian.',
    en: 'Marked failed by a supervisor (not confirmed by the provider). Check it in the daily reconciliation.',
  },
};

export function purchaseMessage(state: PurchaseState): LocalizedText {
  return PURCHASE_MESSAGES[state];
}

/**
 * A sale paid by QRIS whose payment was refused before it was sent (the terminal held by another
 * process, a payment still open): nothing charged, nothing bought, the refusal's own words on why
 * and what to do, then the sale again with the customer's QR, which was never used.
 */
export function notSentMessage(refusal: LocalizedText): LocalizedText {
  return {
    id: `Pembayaran QRIS tidak dikirim, jadi pelanggan tidak ditagih dan produk tidak dibeli. Sebabnya: ${refusal.id} Setelah itu, jual lagi dan pindai lagi QR pelanggan; QR itu belum terpakai.`,
    en: `The QRIS payment was not sent, so the customer was not charged and nothing was bought. Why: ${refusal.en} Then sell it again and scan the customer's QR again; it was not used.`,
  };
}

const FAILURE_MESSAGES: Readonly<Record<FailureKind, LocalizedText>> = {
  deposit: {
    id: 'Saldo deposit PPOB tidak cukup. Isi ulang deposit, lalu coba lagi; tidak ada yang terbeli.',
    en: 'The PPOB deposit is too low. Top up the deposit, then try again; nothing was bought.',
  },
  customer: {
    id: 'Nomor pelanggan atau tagihan ditolak penyedia. Periksa nomornya bersama pelanggan.',
    en: 'The provider refused the customer number or bill. Check the number with the customer.',
  },
  closed: {
    id: 'Biller sedang tutup atau gangguan. Coba lagi nanti; tidak ada yang terbeli.',
    en: 'The biller is closed or down. Try again later; nothing was bought.',
  },
  refused: {
    id: 'Pembelian ditolak penyedia; tidak ada yang terbeli.',
    en: 'The provider refused the purchase; nothing was bought.',
  },
  setup: {
    id: 'Penyedia menolak permintaan karena pengaturan akun atau data teknis. Hubungi dukungan teknis; tidak ada yang terbeli.',
    en: 'The provider refused the request because of account settings or technical data. Contact support; nothing was bought.',
  },
};

/** The cashier's words for specific codes, by "family:code" (Klikoo by HTTP status + case). */
const CODE_MESSAGES: Readonly<Record<string, LocalizedText>> = {
  'doku:U000': {
    id: 'Nomor pelanggan/nomor HP tidak valid. Periksa dan masukkan ulang nomornya.',
    en: 'Invalid customer or phone number. Check it and enter it again.',
  },
  'doku:U001': {
    id: 'Tagihan sudah dibayar; tidak ada tagihan yang perlu dibayar.',
    en: 'The bill is already paid; nothing is owed.',
  },
  'doku:U002': {
    id: 'ID pelanggan diblokir. Minta pelanggan menghubungi penyedia tagihannya.',
    en: 'The customer ID is blocked. Ask the customer to contact their billing provider.',
  },
  'doku:U003': {
    id: 'Sedang jam tutup (cut-off) biller; transaksi belum bisa diproses. Coba lagi nanti.',
    en: "It is the biller's cut-off time; the transaction cannot be processed now. Try again later.",
  },
  'doku:U004': {
    id: 'Ada transaksi lain untuk nomor pelanggan ini yang sedang diproses. Tunggu hasilnya; jangan ulangi.',
    en: 'Another transaction for this customer number is being processed. Wait for its outcome; do not repeat.',
  },
  'doku:U101': {
    id: 'Tagihan sudah dibayar melalui loket lain.',
    en: 'The bill was already paid elsewhere.',
  },
  'doku:U102': {
    id: 'Tagihan sudah kedaluwarsa. Minta pelanggan menghubungi penyedia tagihannya.',
    en: 'The bill has expired. Ask the customer to contact their billing provider.',
  },
  'doku:U103': {
    id: 'Batas pembelian kWh bulan ini untuk meter ini sudah tercapai. Informasi: PLN 123.',
    en: "This meter's kWh purchase limit for the month is reached. Information: PLN 123.",
  },
  'doku:IT08': {
    id: 'Saldo deposit DOKU Biller tidak cukup. Isi ulang deposit, lalu coba lagi; tidak ada yang terbeli.',
    en: 'The DOKU Biller deposit is too low. Top up the deposit, then try again; nothing was bought.',
  },
  'doku:SY01': {
    id: 'Saldo DOKU di biller sedang tidak cukup. Coba lagi nanti; tidak ada yang terbeli.',
    en: "DOKU's own balance at the biller is too low. Try again later; nothing was bought.",
  },
  'doku:SY06': {
    id: 'Produk sedang tutup atau biller sedang gangguan. Coba lagi nanti; tidak ada yang terbeli.',
    en: 'The product is temporarily closed or the biller is down. Try again later; nothing was bought.',
  },
  'klikoo:4226558': {
    id: 'Saldo deposit Klikoo tidak cukup (Dompet tidak cukup). Isi ulang deposit, lalu coba lagi; tidak ada yang terbeli.',
    en: 'The Klikoo deposit is too low ("Dompet tidak cukup"). Top up the deposit, then try again; nothing was bought.',
  },
  'klikoo:4047002': {
    id: 'Nomor pelanggan tidak ditemukan. Periksa nomornya bersama pelanggan.',
    en: 'The customer number was not found. Check it with the customer.',
  },
  'klikoo:4047011': {
    id: 'Nomor pelanggan salah. Pastikan nomor yang dimasukkan sesuai.',
    en: 'Wrong customer number. Make sure the number entered is right.',
  },
  'klikoo:4047012': {
    id: 'Angsuran terakhir: pelanggan harus datang ke kantor cabang.',
    en: 'Last instalment: the customer must go to a branch office.',
  },
  'klikoo:5039998': {
    id: 'Jumlah pembayaran di bawah minimum (ditambah biaya admin).',
    en: 'The amount is below the minimum (plus the admin fee).',
  },
};

function codeKey(decoded: DecodedResponseCode): string {
  return decoded.family === 'doku'
    ? `doku:${decoded.code}`
    : `${decoded.family}:${decoded.httpStatus ?? ''}${decoded.caseCode}`;
}

export function failureMessage(failure: FailureKind, decoded?: DecodedResponseCode): LocalizedText {
  return (decoded && CODE_MESSAGES[codeKey(decoded)]) ?? FAILURE_MESSAGES[failure];
}

/** For a sale paid by QRIS whose product failed: what happens to the customer's money. */
export function refundNotice(amount: bigint, refunded: 'refunded' | 'failed' | 'unresolved'): LocalizedText {
  const rp = formatRupiah(amount);
  if (refunded === 'refunded') {
    return {
      id: `Pembayaran QRIS ${rp} sudah dikembalikan penuh ke pelanggan.`,
      en: `The QRIS payment of ${rp} was refunded in full to the customer.`,
    };
  }
  if (refunded === 'failed') {
    return {
      id: `Pengembalian ${rp} ke pelanggan gagal. Panggil supervisor: kembalikan tunai atau ulangi pengembalian.`,
      en: `Refunding ${rp} to the customer failed. Call a supervisor: give it back in cash or refund again.`,
    };
  }
  return {
    id: `Pengembalian ${rp} ke pelanggan sedang diproses; jangan berikan uang tunai sebagai gantinya.`,
    en: `The refund of ${rp} to the customer is still being processed; do not hand out cash instead.`,
  };
}
