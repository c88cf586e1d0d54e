// The PPOB sandbox's world: what it sells (the same catalogue under Klikoo's and DOKU's product
// codes), its test customers (PLN meters and bills, BPJS and PDAM bills, e-wallet accounts), and the
// faults a customer number plays. Any valid customer number whose last four digits are 99NN plays
// fault NN of PPOB_FAULT_TABLE; pulsa and data need no registered customer.

import type { Minor } from '../../money/amount';
import type { MobileOperator, ProductCategory } from '../../ppob/products';

export interface SandboxProduct {
  /** Klikoo's product code and DOKU's, for the same product. */
  codes: { klikoo: string; doku: string };
  name: string;
  category: ProductCategory;
  operator?: MobileOperator;
  /** What the provider charges the partner's deposit; for a bill, the admin fee on top of the bill. */
  price: Minor;
  active: boolean;
  /** PLN prepaid: the kWh a token of this price buys at R1/1300VA (for the token's text). */
  kwh?: string;
}

const rp = (rupiah: number): Minor => BigInt(rupiah) * 100n;

// biome-ignore format: one row per line reads like a table
export const SANDBOX_PRODUCTS: readonly SandboxProduct[] = [
  { codes: { klikoo: 'TSEL5', doku: 'PULSA-TSEL-5' }, name: 'Telkomsel 5.000', category: 'pulsa', operator: 'telkomsel', price: rp(5_450), active: true },
  { codes: { klikoo: 'TSEL10', doku: 'PULSA-TSEL-10' }, name: 'Telkomsel 10.000', category: 'pulsa', operator: 'telkomsel', price: rp(10_450), active: true },
  { codes: { klikoo: 'TSEL50', doku: 'PULSA-TSEL-50' }, name: 'Telkomsel 50.000', category: 'pulsa', operator: 'telkomsel', price: rp(49_800), active: true },
  { codes: { klikoo: 'TSEL150', doku: 'PULSA-TSEL-150' }, name: 'Telkomsel 150.000', category: 'pulsa', operator: 'telkomsel', price: rp(147_500), active: false },
  { codes: { klikoo: 'ISAT10', doku: 'PULSA-ISAT-10' }, name: 'Indosat 10.000', category: 'pulsa', operator: 'indosat', price: rp(10_700), active: true },
  { codes: { klikoo: 'XL10', doku: 'PULSA-XL-10' }, name: 'XL 10.000', category: 'pulsa', operator: 'xl', price: rp(10_600), active: true },
  { codes: { klikoo: 'AXIS10', doku: 'PULSA-AXIS-10' }, name: 'Axis 10.000', category: 'pulsa', operator: 'axis', price: rp(10_600), active: true },
  { codes: { klikoo: 'TRI10', doku: 'PULSA-TRI-10' }, name: 'Tri 10.000', category: 'pulsa', operator: 'tri', price: rp(10_400), active: true },
  { codes: { klikoo: 'SMART10', doku: 'PULSA-SMART-10' }, name: 'Smartfren 10.000', category: 'pulsa', operator: 'smartfren', price: rp(10_300), active: true },
  { codes: { klikoo: 'TSELD5GB', doku: 'DATA-TSEL-5GB' }, name: 'Telkomsel Data 5 GB 30 hari', category: 'data', operator: 'telkomsel', price: rp(52_000), active: true },
  { codes: { klikoo: 'ISATD3GB', doku: 'DATA-ISAT-3GB' }, name: 'Indosat Data 3 GB 30 hari', category: 'data', operator: 'indosat', price: rp(31_500), active: true },
  { codes: { klikoo: 'XLD6GB', doku: 'DATA-XL-6GB' }, name: 'XL Data 6 GB 30 hari', category: 'data', operator: 'xl', price: rp(45_000), active: true },
  { codes: { klikoo: 'PLN20', doku: 'PLN-PRA-20' }, name: 'Token PLN 20.000', category: 'pln-prepaid', price: rp(20_500), active: true, kwh: '13,2' },
  { codes: { klikoo: 'PLN50', doku: 'PLN-PRA-50' }, name: 'Token PLN 50.000', category: 'pln-prepaid', price: rp(50_500), active: true, kwh: '33,1' },
  { codes: { klikoo: 'PLN100', doku: 'PLN-PRA-100' }, name: 'Token PLN 100.000', category: 'pln-prepaid', price: rp(100_500), active: true, kwh: '66,3' },
  { codes: { klikoo: 'PLNPOST', doku: 'PLN-PASCA' }, name: 'PLN Pascabayar', category: 'pln-postpaid', price: rp(2_500), active: true },
  { codes: { klikoo: 'BPJSKES', doku: 'BPJS-KES' }, name: 'BPJS Kesehatan', category: 'bpjs', price: rp(2_500), active: true },
  { codes: { klikoo: 'PDAMBDG', doku: 'PDAM-BDG' }, name: 'PDAM Tirtawening Bandung', category: 'pdam', price: rp(2_500), active: true },
  { codes: { klikoo: 'DANA50', doku: 'EWALLET-DANA-50' }, name: 'Saldo DANA 50.000', category: 'ewallet', price: rp(50_800), active: true },
  { codes: { klikoo: 'OVO50', doku: 'EWALLET-OVO-50' }, name: 'Saldo OVO 50.000', category: 'ewallet', price: rp(51_000), active: true },
  { codes: { klikoo: 'GOPAY50', doku: 'EWALLET-GOPAY-50' }, name: 'Saldo GoPay 50.000', category: 'ewallet', price: rp(50_900), active: true },
];

