// What the provider said, in the cashier's words: the reason a payment did not go through, and the
// provider's last word on it (for a supervisor about to decide by hand). The journal keeps the
// engine's own English notes and raw codes; those stay available as secondary detail for support.

import type { ProviderWord } from '../../preload/contract/payments';
import type { LocalizedText } from '../errors';
import type { EventRecord } from '../payments/journal-records';
import { clockSkewError, isClockSkewAnswer } from '../snap/clock-skew';
import { messageFor } from '../snap/response-codes';

/** A query's (or notify's) latestTransactionStatus, as a cashier reads it. */
const TRANSACTION_STATUS: Readonly<Record<string, LocalizedText>> = {
  '00': { id: 'Penyedia: pembayaran berhasil.', en: 'Provider: the payment succeeded.' },
  '01': { id: 'Penyedia: pembayaran baru dimulai.', en: 'Provider: the payment has only started.' },
  '02': { id: 'Penyedia: pembayaran sedang diproses.', en: 'Provider: the payment is being processed.' },
  '03': { id: 'Penyedia: pembayaran masih tertunda.', en: 'Provider: the payment is still pending.' },
  '04': { id: 'Penyedia: pembayaran sudah dikembalikan.', en: 'Provider: the payment was refunded.' },
  '05': { id: 'Penyedia: pembayaran dibatalkan.', en: 'Provider: the payment was cancelled.' },
  '06': {
    id: 'Penyedia: pembayaran gagal. Pelanggan tidak ditagih.',
    en: 'Provider: the payment failed. The customer was not charged.',
  },
  '07': { id: 'Penyedia: pembayaran tidak ditemukan.', en: 'Provider: the payment was not found.' },
};

export function transactionStatusText(status: string): LocalizedText | null {
  return TRANSACTION_STATUS[status] ?? null;
}

/** The engine's notes on how it decided, for the few it writes; anything else stays a raw detail. */
const ENGINE_REASONS: ReadonlyArray<{
  pattern: RegExp;
  text: (match: RegExpMatchArray) => LocalizedText | null;
}> = [
  { pattern: /^query: (\d\d)\b/, text: (match) => transactionStatusText(match[1] ?? '') },
  {
    pattern: /^not found by two queries/,
    text: () => ({
      id: 'Penyedia tidak menemukan pembayaran ini setelah batas waktu. Pelanggan tidak ditagih.',
      en: 'The provider did not find this payment after the time limit. The customer was not charged.',
    }),
  },
  {
    pattern: /^cancel accepted/,
    text: () => ({
      id: 'Pembatalan diterima penyedia. Pelanggan tidak ditagih.',
      en: 'The provider accepted the cancel. The customer was not charged.',
    }),
  },
];

/** The code itself goes into the secondary detail; the words need not repeat it. */
function withoutCode(text: string): string {
  return text.replace(/ \((?:kode|code) [^)]*\)/, '');
}

function codeText(responseCode: string): LocalizedText | null {
  try {
    const text = messageFor(responseCode);
    return { id: withoutCode(text.id), en: withoutCode(text.en) };
  } catch {
    return null; // a code of a shape no table knows
  }
}

/**
 * Why a payment did not go through, in words: the provider's decline code when it gave one, else the
 * engine's note read back into words. `detail` is the raw code and note, for support.
 */
export function reasonOf(
  responseCode: string | null,
  note: string | null,
  responseMessage: string | null = null,
): { text: LocalizedText | null; detail: string | null } {
  const detail = [responseCode, note].filter((part) => part !== null && part !== '').join(' · ') || null;
  // A 401 blaming the request's time is the till's clock, not the provider's session: say so, with
  // what to do (a DANA-style provider without tokens answers it on the payment itself).
  if (responseCode !== null && responseMessage !== null && isClockSkewAnswer(responseCode, responseMessage)) {
    return { text: clockSkewError(undefined).messages, detail };
  }
  if (responseCode !== null && !responseCode.startsWith('2')) {
    const text = codeText(responseCode);
    if (text) return { text, detail };
  }
  if (note !== null) {
    for (const known of ENGINE_REASONS) {
      const match = note.match(known.pattern);
      const text = match ? known.text(match) : null;
      if (text) return { text, detail };
    }
  }
  return {
    text:
      detail === null
        ? null
        : {
            id: 'Penyedia tidak menyetujui pembayaran ini.',
            en: 'The provider did not approve this payment.',
          },
    detail,
  };
}

const PROVIDER_KINDS = new Set(['answer', 'query', 'notify']);

/** Paid, refunded, cancelled, failed: the provider has settled it (as the journal's providerWord counts it). */
const DEFINITE_STATUSES = new Set(['00', '04', '05', '06']);

const answered = (event: EventRecord) =>
  event.providerStatus !== null || event.httpStatus !== null || event.responseCode !== null;

/**
 * The newest thing the provider said about a payment: its newest word on the status (a query, a
 * verified notify, a matching answer: the journal's provider status), else its newest answer of any
 * kind; null when it never said anything. `silentSince` is when it stopped answering, if requests
 * after that word went unanswered (a provider that is down).
 */
export function lastProviderWord(events: readonly EventRecord[]): ProviderWord | null {
  const fromProvider = events.filter((event) => PROVIDER_KINDS.has(event.kind));
  const word =
    fromProvider.findLast((event) => event.providerStatus !== null) ?? fromProvider.findLast(answered);
  if (!word) return null;
  const silence = fromProvider.find((event) => event.id > word.id && !answered(event));
  const status = word.providerStatus;
  const meaning: LocalizedText = (status === null ? null : transactionStatusText(status)) ??
    (word.responseCode === null ? null : codeText(word.responseCode)) ?? {
      id: `Jawaban HTTP ${word.httpStatus ?? '?'} tanpa kode.`,
      en: `HTTP ${word.httpStatus ?? '?'} answer without a code.`,
    };
  return {
    at: word.at,
    operation: word.operation,
    kind: word.kind === 'notify' ? 'notify' : word.kind === 'query' ? 'query' : 'answer',
    responseCode: word.responseCode,
    httpStatus: word.httpStatus,
    transactionStatus: status,
    meaning,
    definite: status !== null && DEFINITE_STATUSES.has(status),
    silentSince: silence?.at ?? null,
  };
}
