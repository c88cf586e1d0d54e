// The purchase engine: selling digital products (PPOB: pulsa, data, PLN tokens and bills, BPJS, PDAM,
// e-wallet top-ups) through Klikoo B2B or DOKU Biller with a QRIS payment's guarantees
// (docs/architecture.md, "PPOB"): every purchase journaled before its request leaves, every answer
// after; nothing bought twice (one reference per purchase, re-sent only under that reference, one
// open purchase per product and customer number); every unknown resolved with the original
// references, and left for a supervisor past the deadline.
//
// A sale paid by QRIS is one sale across linked rows: the purchase is journaled first (awaiting the
// payment), the payment goes through the PaymentEngine, the product is bought only once the payment
// is PAID, and a product that definitely fails is refunded in full through the same PaymentEngine.
//
// The engine holds the data directory's PPOB lock for each operation (one PPOB worker at a time,
// across processes); the payment engine holds its own terminal lock for the payment and the refund.

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { readCustomerNumber } from '../../preload/contract/ppob-numbers';
import { LocalizedTextSchema } from '../../preload/contract/result';
import type { ErrorCode, LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { formatRupiah, type Minor } from '../money/amount';
import { createElapsedTime, monotonicMs } from '../payments/elapsed-time';
import type {
  InquiryRecord,
  Journal,
  PaymentRecord,
  PpobProviderName,
  PurchaseEventRecord,
  PurchaseRecord,
  RefundRecord,
} from '../payments/journal';
import { Listeners, OperationGate, TerminalLockFiles } from '../payments/operation-gate';
import { assertPurchaseDecidable } from '../payments/operation-rules';
import type { PaymentEngine, PaymentInput } from '../payments/payment-engine';
import type { PurchaseState } from '../payments/states';
import {
  COMMITTED_REFUND_STATES,
  isOpenPaymentState,
  isOpenPurchaseState,
  isOpenRefundState,
  isPaidState,
} from '../payments/states';
import type { TerminalLock } from '../payments/terminal-lock';
import type { DecodedResponseCode } from '../snap/response-codes';
import { decodeResponseCode } from '../snap/response-codes';
import { maskCustomerNo } from './customer-mask';
import { failureMessage, notSentMessage, purchaseMessage, refundNotice } from './messages';
import type { PurchasePolicy, PurchasePolicyInput } from './policy';
import { PurchasePolicySchema } from './policy';
import type { Product, ProductCategory } from './products';
import { checkCustomerNumber, POSTPAID_CATEGORIES } from './products';
import type { FailureKind, PpobProvider, Quote } from './provider';
import type { PurchaseContext, PurchaseCrashPoint, PurchaseEvent } from './purchase-context';
import { announcePurchase, movePurchase, rereadPurchase } from './purchase-context';
import type { ResolveOptions } from './purchase-resolver';
import { resolvePurchase, sendBuy } from './purchase-resolver';
import type { ReconcileResult } from './reconcile';
import { reconcileDay } from './reconcile';
import type { ReadSn } from './sn';
import { readSn } from './sn';

export type { PurchaseCrashPoint, PurchaseEvent } from './purchase-context';

/** The PPOB lock's name in the data directory's lock folder. */
const PPOB_LOCK_ID = 'ppob';
const PRICE_LIST_TTL_MS = 5 * 60_000;

export interface PurchaseEngineOptions {
  journal: Journal;
  providers: readonly PpobProvider[];
  /** Takes QRIS payments for sales paid by QR and refunds them; without it only cash sales are sold. */
  payments?: PaymentEngine | undefined;
  terminal: { terminalId: string };
  /** Where the PPOB lock lives (the data directory). Required unless `lock` is given. */
  dataDir?: string | undefined;
  lock?: () => TerminalLock;
  policy?: PurchasePolicyInput | undefined;
  /** Added to the buy price when no selling price is given (whole Rupiah, minor units). Default 0. */
  defaultMargin?: Minor | undefined;
  now?: () => number;
  monotonic?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A fresh partner_reference_id (UUID v4 by default). */
  newReference?: () => string;
  onEvent?: (event: PurchaseEvent) => void;
  checkpoint?: (point: PurchaseCrashPoint) => void;
  log?: (line: string) => void;
}

export interface BuyInput {
  productCode: string;
  customerNo: string;
  provider?: PpobProviderName | undefined;
  /** What the customer pays; default the buy price plus the default margin. */
  sellingPrice?: Minor | undefined;
  /** An inquiry made earlier (our reference or the provider's inquiry id). */
  inquiry?: string | undefined;
  /** A bill's month, YYYYMM (BPJS). */
  period?: string | undefined;
  /** The customer's phone, which Klikoo needs for BPJS (msidn). */
  phone?: string | undefined;
  /** Sell below the buy price on purpose. */
  allowLoss?: boolean | undefined;
  /** The customer pays by QRIS CPM first; the product is bought only once that payment is PAID. */
  paidBy?: Pick<PaymentInput, 'qrContent' | 'wallet' | 'title'> | undefined;
}

export type PurchaseOutcome = 'success' | 'failed' | 'not_paid' | 'unresolved';

export interface PurchaseResult {
  purchase: PurchaseRecord;
  outcome: PurchaseOutcome;
  message: LocalizedText;
  /** Why it definitely failed, in the cashier's words. */
  failure?: { kind: FailureKind | 'not-sent' | 'not-bought'; message: LocalizedText } | undefined;
  /** The serial number (a PLN token, read for display) of a successful purchase. */
  sn?: ReadSn | undefined;
  /** The QRIS payment of a sale paid by QR, and its refund when the product failed. */
  payment?: PaymentRecord | undefined;
  refund?: RefundRecord | undefined;
  /** What became of the customer's money when the product of a QR sale failed. */
  refundMessage?: LocalizedText | undefined;
  /** A failed sale paid by QRIS whose refund is not journaled yet (recovery sends it). */
  refundOwed: boolean;
  /** Past its deadline and still open: a supervisor decides (kasir ppob decide). */
  needsSupervisor: boolean;
}

export interface PurchaseDetails extends PurchaseResult {
  events: PurchaseEventRecord[];
  inquiry?: InquiryRecord | undefined;
}

export interface PurchaseRecoveryReport {
  purchases: PurchaseResult[];
  /** Nothing left open and no refund owed. */
  clean: boolean;
}

export interface PurchaseDecision {
  outcome: 'success' | 'failed';
  reason: string;
  supervisor: string;
}

export interface CallbackApplication {
  result: 'recorded' | 'unknown-purchase' | 'malformed';
  purchase?: PurchaseRecord;
  /** A check with the provider runs now to confirm it (the callback itself proves nothing). */
  confirming?: Promise<unknown>;
}

/** A purchase ready to be journaled: everything checked, nothing journaled or sent yet. */
interface Prepared {
  provider: PpobProvider;
  product: Product;
  customerNo: string;
  msisdn?: string | undefined;
  period?: string | undefined;
  inquiry?: InquiryRecord | undefined;
  buyPrice: Minor;
  sellingPrice: Minor;
}

function engineError(code: ErrorCode, id: string, en: string, raw?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw });
}

