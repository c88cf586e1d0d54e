// The descriptors of the journal's operation kinds (see operations.ts). A new kind is one more
// descriptor here and its own table, not another copy of the move logic: the PPOB purchase is one.

import type {
  CancelRecord,
  PaymentRecord,
  PurchaseEventInput,
  PurchaseRecord,
  RefundRecord,
} from '../journal-records';
import { CancelRowSchema, PaymentRowSchema, PurchaseRowSchema, RefundRowSchema } from '../journal-records';
import { cancelNotFound, paymentNotFound, refundNotFound } from '../operation-rules';
import type { CancelState, PaymentState, PurchaseState, RefundState } from '../states';
import {
  assertCancelTransition,
  assertPaymentTransition,
  assertPurchaseTransition,
  assertRefundTransition,
  isOpenCancelState,
  isOpenPaymentState,
  isOpenPurchaseState,
  isOpenRefundState,
} from '../states';
import { isConstraintOn, journalError, paymentInFlight, purchaseInFlight } from './errors';
import type { OperationKindSpec } from './operations';
import { moveOperation, requireOperation } from './operations';

/** Fields of a payment that may change together with (or without) a state change. */
export interface PaymentChange {
  referenceNo?: string;
  externalId?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
  latestStatus?: string | null;
  reason?: string | null;
  decidedBy?: string | null;
  lastSentAt?: number;
}

export interface CancelChange {
  externalId?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
}

export interface RefundChange {
  externalId?: string;
  refundNo?: string;
  responseCode?: string | null;
  responseMessage?: string | null;
  lastSentAt?: number;
}

export const CANCEL_KIND: OperationKindSpec<CancelRecord, CancelState, CancelChange> = {
  kind: 'cancel',
  table: 'cancels',
  schema: CancelRowSchema,
  columns: { externalId: 'external_id', responseCode: 'response_code', responseMessage: 'response_message' },
  assertTransition: assertCancelTransition,
  isOpen: isOpenCancelState,
  appendEvent: (db, cancel, from, to, event) =>
    db.appendEvent(cancel.paymentId, 'cancel', cancel.id, from, to, event),
  notFound: cancelNotFound,
};

export const REFUND_KIND: OperationKindSpec<RefundRecord, RefundState, RefundChange> = {
  kind: 'refund',
  table: 'refunds',
  schema: RefundRowSchema,
  columns: {
    externalId: 'external_id',
    refundNo: 'refund_no',
    responseCode: 'response_code',
    responseMessage: 'response_message',
    lastSentAt: 'last_sent_at',
  },
  assertTransition: assertRefundTransition,
  isOpen: isOpenRefundState,
  appendEvent: (db, refund, from, to, event) =>
    db.appendEvent(refund.paymentId, 'refund', refund.id, from, to, event),
  notFound: refundNotFound,
};

export const PAYMENT_KIND: OperationKindSpec<PaymentRecord, PaymentState, PaymentChange> = {
  kind: 'payment',
  table: 'payments',
  schema: PaymentRowSchema,
  columns: {
    referenceNo: 'reference_no',
    externalId: 'external_id',
    responseCode: 'response_code',
    responseMessage: 'response_message',
    latestStatus: 'latest_status',
    reason: 'reason',
    decidedBy: 'decided_by',
    lastSentAt: 'last_sent_at',
  },
  assertTransition: assertPaymentTransition,
  isOpen: isOpenPaymentState,
  appendEvent: (db, payment, from, to, event) =>
    db.appendEvent(payment.id, 'payment', payment.id, from, to, event),
  notFound: paymentNotFound,
  onWriteError(db, id, error) {
    // Reopening a payment while the terminal has another open one breaks the one-open index.
    if (isConstraintOn(error, 'payments.terminal_id')) {
      const current = requireOperation(db, PAYMENT_KIND, id);
      const open = db.rows(
        PaymentRowSchema,
        'SELECT * FROM payments WHERE open = 1 AND terminal_id = ? AND id <> ? ORDER BY id',
        current.terminalId,
        id,
      );
      throw paymentInFlight(open[0]);
    }
    throw error;
  },
  afterMove(db, payment) {
    if (isOpenPaymentState(payment.state)) return;
    // A final payment can have no cancel left open: one whose answer was never known is closed (its
    // lost answer stays in the history, so reversalFacts still counts it).
    for (const cancel of db.rows(
      CancelRowSchema,
      'SELECT * FROM cancels WHERE payment_id = ? AND open = 1',
      payment.id,
    )) {
      moveOperation(
        db,
        CANCEL_KIND,
        cancel.id,
        cancel.state,
        'CANCEL_CLOSED',
        {},
        {
          kind: 'note',
          detail: { why: `the payment became ${payment.state} before this cancel's answer was known` },
        },
      );
    }
  },
};

/** Fields of a purchase that may change together with (or without) a state change. */
export interface PurchaseChange {
  systrace?: string;
  transactionId?: string | null;
  sn?: string | null;
  responseCode?: string | null;
  responseMessage?: string | null;
  reason?: string | null;
  decidedBy?: string | null;
  paymentId?: number;
  refundId?: number;
  lastSentAt?: number;
}

export const PURCHASE_KIND: OperationKindSpec<
  PurchaseRecord,
  PurchaseState,
  PurchaseChange,
  PurchaseEventInput
> = {
  kind: 'purchase',
  table: 'purchases',
  schema: PurchaseRowSchema,
  columns: {
    systrace: 'systrace',
    transactionId: 'transaction_id',
    sn: 'sn',
    responseCode: 'response_code',
    responseMessage: 'response_message',
    reason: 'reason',
    decidedBy: 'decided_by',
    paymentId: 'payment_id',
    refundId: 'refund_id',
    lastSentAt: 'last_sent_at',
  },
  assertTransition: assertPurchaseTransition,
  isOpen: isOpenPurchaseState,
  // A purchase has its own history: a cash purchase has no payment to file it under.
  appendEvent: (db, purchase, from, to, event) => db.appendPurchaseEvent(purchase.id, from, to, event),
  notFound: (id) =>
    journalError(
      'PURCHASE_NOT_FOUND',
      `Pembelian ${id} tidak ada di jurnal.`,
      `Purchase ${id} is not in the journal.`,
    ),
  onWriteError(db, id, error) {
    if (isConstraintOn(error, 'purchases.product_code')) {
      const current = requireOperation(db, PURCHASE_KIND, id);
      throw purchaseInFlight(current);
    }
    throw error;
  },
};
