// The cashier's side of digital products (PPOB): every ppob:* channel of the contract, built on the
// purchase engine (main/ppob, which owns the money rules: journal before the wire, nothing bought
// twice, every unknown resolved), the owner's prices (Settings), the scan registry (a sale paid by
// QRIS takes a checked scan, the QR itself stays in main) and the receipt printer. A sale answers as
// soon as it is journaled; its fulfilment follows as ppob:changed events, and a purchase the engine
// left unresolved is asked after again in the background until it is final.

import type { PaymentView } from '../../preload/contract/payments';
import type {
  Catalogue,
  DepositView,
  InquiryView,
  PpobPricing,
  PpobReportView,
  PurchaseDetail,
  PurchaseReceipt,
  PurchaseView,
  ppobChannels,
  Reconciliation,
  SellRequest,
} from '../../preload/contract/ppob';
import type { ErrorCode, LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { Handlers } from '../ipc/dispatcher';
import type { Minor } from '../money/amount';
import { formatRupiah } from '../money/amount';
import type { Journal, PaymentRecord, PpobDayReport, PurchaseRecord } from '../payments/journal';
import { assertPurchaseDecidable } from '../payments/operation-rules';
import { isOpenPurchaseState } from '../payments/states';
import { assertCashReturnable, cashReturned, recordCashReturned } from '../ppob/cash-return';
import type { Product, ProductCategory } from '../ppob/products';
import { POSTPAID_CATEGORIES, PRODUCT_CATEGORIES } from '../ppob/products';
import type { BuyInput, PurchaseEngine, PurchaseResult } from '../ppob/purchase-engine';
import type { PrintOptions, ReceiptPrinter, SupervisorAuth, TerminalIdentity } from './payments-service';
import { priceOf, priceOfQuote, productKey, providerFor, toProductView } from './ppob-pricing';
import { purchaseReceiptLayout } from './purchase-receipt';
import type { SaleNote } from './purchase-views';
import { toPurchaseEventView, toPurchaseView } from './purchase-views';
import type { ReceiptLanguage } from './receipt-layout';
import { receiptHtml } from './receipt-layout';
import { ReceiptPrints } from './receipt-prints';
import type { ScanRegistry } from './scan-registry';

type PpobChannel = keyof typeof ppobChannels;

/** How long the background waits between checks of a purchase the sale left unresolved. */
const FOLLOW_UP_MS = 20_000;
/** A deposit reading older than this is read again when the Checkout asks. */
const DEPOSITS_STALE_MS = 5 * 60_000;

export interface PpobServiceDeps {
  /** Undefined when this backend sells no digital products (a provider profile without PPOB). */
  engine: PurchaseEngine | undefined;
  journal: Journal;
  scans: ScanRegistry;
  supervisor: SupervisorAuth;
  printer: ReceiptPrinter;
  printOptions: () => Promise<PrintOptions>;
  terminal: TerminalIdentity;
  pricing: () => PpobPricing;
  /** The payment as the screens see it (its refunds counted), from the payments service. */
  paymentView: (record: PaymentRecord) => PaymentView;
  /** New sales wait for recovery, as new payments do. */
  requireRecovered: () => Promise<void>;
  emit: (view: PurchaseView) => void;
  now: () => number;
  utcOffsetMinutes: number;
  testMode: boolean;
  language: () => ReceiptLanguage;
  followUpMs?: number | undefined;
  log?: ((message: string, detail?: unknown) => void) | undefined;
}

function ppobError(code: ErrorCode, id: string, en: string, raw?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw });
}

const NOT_AVAILABLE: LocalizedText = {
  id: 'Produk digital hanya tersedia pada mode sandbox atau dari CLI dengan profil PPOB; profil penyedia di Pengaturan belum memuat akun Klikoo atau DOKU.',
  en: 'Digital products are available in sandbox mode or from the CLI with a PPOB profile; the provider profile in Settings holds no Klikoo or DOKU account yet.',
};

