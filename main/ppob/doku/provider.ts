// DOKU Biller as a PPOB provider for the purchase engine: inquiry → payment → advice (adapter.ts is
// the wire, client.ts the calls). Every purchase starts with an inquiry (the payment names its
// inquiryId); a pending 5586 or a lost payment answer is settled by advice with the payment's own
// Request-Id; each request carries a fresh systrace.

import type { Minor } from '../../money/amount';
import type { PurchaseRecord } from '../../payments/journal';
import type { DecodedDokuCode } from '../../snap/response-codes';
import { redactJson } from '../../snap/wire-log';
import {
  failureOf,
  fieldMismatch,
  inquiryNotQuoted,
  mismatchedQuote,
  quoteMismatch,
  refusalMessage,
  verdictOfCode,
} from '../interpret';
import type { Product, ProductCategory } from '../products';
import { PRODUCT_CATEGORIES } from '../products';
import type { BuyOutcome, CheckOutcome, InquiryOutcome, PpobProvider } from '../provider';
import { providerUnavailable } from '../provider';
import type { DokuEcho } from './adapter';
import {
  ADVICE_NOT_FOUND_CODE,
  DOKU_CATEGORIES,
  dokuAmount,
  dokuAmountToMinor,
  newSystrace,
  PENDING_CODE,
  SUCCESS_CODE,
} from './adapter';
import type { DokuAnswer, DokuClient, DokuOutcome } from './client';

const OUR_CATEGORY = new Map<string, ProductCategory>(
  PRODUCT_CATEGORIES.map((category) => [DOKU_CATEGORIES[category], category]),
);

function why(outcome: DokuOutcome<unknown>): string {
  return outcome.kind === 'answer'
    ? `${outcome.responseCode} ${outcome.message}`
    : `${outcome.reason}: ${outcome.detail}`;
}

/**
 * What an advice's code says about the payment it asks after. An advice answers as the payment
 * would, so only a refusal the table lists for Payment (and not for Advice) is the payment's own
 * failure. Anything else is about the advice itself and proves nothing: IT01 and SY00 (the table
 * files them under Advice), a duplicate systrace (IT06: the advice's own), our IP (IT07), the biller
 * temporarily down (SY06), a duplicate or "query" code, or a code the table does not list.
 */
function adviceStatus(decoded: DecodedDokuCode): CheckOutcome['status'] {
  if (decoded.code === SUCCESS_CODE) return 'SUCCESS';
  if (decoded.code === PENDING_CODE) return 'WAITING';
  if (decoded.code === ADVICE_NOT_FOUND_CODE) return 'NOT_FOUND';
  const states = decoded.states ?? [];
  const paymentRefusal =
    states.includes('Payment') &&
    !states.includes('Advice') &&
    decoded.action !== 'query' &&
    decoded.action !== 'done';
  return paymentRefusal ? 'FAILED' : 'UNKNOWN';
}

/**
 * Why a payment or advice answer, of any code, is not about this purchase: it names another inquiry,
 * amount, customer, product or transaction. A field the answer leaves out names nothing.
 */
function answerMismatch(
  outcome: DokuAnswer<DokuEcho>,
  inquiryId: string,
  purchase: PurchaseRecord,
): string | undefined {
  const named = outcome.body ?? outcome.echo;
  if (named === undefined) return undefined;
  return fieldMismatch([
    ['inquiryId', named.inquiryId, inquiryId],
    ['amount', named.amount, String(purchase.buyPrice), (amount) => String(dokuAmountToMinor(amount))],
    ['customerId', named.customerId, purchase.customerNo],
    ['productCode', named.productCode, purchase.productCode],
    ['transactionId', named.transactionId, purchase.transactionId],
  ]);
}