/**
 * The customer's mobile number given with a purchase (BPJS needs one), as the provider wants it, or
 * PPOB_PHONE_INVALID: a bad phone is named as the phone, never as a bad customer number.
 */
function checkPhone(raw: string): string {
  const phone = readCustomerNumber('pulsa', raw);
  if (phone.ok) return phone.number;
  throw engineError(
    'PPOB_PHONE_INVALID',
    `Nomor HP pelanggan harus ${phone.what.id}. Periksa nomor HP-nya (bukan nomor pelanggan), lalu jual lagi.`,
    `The customer's mobile number must be ${phone.what.en}. Check the mobile number (not the customer number), then sell again.`,
  );
}

function outcomeOf(state: PurchaseState): PurchaseOutcome {
  if (state === 'SUCCESS' || state === 'MANUAL_SUCCESS') return 'success';
  if (state === 'NOT_PAID') return 'not_paid';
  if (isOpenPurchaseState(state)) return 'unresolved';
  return 'failed';
}

function failureKindOf(purchase: PurchaseRecord): FailureKind | 'not-sent' | 'not-bought' | undefined {
  const reason = purchase.reason ?? '';
  if (reason.startsWith('not sent:')) return 'not-sent';
  if (reason.startsWith('not bought:')) return 'not-bought';
  const kind = reason.split(':')[0];
  return kind === 'deposit' ||
    kind === 'customer' ||
    kind === 'closed' ||
    kind === 'refused' ||
    kind === 'setup'
    ? kind
    : undefined;
}

/** The purchase's last response code, decoded in its provider's table (undefined when it has none or it is not one). */
function decodedOf(purchase: PurchaseRecord): DecodedResponseCode | undefined {
  if (purchase.responseCode === null) return undefined;
  try {
    return decodeResponseCode(purchase.responseCode, purchase.provider === 'klikoo' ? 'klikoo' : 'doku');
  } catch {
    return undefined;
  }
}

/** A refusal as journaled in a note (KasirError.toPlain()). */
const RefusalSchema = z.object({ code: z.string(), message: LocalizedTextSchema });

/**
 * Why the payment of a sale paid by QRIS was refused before it was sent, in the cashier's words:
 * the refusal journaled with the sale's move to NOT_PAID (undefined when none was, as for a sale
 * stopped by a crash, or by a bug rather than a refusal).
 */
function refusalOf(events: readonly PurchaseEventRecord[]): LocalizedText | undefined {
  const note = events.findLast((e) => e.kind === 'note' && e.toState === 'NOT_PAID');
  const parsed = RefusalSchema.safeParse(note?.detail);
  return parsed.success ? parsed.data.message : undefined;
}

/** Klikoo, DOKU Biller and SNAP all carry at most 16 digits of Rupiah. */
const MAX_PRICE: Minor = 10n ** 16n * 100n;

function wholeRupiah(amount: Minor, what: string): void {
  if (amount <= 0n || amount % 100n !== 0n || amount >= MAX_PRICE) {
    throw engineError(
      'PPOB_PRICE_INVALID',
      `${what} harus berupa rupiah bulat lebih dari nol, paling banyak 16 digit (mis. 10500.00).`,
      `${what} must be whole Rupiah above zero, at most 16 digits (e.g. 10500.00).`,
    );
  }
}

export class PurchaseEngine {
  private readonly ctx: PurchaseContext;
  private readonly payments: PaymentEngine | undefined;
  private readonly listeners: Listeners<PurchaseEvent>;
  private readonly lockFiles: TerminalLockFiles | undefined;
  /** The purchase being worked on, and its resolver's wake-ups (a callback to confirm). */
  private readonly gate: OperationGate;
  private readonly newReference: () => string;
  private readonly defaultMargin: Minor;
  private readonly terminal: { terminalId: string };
  private readonly priceLists = new Map<string, { at: number; products: Product[] }>();

