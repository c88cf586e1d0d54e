// What the purchase engine needs from a PPOB provider, in one vocabulary for Klikoo and DOKU Biller.
// Each provider's module (klikoo/provider.ts, doku/provider.ts) turns its wire answers into these
// shapes with the response-code tables (main/snap/response-codes.ts); the engine never reads a
// provider's code or field itself.
//
// The contract is the SNAP client's: `buy` throws only when nothing left the machine; once a request
// may have left, every call returns what it learned — never a failure it cannot prove.

import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { Minor } from '../money/amount';
import type { InquiryRecord, PpobProviderName, PurchaseRecord } from '../payments/journal';
import type { Product, ProductCategory } from './products';

/** Why a purchase definitely failed, for the cashier's message and for the CLI. */
export type FailureKind =
  /** Our deposit at the provider is too low: top it up (nothing was bought). */
  | 'deposit'
  /** The customer number (or bill) is wrong, blocked, paid or expired: tell the customer. */
  | 'customer'
  /** The biller is closed, in its cut-off, or temporarily down: try again later. */
  | 'closed'
  /** Refused by the provider or its biller for another reason. */
  | 'refused'
  /** Our request was malformed or our account is not set up: support must look. */
  | 'setup';

export type PurchaseVerdict =
  | { verdict: 'success'; transactionId?: string | undefined; sn?: string | undefined }
  | { verdict: 'waiting'; transactionId?: string | undefined }
  | { verdict: 'failed'; failure: FailureKind; reason: string; transactionId?: string | undefined }
  /** The provider says this reference (request id, inquiry) was used: an earlier attempt landed. Find it. */
  | { verdict: 'duplicate'; reason: string }
  | { verdict: 'unknown'; reason: string };

/** What one buy request (first send or re-send) brought back. */
export interface BuyOutcome {
  verdict: PurchaseVerdict;
  httpStatus?: number | undefined;
  responseCode?: string | undefined;
  responseMessage?: string | undefined;
  /** The provider's body, redacted. */
  raw?: string | undefined;
  /** The per-request id this send carried (DOKU's systrace). */
  requestId?: string | undefined;
  /** The cashier's words for a refusal. */
  message?: LocalizedText | undefined;
  /** The answer named another purchase, product, customer or amount: it proves nothing (verdict unknown). */
  mismatch?: string | undefined;
}

export type CheckStatus = 'SUCCESS' | 'WAITING' | 'FAILED' | 'NOT_FOUND' | 'UNKNOWN';

/** What asking the provider about a purchase (detail, history, advice) brought back. */
export interface CheckOutcome {
  status: CheckStatus;
  transactionId?: string | undefined;
  sn?: string | undefined;
  reason?: string | undefined;
  failure?: FailureKind | undefined;
  httpStatus?: number | undefined;
  responseCode?: string | undefined;
  raw?: string | undefined;
  /** Which call answered (detail, history, advice). */
  via: string;
  /** The answer named another purchase, product or customer: it proves nothing. */
  mismatch?: string | undefined;
}

export interface Quote {
  /** What the customer's bill (or the product) costs us, admin fee included. */
  amount: Minor;
  adminFee: Minor;
  customerName?: string | undefined;
  providerInquiryId?: string | undefined;
  period?: string | undefined;
  detail: unknown;
}

export type InquiryOutcome =
  | { ok: true; quote: Quote }
  | {
      ok: false;
      /** refused: the provider said no (a bill paid, a wrong number); unknown: no usable answer. */
      kind: 'refused' | 'unknown';
      responseCode?: string | undefined;
      message: LocalizedText;
      raw?: string | undefined;
    };

export interface PpobProvider {
  readonly name: PpobProviderName;
  /** Its calls' timeout: also "the request's own timeout" before a "not found" counts. */
  readonly timeoutMs: number;
  /** The price list (active and inactive), optionally of one category. Throws PPOB_PROVIDER_UNAVAILABLE. */
  products(category?: ProductCategory): Promise<Product[]>;
  inquiry(product: Product, customerNo: string, period?: string): Promise<InquiryOutcome>;
  /**
   * Sends the purchase's buy request under its own reference (a re-send carries the same one, the
   * provider's idempotency key). Throws only when nothing left the machine.
   */
  buy(
    purchase: PurchaseRecord,
    inquiry: InquiryRecord | undefined,
    options: { afterLostAnswer: boolean },
  ): Promise<BuyOutcome>;
  /** Asks what became of a purchase with its own references. Never throws. */
  check(purchase: PurchaseRecord, inquiry: InquiryRecord | undefined): Promise<CheckOutcome>;
  /** Reads a callback the provider POSTed (bounded, validated): a hint about one purchase, never proof. */
  readCallback?(rawBody: string): CallbackHint | undefined;
  /** Our deposit at the provider. Throws PPOB_PROVIDER_UNAVAILABLE. */
  balance(): Promise<Minor>;
  /**
   * Every transaction the provider has on record for one business day ("yyyy-MM-dd"), for the day's
   * reconciliation; absent when the provider publishes no such history (then each purchase is asked
   * after with check()). Throws PPOB_PROVIDER_UNAVAILABLE.
   */
  dayHistory?(date: string): Promise<ProviderTransaction[]>;
  /** Whether a buy needs an inquiry first (DOKU Biller always; Klikoo for bills). */
  needsInquiry(product: Product): boolean;
  /** A fresh per-request id for the next send, journaled before it leaves (DOKU's systrace). */
  nextRequestId(): string | undefined;
}

/** One transaction in a provider's own history. */
export interface ProviderTransaction {
  transactionId: string;
  /** Our partner_reference_id, when the provider echoes it. */
  reference?: string | undefined;
  productCode?: string | undefined;
  customerNo?: string | undefined;
  status: 'SUCCESS' | 'WAITING' | 'FAILED';
  /** What it charged our deposit, when the history says. */
  amount?: Minor | undefined;
}

/** What a provider's callback claims; the engine confirms it with a check before anything changes. */
export interface CallbackHint {
  transactionId?: string | undefined;
  partnerReferenceId?: string | undefined;
  status: 'SUCCESS' | 'WAITING' | 'FAILED';
  sn?: string | undefined;
  /** The callback's body, redacted. */
  raw: unknown;
}

export function providerUnavailable(provider: PpobProviderName, what: string, detail: string, raw?: unknown) {
  const name = provider === 'klikoo' ? 'Klikoo' : 'DOKU Biller';
  return new KasirError({
    code: 'PPOB_PROVIDER_UNAVAILABLE',
    message: {
      id: `${name} tidak memberi jawaban yang dapat dipakai untuk ${what} (${detail}). Periksa koneksi dan pengaturan PPOB, lalu coba lagi.`,
      en: `${name} gave no usable answer to ${what} (${detail}). Check the connection and the PPOB settings, then try again.`,
    },
    raw,
  });
}
