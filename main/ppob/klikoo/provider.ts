// Klikoo B2B as a PPOB provider for the purchase engine: its wire answers (client.ts) read into the
// engine's vocabulary (../provider.ts) through the response-code table. A purchase is looked up by
// its transaction_id (transaction detail) once Klikoo named one, and before that — a Buy answer lost
// on the way — by its partner_reference_id in the transaction history.

import type { Minor } from '../../money/amount';
import type { PurchaseRecord } from '../../payments/journal';
import { businessDate } from '../../payments/references';
import { MAX_ANSWER_BYTES, parseBoundedJson } from '../../snap/bounded-json';
import type { Clock } from '../../snap/headers';
import { redactJson } from '../../snap/wire-log';
import {
  fieldMismatch,
  inquiryNotQuoted,
  mismatchedQuote,
  quoteMismatch,
  refusalMessage,
  verdictOfCode,
} from '../interpret';
import type { MobileOperator, Product, ProductCategory } from '../products';
import { MOBILE_OPERATORS, POSTPAID_CATEGORIES, PRODUCT_CATEGORIES } from '../products';
import type {
  BuyOutcome,
  CallbackHint,
  CheckOutcome,
  InquiryOutcome,
  PpobProvider,
  ProviderTransaction,
} from '../provider';
import { providerUnavailable } from '../provider';
import type { KlikooClient, KlikooOutcome } from './client';
import type { KlikooEcho, KlikooTransaction } from './wire';
import { KLIKOO_CATEGORIES, KlikooCallbackSchema, klikooAmount, klikooAmountToMinor } from './wire';

const PAGE_SIZE = 200;
const MAX_PAGES = 25;
const DAY_MS = 24 * 3600_000;
/** Klikoo's largest history page. */
const HISTORY_PAGE_SIZE = 100;

const OUR_CATEGORY = new Map<string, ProductCategory>(
  PRODUCT_CATEGORIES.map((category) => [KLIKOO_CATEGORIES[category], category]),
);

