// How `kasir` shows journal rows. Two forms, each used everywhere: JSON for scripts (amounts as the
// "10000.00" strings --amount takes, instants as SNAP timestamps in the terminal's offset) and text
// for people (Rupiah as the receipt prints it, "22-11-2025 10:31:05 WIB"). Both say which answer
// settled a payment, and that a payment refunded in full is no longer money in the till.

import { z } from 'zod';
import { wallClock } from '../../preload/contract/wall-clock';
import type { LocalizedText } from '../errors';
import { formatRupiah, formatSnapAmount, type Minor } from '../money/amount';
import type { CancelRecord, EventRecord, PaymentRecord, RefundRecord } from '../payments/journal';
import { isOpenPaymentState, isPaidState } from '../payments/states';
import type { PurchaseResult } from '../ppob/purchase-engine';
import { formatSnapTimestamp, utcOffsetMinutes } from '../snap/headers';

/** The terminal's clock as the profile sets it ("+07:00"). */
export interface TimeZone {
  utcOffset: string;
}

/** An instant for JSON: "2026-11-22T14:43:02+07:00". */
export function jsonTime(epochMs: number, zone: TimeZone): string {
  return formatSnapTimestamp(new Date(epochMs), zone.utcOffset);
}

/** An instant for people, the receipt's way: "22-11-2026 14:43:02 WIB". */
export function textTime(epochMs: number, zone: TimeZone): string {
  return wallClock(epochMs, utcOffsetMinutes(zone.utcOffset));
}

/** Money for people: "Rp10.000", and "-Rp250" below zero. */
export function rupiah(minor: Minor): string {
  return formatRupiah(minor);
}

/** Money for JSON: what --amount takes ("10000.00"), with a minus sign below zero. */
export function jsonAmount(minor: Minor): string {
  return minor < 0n ? `-${formatSnapAmount(-minor)}` : formatSnapAmount(minor);
}

// ---------------------------------------------------------------------------------------------
// Which answer settled a payment

/** `not-sent`: the attempt failed before anything left this machine (the token request, say). */
export type SettledBy = 'payment' | 'query' | 'notify' | 'cancel' | 'supervisor' | 'not-sent';

export interface Settlement {
  /** What decided the state; null while the payment is unresolved. */
  settledBy: SettledBy | null;
  /** That answer's code (or, while unresolved, the last answer's): 2006000, or 2005100 for a query. */
  responseCode: string | null;
  responseMessage: string | null;
  /** The status a query or notify reported (00 paid, 06 failed…), when one of those decided. */
  latestTransactionStatus: string | null;
}

const ANSWER_KINDS = new Set(['answer', 'query', 'notify', 'manual']);

const AnswerDetailSchema = z.looseObject({
  raw: z
    .looseObject({
      responseMessage: z.string().optional(),
      latestTransactionStatus: z.string().optional(),
    })
    .optional(),
  // A notify is journaled as the body itself.
  responseMessage: z.string().optional(),
  latestTransactionStatus: z.string().optional(),
  // An attempt that never left: the KasirError that stopped it.
  message: z.looseObject({ en: z.string() }).optional(),
});

/** True when a payment attempt was journaled but never went on the wire. */
export function neverSent(payment: PaymentRecord): boolean {
  // The engine says so in the reason when the client refused before anything left the machine (the
  // journal records the first send with the attempt, so a 'send' event alone proves nothing).
  return payment.state === 'FAILED' && (payment.reason?.startsWith('not sent:') ?? false);
}

function settledByOf(event: EventRecord): SettledBy {
  if (event.kind === 'manual') return 'supervisor';
  if (event.kind === 'notify') return 'notify';
  if (event.kind === 'query') return 'query';
  return event.operation === 'cancel' ? 'cancel' : 'payment';
}

/**
 * The answer that moved the payment to its state: the event that made the move if it was an answer,
 * or else the last answer before it (a cancel's answer, say, before the move to CANCELLED).
 */
