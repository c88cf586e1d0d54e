// Digital products (PPOB) at the counter: the price list as the shop sells it, inquiries, a sale paid
// in cash or by QRIS CPM, its fulfilment, receipts, the supervisor's confirmation that a failed cash
// sale's money went back, and the day's reconciliation with each provider. Money crosses as minor
// units in decimal strings, as everywhere. No response carries a credential: deposit balances are
// the shop's own figures and are shown, keys and secrets never leave main.
import { z } from 'zod';
import { PURCHASE_STATE_NAMES } from './payment-states';
import {
  BusinessDateSchema,
  MinorSchema,
  PaymentViewSchema,
  ReceiptLineSchema,
  RefundViewSchema,
  SignedMinorSchema,
} from './payment-views';
import { MOBILE_OPERATORS, PRODUCT_CATEGORIES } from './ppob-numbers';
import { LocalizedTextSchema } from './result';
import { MAX_AMOUNT_MINOR } from './rupiah';
import { SupervisorApprovalSchema } from './supervisor';

export const PpobProviderSchema = z.enum(['klikoo', 'doku']);
export type PpobProviderName = z.infer<typeof PpobProviderSchema>;

export const ProductCategorySchema = z.enum(PRODUCT_CATEGORIES);
export const MobileOperatorSchema = z.enum(MOBILE_OPERATORS);
export const PurchaseStateSchema = z.enum(PURCHASE_STATE_NAMES);
export type PurchaseStateName = z.infer<typeof PurchaseStateSchema>;

const ProductCodeSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'A product code' });
/** What the cashier typed; main normalises and checks it against the product's category. */
const CustomerNoSchema = z.string().trim().min(1).max(32);
export const PurchaseReferenceSchema = z.string().trim().min(1).max(128);
const PeriodSchema = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, { error: 'A month as YYYYMM' });

// ---------------------------------------------------------------------------------------------
// The owner's prices (Settings, behind the supervisor PIN)

/** "klikoo:TSEL10": a product of one provider. */
export const ProductKeySchema = z
  .string()
  .regex(/^(klikoo|doku):[A-Za-z0-9._-]{1,64}$/, { error: 'v.productKey' });

export const CategoryPricingSchema = z.strictObject({
  /** Added to the provider's price (a bill: to the bill with its admin fee). */
  storeFeeMinor: MinorSchema.default('0'),
  /** Which provider sells this category when both are set up. */
  provider: PpobProviderSchema.optional(),
});

export const ProductPricingSchema = z.strictObject({
  /** A fixed selling price (prepaid products); takes the place of the category's store fee. */
  sellingPriceMinor: MinorSchema.optional(),
  /** A store fee of its own instead of the category's. */
  storeFeeMinor: MinorSchema.optional(),
  /** Selling below the buy price on purpose (a promotion): without it the sale is refused. */
  acceptLoss: z.boolean().default(false),
});

export const PpobPricingSchema = z.strictObject({
  categories: z.partialRecord(ProductCategorySchema, CategoryPricingSchema).default({}),
  products: z
    .record(ProductKeySchema, ProductPricingSchema)
    .refine((products) => Object.keys(products).length <= 500, { error: 'v.tooMany:500' })
    .default({}),
  /** A deposit below this is shown as low on the Checkout and PPOB screens. */
  lowBalance: z.partialRecord(PpobProviderSchema, MinorSchema).default({}),
});
export type PpobPricing = z.output<typeof PpobPricingSchema>;
export type PpobPricingInput = z.input<typeof PpobPricingSchema>;

/** One amount of the owner's prices: where it sits in them, and what it is. */
export interface PricingAmount {
  /** ['categories', 'pulsa', 'storeFeeMinor'], ['products', 'klikoo:TSEL10', …], ['lowBalance', 'doku']. */
  path: string[];
  what: 'storeFee' | 'sellingPrice' | 'lowBalance';
  minor: string;
}

/**
 * Every amount of the owner's prices above MAX_AMOUNT_MINOR, the most one amount may be: no fee,
 * fixed price or deposit threshold beyond it can be charged or shown. MinorSchema's format lets 18
 * digits through; main refuses these amounts when the prices are saved and when the file is read.
 */
