// What the cashier reads for each state: what happened and what to do next, in Bahasa Indonesia and
// English. The rule behind every line: goods are handed over only on a definite success.

import type { LocalizedText } from '../errors';
import type { CancelState, PaymentState, RefundState } from './states';

export const PAYMENT_MESSAGES: Readonly<Record<PaymentState, LocalizedText>> = {
  SENDING: {
    id: 'Mengirim pembayaran… Jangan serahkan barang dulu.',
    en: 'Sending the payment… Do not hand over the goods yet.',
  },
  UNKNOWN: {
    id: 'Hasil pembayaran belum diketahui. Jangan serahkan barang dan jangan minta pelanggan membayar lagi; sistem sedang memeriksa.',
    en: 'The payment result is not known yet. Do not hand over the goods and do not ask the customer to pay again; the system is checking.',
  },
  QUERYING: {
    id: 'Menanyakan status pembayaran ke penyedia… Jangan serahkan barang dan jangan minta pelanggan membayar lagi.',
    en: 'Asking the provider for the payment status… Do not hand over the goods and do not ask the customer to pay again.',
  },
  CANCELLING: {
    id: 'Membatalkan pembayaran yang belum pasti… Jangan serahkan barang.',
    en: 'Cancelling the unresolved payment… Do not hand over the goods.',
  },
  CANCEL_UNKNOWN: {
    id: 'Pembatalan belum terkonfirmasi. Jangan serahkan barang; panggil supervisor bila tidak selesai dalam beberapa menit.',
    en: 'The cancellation is not confirmed yet. Do not hand over the goods; call a supervisor if it does not settle within a few minutes.',
  },
  PAID: {
    id: 'Pembayaran berhasil. Serahkan barang.',
    en: 'Payment successful. Hand over the goods.',
  },
  FAILED: {
    id: 'Pembayaran gagal; pelanggan tidak ditagih. Minta pelanggan membuat QR baru atau membayar dengan cara lain.',
    en: 'Payment failed; the customer was not charged. Ask for a new QR or another way to pay.',
  },
  CANCELLED: {
    id: 'Pembayaran dibatalkan; pelanggan tidak ditagih. Jangan serahkan barang kecuali dibayar ulang.',
    en: 'Payment cancelled; the customer was not charged. Do not hand over the goods unless paid again.',
  },
  PAID_REFUNDED: {
    id: 'Penyedia melaporkan pembayaran ini sudah dibayar lalu dikembalikan. Jangan serahkan barang; minta supervisor memeriksanya.',
    en: 'The provider reports this payment as paid and then refunded. Do not hand over the goods; ask a supervisor to check it.',
  },
  MANUAL_PAID: {
    id: 'Ditandai lunas oleh supervisor (bukan konfirmasi penyedia). Periksa pada rekonsiliasi harian.',
    en: 'Marked paid by a supervisor (not confirmed by the provider). Check it in the daily reconciliation.',
  },
  MANUAL_NOT_PAID: {
    id: 'Ditandai tidak dibayar oleh supervisor (bukan konfirmasi penyedia). Periksa pada rekonsiliasi harian.',
    en: 'Marked not paid by a supervisor (not confirmed by the provider). Check it in the daily reconciliation.',
  },
};

export const CANCEL_MESSAGES: Readonly<Record<CancelState, LocalizedText>> = {
  CANCEL_SENDING: { id: 'Mengirim pembatalan…', en: 'Sending the cancellation…' },
  CANCEL_LOST: {
    id: 'Jawaban pembatalan tidak diterima; sistem akan memeriksa ulang.',
    en: 'The cancellation answer was lost; the system will check again.',
  },
  CANCEL_ACCEPTED: { id: 'Pembatalan diterima penyedia.', en: 'The provider accepted the cancellation.' },
  CANCEL_REJECTED: {
    id: 'Pembatalan ditolak penyedia; status pembayaran tidak berubah.',
    en: 'The provider refused the cancellation; the payment is unchanged.',
  },
  CANCEL_CLOSED: {
    id: 'Jawaban pembatalan tidak pernah diterima; status akhir pembayaran yang menentukan.',
    en: "The cancellation's answer never came; the payment's final state says what happened.",
  },
};

export const REFUND_MESSAGES: Readonly<Record<RefundState, LocalizedText>> = {
  REFUND_SENDING: {
    id: 'Mengirim pengembalian dana… Jangan berikan uang tunai sebagai gantinya.',
    en: 'Sending the refund… Do not hand out cash instead.',
  },
  REFUND_UNKNOWN: {
    id: 'Hasil pengembalian dana belum diketahui; sistem akan mengirim ulang dengan nomor yang sama. Jangan ulangi dengan nomor baru.',
    en: 'The refund result is not known yet; the system will re-send it under the same number. Do not repeat it with a new one.',
  },
  REFUNDED: {
    id: 'Dana berhasil dikembalikan ke pelanggan.',
    en: 'The refund went through to the customer.',
  },
  REFUND_FAILED: {
    id: 'Pengembalian dana gagal; tidak ada dana yang dikembalikan. Periksa alasannya lalu coba lagi bila perlu.',
    en: 'The refund failed; nothing was returned. Check the reason and try again if needed.',
  },
  MANUAL_REFUNDED: {
    id: 'Ditandai sudah dikembalikan oleh supervisor (bukan konfirmasi penyedia). Periksa pada rekonsiliasi harian.',
    en: 'Marked refunded by a supervisor (not confirmed by the provider). Check it in the daily reconciliation.',
  },
  MANUAL_NOT_REFUNDED: {
    id: 'Ditandai tidak dikembalikan oleh supervisor (bukan konfirmasi penyedia); jumlahnya dapat dikembalikan lagi.',
    en: 'Marked not refunded by a supervisor (not confirmed by the provider); its amount can be refunded again.',
  },
};

export function paymentMessage(state: PaymentState): LocalizedText {
  return PAYMENT_MESSAGES[state];
}

export function refundMessage(state: RefundState): LocalizedText {
  return REFUND_MESSAGES[state];
}

export function cancelMessage(state: CancelState): LocalizedText {
  return CANCEL_MESSAGES[state];
}