export function settlementOf(payment: PaymentRecord, events: readonly EventRecord[]): Settlement {
  const open = isOpenPaymentState(payment.state);
  let end = events.length;
  if (!open) {
    const move = events.findLastIndex((e) => e.operation === 'payment' && e.toState === payment.state);
    if (move >= 0) end = move + 1;
  }
  const answer = events.slice(0, end).findLast((e) => ANSWER_KINDS.has(e.kind));
  if (answer === undefined) {
    return {
      settledBy: null,
      responseCode: payment.responseCode,
      responseMessage: payment.responseMessage,
      latestTransactionStatus: null,
    };
  }
  const detail = AnswerDetailSchema.safeParse(answer.detail);
  const d = detail.success ? detail.data : {};
  return {
    settledBy: open ? null : neverSent(payment) ? 'not-sent' : settledByOf(answer),
    responseCode: answer.responseCode,
    responseMessage: d.raw?.responseMessage ?? d.responseMessage ?? d.message?.en ?? null,
    latestTransactionStatus:
      answer.kind === 'query' || answer.kind === 'notify'
        ? (d.raw?.latestTransactionStatus ?? d.latestTransactionStatus ?? null)
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Refunds as part of a payment's standing

export interface RefundStanding {
  /** Refunds the provider confirmed. */
  refunded: Minor;
  refundedInFull: boolean;
}

export function refundStanding(payment: PaymentRecord, refunded: Minor): RefundStanding {
  return { refunded, refundedInFull: isPaidState(payment.state) && refunded >= payment.amount };
}

/** The cashier's instruction for a payment refunded in full; the state's own one otherwise. */
export function standingMessage(standing: RefundStanding, stateMessage: LocalizedText): LocalizedText {
  if (!standing.refundedInFull) return stateMessage;
  const amount = rupiah(standing.refunded);
  return {
    id: `Dibayar, lalu dikembalikan penuh (${amount}) ke pelanggan; tidak ada lagi yang dapat dikembalikan.`,
    en: `Paid, then refunded in full (${amount}) to the customer; nothing is left to refund.`,
  };
}

/** "PAID", "PAID, refunded Rp250" or "PAID, refunded in full". */
export function stateText(payment: PaymentRecord, standing: RefundStanding): string {
  if (standing.refundedInFull) return `${payment.state}, refunded in full`;
  if (standing.refunded > 0n) return `${payment.state}, refunded ${rupiah(standing.refunded)}`;
  return payment.state;
}

// ---------------------------------------------------------------------------------------------
// JSON views

export function paymentJson(payment: PaymentRecord, settlement: Settlement, zone: TimeZone) {
  return {
    partnerReferenceNo: payment.partnerReferenceNo,
    referenceNo: payment.referenceNo,
    state: payment.state,
    ...settlement,
    amount: formatSnapAmount(payment.amount),
    currency: payment.currency,
    terminalId: payment.terminalId,
    businessDate: payment.businessDate,
    createdAt: jsonTime(payment.createdAt, zone),
    updatedAt: jsonTime(payment.updatedAt, zone),
    reason: payment.reason,
    decidedBy: payment.decidedBy,
  };
}

/** What `pay`, `cancel` and `recover` print for a payment: its references, state and what settled it. */
export function paymentLine(payment: PaymentRecord, settlement: Settlement) {
  return {
    partnerReferenceNo: payment.partnerReferenceNo,
    referenceNo: payment.referenceNo,
    state: payment.state,
    ...settlement,
  };
}

export function refundJson(refund: RefundRecord, zone: TimeZone) {
  return {
    partnerRefundNo: refund.partnerRefundNo,
    refundNo: refund.refundNo,
    amount: formatSnapAmount(refund.amount),
    state: refund.state,
    responseCode: refund.responseCode,
    responseMessage: refund.responseMessage,
    reason: refund.reason,
    createdAt: jsonTime(refund.createdAt, zone),
  };
}

export function cancelJson(cancel: CancelRecord, zone: TimeZone) {
  return {
    state: cancel.state,
    responseCode: cancel.responseCode,
    responseMessage: cancel.responseMessage,
    reason: cancel.reason,
    createdAt: jsonTime(cancel.createdAt, zone),
  };
}

const CreatedDetailSchema = z.looseObject({ amount: z.string().regex(/^\d+$/) });

/** An event, its journaled amount (minor units) in the same form as every other JSON amount. */
export function eventJson(event: EventRecord, zone: TimeZone) {
  const created = event.kind === 'created' ? CreatedDetailSchema.safeParse(event.detail) : undefined;
  return {
    at: jsonTime(event.at, zone),
    operation: event.operation,
    kind: event.kind,
    from: event.fromState,
    to: event.toState,
    externalId: event.externalId,
    httpStatus: event.httpStatus,
    responseCode: event.responseCode,
    detail: created?.success
      ? { ...created.data, amount: formatSnapAmount(BigInt(created.data.amount)) }
      : event.detail,
  };
}

// ---------------------------------------------------------------------------------------------
// PPOB purchases

/** A purchase as buy, status, decide and recover print it. */
export function purchaseLine(result: PurchaseResult, zone: TimeZone) {
  const p = result.purchase;
  return {
    partnerReferenceId: p.partnerReferenceId,
    provider: p.provider,
    product: { code: p.productCode, name: p.productName, category: p.category },
    customerNo: p.customerNo,
    customerName: p.customerName,
    state: p.state,
    outcome: result.outcome,
    buyPrice: jsonAmount(p.buyPrice),
    sellingPrice: jsonAmount(p.sellingPrice),
    transactionId: p.transactionId,
    sn: p.sn,
    ...(result.sn?.token === undefined ? {} : { token: result.sn }),
    responseCode: p.responseCode,
    responseMessage: p.responseMessage,
    reason: p.reason,
    decidedBy: p.decidedBy,
    ...(result.failure === undefined
      ? {}
      : { failure: { kind: result.failure.kind, message: result.failure.message } }),
    ...(result.payment === undefined
      ? {}
      : {
          payment: {
            partnerReferenceNo: result.payment.partnerReferenceNo,
            state: result.payment.state,
            amount: formatSnapAmount(result.payment.amount),
          },
        }),
    ...(result.refund === undefined
      ? {}
      : {
          refund: {
            partnerRefundNo: result.refund.partnerRefundNo,
            state: result.refund.state,
            amount: formatSnapAmount(result.refund.amount),
          },
        }),
    refundOwed: result.refundOwed,
    needsSupervisor: result.needsSupervisor,
    createdAt: jsonTime(p.createdAt, zone),
  };
}

/**
 * 0 success; 1 definitely not bought (and, for a sale paid by QRIS, refunded or never charged); 3
 * anything still open: the purchase, its payment, or the refund a failed sale is owed.
 */
export function exitForPurchase(result: PurchaseResult): number {
  if (result.outcome === 'success') return 0;
  if (result.outcome === 'unresolved' || result.refundOwed) return 3;
  const refund = result.refund?.state;
  if (refund === 'REFUND_SENDING' || refund === 'REFUND_UNKNOWN') return 3;
  // Charged, not bought, and the refund definitely did not go back: a supervisor's (stderr says so).
  if (refund === 'REFUND_FAILED' || refund === 'MANUAL_NOT_REFUNDED') return 3;
  return 1;
}
