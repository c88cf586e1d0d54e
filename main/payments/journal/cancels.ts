// Cancel rows: a supervisor's request to cancel now, journaling a cancel (62) before it leaves, and
// its history. A cancel's own outcome never settles the payment: the queries after it do.

import { z } from 'zod';
import type { CancelRecord, EventInput, PaymentRecord } from '../journal-records';
import { CancelRowSchema } from '../journal-records';
import type { PaymentState } from '../states';
import { isOpenPaymentState } from '../states';
import type { JournalDatabase } from './database';
import { isConstraintOn, journalError } from './errors';
import { PAYMENT_KIND } from './kinds';
import { moveOperation, requireOperation } from './operations';
import type { ExternalIdInput } from './payments';

export interface NewCancel {
  externalId: ExternalIdInput;
  reason?: string | undefined;
  requestedBy?: string | undefined;
}

const CancelRequestSchema = z.object({ reason: z.string(), requestedBy: z.string().nullable() });
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

/**
 * Journals a supervisor's request to cancel an unfinished payment now, for whichever engine is
 * resolving it (this process, or the recovery after a restart) to act on at its next step. False
 * when the payment is already final: there is nothing left to ask for.
 */
export function requestCancel(db: JournalDatabase, paymentId: number, request: CancelRequest): boolean {
  return db.tx(() => {
    const payment = requireOperation(db, PAYMENT_KIND, paymentId);
    if (!isOpenPaymentState(payment.state)) return false;
    db.appendEvent(paymentId, 'payment', paymentId, payment.state, null, {
      kind: 'cancel-request',
      detail: request,
    });
    return true;
  });
}

/** The latest cancel request of a payment that no cancel has followed yet. */
export function pendingCancelRequest(db: JournalDatabase, paymentId: number): CancelRequest | undefined {
  const row = db
    .stmt(
      `SELECT detail FROM events WHERE payment_id = ? AND kind = 'cancel-request'
         AND id > coalesce((SELECT max(id) FROM events WHERE payment_id = ? AND operation = 'cancel'
                              AND kind = 'created'), 0)
       ORDER BY id DESC LIMIT 1`,
    )
    .get(paymentId, paymentId);
  if (row === undefined) return undefined;
  const detail = typeof row.detail === 'string' ? (JSON.parse(row.detail) as unknown) : null;
  const parsed = CancelRequestSchema.safeParse(detail);
  // A request whose details were damaged is still a request.
  return parsed.success ? parsed.data : { reason: 'cancel requested', requestedBy: null };
}

/** Journals a cancel in CANCEL_SENDING and moves its payment to CANCELLING, durably, before the request leaves. */
export function beginCancel(
  db: JournalDatabase,
  paymentId: number,
  expect: PaymentState,
  input: NewCancel,
  event: EventInput,
): { payment: PaymentRecord; cancel: CancelRecord } {
  return db.tx(() => {
    const externalId = typeof input.externalId === 'function' ? input.externalId() : input.externalId;
    const payment = moveOperation(
      db,
      PAYMENT_KIND,
      paymentId,
      expect,
      'CANCELLING',
      {},
      { ...event, externalId },
    );
    const at = db.now();
    let inserted: Record<string, unknown> | undefined;
    try {
      inserted = db
        .stmt(
          `INSERT INTO cancels (payment_id, external_id, state, open, reason, requested_by, created_at, updated_at)
           VALUES (?, ?, 'CANCEL_SENDING', 1, ?, ?, ?, ?) RETURNING *`,
        )
        .get(paymentId, externalId, input.reason ?? null, input.requestedBy ?? null, at, at);
    } catch (error) {
      if (isConstraintOn(error, 'cancels.payment_id')) {
        throw journalError(
          'CANCEL_IN_FLIGHT',
          'Pembatalan untuk pembayaran ini sedang berjalan.',
          'A cancel of this payment is already in progress.',
          error,
        );
      }
      throw error;
    }
    const cancel = CancelRowSchema.parse(inserted);
    db.appendEvent(paymentId, 'cancel', cancel.id, null, 'CANCEL_SENDING', {
      kind: 'created',
      externalId,
      detail: { reason: input.reason ?? null, requestedBy: input.requestedBy ?? null },
    });
    return { payment, cancel };
  });
}

export function getCancel(db: JournalDatabase, id: number): CancelRecord | undefined {
  return db.row(CancelRowSchema, 'SELECT * FROM cancels WHERE id = ?', id);
}

export function cancelsOf(db: JournalDatabase, paymentId: number): CancelRecord[] {
  return db.rows(CancelRowSchema, 'SELECT * FROM cancels WHERE payment_id = ? ORDER BY id', paymentId);
}

export function openCancelOf(db: JournalDatabase, paymentId: number): CancelRecord | undefined {
  return db.row(CancelRowSchema, 'SELECT * FROM cancels WHERE payment_id = ? AND open = 1', paymentId);
}