export function dokuProvider(
  client: DokuClient,
  options: { timeoutMs: number; random?: (max: number) => number },
): PpobProvider {
  const systrace = () => newSystrace(options.random);

  return {
    name: 'doku',
    timeoutMs: options.timeoutMs,

    async products(category) {
      const outcome = await client.products();
      if (outcome.kind !== 'answer' || outcome.body === null) {
        throw providerUnavailable('doku', 'the price list', why(outcome), outcome.raw);
      }
      const products: Product[] = [];
      for (const item of outcome.body.products) {
        const ours = OUR_CATEGORY.get(item.category);
        if (ours === undefined || (category !== undefined && ours !== category)) continue;
        products.push({
          provider: 'doku',
          code: item.productCode,
          name: item.productName,
          category: ours,
          price: dokuAmountToMinor(item.price),
          active: item.status === 'ACTIVE',
        });
      }
      return products;
    },

    async inquiry(product, customerNo, period): Promise<InquiryOutcome> {
      const outcome = await client.inquiry({
        productCode: product.code,
        customerId: customerNo,
        ...(period === undefined ? {} : { period }),
        systrace: systrace(),
      });
      const asked = { customerNo, productCode: product.code };
      if (outcome.kind === 'unknown' || outcome.body === null || outcome.decoded.action === 'query') {
        // A refusal naming another customer or product is not this customer's refusal.
        const echo = outcome.kind === 'answer' ? outcome.echo : undefined;
        return inquiryNotQuoted('DOKU Biller', outcome, why(outcome), {
          asked,
          answered: echo && { customerNo: echo.customerId, productCode: echo.productCode },
        });
      }
      const body = outcome.body;
      const mismatch = quoteMismatch(asked, {
        customerNo: body.customerId,
        productCode: body.productCode,
        amounts: {
          bill: dokuAmountToMinor(body.amount),
          adminFee: dokuAmountToMinor(body.adminFee),
          total: dokuAmountToMinor(body.totalAmount),
        },
      });
      if (mismatch !== undefined) return mismatchedQuote('DOKU Biller', outcome, mismatch);
      return {
        ok: true,
        quote: {
          amount: dokuAmountToMinor(body.totalAmount),
          adminFee: dokuAmountToMinor(body.adminFee),
          customerName: body.customerName,
          providerInquiryId: body.inquiryId,
          period: body.billPeriod,
          detail: redactJson(body),
        },
      };
    },

    async buy(purchase, inquiry, options): Promise<BuyOutcome> {
      const inquiryId = inquiry?.providerInquiryId;
      if (inquiryId === null || inquiryId === undefined || purchase.systrace === null) {
        throw providerUnavailable('doku', 'the payment', 'the purchase has no DOKU inquiry or systrace');
      }
      const outcome = await client.payment(
        {
          inquiryId,
          productCode: purchase.productCode,
          customerId: purchase.customerNo,
          amount: dokuAmount(purchase.buyPrice),
          ...(purchase.msisdn === null ? {} : { phoneNumber: purchase.msisdn }),
          systrace: purchase.systrace,
        },
        purchase.partnerReferenceId,
      );
      const requestId = purchase.systrace;
      if (outcome.kind === 'unknown') {
        return {
          verdict: { verdict: 'unknown', reason: `${outcome.reason}: ${outcome.detail}` },
          httpStatus: outcome.httpStatus,
          responseCode: outcome.responseCode,
          raw: outcome.raw,
          requestId,
        };
      }
      const base = {
        httpStatus: outcome.httpStatus,
        responseCode: outcome.responseCode,
        responseMessage: outcome.message,
        raw: outcome.raw,
        requestId,
      };
      // Whom the answer names comes before what its code says: a refusal of another payment is not ours.
      const body = outcome.body;
      const mismatch = answerMismatch(outcome, inquiryId, purchase);
      if (mismatch !== undefined) {
        return {
          ...base,
          verdict: { verdict: 'unknown', reason: `the answer names ${mismatch}` },
          mismatch,
        };
      }
      if (outcome.responseCode === SUCCESS_CODE && body !== null) {
        return {
          ...base,
          verdict: { verdict: 'success', transactionId: body.transactionId, sn: body.serialNumber },
        };
      }
      if (outcome.responseCode === PENDING_CODE && body !== null) {
        return { ...base, verdict: { verdict: 'waiting', transactionId: body.transactionId } };
      }
      const verdict = verdictOfCode(outcome.decoded, outcome.message, options);
      return {
        ...base,
        verdict,
        ...(verdict.verdict === 'failed' ? { message: refusalMessage(outcome.decoded) } : {}),
      };
    },

    async check(purchase, inquiry): Promise<CheckOutcome> {
      const inquiryId = inquiry?.providerInquiryId;
      if (inquiryId === null || inquiryId === undefined) {
        return { status: 'UNKNOWN', via: 'advice', reason: 'the purchase has no DOKU inquiry id' };
      }
      const outcome = await client.advice({
        originalRequestId: purchase.partnerReferenceId,
        inquiryId,
        customerId: purchase.customerNo,
        systrace: systrace(),
      });
      if (outcome.kind === 'unknown') {
        return { status: 'UNKNOWN', via: 'advice', reason: why(outcome), raw: outcome.raw };
      }
      const base = {
        via: 'advice',
        httpStatus: outcome.httpStatus,
        responseCode: outcome.responseCode,
        raw: outcome.raw,
      };
      const body = outcome.body;
      const mismatch = answerMismatch(outcome, inquiryId, purchase);
      if (mismatch !== undefined) return { ...base, status: 'UNKNOWN', mismatch };
      const status = adviceStatus(outcome.decoded);
      return {
        ...base,
        status,
        ...(body?.transactionId === undefined ? {} : { transactionId: body.transactionId }),
        ...(body?.serialNumber === undefined ? {} : { sn: body.serialNumber }),
        reason: why(outcome),
        ...(status === 'FAILED' ? { failure: failureOf(outcome.decoded) } : {}),
      };
    },

    async balance(): Promise<Minor> {
      const outcome = await client.balance();
      if (outcome.kind !== 'answer' || outcome.body === null) {
        throw providerUnavailable('doku', 'the balance', why(outcome), outcome.raw);
      }
      return dokuAmountToMinor(outcome.body.balance);
    },

    needsInquiry: () => true,
    nextRequestId: systrace,
  };
}
