// One decoder for the three response-code families in specs/: SNAP BI (7 digits), Klikoo B2B (9 digits)
// and DOKU Biller (4 characters). Each code decodes to what the table says (message, category) and to
// what the caller should do next, so the payment engine, the CLI and support read a code the same way.
//
// Actions answer "could the money have moved, and what makes trying again safe?" (docs/architecture.md, "What an answer means"):
//   done             the request succeeded as asked
//   query            the outcome is unknown or the request was processed before: ask, never resend blind
//   retry            definitely not processed; the same request may be sent again (new request id)
//   re-authenticate  the access token was refused: get a new token, then resend the same references
//   fix-input        the request itself was wrong (our data or the cashier's typing): correct it first
//   stop             definitely not processed and resending will not change that: show the reason
//
// A well-formed code that the table does not list decodes with known: false, message null and an
// action from its HTTP status alone, chosen to be safe for a payment.

import { z } from 'zod';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { DOKU_CASES, DOKU_CATEGORY_BY_PREFIX, DOKU_SUCCESS_CATEGORIES } from './response-codes/doku-table';
import { KLIKOO_CASES, KLIKOO_SERVICE_NAMES } from './response-codes/klikoo-table';
import { SNAP_CASES, SNAP_SERVICE_NAMES } from './response-codes/snap-table';
import type {
  DokuCategory,
  KlikooCategory,
  ResponseCodeAction,
  ResponseCodeFamily,
} from './response-codes/vocabulary';
import {
  dokuCategorySchema,
  dokuStateSchema,
  klikooCategorySchema,
  responseCodeActionSchema,
  snapCategorySchema,
} from './response-codes/vocabulary';

export * from './response-codes/vocabulary';

export const snapResponseCodeSchema = z.string().regex(/^[1-5]\d{6}$/);
export const klikooResponseCodeSchema = z.string().regex(/^[1-5]\d{8}$/);
export const dokuResponseCodeSchema = z.string().regex(/^[0-9A-Z]{4}$/);

const serviceSchema = z.object({ code: z.string(), name: z.string().nullable() });

// Shapes list their keys in the order the decoder writes them, so parsing keeps the JSON's order.
const message = {
  caseCode: z.string(),
  /** The table's message, verbatim; null when the table does not list the code. */
  message: z.string().nullable(),
  description: z.string().optional(),
};
const outcome = { known: z.boolean(), action: responseCodeActionSchema };

export const decodedSnapCodeSchema = z.object({
  family: z.literal('snap'),
  code: z.string(),
  httpStatus: z.number().int(),
  service: serviceSchema,
  ...message,
  category: snapCategorySchema,
  ...outcome,
});

export const decodedKlikooCodeSchema = z.object({
  family: z.literal('klikoo'),
  code: z.string(),
  httpStatus: z.number().int(),
  service: serviceSchema,
  ...message,
  category: klikooCategorySchema,
  ...outcome,
});

/** DOKU Biller codes carry neither an HTTP status nor a service: both are null, never guessed. */
export const decodedDokuCodeSchema = z.object({
  family: z.literal('doku'),
  code: z.string(),
  httpStatus: z.null(),
  service: z.null(),
  ...message,
  category: dokuCategorySchema,
  states: z.array(dokuStateSchema).optional(),
  ...outcome,
});

export const decodedResponseCodeSchema = z.discriminatedUnion('family', [
  decodedSnapCodeSchema,
  decodedKlikooCodeSchema,
  decodedDokuCodeSchema,
]);
export type DecodedResponseCode = z.infer<typeof decodedResponseCodeSchema>;
export type DecodedSnapCode = z.infer<typeof decodedSnapCodeSchema>;
export type DecodedKlikooCode = z.infer<typeof decodedKlikooCodeSchema>;
export type DecodedDokuCode = z.infer<typeof decodedDokuCodeSchema>;

const SNAP_INDEX = new Map(SNAP_CASES.map((row) => [`${row.httpStatus}${row.caseCode}`, row]));
const KLIKOO_INDEX = new Map(KLIKOO_CASES.map((row) => [`${row.httpStatus}${row.caseCode}`, row]));
const DOKU_INDEX = new Map(DOKU_CASES.map((row) => [row.code, row]));

/**
 * For a code the table does not list, the HTTP status is all we know. An unlisted 2xx is not a
 * definite success and an unlisted 409 may mean "already processed": both query. 5xx and anything
 * unexpected: the outcome is unknown, query.
 */
function actionForUnlistedStatus(httpStatus: number): ResponseCodeAction {
  if (httpStatus === 400) return 'fix-input';
  if (httpStatus === 401) return 're-authenticate';
  if (httpStatus === 429) return 'retry';
  if (httpStatus === 409) return 'query';
  if (httpStatus >= 400 && httpStatus < 500) return 'stop';
  return 'query';
}