export function pricingAmountsOverLimit(pricing: PpobPricing): PricingAmount[] {
  const amounts: PricingAmount[] = [];
  for (const [category, c] of Object.entries(pricing.categories)) {
    if (c) {
      amounts.push({
        path: ['categories', category, 'storeFeeMinor'],
        what: 'storeFee',
        minor: c.storeFeeMinor,
      });
    }
  }
  for (const [key, p] of Object.entries(pricing.products)) {
    if (p.sellingPriceMinor !== undefined) {
      amounts.push({
        path: ['products', key, 'sellingPriceMinor'],
        what: 'sellingPrice',
        minor: p.sellingPriceMinor,
      });
    }
    if (p.storeFeeMinor !== undefined) {
      amounts.push({ path: ['products', key, 'storeFeeMinor'], what: 'storeFee', minor: p.storeFeeMinor });
    }
  }
  for (const [provider, minor] of Object.entries(pricing.lowBalance)) {
    if (minor !== undefined) amounts.push({ path: ['lowBalance', provider], what: 'lowBalance', minor });
  }
  return amounts.filter((amount) => BigInt(amount.minor) > MAX_AMOUNT_MINOR);
}

/** What a fresh install charges on top of the provider's price: common warung fees, owner-editable. */
export const DEFAULT_PPOB_PRICING: PpobPricing = {
  categories: {
    pulsa: { storeFeeMinor: '150000' },
    data: { storeFeeMinor: '200000' },
    'pln-prepaid': { storeFeeMinor: '200000' },
    'pln-postpaid': { storeFeeMinor: '250000' },
    bpjs: { storeFeeMinor: '250000' },
    pdam: { storeFeeMinor: '250000' },
    ewallet: { storeFeeMinor: '150000' },
  },
  products: {},
  lowBalance: { klikoo: '50000000', doku: '50000000' },
};

// ---------------------------------------------------------------------------------------------
// The price list as the shop sells it

export const ProductViewSchema = z.object({
  key: ProductKeySchema,
  provider: PpobProviderSchema,
  code: ProductCodeSchema,
  name: z.string().max(200),
  category: ProductCategorySchema,
  operator: MobileOperatorSchema.nullable(),
  /** What the provider charges our deposit; for a bill, its admin fee (the bill comes from the inquiry). */
  buyPriceMinor: MinorSchema,
  /** What the customer pays (a bill: its admin fee plus the store fee; the bill comes on top). */
  sellingPriceMinor: MinorSchema,
  storeFeeMinor: MinorSchema,
  /** Selling price minus buy price; below zero for a loss. */
  marginMinor: SignedMinorSchema,
  /** A bill (PLN postpaid, BPJS, PDAM): the price is known only after an inquiry. */
  postpaid: z.boolean(),
  /** Asked before paying: a bill's amount, or the name a PLN meter or e-wallet is registered to. */
  inquiry: z.enum(['required', 'name', 'none']),
  active: z.boolean(),
  /** Below cost without the owner's acceptLoss: the sale is refused until the price is fixed. */
  belowCost: z.boolean(),
});
export type ProductView = z.infer<typeof ProductViewSchema>;

export const DepositViewSchema = z.object({
  provider: PpobProviderSchema,
  /** Null when the provider did not answer just now. */
  balanceMinor: MinorSchema.nullable(),
  lowBalanceMinor: MinorSchema.nullable(),
  low: z.boolean(),
  error: LocalizedTextSchema.nullable(),
});
export type DepositView = z.infer<typeof DepositViewSchema>;