function operatorOfBrand(brand: string | undefined): MobileOperator | undefined {
  const name = (brand ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (name === 'three') return 'tri';
  return MOBILE_OPERATORS.find((operator) => operator === name);
}

function why(outcome: KlikooOutcome<unknown>): string {
  return outcome.kind === 'answer'
    ? `${outcome.responseCode} ${outcome.message}`
    : `${outcome.reason}: ${outcome.detail}`;
}

/**
 * An inquiry that brought no quote. A refusal whose data names another customer number or product is
 * not this customer's refusal: no usable answer, like a quote naming them.
 */
function inquiryRefusal(
  outcome: KlikooOutcome<unknown>,
  asked: { customerNo: string; productCode: string },
  customerField: 'value' | 'account_number',
): InquiryOutcome {
  const echo = outcome.kind === 'answer' ? outcome.echo : undefined;
  return inquiryNotQuoted('Klikoo', outcome, why(outcome), {
    asked,
    answered: echo && { customerNo: echo[customerField], productCode: echo.product_code },
  });
}

/**
 * Why a transaction Klikoo describes (in a Buy answer, a detail, the history, a refusal's data) is not
 * this purchase: it names another reference, product, customer number, buy price or transaction id.
 * A field the answer leaves out names nothing.
 */
function transactionMismatch(
  purchase: PurchaseRecord,
  t: Pick<KlikooEcho, 'transaction_id' | 'partner_reference_id' | 'product_code' | 'value' | 'amount'>,
): string | undefined {
  return fieldMismatch([
    ['partner_reference_id', t.partner_reference_id, purchase.partnerReferenceId],
    ['product_code', t.product_code, purchase.productCode],
    ['value', t.value, purchase.customerNo],
    [
      'amount',
      t.amount?.toString(),
      String(purchase.buyPrice),
      (named) => String(klikooAmountToMinor(named)),
    ],
    ['transaction_id', t.transaction_id, purchase.transactionId],
  ]);
}

export interface KlikooProviderDeps {
  clock: Clock;
  timeoutMs: number;
  /** The terminal's UTC offset in minutes, for the history's from/to days. */
  utcOffsetMinutes: number;
}

export function klikooProvider(client: KlikooClient, deps: KlikooProviderDeps): PpobProvider {
  const day = (epochMs: number) => businessDate(epochMs, deps.utcOffsetMinutes);

  /** A transaction Klikoo returned, checked against the purchase it should be. */
  function fromTransaction(
    purchase: PurchaseRecord,
    t: KlikooTransaction,
    via: string,
    raw: string,
  ): CheckOutcome {
    const mismatch = transactionMismatch(purchase, t);
    if (mismatch !== undefined) return { status: 'UNKNOWN', via, raw, mismatch };
    return {
      status: t.status,
      transactionId: t.transaction_id,
      sn: t.sn ?? undefined,
      reason: t.reason ?? undefined,
      ...(t.status === 'FAILED' ? { failure: 'refused' as const } : {}),
      via,
      raw,
    };
  }

  return {
    name: 'klikoo',
    timeoutMs: deps.timeoutMs,

    async products(category) {
      const products: Product[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const outcome = await client.products({
          ...(category === undefined ? {} : { category: KLIKOO_CATEGORIES[category] }),
          page,
          limit: PAGE_SIZE,
        });
        if (outcome.kind !== 'answer' || outcome.data === null) {
          throw providerUnavailable('klikoo', 'the price list', why(outcome), outcome.raw);
        }
        for (const item of outcome.data) {
          const ours = OUR_CATEGORY.get(item.category);
          if (ours === undefined) continue;
          products.push({
            provider: 'klikoo',
            code: item.product_code,
            name: item.product_name,
            category: ours,
            operator: ours === 'pulsa' || ours === 'data' ? operatorOfBrand(item.brand) : undefined,
            price: klikooAmountToMinor(item.price),
            active: item.status === 'active',
          });
        }
        const next = outcome.pagination?.next_page;
        const last = outcome.pagination === undefined || next === null || next === undefined;
        if (last || outcome.data.length === 0) break;
      }
      return products;
    },

    async inquiry(product, customerNo, period): Promise<InquiryOutcome> {
      const asked = { customerNo, productCode: product.code };
      if (POSTPAID_CATEGORIES.has(product.category)) {
        const outcome = await client.inquiryPostpaid({
          account_number: customerNo,
          product_code: product.code,
          ...(period === undefined ? {} : { period }),
        });
        if (outcome.kind === 'unknown' || outcome.data === null)
          return inquiryRefusal(outcome, asked, 'account_number');
        const data = outcome.data;
        const mismatch = quoteMismatch(asked, {
          customerNo: data.account_number,
          productCode: data.product_code,
          amounts: {
            bill: klikooAmountToMinor(data.amount),
            adminFee: klikooAmountToMinor(data.admin_fee),
            total: klikooAmountToMinor(data.total_amount),
          },
        });
        if (mismatch !== undefined) return mismatchedQuote('Klikoo', outcome, mismatch);
        return {
          ok: true,
          quote: {
            amount: klikooAmountToMinor(data.total_amount),
            adminFee: klikooAmountToMinor(data.admin_fee),
            customerName: data.customer_name,
            providerInquiryId: data.inquiry_id,
            period: data.period,
            detail: redactJson(data),
          },
        };
      }
      const outcome = await client.inquiryPrepaid({ product_code: product.code, value: customerNo });
      if (outcome.kind === 'unknown' || outcome.data === null) return inquiryRefusal(outcome, asked, 'value');
      const mismatch = quoteMismatch(asked, {
        customerNo: outcome.data.value,
        productCode: outcome.data.product_code,
      });
      if (mismatch !== undefined) return mismatchedQuote('Klikoo', outcome, mismatch);
      return {
        ok: true,
        quote: {
          amount: product.price,
          adminFee: 0n,
          customerName: outcome.data.customer_name,
          detail: redactJson(outcome.data),
        },
      };
    },

    async buy(purchase, _inquiry, options): Promise<BuyOutcome> {
      const outcome = await client.buy({
        amount: klikooAmount(purchase.buyPrice),
        product_code: purchase.productCode,
        selling_price: klikooAmount(purchase.sellingPrice),
        value: purchase.customerNo,
        msidn: purchase.msisdn ?? purchase.customerNo,
        partner_reference_id: purchase.partnerReferenceId,
      });
      if (outcome.kind === 'unknown') {
        return {
          verdict: { verdict: 'unknown', reason: `${outcome.reason}: ${outcome.detail}` },
          httpStatus: outcome.httpStatus,
          responseCode: outcome.responseCode,
          raw: outcome.raw,
        };
      }
      const base = {
        httpStatus: outcome.httpStatus,
        responseCode: outcome.responseCode,
        responseMessage: outcome.message,
        raw: outcome.raw,
      };
      // Whom the answer names comes before what its code says: a refusal of another purchase is not ours.
      const data = outcome.data;
      const named = data ?? outcome.echo;
      const mismatch = named === undefined ? undefined : transactionMismatch(purchase, named);
      if (mismatch !== undefined) {
        return { ...base, verdict: { verdict: 'unknown', reason: `the answer names ${mismatch}` }, mismatch };
      }
      if (data === null) {
        const verdict = verdictOfCode(outcome.decoded, outcome.message, options);
        return {
          ...base,
          verdict,
          ...(verdict.verdict === 'failed' ? { message: refusalMessage(outcome.decoded) } : {}),
        };
      }
      if (data.status === 'SUCCESS') {
        return {
          ...base,
          verdict: { verdict: 'success', transactionId: data.transaction_id, sn: data.sn ?? undefined },
        };
      }
      if (data.status === 'WAITING') {
        return { ...base, verdict: { verdict: 'waiting', transactionId: data.transaction_id } };
      }
      return {
        ...base,
        verdict: {
          verdict: 'failed',
          failure: 'refused',
          reason: 'status FAILED',
          transactionId: data.transaction_id,
        },
      };
    },

    async check(purchase): Promise<CheckOutcome> {
      if (purchase.transactionId !== null) {
        const outcome = await client.detail(purchase.transactionId);
        if (outcome.kind === 'unknown')
          return { status: 'UNKNOWN', via: 'detail', reason: why(outcome), raw: outcome.raw };
        if (outcome.data === null) {
          const mismatch =
            outcome.echo === undefined ? undefined : transactionMismatch(purchase, outcome.echo);
          const notFound = outcome.decoded.httpStatus === 404 && outcome.decoded.caseCode === '7005';
          return {
            status: notFound && mismatch === undefined ? 'NOT_FOUND' : 'UNKNOWN',
            via: 'detail',
            reason: why(outcome),
            httpStatus: outcome.httpStatus,
            responseCode: outcome.responseCode,
            raw: outcome.raw,
            ...(mismatch === undefined ? {} : { mismatch }),
          };
        }
        return {
          ...fromTransaction(purchase, outcome.data, 'detail', outcome.raw),
          httpStatus: outcome.httpStatus,
          responseCode: outcome.responseCode,
        };
      }
      const now = deps.clock().getTime();
      const outcome = await client.history({
        page: 1,
        limit: 20,
        q: purchase.partnerReferenceId,
        from: day(purchase.createdAt - DAY_MS),
        to: day(Math.max(now, purchase.createdAt) + DAY_MS),
      });
      if (outcome.kind === 'unknown' || outcome.data === null) {
        return {
          status: 'UNKNOWN',
          via: 'history',
          reason: why(outcome),
          ...(outcome.kind === 'answer'
            ? { httpStatus: outcome.httpStatus, responseCode: outcome.responseCode }
            : {}),
          raw: outcome.raw,
        };
      }
      // `q` is a search, not a key: only an exact partner_reference_id is ours. It is Klikoo's
      // idempotency key, so two transactions under it contradict each other and prove nothing.
      const matches = outcome.data.filter((t) => t.partner_reference_id === purchase.partnerReferenceId);
      if (matches.length > 1) {
        return {
          status: 'UNKNOWN',
          via: 'history',
          httpStatus: outcome.httpStatus,
          responseCode: outcome.responseCode,
          raw: outcome.raw,
          mismatch: `${matches.length} transactions under one partner_reference_id (${matches.map((t) => `${t.transaction_id} ${t.status}`).join(', ')})`,
        };
      }
      const ours = matches[0];
      if (!ours)
        return {
          status: 'NOT_FOUND',
          via: 'history',
          httpStatus: outcome.httpStatus,
          responseCode: outcome.responseCode,
          raw: outcome.raw,
        };
      return {
        ...fromTransaction(purchase, ours, 'history', outcome.raw),
        httpStatus: outcome.httpStatus,
        responseCode: outcome.responseCode,
      };
    },

    readCallback(rawBody): CallbackHint | undefined {
      if (Buffer.byteLength(rawBody, 'utf8') > MAX_ANSWER_BYTES) return undefined;
      const json = parseBoundedJson(rawBody);
      if (!json.ok) return undefined;
      const parsed = KlikooCallbackSchema.safeParse(json.value);
      if (!parsed.success) return undefined;
      return {
        transactionId: parsed.data.transaction_id,
        partnerReferenceId: parsed.data.partner_reference_id,
        status: parsed.data.transaction_status,
        sn: parsed.data.sn ?? undefined,
        raw: redactJson(json.value),
      };
    },

    async balance(): Promise<Minor> {
      const outcome = await client.balance();
      if (outcome.kind !== 'answer' || outcome.data === null) {
        throw providerUnavailable('klikoo', 'the balance', why(outcome), outcome.raw);
      }
      return klikooAmountToMinor(outcome.data.balance);
    },

    async dayHistory(date): Promise<ProviderTransaction[]> {
      const found: ProviderTransaction[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const outcome = await client.history({ page, limit: HISTORY_PAGE_SIZE, from: date, to: date });
        if (outcome.kind !== 'answer' || outcome.data === null) {
          throw providerUnavailable('klikoo', 'the transaction history', why(outcome), outcome.raw);
        }
        for (const t of outcome.data) {
          found.push({
            transactionId: t.transaction_id,
            reference: t.partner_reference_id,
            productCode: t.product_code,
            customerNo: t.value,
            status: t.status,
            amount: t.amount === undefined ? undefined : klikooAmountToMinor(t.amount),
          });
        }
        const next = outcome.pagination?.next_page;
        if (
          outcome.pagination === undefined ||
          next === null ||
          next === undefined ||
          outcome.data.length === 0
        )
          break;
      }
      return found;
    },

    needsInquiry: (product) => POSTPAID_CATEGORIES.has(product.category),
    nextRequestId: () => undefined,
  };
}