function klikooCategory(httpStatus: number): KlikooCategory {
  const byStatus: Record<number, KlikooCategory> = {
    400: 'bad-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    500: 'server-error',
    501: 'not-implemented',
    503: 'service-unavailable',
  };
  const exact = byStatus[httpStatus];
  if (exact) return exact;
  if (httpStatus >= 200 && httpStatus < 300) return 'success';
  if (httpStatus >= 400 && httpStatus < 500) return 'client-error';
  if (httpStatus >= 500) return 'server-error';
  return 'unknown';
}

function decodeSnap(code: string): DecodedSnapCode {
  const httpStatus = Number(code.slice(0, 3));
  const serviceCode = code.slice(3, 5);
  const caseCode = code.slice(5, 7);
  const row = SNAP_INDEX.get(`${httpStatus}${caseCode}`);
  return {
    family: 'snap',
    code,
    httpStatus,
    service: { code: serviceCode, name: SNAP_SERVICE_NAMES[serviceCode] ?? null },
    caseCode,
    message: row?.message ?? null,
    ...(row ? { description: row.description } : {}),
    category: row?.category ?? 'unknown',
    known: row !== undefined,
    action: row?.action ?? actionForUnlistedStatus(httpStatus),
  };
}

function decodeKlikoo(code: string): DecodedKlikooCode {
  const httpStatus = Number(code.slice(0, 3));
  const serviceCode = code.slice(3, 5);
  const caseCode = code.slice(5, 9);
  const row = KLIKOO_INDEX.get(`${httpStatus}${caseCode}`);
  return {
    family: 'klikoo',
    code,
    httpStatus,
    service: { code: serviceCode, name: KLIKOO_SERVICE_NAMES[serviceCode] ?? null },
    caseCode,
    message: row?.message ?? null,
    category: klikooCategory(httpStatus),
    known: row !== undefined,
    action: row?.action ?? actionForUnlistedStatus(httpStatus),
  };
}

/**
 * Unlisted DOKU codes: a user error is a refusal (stop); an integration error is ours to fix, but
 * DOKU files IP and deposit problems there too, so stop as well. A system error, an unmapped (UE)
 * or an unknown code may have come after the biller took the payment: query (send an advice).
 */
function actionForUnlistedDoku(category: DokuCategory): ResponseCodeAction {
  return category === 'user-error' || category === 'integration-error' ? 'stop' : 'query';
}

function decodeDoku(code: string): DecodedDokuCode {
  const row = DOKU_INDEX.get(code);
  const category = DOKU_SUCCESS_CATEGORIES[code] ?? DOKU_CATEGORY_BY_PREFIX[code.slice(0, 2)] ?? 'unknown';
  return {
    family: 'doku',
    code,
    httpStatus: null,
    service: null,
    caseCode: code.slice(2, 4),
    message: row?.message ?? null,
    ...(row?.description === undefined ? {} : { description: row.description }),
    category,
    ...(row?.states === undefined ? {} : { states: [...row.states] }),
    known: row !== undefined,
    action: row?.action ?? actionForUnlistedDoku(category),
  };
}

/** Long or odd input (a pasted QR, a whole body) is shown only as a short excerpt in an error. */
function excerpt(code: string): string {
  return JSON.stringify(code.length > 24 ? `${code.slice(0, 24)}…` : code);
}

const FORMATS: Record<ResponseCodeFamily, { schema: z.ZodString; en: string; id: string }> = {
  snap: {
    schema: snapResponseCodeSchema,
    en: 'a SNAP code is 7 digits, HTTP status (3) + service (2) + case (2), e.g. 2006000',
    id: 'kode SNAP terdiri dari 7 digit, status HTTP (3) + layanan (2) + kasus (2), mis. 2006000',
  },
  klikoo: {
    schema: klikooResponseCodeSchema,
    en: 'a Klikoo code is 9 digits, HTTP status (3) + service (2) + case (4), e.g. 201022001',
    id: 'kode Klikoo terdiri dari 9 digit, status HTTP (3) + layanan (2) + kasus (4), mis. 201022001',
  },
  doku: {
    schema: dokuResponseCodeSchema,
    en: 'a DOKU Biller code is 4 characters XXYY (digits and capital letters), e.g. 0000 or U001',
    id: 'kode DOKU Biller terdiri dari 4 karakter XXYY (angka dan huruf kapital), mis. 0000 atau U001',
  },
};