export interface SandboxBill {
  customerNo: string;
  category: ProductCategory;
  name: string;
  /** The bill itself (the product's admin fee comes on top). */
  amount: Minor;
  period: string;
}

/** Customers with names (PLN meters, e-wallet accounts) and bills (PLN postpaid, BPJS, PDAM). */
// biome-ignore format: one row per line reads like a table
export const SANDBOX_BILLS: readonly SandboxBill[] = [
  { customerNo: '512345678901', category: 'pln-postpaid', name: 'BUDI SANTOSO', amount: rp(245_000), period: '202511' },
  { customerNo: '512345678902', category: 'pln-postpaid', name: 'SITI RAHMA', amount: rp(1_125_500), period: '202511' },
  { customerNo: '8888801234567890', category: 'bpjs', name: 'KELUARGA ANDI PRATAMA (3 ORANG)', amount: rp(150_000), period: '202512' },
  { customerNo: '8888801234560001', category: 'bpjs', name: 'DEWI LESTARI', amount: rp(50_000), period: '202512' },
  { customerNo: '1234567', category: 'pdam', name: 'WARUNG BU IMAS', amount: rp(87_500), period: '202511' },
];

export const SANDBOX_NAMES: Readonly<Record<string, string>> = {
  '14234567890': 'BUDI SANTOSO',
  '32012345678': 'SITI RAHMA',
  '081234567890': 'BUDI SANTOSO',
  '085712345678': 'SITI RAHMA',
};

export type PpobFaultKind =
  | 'waitingThenSuccess'
  | 'waitingThenFailed'
  | 'successThenHttp500'
  | 'successThenDrop'
  | 'successThenMalformed'
  | 'successLate'
  | 'duplicateReference'
  | 'insufficientDeposit'
  | 'billAlreadyPaid'
  | 'billExpired'
  | 'billerClosed'
  | 'failed'
  | 'notChargedThenHttp500'
  | 'tokenExpired';

export interface PpobFaultRow {
  /** The last four digits of the customer number. */
  suffix: string;
  fault: PpobFaultKind;
  /** What the terminal sees, and what the ledger holds afterwards. */
  behaviour: string;
}