  constructor(options: PurchaseEngineOptions) {
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => {});
    this.listeners = new Listeners(log, 'a purchase listener');
    if (options.onEvent) this.listeners.add(options.onEvent);
    const dataDir = options.dataDir;
    this.lockFiles = dataDir === undefined ? undefined : new TerminalLockFiles(dataDir);
    const lockFiles = this.lockFiles;
    const lock =
      options.lock ?? (lockFiles === undefined ? undefined : () => lockFiles.acquire(PPOB_LOCK_ID));
    if (lock === undefined) throw new Error('PurchaseEngine needs a dataDir or a lock');
    this.gate = new OperationGate(lock, () =>
      engineError(
        'PPOB_BUSY',
        'Terminal sedang memproses pembelian PPOB lain. Tunggu hingga selesai.',
        'The terminal is busy with another PPOB purchase. Wait for it to finish.',
      ),
    );
    this.payments = options.payments;
    this.terminal = options.terminal;
    this.defaultMargin = options.defaultMargin ?? 0n;
    this.newReference = options.newReference ?? randomUUID;
    this.ctx = {
      journal: options.journal,
      providers: new Map(options.providers.map((p) => [p.name, p])),
      policy: PurchasePolicySchema.parse(options.policy ?? {}),
      now,
      elapsed: createElapsedTime(options.monotonic ?? monotonicMs),
      sleep: options.sleep ?? ((ms) => delay(ms)),
      emit: (event) => this.listeners.emit(event),
      checkpoint: options.checkpoint ?? (() => {}),
      log,
      attention: (id) => this.gate.wait(id),
    };
  }

  get policy(): PurchasePolicy {
    return this.ctx.policy;
  }

  /** The providers this terminal is set up for. */
  get providerNames(): PpobProviderName[] {
    return [...this.ctx.providers.keys()];
  }

  subscribe(listener: (event: PurchaseEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  dispose(): void {
    this.lockFiles?.close();
  }

  // ---------------------------------------------------------------------------------------------

  private withLock<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.run(work);
  }

  /**
   * A callback's confirmation: one check with the provider as soon as this engine is free (never left
   * for the next restart). Only one: a purchase still WAITING goes back to waiting for its own
   * resolver, recovery or the next callback, and the till is not held for a whole settling time.
   */
  private async confirmWhenFree(reference: string): Promise<void> {
    for (;;) {
      await this.gate.idle();
      try {
        await this.withLock(async () => {
          const purchase = this.requirePurchase(reference);
          await this.work(purchase, { checkNow: true, recheckOnly: true });
        });
        return;
      } catch (error) {
        if (error instanceof KasirError && error.code === 'PPOB_BUSY') continue;
        this.ctx.log(
          `confirming a callback for ${reference} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
    }
  }

  private provider(name?: PpobProviderName): PpobProvider[] {
    if (name === undefined) return [...this.ctx.providers.values()];
    const provider = this.ctx.providers.get(name);
    if (!provider) {
      throw engineError(
        'PPOB_PROVIDER_NOT_CONFIGURED',
        `Penyedia ${name} tidak diatur di profil PPOB terminal ini.`,
        `Provider ${name} is not set up in this terminal's PPOB profile.`,
      );
    }
    return [provider];
  }

  private settleUntil(purchase: PurchaseRecord): number {
    const ctx = this.ctx;
    const deadline = ctx.elapsed.deadlineOf(purchase, ctx.policy.deadlineMs, ctx.now());
    // Past its deadline a purchase gets one check per run: it is a supervisor's now.
    return Math.min(deadline, ctx.elapsed.now() + ctx.policy.settleMs);
  }

  private resultOf(purchase: PurchaseRecord): PurchaseResult {
    const ctx = this.ctx;
    const outcome = outcomeOf(purchase.state);
    const payment = purchase.paymentId === null ? undefined : ctx.journal.getPayment(purchase.paymentId);
    const refund = purchase.refundId === null ? undefined : ctx.journal.getRefund(purchase.refundId);
    const kind = outcome === 'failed' ? failureKindOf(purchase) : undefined;
    const failure =
      kind === undefined
        ? undefined
        : {
            kind,
            message:
              kind === 'not-sent'
                ? {
                    id: 'Permintaan pembelian tidak terkirim ke penyedia; tidak ada yang terbeli.',
                    en: 'The purchase request never reached the provider; nothing was bought.',
                  }
                : kind === 'not-bought'
                  ? {
                      id: 'Produk tidak dibeli: penjualan terputus sebelum pembelian dikirim.',
                      en: 'The product was not bought: the sale was interrupted before the purchase was sent.',
                    }
                  : failureMessage(kind, decodedOf(purchase)),
          };
    const refundState = refund === undefined ? undefined : refund.state;
    const refunded = refundState === 'REFUNDED' || refundState === 'MANUAL_REFUNDED';
    const refundMessage =
      refundState === undefined
        ? undefined
        : refundNotice(
            // Refunded: everything the customer got back (a cashier's earlier partial refund included).
            refunded && payment !== undefined
              ? ctx.journal.refundedTotal(payment.id)
              : (refund?.amount ?? 0n),
            refunded ? 'refunded' : isOpenRefundState(refundState) ? 'unresolved' : 'failed',
          );
    const deadlinePassed =
      isOpenPurchaseState(purchase.state) &&
      ctx.elapsed.now() >= ctx.elapsed.deadlineOf(purchase, ctx.policy.deadlineMs, ctx.now());
    const refusal =
      purchase.state === 'NOT_PAID' && purchase.paymentId === null
        ? refusalOf(ctx.journal.purchaseEvents(purchase.id))
        : undefined;
    return {
      purchase,
      outcome,
      message: refusal === undefined ? purchaseMessage(purchase.state) : notSentMessage(refusal),
      ...(failure === undefined ? {} : { failure }),
      ...(outcome === 'success'
        ? { sn: readSn(purchase.sn, { plnToken: purchase.category === 'pln-prepaid' }) }
        : {}),
      ...(payment === undefined ? {} : { payment }),
      ...(refund === undefined ? {} : { refund }),
      ...(refundMessage === undefined ? {} : { refundMessage }),
      refundOwed:
        payment !== undefined &&
        refund === undefined &&
        isPaidState(payment.state) &&
        (purchase.state === 'FAILED' || purchase.state === 'MANUAL_FAILED'),
      needsSupervisor: deadlinePassed && purchase.state !== 'AWAITING_PAYMENT',
    };
  }

  private requirePurchase(reference: string): PurchaseRecord {
    const purchase = this.ctx.journal.findPurchase(reference);
    if (!purchase) {
      throw engineError(
        'PURCHASE_NOT_FOUND',
        `Pembelian ${reference} tidak ada di jurnal terminal ini.`,
        `No purchase ${reference} in this terminal's journal.`,
      );
    }
    return purchase;
  }

  // Catalogue -------------------------------------------------------------------------------------

  /** The price list of one provider or all, optionally of one category (cached for a few minutes). */
  async products(
    filter: { provider?: PpobProviderName; category?: ProductCategory } = {},
  ): Promise<Product[]> {
    const lists = await Promise.all(
      this.provider(filter.provider).map(async (provider) => {
        const key = `${provider.name}:${filter.category ?? '*'}`;
        const cached = this.priceLists.get(key);
        if (cached && this.ctx.elapsed.now() - cached.at < PRICE_LIST_TTL_MS) return cached.products;
        const products = await provider.products(filter.category);
        this.priceLists.set(key, { at: this.ctx.elapsed.now(), products });
        return products;
      }),
    );
    return lists.flat();
  }

  /** The product a code names, or PPOB_PRODUCT_UNKNOWN / _AMBIGUOUS / _INACTIVE. */
  async findProduct(code: string, provider?: PpobProviderName): Promise<Product> {
    const matches = (await this.products(provider === undefined ? {} : { provider })).filter(
      (p) => p.code === code,
    );
    if (matches.length === 0) {
      throw engineError(
        'PPOB_PRODUCT_UNKNOWN',
        `Produk ${code} tidak ada di daftar harga${provider ? ` ${provider}` : ''}. Lihat: kasir ppob products.`,
        `There is no product ${code} in the${provider ? ` ${provider}` : ''} price list. See: kasir ppob products.`,
      );
    }
    if (matches.length > 1) {
      throw engineError(
        'PPOB_PRODUCT_AMBIGUOUS',
        `Produk ${code} dijual oleh ${matches.map((m) => m.provider).join(' dan ')}; sebutkan --provider.`,
        `Product ${code} is sold by ${matches.map((m) => m.provider).join(' and ')}; give --provider.`,
      );
    }
    const product = matches[0] as Product;
    if (!product.active) {
      throw engineError(
        'PPOB_PRODUCT_INACTIVE',
        `Produk ${code} sedang tidak tersedia di ${product.provider}.`,
        `Product ${code} is not available at ${product.provider} right now.`,
      );
    }
    return product;
  }

  /** Our deposit at each provider (or one). */
  async balance(provider?: PpobProviderName): Promise<{ provider: PpobProviderName; balance: Minor }[]> {
    return Promise.all(
      this.provider(provider).map(async (p) => ({ provider: p.name, balance: await p.balance() })),
    );
  }

  // Inquiry ---------------------------------------------------------------------------------------

  /**
   * Asks the provider what a customer number's bill (or a product for it) costs and whose it is, and
   * keeps the quote so a purchase can name it. A refusal (a bill already paid, a wrong number) or no
   * usable answer throws PPOB_INQUIRY_REFUSED / PPOB_INQUIRY_UNANSWERED: nothing was bought.
   */
  async inquiry(input: {
    productCode: string;
    customerNo: string;
    period?: string | undefined;
    provider?: PpobProviderName | undefined;
  }): Promise<{ inquiry: InquiryRecord; product: Product }> {
    const product = await this.findProduct(input.productCode, input.provider);
    const customerNo = checkCustomerNumber(product, input.customerNo);
    const inquiry = await this.ask(product, customerNo, input.period);
    return { inquiry, product };
  }

  private async ask(
    product: Product,
    customerNo: string,
    period: string | undefined,
  ): Promise<InquiryRecord> {
    const provider = this.provider(product.provider)[0] as PpobProvider;
    const answered = await provider.inquiry(product, customerNo, period);
    if (!answered.ok) {
      throw new KasirError({
        code: answered.kind === 'refused' ? 'PPOB_INQUIRY_REFUSED' : 'PPOB_INQUIRY_UNANSWERED',
        message: answered.message,
        raw: { responseCode: answered.responseCode ?? null, raw: answered.raw ?? null },
      });
    }
    return this.keepQuote(product, customerNo, period, answered.quote);
  }

  private keepQuote(
    product: Product,
    customerNo: string,
    period: string | undefined,
    quote: Quote,
  ): InquiryRecord {
    return this.ctx.journal.recordInquiry({
      reference: `INQ-${this.newReference()}`,
      provider: product.provider,
      productCode: product.code,
      customerNo,
      period: quote.period ?? period,
      providerInquiryId: quote.providerInquiryId,
      customerName: quote.customerName,
      amount: quote.amount,
      adminFee: quote.adminFee,
      detail: quote.detail,
      expiresAt: this.ctx.now() + this.ctx.policy.inquiryTtlMs,
    });
  }

  // Buying ----------------------------------------------------------------------------------------

  /** Every check a purchase gets before anything is journaled: bad input throws and changes nothing. */
  private async prepare(input: BuyInput): Promise<Prepared> {
    const product = await this.findProduct(input.productCode, input.provider);
    const provider = this.provider(product.provider)[0] as PpobProvider;
    const customerNo = checkCustomerNumber(product, input.customerNo);
    let msisdn: string | undefined;
    if (input.phone !== undefined) {
      msisdn = checkPhone(input.phone);
    } else if (product.category === 'bpjs') {
      throw engineError(
        'PPOB_PHONE_REQUIRED',
        'BPJS memerlukan nomor HP pelanggan (--phone 08…).',
        "BPJS needs the customer's mobile number (--phone 08…).",
      );
    }
    if (input.sellingPrice !== undefined) wholeRupiah(input.sellingPrice, 'Harga jual / The selling price');
    const open = this.ctx.journal
      .openPurchases()
      .find((p) => p.productCode === product.code && p.customerNo === customerNo);
    if (open) {
      throw engineError(
        'PURCHASE_IN_FLIGHT',
        `Pembelian ${product.code} untuk ${customerNo} sebelumnya belum selesai (${open.partnerReferenceId}). Tunggu hasilnya; jangan beli ulang.`,
        `An earlier purchase of ${product.code} for ${customerNo} is not finished (${open.partnerReferenceId}). Wait for its outcome; do not buy again.`,
        { partnerReferenceId: open.partnerReferenceId, state: open.state },
      );
    }

    let inquiry: InquiryRecord | undefined;
    if (input.inquiry !== undefined) {
      inquiry = this.ctx.journal.findInquiry(input.inquiry);
      if (
        !inquiry ||
        inquiry.productCode !== product.code ||
        inquiry.customerNo !== customerNo ||
        inquiry.provider !== product.provider
      ) {
        throw engineError(
          'PPOB_INQUIRY_MISMATCH',
          `Inquiry ${input.inquiry} tidak ada atau bukan untuk ${product.code} dan ${customerNo}.`,
          `Inquiry ${input.inquiry} does not exist or is not for ${product.code} and ${customerNo}.`,
        );
      }
      const paidBy = this.ctx.journal.purchaseOfInquiry(inquiry.id);
      if (paidBy) {
        throw engineError(
          'PPOB_INQUIRY_USED',
          `Tagihan inquiry ${input.inquiry} sudah dibayar oleh pembelian ${paidBy.partnerReferenceId} (${paidBy.state}); jangan bayar lagi.`,
          `The bill of inquiry ${input.inquiry} was already paid by purchase ${paidBy.partnerReferenceId} (${paidBy.state}); do not pay it again.`,
          { partnerReferenceId: paidBy.partnerReferenceId, state: paidBy.state },
        );
      }
      if (inquiry.expiresAt <= this.ctx.now()) {
        throw engineError(
          'PPOB_INQUIRY_EXPIRED',
          `Inquiry ${input.inquiry} sudah kedaluwarsa; lakukan inquiry lagi.`,
          `Inquiry ${input.inquiry} has expired; make a new inquiry.`,
        );
      }
    } else if (provider.needsInquiry(product)) {
      inquiry = await this.ask(product, customerNo, input.period);
    }

    const buyPrice =
      inquiry !== undefined && (POSTPAID_CATEGORIES.has(product.category) || product.provider === 'doku')
        ? inquiry.amount
        : product.price;
    wholeRupiah(buyPrice, 'Harga beli / The buy price');
    const sellingPrice = input.sellingPrice ?? buyPrice + this.defaultMargin;
    wholeRupiah(sellingPrice, 'Harga jual / The selling price');
    if (sellingPrice < buyPrice && !input.allowLoss) {
      throw engineError(
        'PPOB_PRICE_BELOW_COST',
        `Harga jual ${formatRupiah(sellingPrice)} di bawah harga beli ${formatRupiah(buyPrice)}. Naikkan harga, atau pakai --allow-loss bila memang disengaja.`,
        `The selling price ${formatRupiah(sellingPrice)} is below the buy price ${formatRupiah(buyPrice)}. Raise it, or give --allow-loss if that is meant.`,
        { buyPrice: buyPrice.toString(), sellingPrice: sellingPrice.toString() },
      );
    }
    if (input.paidBy !== undefined && this.payments === undefined) {
      throw engineError(
        'PPOB_QR_UNAVAILABLE',
        'Penjualan PPOB dengan QRIS memerlukan terminal pembayaran.',
        'A PPOB sale paid by QRIS needs the payment terminal.',
      );
    }
    return {
      provider,
      product,
      customerNo,
      ...(msisdn === undefined ? {} : { msisdn }),
      period: inquiry?.period ?? input.period,
      inquiry,
      buyPrice,
      sellingPrice,
    };
  }

  /**
   * Sells one product: cash (bought at once) or paid by QRIS (`paidBy`: the payment first, the
   * product once it is PAID, a full refund if the product then definitely fails). Bad input throws
   * before anything is journaled. Returns once the sale is final or the policy's time is up (then
   * `unresolved`: recovery continues it).
   */
  async buy(
    input: BuyInput,
    options: { onJournaled?: (purchase: PurchaseRecord) => void } = {},
  ): Promise<PurchaseResult> {
    // Checked before the lock is taken: bad input touches nothing in the data directory. The journal's
    // one-open-purchase index still has the last word inside beginPurchase.
    const prepared = await this.prepare(input);
    return this.withLock(async () => {
      const ctx = this.ctx;
      const journaled = ctx.journal.beginPurchase({
        provider: prepared.product.provider,
        partnerReferenceId: this.newReference(),
        systrace: input.paidBy === undefined ? prepared.provider.nextRequestId() : undefined,
        product: {
          code: prepared.product.code,
          name: prepared.product.name,
          category: prepared.product.category,
        },
        customerNo: prepared.customerNo,
        msisdn: prepared.msisdn,
        period: prepared.period,
        inquiryId: prepared.inquiry?.id,
        customerName: prepared.inquiry?.customerName ?? undefined,
        buyPrice: prepared.buyPrice,
        sellingPrice: prepared.sellingPrice,
        terminalId: this.terminal.terminalId,
        requestTimeoutMs: prepared.provider.timeoutMs,
        deadlineAt: ctx.now() + ctx.policy.deadlineMs,
        awaitingPayment: input.paidBy !== undefined,
      });
      ctx.elapsed.started(journaled.id);
      this.gate.focus = journaled.id;
      try {
        options.onJournaled?.(journaled);
      } catch (error) {
        ctx.log(`onJournaled failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      announcePurchase(ctx, journaled, null);
      if (input.paidBy === undefined) {
        ctx.checkpoint('purchase:journaled');
        return this.resultOf(await this.sendAndSettle(journaled));
      }
      ctx.checkpoint('sale:journaled');
      return this.payThenBuy(journaled, input.paidBy);
    });
  }

  /** The first send of a purchase journaled in SENDING, then its resolution. */
  private async sendAndSettle(journaled: PurchaseRecord): Promise<PurchaseRecord> {
    const ctx = this.ctx;
    let purchase = await sendBuy(
      ctx,
      journaled,
      { duplicate: false, refusedAfterLost: false },
      { afterLostAnswer: false },
    );
    if (isOpenPurchaseState(purchase.state)) {
      purchase = await resolvePurchase(ctx, purchase.id, this.settleUntil(purchase));
    }
    ctx.checkpoint('purchase:settled');
    return purchase;
  }

  private async payThenBuy(
    journaled: PurchaseRecord,
    paidBy: NonNullable<BuyInput['paidBy']>,
  ): Promise<PurchaseResult> {
    const ctx = this.ctx;
    const payments = this.payments as PaymentEngine;
    let linked = false;
    const link = (payment: PaymentRecord) => {
      if (linked) return;
      // Durable before the payment's request leaves: a crash from here on finds the sale's payment.
      ctx.journal.updatePurchase(
        journaled.id,
        'AWAITING_PAYMENT',
        undefined,
        { paymentId: payment.id },
        {
          kind: 'payment',
          detail: { partnerReferenceNo: payment.partnerReferenceNo, amount: payment.amount },
        },
      );
      linked = true;
    };
    let paymentJournaled = false;
    let paid: Awaited<ReturnType<PaymentEngine['pay']>>;
    try {
      paid = await payments.pay(
        {
          qrContent: paidBy.qrContent,
          amount: journaled.sellingPrice,
          wallet: paidBy.wallet,
          title: paidBy.title,
        },
        {
          onJournaled: (payment) => {
            paymentJournaled = true;
            link(payment);
          },
        },
      );
    } catch (error) {
      const current = rereadPurchase(ctx, journaled.id);
      // A payment journaled (even one its link failed to note) and then a throw: its request may
      // have left, and its recovery settles the sale (nothing is decided here).
      if (paymentJournaled || current.paymentId !== null) throw error;
      // Stopped before the payment was journaled: nothing charged, nothing bought, the QR never sent.
      // The sale is journaled already, so it ends NOT_PAID, with the refusal in its note: every
      // later read tells the cashier why (refusalOf).
      const notPaid =
        movePurchase(
          ctx,
          current,
          'NOT_PAID',
          { reason: 'not bought: the QRIS payment was refused before it was sent' },
          {
            kind: 'note',
            detail: error instanceof KasirError ? error.toPlain() : { error: String(error) },
          },
        ) ?? rereadPurchase(ctx, journaled.id);
      // A refusal (the terminal busy, another payment in flight) is answered like any other sale;
      // anything else is a bug, thrown as before.
      if (!(error instanceof KasirError)) throw error;
      return this.resultOf(notPaid);
    }
    if (!linked) link(paid.payment);
    ctx.checkpoint('sale:paid');
    const purchase = await this.afterPayment(rereadPurchase(ctx, journaled.id), paid.payment);
    return this.resultOf(purchase);
  }

  /**
   * A sale's purchase awaiting its payment, once the payment is known: PAID in this very sale → buy
   * now; paid but found only later (a restart) → not bought, refunded; not paid → nothing bought.
   */
  private async afterPayment(
    purchase: PurchaseRecord,
    payment: PaymentRecord,
    options: { late?: boolean } = {},
  ): Promise<PurchaseRecord> {
    const ctx = this.ctx;
    if (isOpenPaymentState(payment.state)) return purchase;
    if (!isPaidState(payment.state)) {
      return (
        movePurchase(
          ctx,
          purchase,
          'NOT_PAID',
          { reason: `not bought: the payment ended ${payment.state}` },
          {
            kind: 'note',
            detail: { payment: payment.partnerReferenceNo, state: payment.state },
          },
        ) ?? rereadPurchase(ctx, purchase.id)
      );
    }
    if (options.late || payment.state !== 'PAID') {
      const failed =
        movePurchase(
          ctx,
          purchase,
          'FAILED',
          {
            reason:
              'not bought: the sale was interrupted before the purchase was sent; the payment is refunded',
          },
          { kind: 'note', detail: { payment: payment.partnerReferenceNo, state: payment.state } },
        ) ?? rereadPurchase(ctx, purchase.id);
      return this.settleRefund(failed);
    }
    const provider = this.provider(purchase.provider)[0] as PpobProvider;
    const requestId = provider.nextRequestId();
    const sending = movePurchase(
      ctx,
      purchase,
      'SENDING',
      { lastSentAt: ctx.now(), ...(requestId === undefined ? {} : { systrace: requestId }) },
      {
        kind: 'send',
        ...(requestId === undefined ? {} : { requestId }),
        detail: { paidBy: payment.partnerReferenceNo },
      },
    );
    if (sending === undefined) return rereadPurchase(ctx, purchase.id);
    ctx.checkpoint('purchase:journaled');
    const settled = await this.sendAndSettle(sending);
    return this.settleRefund(settled);
  }

  /**
   * A failed purchase of a sale paid by QRIS: its payment is refunded in full, once. What is already
   * committed to the customer (refunded, or a refund in flight — this sale's own, journaled before a
   * crash, or one a cashier made by hand) is never sent again: only the rest is refunded, and a payment
   * with nothing left to refund links its latest refund. Other purchases are returned as they are.
   */
  private async settleRefund(purchase: PurchaseRecord): Promise<PurchaseRecord> {
    const ctx = this.ctx;
    if (purchase.paymentId === null || purchase.refundId !== null) return purchase;
    if (purchase.state !== 'FAILED' && purchase.state !== 'MANUAL_FAILED') return purchase;
    const payment = ctx.journal.getPayment(purchase.paymentId);
    if (!payment || !isPaidState(payment.state) || this.payments === undefined) return purchase;
    const linkRefund = (refund: Pick<RefundRecord, 'id' | 'partnerRefundNo'>): PurchaseRecord =>
      movePurchase(
        ctx,
        rereadPurchase(ctx, purchase.id),
        undefined,
        { refundId: refund.id },
        {
          kind: 'refund',
          detail: { partnerRefundNo: refund.partnerRefundNo },
        },
      ) ?? rereadPurchase(ctx, purchase.id);
    const remaining = payment.amount - ctx.journal.committedRefundTotal(payment.id);
    if (remaining <= 0n) {
      const committed = ctx.journal
        .refundsOf(payment.id)
        .filter((r) => COMMITTED_REFUND_STATES.includes(r.state));
      const latest = committed.at(-1);
      return latest === undefined ? purchase : linkRefund(latest);
    }
    ctx.checkpoint('sale:refund');
    let linked: PurchaseRecord | undefined;
    const stop = this.payments.subscribe((event) => {
      // Linked the moment it is journaled, before its request leaves.
      if (event.operation === 'refund' && event.previous === null && event.paymentId === payment.id) {
        linked = linkRefund({ id: event.refundId, partnerRefundNo: event.partnerRefundNo });
      }
    });
    try {
      const result = await this.payments.refund(payment.partnerReferenceNo, {
        amount: remaining,
        reason: `PPOB ${purchase.productCode} ${maskCustomerNo(purchase.customerNo)} not delivered (${purchase.partnerReferenceId})`,
        requestedBy: 'kasir ppob',
      });
      return linked ?? linkRefund(result.refund);
    } catch (error) {
      // Refused before it was journaled (the terminal busy, say): still owed, and recovery sends it.
      ctx.log(
        `refunding the payment of ${purchase.partnerReferenceId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return linked ?? rereadPurchase(ctx, purchase.id);
    } finally {
      stop();
    }
  }

  // Reading, resolving, recovering -----------------------------------------------------------------

  /** What the journal knows about a purchase, with its full history. */
  details(reference: string): PurchaseDetails {
    const purchase = this.requirePurchase(reference);
    const inquiry = purchase.inquiryId === null ? undefined : this.ctx.journal.getInquiry(purchase.inquiryId);
    return {
      ...this.resultOf(purchase),
      events: this.ctx.journal.purchaseEvents(purchase.id),
      ...(inquiry === undefined ? {} : { inquiry }),
    };
  }

  /** Works on one purchase now (a "check again", `kasir ppob status`): asks the provider if it is open. */
  async resolve(reference: string): Promise<PurchaseDetails> {
    await this.withLock(async () => {
      const purchase = this.requirePurchase(reference);
      await this.work(purchase, { checkNow: true });
    });
    return this.details(reference);
  }

  private async work(purchase: PurchaseRecord, options: ResolveOptions): Promise<PurchaseRecord> {
    const ctx = this.ctx;
    this.gate.focus = purchase.id;
    if (purchase.state === 'AWAITING_PAYMENT') {
      const settled = await this.awaitingAfterRestart(purchase);
      if (settled.state !== 'SENDING') return this.settleRefund(settled);
    }
    let current = rereadPurchase(ctx, purchase.id);
    if (isOpenPurchaseState(current.state)) {
      current = await resolvePurchase(ctx, current.id, this.settleUntil(current), options);
    }
    return this.settleRefund(current);
  }

  /** A sale's purchase still awaiting its payment when no sale is running: the payment decides. */
  private async awaitingAfterRestart(purchase: PurchaseRecord): Promise<PurchaseRecord> {
    const ctx = this.ctx;
    if (purchase.paymentId === null) {
      // The sale stopped before its payment was journaled: nothing was charged.
      return (
        movePurchase(
          ctx,
          purchase,
          'NOT_PAID',
          { reason: 'not bought: the sale stopped before its payment was sent' },
          {
            kind: 'note',
          },
        ) ?? rereadPurchase(ctx, purchase.id)
      );
    }
    let payment = ctx.journal.getPayment(purchase.paymentId);
    if (!payment) return purchase;
    if (isOpenPaymentState(payment.state) && this.payments !== undefined) {
      try {
        payment = (await this.payments.resolve(payment.partnerReferenceNo)).payment;
      } catch (error) {
        ctx.log(
          `resolving the payment of ${purchase.partnerReferenceId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return this.afterPayment(rereadPurchase(ctx, purchase.id), payment, { late: true });
  }

  /**
   * Resolves every purchase left unfinished in this data directory, and refunds every failed sale
   * paid by QRIS whose refund was never journaled. Run after PaymentEngine.recover (a sale's payment
   * is settled first), before selling.
   */
  async recover(): Promise<PurchaseRecoveryReport> {
    return this.withLock(async () => {
      const ctx = this.ctx;
      const results: PurchaseResult[] = [];
      for (const open of ctx.journal.openPurchases()) {
        if (!ctx.providers.has(open.provider)) {
          results.push(this.resultOf(open));
          continue;
        }
        results.push(this.resultOf(await this.work(open, { checkNow: true })));
      }
      for (const owed of ctx.journal.purchasesOwedRefund()) {
        results.push(this.resultOf(await this.settleRefund(owed)));
      }
      const clean =
        ctx.journal.openPurchases().length === 0 &&
        ctx.journal.purchasesOwedRefund().length === 0 &&
        results.every((r) => r.refund === undefined || !isOpenRefundState(r.refund.state));
      return { purchases: results, clean };
    });
  }

  /**
   * The day's purchases matched against each provider's own books (its history for the day, or each
   * purchase asked after): differences listed, nothing changed.
   */
  async reconcile(date: string): Promise<ReconcileResult> {
    const journal = this.ctx.journal;
    const purchases: PurchaseRecord[] = [];
    for (let before: number | undefined; ; ) {
      const page = journal.purchaseHistory({ date, limit: 500, ...(before === undefined ? {} : { before }) });
      purchases.push(...page.items);
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    return reconcileDay(date, {
      providers: [...this.ctx.providers.values()],
      purchases,
      inquiryOf: (purchase) =>
        purchase.inquiryId === null ? undefined : journal.getInquiry(purchase.inquiryId),
    });
  }

  /** Purchases not yet final, and failed QR sales whose refund is not journaled yet. */
  unresolved(): PurchaseRecord[] {
    return [...this.ctx.journal.openPurchases(), ...this.ctx.journal.purchasesOwedRefund()];
  }

  /**
   * A supervisor's decision on a purchase the provider never settled (past its deadline, say): the
   * provider is asked once more first, and a decision is taken only if that still settles nothing.
   * A purchase decided failed that a QRIS payment paid for is refunded.
   */
  async decideManually(reference: string, decision: PurchaseDecision): Promise<PurchaseResult> {
    const reason = decision.reason.trim();
    const supervisor = decision.supervisor.trim();
    if (reason === '' || supervisor === '') {
      throw engineError(
        'MANUAL_REASON_REQUIRED',
        'Keputusan manual memerlukan nama supervisor dan alasan.',
        'A manual decision needs the supervisor and a reason.',
      );
    }
    return this.withLock(async () => {
      const ctx = this.ctx;
      const before = this.requirePurchase(reference);
      assertPurchaseDecidable(before);
      this.gate.focus = before.id;
      const checked = await resolvePurchase(ctx, before.id, ctx.elapsed.now(), {
        checkNow: true,
        recheckOnly: true,
      });
      if (!isOpenPurchaseState(checked.state)) {
        throw engineError(
          'MANUAL_NOT_NEEDED',
          `Penyedia sudah memastikan ${reference}: ${checked.state}. Keputusan manual tidak diperlukan.`,
          `The provider has now settled ${reference}: ${checked.state}. No manual decision is needed.`,
          { state: checked.state },
        );
      }
      const decided =
        movePurchase(
          ctx,
          checked,
          decision.outcome === 'success' ? 'MANUAL_SUCCESS' : 'MANUAL_FAILED',
          { reason, decidedBy: supervisor },
          {
            kind: 'manual',
            detail: { outcome: decision.outcome, reason, supervisor, previous: before.state },
          },
        ) ?? rereadPurchase(ctx, before.id);
      return this.resultOf(await this.settleRefund(decided));
    });
  }

  /**
   * A callback the provider POSTed about a purchase. It carries no authentication Klikoo documents,
   * so it is only a hint: recorded, then confirmed by a check with the provider before anything
   * changes (at once by the resolver working on it, or in the background as soon as the engine is free).
   */
  applyCallback(providerName: PpobProviderName, rawBody: string): CallbackApplication {
    const ctx = this.ctx;
    const provider = ctx.providers.get(providerName);
    const hint = provider?.readCallback?.(rawBody);
    if (!hint) return { result: 'malformed' };
    const purchase =
      (hint.transactionId === undefined
        ? undefined
        : ctx.journal.findPurchaseByTransactionId(providerName, hint.transactionId)) ??
      (hint.partnerReferenceId === undefined ? undefined : ctx.journal.findPurchase(hint.partnerReferenceId));
    if (!purchase || purchase.provider !== providerName) {
      ctx.journal.recordAnomaly('purchase-callback-unknown', { provider: providerName, callback: hint.raw });
      return { result: 'unknown-purchase' };
    }
    const recorded =
      movePurchase(
        ctx,
        purchase,
        undefined,
        {},
        { kind: 'callback', detail: { claims: hint.status, raw: hint.raw } },
        'relaxed',
      ) ?? rereadPurchase(ctx, purchase.id);
    if (!isOpenPurchaseState(recorded.state)) {
      const final = outcomeOf(recorded.state);
      if (
        (final === 'success' && hint.status === 'FAILED') ||
        (final === 'failed' && hint.status === 'SUCCESS')
      ) {
        ctx.journal.recordAnomaly('purchase-callback-contradicts', {
          partnerReferenceId: recorded.partnerReferenceId,
          state: recorded.state,
          claims: hint.status,
        });
      }
      return { result: 'recorded', purchase: recorded };
    }
    if (this.gate.focus === recorded.id) {
      this.gate.wake(recorded.id);
      return { result: 'recorded', purchase: recorded };
    }
    if (recorded.state === 'AWAITING_PAYMENT') return { result: 'recorded', purchase: recorded };
    // Busy with another purchase: confirmed once that ends, not left for the next restart.
    const confirming = this.confirmWhenFree(recorded.partnerReferenceId);
    return { result: 'recorded', purchase: recorded, confirming };
  }
}