export class PpobService {
  private closed = false;
  private depositsRead: { at: number; deposits: DepositView[] } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The scan of each QR sale whose payment is not journaled yet, by purchase id. */
  private readonly saleScans = new Map<number, string>();
  private readonly prints = new ReceiptPrints();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PpobServiceDeps) {
    this.unsubscribe =
      deps.engine?.subscribe((event) => this.changed(event.partnerReferenceId)) ?? (() => undefined);
    this.refreshDeposits();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private requireEngine(): PurchaseEngine {
    if (!this.deps.engine) {
      throw new KasirError({ code: 'PPOB_PROVIDER_NOT_CONFIGURED', message: NOT_AVAILABLE });
    }
    return this.deps.engine;
  }

  /** A purchase moved, or its payment or refund did: the screens hear it. */
  changed(reference: string): void {
    if (!this.deps.engine) return;
    try {
      this.deps.emit(this.view(this.deps.engine.details(reference)));
    } catch (error) {
      this.deps.log?.(`announcing purchase ${reference} failed`, error);
    }
  }

  /** The payment of a sale paid by QRIS moved: its purchase's view changed too. */
  paymentChanged(paymentId: number): void {
    const purchase = this.deps.journal.purchaseOfPayment(paymentId);
    if (!purchase) return;
    this.spendOnceJournaled(purchase.id);
    this.changed(purchase.partnerReferenceId);
  }

  /**
   * A QR sale whose payment is journaled: its QR is spent, and the terminal is that payment's now
   * (open in the journal), so the scan no longer stands for a payment on its way.
   */
  private spendOnceJournaled(purchaseId: number): void {
    const scanId = this.saleScans.get(purchaseId);
    if (scanId === undefined || (this.deps.journal.getPurchase(purchaseId)?.paymentId ?? null) === null) {
      return;
    }
    this.saleScans.delete(purchaseId);
    this.deps.scans.spend(scanId);
  }

  view(result: PurchaseResult): PurchaseView {
    return toPurchaseView(result, { journal: this.deps.journal, paymentView: this.deps.paymentView });
  }

  private viewOf(record: PurchaseRecord): PurchaseView {
    return this.view(this.requireEngine().details(record.partnerReferenceId));
  }

  // The price list -------------------------------------------------------------------------------

  /** The products each category's provider sells, at the shop's prices, and each deposit. */
  async catalogue(): Promise<Catalogue> {
    const engine = this.deps.engine;
    if (!engine) return { available: false, reason: NOT_AVAILABLE, products: [], deposits: [], problems: [] };
    const pricing = this.deps.pricing();
    const configured = engine.providerNames;
    const problems: LocalizedText[] = [];
    const lists = await Promise.all(
      configured.map((provider) =>
        engine.products({ provider }).catch((error: unknown) => {
          problems.push(messageOf(error));
          return [] as Product[];
        }),
      ),
    );
    // A product priced beyond the limit (a fee set too high) is left out and named among the
    // problems: the rest stays for sale, and the owner still has the list to fix the fee from.
    const products = lists
      .flat()
      .filter((product) => providerFor(product.category, pricing, configured) === product.provider)
      .flatMap((product) => {
        try {
          return [toProductView(product, pricing)];
        } catch (error) {
          if (!(error instanceof KasirError) || error.code !== 'PPOB_PRICE_INVALID') throw error;
          if (problems.length < MAX_PRICE_PROBLEMS) problems.push(error.messages);
          return [];
        }
      })
      .sort(
        (a, b) =>
          PRODUCT_CATEGORIES.indexOf(a.category) - PRODUCT_CATEGORIES.indexOf(b.category) ||
          (a.operator ?? '').localeCompare(b.operator ?? '') ||
          compareMinor(a.buyPriceMinor, b.buyPriceMinor),
      );
    return { available: true, reason: null, products, deposits: await this.deposits(), problems };
  }

  /**
   * The deposits as last read, for the Checkout screen: it must never wait on a provider, so it gets
   * the last reading at once (read at start, with every price list and after every sale settles) and
   * a reading older than DEPOSITS_STALE_MS is refreshed behind it.
   */
  async lastDeposits(): Promise<DepositView[]> {
    const last = this.depositsRead;
    if (last === undefined || this.deps.now() - last.at > DEPOSITS_STALE_MS) this.refreshDeposits();
    return last?.deposits ?? [];
  }

  private refreshDeposits(): void {
    if (!this.deps.engine || this.closed) return;
    this.deposits().catch((error: unknown) => this.deps.log?.('reading the PPOB deposits failed', error));
  }

  /** Every provider's deposit and the owner's low-balance threshold. */
  async deposits(): Promise<DepositView[]> {
    const read = await this.readDeposits();
    this.depositsRead = { at: this.deps.now(), deposits: read };
    return read;
  }

  private async readDeposits(): Promise<DepositView[]> {
    const engine = this.deps.engine;
    if (!engine) return [];
    const thresholds = this.deps.pricing().lowBalance;
    return Promise.all(
      engine.providerNames.map(async (provider): Promise<DepositView> => {
        const threshold = thresholds[provider];
        try {
          const balance = (await engine.balance(provider))[0]?.balance ?? 0n;
          return {
            provider,
            balanceMinor: balance.toString(),
            lowBalanceMinor: threshold ?? null,
            low: threshold !== undefined && balance < BigInt(threshold),
            error: null,
          };
        } catch (error) {
          return {
            provider,
            balanceMinor: null,
            lowBalanceMinor: threshold ?? null,
            low: false,
            error: messageOf(error),
          };
        }
      }),
    );
  }

  recent(category: ProductCategory) {
    return { numbers: this.deps.journal.recentCustomers(category, 6) };
  }

  // Inquiry ---------------------------------------------------------------------------------------

  async inquiry(input: {
    provider: 'klikoo' | 'doku';
    productCode: string;
    customerNo: string;
    period?: string | undefined;
  }): Promise<InquiryView> {
    const engine = this.requireEngine();
    const { inquiry, product } = await engine.inquiry(input);
    const price = priceOfQuote(product, inquiry.amount, this.deps.pricing());
    const postpaid = POSTPAID_CATEGORIES.has(product.category) || product.provider === 'doku';
    return {
      reference: inquiry.reference,
      productKey: productKey(product),
      customerNo: inquiry.customerNo,
      customerName: inquiry.customerName,
      period: inquiry.period,
      billMinor: (postpaid ? inquiry.amount - inquiry.adminFee : inquiry.amount).toString(),
      adminFeeMinor: (postpaid ? inquiry.adminFee : 0n).toString(),
      storeFeeMinor: price.storeFee.toString(),
      totalMinor: price.sellingPrice.toString(),
      expiresAt: inquiry.expiresAt,
    };
  }

  // Selling ---------------------------------------------------------------------------------------

  /**
   * Sells one product. Everything is checked first (recovery done, product, number, price, cash
   * enough, the scan); the answer comes once the sale is journaled, before anything leaves. The
   * product is bought at once for cash, or once the QRIS payment is PAID.
   */
  async sell(request: SellRequest): Promise<PurchaseView> {
    const engine = this.requireEngine();
    await this.deps.requireRecovered();
    const product = await engine.findProduct(request.productCode, request.provider);
    const pricing = this.deps.pricing();
    const inquiry =
      request.inquiry === undefined ? undefined : this.deps.journal.findInquiry(request.inquiry);
    if (request.inquiry !== undefined && inquiry === undefined) {
      // Named but not in the journal: never a sale without it (the engine checks one that is there).
      throw ppobError(
        'PPOB_INQUIRY_MISMATCH',
        'Cek tagihan (inquiry) yang disebut penjualan ini tidak ada di jurnal terminal ini. Cek tagihan lagi, lalu bayar.',
        "The bill check (inquiry) this sale names is not in this terminal's journal. Check the bill again, then pay.",
      );
    }
    const needsQuote = POSTPAID_CATEGORIES.has(product.category) || product.provider === 'doku';
    if (needsQuote && inquiry === undefined) {
      throw ppobError(
        'PPOB_INQUIRY_REQUIRED',
        'Cek tagihan dulu (inquiry), bacakan nama dan jumlahnya ke pelanggan, baru bayar.',
        'Check the bill first (inquiry), read the name and amount to the customer, then pay.',
      );
    }
    const price =
      needsQuote && inquiry !== undefined
        ? priceOfQuote(product, inquiry.amount, pricing)
        : priceOf(product, pricing);
    const postpaid = needsQuote && inquiry !== undefined;
    const note: SaleNote = {
      method: request.payment.method,
      receivedMinor: request.payment.method === 'cash' ? request.payment.receivedMinor : null,
      priceMinor: (postpaid && inquiry
        ? inquiry.amount - inquiry.adminFee
        : price.fixed
          ? price.sellingPrice
          : product.price
      ).toString(),
      adminFeeMinor: (postpaid && inquiry ? inquiry.adminFee : 0n).toString(),
      storeFeeMinor: (price.fixed ? 0n : price.storeFee).toString(),
    };
    if (request.payment.method === 'cash' && BigInt(request.payment.receivedMinor) < price.sellingPrice) {
      throw ppobError(
        'PPOB_CASH_SHORT',
        `Uang diterima kurang dari total ${formatRupiah(price.sellingPrice)}. Terima uang yang cukup dulu.`,
        `The cash received is less than the total ${formatRupiah(price.sellingPrice, 'en')}. Take enough cash first.`,
      );
    }
    const scanId = request.payment.method === 'qris' ? request.payment.scanId : undefined;
    // Refused, the scan untouched, while another payment is open or on its way (as payment:start).
    const scan = scanId === undefined ? undefined : this.deps.scans.take(scanId);
    const input: BuyInput = {
      productCode: product.code,
      provider: product.provider,
      customerNo: request.customerNo,
      sellingPrice: price.sellingPrice,
      allowLoss: price.acceptLoss,
      ...(inquiry === undefined ? {} : { inquiry: inquiry.reference }),
      ...(request.phone === undefined ? {} : { phone: request.phone }),
      ...(scan === undefined
        ? {}
        : {
            paidBy: {
              qrContent: scan.qrContent,
              wallet: scan.wallet,
              title: `PPOB ${product.code} ${request.customerNo}`,
            },
          }),
    };
    const journaled = Promise.withResolvers<PurchaseRecord>();
    const settled = engine.buy(input, {
      onJournaled: (purchase) => {
        // How it was paid and priced, as the receipt will show it (cash received, the fees).
        this.deps.journal.notePurchase(purchase.id, 'sale', note);
        journaled.resolve(purchase);
      },
    });
    settled.then(
      (result) => this.followUp(result),
      (error: unknown) => {
        // Refused before it was journaled (bad input, another sale running): nothing was sent.
        journaled.reject(error);
        this.deps.log?.('a PPOB sale stopped with an error', error);
      },
    );
    let record: PurchaseRecord;
    try {
      record = await journaled.promise;
    } catch (error) {
      if (scanId !== undefined) this.deps.scans.putBack(scanId);
      throw error;
    }
    // The QR stays taken (a second scan of it, or another payment, is refused) until the sale's
    // payment is journaled, when it is spent; or until the sale has settled: back to be used again if
    // refused before its payment was journaled.
    if (scanId !== undefined) {
      this.saleScans.set(record.id, scanId);
      this.spendOnceJournaled(record.id);
      const done = () => this.returnScan(scanId, record.id);
      settled.then(done, done);
    }
    // Read again: the provider may have answered between the journaling and now.
    const view = this.viewOf(this.deps.journal.getPurchase(record.id) ?? record);
    this.deps.emit(view);
    return view;
  }

  /**
   * A QR sale has settled (or stopped): its QR is spent unless the journal shows the payment never
   * journaled, so never sent — the sale ended NOT_PAID with no payment. Then the customer's QR was
   * not used, and the cashier may scan and sell with it again.
   */
  private returnScan(scanId: string, purchaseId: number): void {
    this.saleScans.delete(purchaseId);
    let unsent = false;
    try {
      const purchase = this.deps.journal.getPurchase(purchaseId);
      unsent = purchase?.state === 'NOT_PAID' && purchase.paymentId === null;
    } catch (error) {
      this.deps.log?.(`reading purchase ${purchaseId} failed; its QR stays spent`, error);
    }
    if (unsent) this.deps.scans.putBack(scanId);
    else this.deps.scans.spend(scanId);
  }

  /** A sale the engine left unresolved (WAITING past its patience) is asked after until it is final. */
  private followUp(result: PurchaseResult): void {
    this.changed(result.purchase.partnerReferenceId);
    if (!isOpenPurchaseState(result.purchase.state)) this.refreshDeposits();
    if (this.closed || !isOpenPurchaseState(result.purchase.state) || result.needsSupervisor) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || !this.deps.engine) return;
      this.deps.engine.resolve(result.purchase.partnerReferenceId).then(
        (details) => this.followUp(details),
        (error: unknown) => {
          this.deps.log?.(`checking purchase ${result.purchase.partnerReferenceId} again failed`, error);
          this.followUp(result);
        },
      );
    }, this.deps.followUpMs ?? FOLLOW_UP_MS);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** The newest sale of this terminal not yet final (after a restart, too), or null. */
  active(): PurchaseView | null {
    if (!this.deps.engine) return null;
    const open = this.deps.journal
      .openPurchases()
      .filter((p) => p.terminalId === this.deps.terminal.terminalId)
      .at(-1);
    return open ? this.viewOf(open) : null;
  }

  detail(reference: string): PurchaseDetail {
    const details = this.requireEngine().details(reference);
    return { purchase: this.view(details), events: details.events.map(toPurchaseEventView) };
  }

  async recheck(reference: string): Promise<PurchaseView> {
    const view = this.view(await this.requireEngine().resolve(reference));
    this.deps.emit(view);
    return view;
  }

  /** A supervisor confirms the cash of a failed cash sale went back to the customer (journaled). */
  async confirmCashReturned(reference: string, pin: string, reason: string): Promise<PurchaseView> {
    const engine = this.requireEngine();
    const purchase = engine.details(reference).purchase;
    assertCashReturnable(purchase, cashReturned(this.deps.journal, purchase));
    const { supervisor } = await this.deps.supervisor.verify(pin, 'ppob-cash-returned', reference);
    recordCashReturned(this.deps.journal, purchase, { supervisor, reason });
    const view = this.view(engine.details(reference));
    this.deps.emit(view);
    return view;
  }

  /**
   * A supervisor's decision on a purchase the provider never settled: the PIN first, then the engine
   * asks the provider once more and decides only if that still settles nothing. A QRIS sale decided
   * failed is refunded by the engine; a cash one then shows the cash to give back.
   */
  async decide(
    reference: string,
    outcome: 'success' | 'failed',
    pin: string,
    reason: string,
  ): Promise<PurchaseView> {
    const engine = this.requireEngine();
    assertPurchaseDecidable(engine.details(reference).purchase);
    const { supervisor } = await this.deps.supervisor.verify(pin, 'decide', reference);
    await engine.decideManually(reference, { outcome, reason, supervisor });
    const view = this.view(engine.details(reference));
    this.deps.emit(view);
    return view;
  }

  // Receipts --------------------------------------------------------------------------------------

  private receipt(reference: string): PurchaseReceipt {
    const view = this.view(this.requireEngine().details(reference));
    if (view.outcome === 'unresolved') {
      throw ppobError(
        'RECEIPT_UNRESOLVED',
        'Hasil pembelian belum pasti; struk dicetak setelah hasilnya diketahui.',
        'The purchase result is not known yet; the receipt prints once it is.',
      );
    }
    return purchaseReceiptLayout(view, this.deps.terminal, {
      language: this.deps.language(),
      copy: view.receiptsPrinted > 0,
      test: this.deps.testMode,
      utcOffsetMinutes: this.deps.utcOffsetMinutes,
    });
  }

  previewReceipt(reference: string): PurchaseReceipt {
    return this.receipt(reference);
  }

  /** Behind any print of the same receipt still under way: the first printed is the original. */
  printReceipt(reference: string): Promise<{ copy: boolean; printed: boolean }> {
    return this.prints.run(`purchase:${reference}`, async () => {
      const receipt = this.receipt(reference);
      const options = await this.deps.printOptions();
      const printed = await this.deps.printer.print(
        receiptHtml(receipt, this.deps.language(), options.paperWidthMm),
        options,
      );
      if (printed) {
        const purchase = this.requireEngine().details(reference).purchase;
        this.deps.journal.notePurchase(purchase.id, 'receipt', { copy: receipt.copy, state: purchase.state });
        this.changed(reference);
      }
      return { copy: receipt.copy, printed };
    });
  }

  // History, report, reconciliation --------------------------------------------------------------

  /** Sales of business days from…to for History, optionally matching a reference or number. */
  purchases(query: { from: string; to: string; text?: string | undefined; limit: number }): PurchaseView[] {
    if (!this.deps.engine) return [];
    return this.deps.journal.searchPurchases(query).items.map((record) => this.viewOf(record));
  }

  reportView(report: PpobDayReport): PpobReportView {
    const sold = (b: { count: number; sold: Minor; cost: Minor }) => ({
      count: b.count,
      soldMinor: b.sold.toString(),
      costMinor: b.cost.toString(),
      marginMinor: (b.sold - b.cost).toString(),
    });
    const counted = (b: { count: number; total: Minor }) => ({
      count: b.count,
      totalMinor: b.total.toString(),
    });
    const views = (records: readonly PurchaseRecord[]) =>
      this.deps.engine ? records.map((r) => this.viewOf(r)) : [];
    return {
      byCategory: report.byCategory.map((line) => ({
        category: line.category as ProductCategory,
        ...sold(line),
      })),
      sold: sold(report.sold),
      cash: sold(report.byMethod.cash),
      qris: sold(report.byMethod.qris),
      failed: { count: report.failed.count, totalMinor: report.failed.sold.toString() },
      notPaid: { count: report.notPaid.count, totalMinor: report.notPaid.sold.toString() },
      refunds: {
        refunded: counted(report.refunds.refunded),
        open: counted(report.refunds.open),
        failed: counted(report.refunds.failed),
        owed: counted(report.refunds.owed),
      },
      drawer: {
        keptMinor: report.cash.kept.toString(),
        heldMinor: report.cash.held.toString(),
        owedMinor: report.cash.owed.toString(),
        returnedMinor: report.cash.returned.toString(),
        inDrawerMinor: report.cash.inDrawer.toString(),
      },
      unresolved: views(report.unresolved),
      carried: report.carried,
      refunded: views(report.refunded.map((r) => r.purchase)),
    };
  }

  async reconcile(date: string): Promise<Reconciliation> {
    const result = await this.requireEngine().reconcile(date);
    return { ...result, checkedAt: this.deps.now() };
  }

  handlers(today: () => string): Pick<Handlers, PpobChannel> {
    return {
      'ppob:catalogue': () => this.catalogue(),
      'ppob:deposits': () => this.lastDeposits(),
      'ppob:recent': async ({ category }) => this.recent(category),
      'ppob:inquiry': (input) => this.inquiry(input),
      'ppob:sell': (request) => this.sell(request),
      'ppob:active': async () => this.active(),
      'ppob:get': async ({ reference }) => this.detail(reference),
      'ppob:recheck': ({ reference }) => this.recheck(reference),
      'ppob:cash-returned': ({ reference, pin, reason }) => this.confirmCashReturned(reference, pin, reason),
      'ppob:decide': ({ reference, outcome, pin, reason }) => this.decide(reference, outcome, pin, reason),
      'ppob:receipt:preview': async ({ reference }) => this.previewReceipt(reference),
      'ppob:receipt:print': ({ reference }) => this.printReceipt(reference),
      'ppob:reconcile': ({ date }) => this.reconcile(date ?? today()),
    };
  }
}

/** How many products priced beyond the limit the price list names (the rest share one fee). */
const MAX_PRICE_PROBLEMS = 5;

function messageOf(error: unknown): LocalizedText {
  return error instanceof KasirError
    ? error.messages
    : { id: 'Penyedia tidak menjawab.', en: 'The provider did not answer.' };
}

function compareMinor(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