// biome-ignore format: one row per line reads like a table
export const PPOB_FAULT_TABLE: readonly PpobFaultRow[] = [
  { suffix: '9901', fault: 'waitingThenSuccess', behaviour: 'WAITING (Klikoo 201 status WAITING, DOKU 5586), SUCCESS after a few lookups or seconds; deposit charged' },
  { suffix: '9902', fault: 'waitingThenFailed', behaviour: 'WAITING, then FAILED; the deposit held for it is given back' },
  { suffix: '9903', fault: 'successThenHttp500', behaviour: 'bought, then HTTP 500 (Klikoo 500xx8504, DOKU SY00); detail/advice say SUCCESS' },
  { suffix: '9904', fault: 'successThenDrop', behaviour: 'bought, then the connection is dropped; found by history (Klikoo) or advice (DOKU)' },
  { suffix: '9905', fault: 'successThenMalformed', behaviour: 'bought, then a truncated JSON body' },
  { suffix: '9906', fault: 'successLate', behaviour: "bought, answered after the client's timeout" },
  { suffix: '9907', fault: 'duplicateReference', behaviour: 'bought, answer dropped, and not findable for a while (hiddenMs, default 40 s); the same reference re-sent gets 409xx6563 / IT09, then it is found' },
  { suffix: '9908', fault: 'insufficientDeposit', behaviour: 'Klikoo 422xx6558 "Dompet tidak cukup", DOKU IT08; nothing bought' },
  { suffix: '9909', fault: 'billAlreadyPaid', behaviour: 'a bill: inquiry says already paid (DOKU U001, Klikoo an unlisted 422xx7102)' },
  { suffix: '9910', fault: 'billExpired', behaviour: 'a bill: inquiry says expired (DOKU U102, Klikoo an unlisted 422xx7103)' },
  { suffix: '9911', fault: 'billerClosed', behaviour: 'biller temporarily closed: Klikoo 503xx9991 (the transaction is on record as FAILED), DOKU SY06; nothing bought' },
  { suffix: '9912', fault: 'failed', behaviour: 'refused at once: Klikoo 201 status FAILED, DOKU U103; nothing bought' },
  { suffix: '9913', fault: 'notChargedThenHttp500', behaviour: 'HTTP 500 before anything was bought; nothing on record, so the same reference re-sent buys it once' },
  { suffix: '9914', fault: 'tokenExpired', behaviour: 'Klikoo: the first buy gets 401xx6535 (token expired); re-sent with a fresh token, bought. DOKU: plain success' },
];

const FAULT_BY_SUFFIX = new Map(PPOB_FAULT_TABLE.map((row) => [row.suffix, row.fault]));

export function faultOf(customerNo: string): PpobFaultKind | undefined {
  return FAULT_BY_SUFFIX.get(customerNo.slice(-4));
}

export function sandboxProduct(provider: 'klikoo' | 'doku', code: string): SandboxProduct | undefined {
  return SANDBOX_PRODUCTS.find((p) => p.codes[provider] === code);
}

/** A bill for a customer number, or one for a fault's test customer. */
export function billOf(
  product: SandboxProduct,
  customerNo: string,
  period?: string,
): SandboxBill | undefined {
  const listed = SANDBOX_BILLS.find((b) => b.customerNo === customerNo && b.category === product.category);
  if (listed) return period === undefined || period === listed.period ? listed : undefined;
  if (faultOf(customerNo) === undefined) return undefined;
  return {
    customerNo,
    category: product.category,
    name: `PELANGGAN UJI ${customerNo.slice(-2)}`,
    amount: rp(100_000),
    period: period ?? '202511',
  };
}

/** The name an inquiry shows for a prepaid customer (PLN meter, e-wallet), if there is one. */
export function nameOf(product: SandboxProduct, customerNo: string): string | undefined {
  const named = SANDBOX_NAMES[customerNo];
  if (named) return named;
  if (faultOf(customerNo) !== undefined) return `PELANGGAN UJI ${customerNo.slice(-2)}`;
  // Any well-formed meter or wallet reads as some customer; an unregistered one is the fault table's.
  return product.category === 'pln-prepaid' || product.category === 'ewallet'
    ? `PELANGGAN ${customerNo.slice(-4)}`
    : undefined;
}
