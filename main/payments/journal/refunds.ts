// Refund rows: journaling a refund (80) before it leaves, inside the same transaction that checks it
// fits in what is left to refund, and the totals every later refund and every report rely on.

import { z } from 'zod';
import type { Minor } from '../../money/amount';
import type { RefundRecord } from '../journal-records';
import { RefundRowSchema } from '../journal-records';
import { assertRefundable } from '../operation-rules';
import { businessDate } from '../references';
import type { RefundState } from '../states';
import { COMMITTED_REFUND_STATES, REFUNDED_STATES } from '../states';
import type { JournalDatabase } from './database';
import { isConstraintOn, referenceTaken } from './errors';
import { PAYMENT_KIND } from './kinds';
import { requireOperation } from './operations';
import type { ExternalIdInput } from './payments';

export interface NewRefund {
  paymentId: number;
  partnerRefundNo: string;
  amount: Minor;
  reason?: string | undefined;
  requestedBy?: string | undefined;
  externalId: ExternalIdInput;
}

const SumRowSchema = z.object({ total: z.bigint().nullable() });

/**
 * Journals a refund in REFUND_SENDING, durably, after checking inside the same write transaction that
 * it fits in what was paid minus every refund that went through or may still go through.
 */
export function beginRefund(db: JournalDatabase, input: NewRefund): RefundRecord {
  const at = db.now();
  return db.tx(() => {
    const payment = requireOperation(db, PAYMENT_KIND, input.paymentId);
    assertRefundable(payment, input.amount, committedRefundTotal(db, payment.id));
    const externalId = typeof input.externalId === 'function' ? input.externalId() : input.externalId;
    let inserted: Record<string, unknown> | undefined;
    try {
      inserted = db
        .stmt(
          `INSERT INTO refunds (payment_id, partner_refund_no, amount_minor, currency, reason, requested_by,
             external_id, state, open, business_date, created_at, updated_at, last_sent_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'REFUND_SENDING', 1, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          payment.id,
          input.partnerRefundNo,
          input.amount,
          payment.currency,
          input.reason ?? null,
          input.requestedBy ?? null,
          externalId,
          businessDate(at, db.utcOffsetMinutes),
          at,
          at,
          at,
        );
    } catch (error) {
      if (isConstraintOn(error, 'refunds.partner_refund_no')) throw referenceTaken('partnerRefundNo', error);
      throw error;
    }
    const refund = RefundRowSchema.parse(inserted);
    db.appendEvent(payment.id, 'refund', refund.id, null, 'REFUND_SENDING', {
      kind: 'created',
      externalId,
      detail: {
        partnerRefundNo: input.partnerRefundNo,
        amount: input.amount.toString(),
        reason: input.reason ?? null,
        requestedBy: input.requestedBy ?? null,
      },
    });
    return refund;
  });
}

function refundSum(db: JournalDatabase, paymentId: number, states: readonly RefundState[]): Minor {
  const row = db
    .stmt(
      `SELECT sum(amount_minor) AS total FROM refunds WHERE payment_id = ? AND state IN (${states.map(() => '?').join(', ')})`,
    )
    .get(paymentId, ...states);
  return SumRowSchema.parse(row).total ?? 0n;
}

/** Refunds that went through or may still go through: what is no longer available to refund. */
export function committedRefundTotal(db: JournalDatabase, paymentId: number): Minor {
  return refundSum(db, paymentId, COMMITTED_REFUND_STATES);
}

/** Refunds that went back to the customer: confirmed by the provider, or so decided by a supervisor. */
export function refundedTotal(db: JournalDatabase, paymentId: number): Minor {
  return refundSum(db, paymentId, REFUNDED_STATES);
}

export function getRefund(db: JournalDatabase, id: number): RefundRecord | undefined {
  return db.row(RefundRowSchema, 'SELECT * FROM refunds WHERE id = ?', id);
}

export function findRefund(db: JournalDatabase, partnerRefundNo: string): RefundRecord | undefined {
  return db.row(RefundRowSchema, 'SELECT * FROM refunds WHERE partner_refund_no = ?', partnerRefundNo);
}

export function refundsOf(db: JournalDatabase, paymentId: number): RefundRecord[] {
  return db.rows(RefundRowSchema, 'SELECT * FROM refunds WHERE payment_id = ? ORDER BY id', paymentId);
}

export function openRefunds(db: JournalDatabase): RefundRecord[] {
  return db.rows(RefundRowSchema, 'SELECT * FROM refunds WHERE open = 1 ORDER BY id');
}