export const CatalogueSchema = z.object({
  /** False when this backend sells no digital products (then `reason` says why). */
  available: z.boolean(),
  reason: LocalizedTextSchema.nullable(),
  products: z.array(ProductViewSchema),
  deposits: z.array(DepositViewSchema),
  /** The price list could not be read from a provider (shown, the others still sell). */
  problems: z.array(LocalizedTextSchema),
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

export const RecentNumbersSchema = z.object({
  numbers: z.array(
    z.object({ customerNo: z.string(), customerName: z.string().nullable(), at: z.number().int() }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Inquiry and sale

export const InquiryRequestSchema = z.object({
  provider: PpobProviderSchema,
  productCode: ProductCodeSchema,
  customerNo: CustomerNoSchema,
  period: PeriodSchema.optional(),
});

export const InquiryViewSchema = z.object({
  reference: z.string(),
  productKey: ProductKeySchema,
  customerNo: z.string(),
  customerName: z.string().nullable(),
  period: z.string().nullable(),
  /** The bill itself (postpaid) or the product's price; the provider's admin fee apart. */
  billMinor: MinorSchema,
  adminFeeMinor: MinorSchema,
  storeFeeMinor: MinorSchema,
  /** What the customer pays. */
  totalMinor: MinorSchema,
  expiresAt: z.number().int(),
});
export type InquiryView = z.infer<typeof InquiryViewSchema>;

export const SellRequestSchema = z.object({
  provider: PpobProviderSchema,
  productCode: ProductCodeSchema,
  customerNo: CustomerNoSchema,
  /** The inquiry the cashier read back to the customer (required for bills). */
  inquiry: z.string().max(128).optional(),
  /** BPJS: the customer's mobile number. */
  phone: z.string().max(20).optional(),
  payment: z.discriminatedUnion('method', [
    z.object({ method: z.literal('cash'), receivedMinor: MinorSchema }),
    /** A scan checked by scan:check; the QR stays in main. */
    z.object({ method: z.literal('qris'), scanId: z.string().min(8).max(64) }),
  ]),
});
export type SellRequest = z.input<typeof SellRequestSchema>;

export const SnViewSchema = z.object({
  raw: z.string(),
  /** The PLN token in groups of four: "1234-5678-9012-3456-7890". */
  token: z.string().nullable(),
  name: z.string().nullable(),
  tariff: z.string().nullable(),
  powerVa: z.number().int().nullable(),
  kwh: z.string().nullable(),
});

export const PurchaseViewSchema = z.object({
  reference: z.string(),
  provider: PpobProviderSchema,
  transactionId: z.string().nullable(),
  productKey: z.string(),
  productCode: z.string(),
  productName: z.string(),
  category: ProductCategorySchema,
  customerNo: z.string(),
  customerName: z.string().nullable(),
  period: z.string().nullable(),
  state: PurchaseStateSchema,
  outcome: z.enum(['success', 'failed', 'not_paid', 'unresolved']),
  /** What the state means and what to do next. */
  message: LocalizedTextSchema,
  /** Why it definitely failed, in the cashier's words. */
  failure: LocalizedTextSchema.nullable(),
  /** The provider's code behind `failure`, small, for support. */
  reasonDetail: z.string().nullable(),
  sn: SnViewSchema.nullable(),
  /** What the customer pays: bill or price, admin fee and store fee included. */
  totalMinor: MinorSchema,
  /** The bill (postpaid) or the product's price, without the admin and store fees. */
  priceMinor: MinorSchema,
  adminFeeMinor: MinorSchema,
  storeFeeMinor: MinorSchema,
  buyPriceMinor: MinorSchema,
  method: z.enum(['cash', 'qris']),
  cashReceivedMinor: MinorSchema.nullable(),
  changeMinor: MinorSchema.nullable(),
  /** The QRIS payment of a sale paid by QR, and its automatic refund when the product failed. */
  payment: PaymentViewSchema.nullable(),
  refund: RefundViewSchema.nullable(),
  refundMessage: LocalizedTextSchema.nullable(),
  /** A failed QR sale whose refund is not journaled yet (recovery sends it). */
  refundOwed: z.boolean(),
  /** A failed cash sale: the cash goes back to the customer, and a supervisor confirms it. */
  cashToReturn: z.boolean(),
  cashReturned: z.boolean(),
  /** Past its deadline and still open: a supervisor decides. */
  needsSupervisor: z.boolean(),
  businessDate: BusinessDateSchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  receiptsPrinted: z.number().int().nonnegative(),
});
export type PurchaseView = z.infer<typeof PurchaseViewSchema>;

export const PurchaseEventViewSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  kind: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  responseCode: z.string().nullable(),
  providerStatus: z.string().nullable(),
  /** Redacted, shortened for the screen. */
  detail: z.string().nullable(),
});
export type PurchaseEventView = z.infer<typeof PurchaseEventViewSchema>;

export const PurchaseDetailSchema = z.object({
  purchase: PurchaseViewSchema,
  events: z.array(PurchaseEventViewSchema),
});
export type PurchaseDetail = z.infer<typeof PurchaseDetailSchema>;

const ReferenceRequestSchema = z.object({ reference: PurchaseReferenceSchema });

export const CashReturnedRequestSchema = z.object({
  reference: PurchaseReferenceSchema,
  ...SupervisorApprovalSchema,
});

/** A supervisor's decision on a purchase the provider never settled (asked once more first). */
export const PurchaseDecideRequestSchema = z.object({
  reference: PurchaseReferenceSchema,
  outcome: z.enum(['success', 'failed']),
  ...SupervisorApprovalSchema,
});

export const PurchaseReceiptSchema = z.object({
  reference: z.string(),
  copy: z.boolean(),
  lines: z.array(ReceiptLineSchema),
});
export type PurchaseReceipt = z.infer<typeof PurchaseReceiptSchema>;

// ---------------------------------------------------------------------------------------------
// The day's reconciliation with each provider's own transaction history

export const ReconcileDifferenceSchema = z.object({
  provider: PpobProviderSchema,
  kind: z.enum(['missing-at-provider', 'unknown-to-us', 'status', 'amount']),
  reference: z.string().nullable(),
  transactionId: z.string().nullable(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  message: LocalizedTextSchema,
});

export const ReconciliationSchema = z.object({
  date: BusinessDateSchema,
  providers: z.array(
    z.object({
      provider: PpobProviderSchema,
      /** How the provider's word was read: its history for the day, or each purchase asked after. */
      via: z.enum(['history', 'per-purchase']),
      ours: z.number().int().nonnegative(),
      theirs: z.number().int().nonnegative(),
      matched: z.number().int().nonnegative(),
      error: LocalizedTextSchema.nullable(),
    }),
  ),
  differences: z.array(ReconcileDifferenceSchema),
  checkedAt: z.number().int(),
});
export type Reconciliation = z.infer<typeof ReconciliationSchema>;

// ---------------------------------------------------------------------------------------------
// The PPOB half of the day's report

const CountedSchema = z.object({ count: z.number().int().nonnegative(), totalMinor: MinorSchema });
const SoldSchema = z.object({
  count: z.number().int().nonnegative(),
  soldMinor: MinorSchema,
  costMinor: MinorSchema,
  marginMinor: SignedMinorSchema,
});

export const PpobReportViewSchema = z.object({
  byCategory: z.array(SoldSchema.extend({ category: ProductCategorySchema })),
  sold: SoldSchema,
  cash: SoldSchema,
  qris: SoldSchema,
  failed: CountedSchema,
  notPaid: CountedSchema,
  refunds: z.object({
    refunded: CountedSchema,
    open: CountedSchema,
    failed: CountedSchema,
    owed: CountedSchema,
  }),
  drawer: z.object({
    keptMinor: MinorSchema,
    heldMinor: MinorSchema,
    owedMinor: MinorSchema,
    returnedMinor: MinorSchema,
    inDrawerMinor: MinorSchema,
  }),
  /** Open purchases from this day and earlier ones; `carried` of them from earlier days. */
  unresolved: z.array(PurchaseViewSchema),
  carried: z.number().int().nonnegative(),
  refunded: z.array(PurchaseViewSchema),
});
export type PpobReportView = z.infer<typeof PpobReportViewSchema>;

const NOTHING_SOLD = { count: 0, soldMinor: '0', costMinor: '0', marginMinor: '0' };
const NOTHING_COUNTED = { count: 0, totalMinor: '0' };

/** The PPOB half of a report with nothing in it (a backend that sells no digital products). */
export const EMPTY_PPOB_REPORT: PpobReportView = {
  byCategory: [],
  sold: NOTHING_SOLD,
  cash: NOTHING_SOLD,
  qris: NOTHING_SOLD,
  failed: NOTHING_COUNTED,
  notPaid: NOTHING_COUNTED,
  refunds: {
    refunded: NOTHING_COUNTED,
    open: NOTHING_COUNTED,
    failed: NOTHING_COUNTED,
    owed: NOTHING_COUNTED,
  },
  drawer: { keptMinor: '0', heldMinor: '0', owedMinor: '0', returnedMinor: '0', inDrawerMinor: '0' },
  unresolved: [],
  carried: 0,
  refunded: [],
};

const NoPayload = z.undefined();

export const ppobChannels = {
  'ppob:catalogue': { request: NoPayload, response: CatalogueSchema },
  /** Each provider's deposit as last read, against the owner's low-balance threshold (for Checkout: never waits on a provider). */
  'ppob:deposits': { request: NoPayload, response: z.array(DepositViewSchema) },
  'ppob:recent': { request: z.object({ category: ProductCategorySchema }), response: RecentNumbersSchema },
  'ppob:inquiry': { request: InquiryRequestSchema, response: InquiryViewSchema },
  /** Answers once the sale is journaled (before anything leaves); ppob:changed follows it. */
  'ppob:sell': { request: SellRequestSchema, response: PurchaseViewSchema },
  /** The sale of this terminal still open (after a restart, too), or null. */
  'ppob:active': { request: NoPayload, response: PurchaseViewSchema.nullable() },
  'ppob:get': { request: ReferenceRequestSchema, response: PurchaseDetailSchema },
  'ppob:recheck': { request: ReferenceRequestSchema, response: PurchaseViewSchema },
  'ppob:cash-returned': { request: CashReturnedRequestSchema, response: PurchaseViewSchema },
  /** Asks the provider once more first; a settled purchase is refused with MANUAL_NOT_NEEDED. */
  'ppob:decide': { request: PurchaseDecideRequestSchema, response: PurchaseViewSchema },
  'ppob:receipt:preview': { request: ReferenceRequestSchema, response: PurchaseReceiptSchema },
  'ppob:receipt:print': {
    request: ReferenceRequestSchema,
    response: z.object({ copy: z.boolean(), printed: z.boolean() }),
  },
  'ppob:reconcile': {
    request: z.object({ date: BusinessDateSchema.optional() }),
    response: ReconciliationSchema,
  },
} as const;

export const ppobEvents = {
  /** A purchase moved (or its payment or refund did). */
  'ppob:changed': PurchaseViewSchema,
} as const;
