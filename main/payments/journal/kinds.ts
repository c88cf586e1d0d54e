// The descriptors of the journal's operation kinds (see operations.ts). A new kind — a PPOB purchase,
// say — is one more descriptor here and its own table, not another copy of the move logic.

import type { CancelRecord, PaymentRecord, RefundRecord } from '../journal-records';
import { CancelRowSchema, PaymentRowSchema, RefundRowSchema } from '../journal-records';
import { cancelNotFound, paymentNotFound, refundNotFound } from '../operation-rules';
import type { CancelState, PaymentState, RefundState } from '../states';
import {
  assertCancelTransition,
  assertPaymentTransition,
  assertRefundTransition,
  isOpenCancelState,
  isOpenPaymentState,
  isOpenRefundState,
} from '../states';
import { isConstraintOn, paymentInFlight } from './errors';
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
  paymentIdOf: (cancel) => cancel.paymentId,
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
  paymentIdOf: (refund) => refund.paymentId,
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
  paymentIdOf: (payment) => payment.id,
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