function formatError(code: string, expected: LocalizedText): KasirError {
  return new KasirError({
    code: 'RESPONSE_CODE_FORMAT',
    message: {
      id: `${excerpt(code)} bukan kode respons yang valid: ${expected.id}.`,
      en: `${excerpt(code)} is not a valid response code: ${expected.en}.`,
    },
  });
}

/** The family a code's shape implies: 7 characters SNAP, 9 Klikoo, 4 DOKU Biller. */
export function detectResponseCodeFamily(code: string): ResponseCodeFamily {
  if (code.length === 7) return 'snap';
  if (code.length === 9) return 'klikoo';
  if (code.length === 4) return 'doku';
  throw formatError(code, {
    id: 'seharusnya 7 digit (SNAP), 9 digit (Klikoo) atau 4 karakter (DOKU Biller)',
    en: 'expected 7 digits (SNAP), 9 digits (Klikoo) or 4 characters (DOKU Biller)',
  });
}

/**
 * Decodes a response code. Without a family, the length decides (see detectResponseCodeFamily).
 * Throws KasirError RESPONSE_CODE_FORMAT when the code does not have the family's shape; a
 * well-formed code the table does not list decodes with known: false.
 */
export function decodeResponseCode(code: string, family?: ResponseCodeFamily): DecodedResponseCode {
  const chosen = family ?? detectResponseCodeFamily(code);
  const format = FORMATS[chosen];
  if (!format.schema.safeParse(code).success) throw formatError(code, format);
  if (chosen === 'snap') return decodeSnap(code);
  if (chosen === 'klikoo') return decodeKlikoo(code);
  return decodeDoku(code);
}

// Cashier messages: short, no jargon, and never "success" unless the action is done. Declines a
// customer can act on get their own words; the rest say what the action means at the counter.
const SNAP_CASHIER_MESSAGES: Readonly<Record<string, LocalizedText>> = {
  '40300': {
    id: 'Transaksi kedaluwarsa. Minta pelanggan menampilkan QR baru.',
    en: 'Transaction expired. Ask the customer to show a new QR.',
  },
  '40302': { id: 'Melebihi batas nominal transaksi.', en: 'Transaction amount limit exceeded.' },
  '40307': {
    id: 'Kartu/akun pelanggan diblokir. Gunakan metode pembayaran lain.',
    en: "The customer's card or account is blocked. Use another payment method.",
  },
  '40314': {
    id: 'Saldo pelanggan tidak cukup. Gunakan metode pembayaran lain.',
    en: 'Insufficient funds. Use another payment method.',
  },
  '40404': { id: 'Transaksi dibatalkan oleh pelanggan.', en: 'The customer cancelled the transaction.' },
  '40411': {
    id: 'QR atau akun pelanggan tidak valid. Minta pelanggan menampilkan QR baru.',
    en: 'Invalid QR or customer account. Ask the customer to show a new QR.',
  },
  '40413': { id: 'Nominal tidak sesuai.', en: 'The amount does not match.' },
};

function genericCashierMessage(action: ResponseCodeAction, code: string): LocalizedText {
  switch (action) {
    case 'done':
      return { id: 'Berhasil.', en: 'Successful.' };
    case 'query':
      return {
        id: `Status belum pasti (kode ${code}); sedang dicek. Jangan serahkan barang dulu.`,
        en: `Outcome not known yet (code ${code}); checking. Do not hand over the goods yet.`,
      };
    case 'retry':
      return {
        id: `Belum diproses (kode ${code}). Coba lagi sebentar lagi.`,
        en: `Not processed (code ${code}). Try again shortly.`,
      };
    case 're-authenticate':
      return {
        id: `Sesi ke penyedia berakhir (kode ${code}). Coba lagi; jika berulang, hubungi IT.`,
        en: `The provider session ended (code ${code}). Try again; if it repeats, call IT.`,
      };
    case 'fix-input':
      return {
        id: `Data transaksi ditolak (kode ${code}). Periksa data lalu coba lagi.`,
        en: `Transaction data refused (code ${code}). Check the data and try again.`,
      };
    case 'stop':
      return {
        id: `Transaksi ditolak (kode ${code}). Jangan serahkan barang.`,
        en: `Transaction declined (code ${code}). Do not hand over the goods.`,
      };
  }
}

/** A short message for the cashier, in Bahasa Indonesia and English. */
export function messageFor(code: string | DecodedResponseCode, family?: ResponseCodeFamily): LocalizedText {
  const decoded = typeof code === 'string' ? decodeResponseCode(code, family) : code;
  if (decoded.family === 'snap' && decoded.known) {
    const specific = SNAP_CASHIER_MESSAGES[`${decoded.httpStatus}${decoded.caseCode}`];
    if (specific) return specific;
  }
  return genericCashierMessage(decoded.action, decoded.code);
}
