// Query payment (61): the truth about one payment. A 202 payment answers "03 Pending" to its first
// N queries and settles on the next one, which is also when its notify goes out.
import { wireRequestSchema } from '../../snap/provider-wire';
import type { ServiceHandler } from '../core';
import { ok } from '../core';
import { fail } from '../failures';
import { latestStatusOf, refundedOf, STATUS_DESCRIPTION } from '../ledger';
import { snapTimestamp } from '../time';
import { validateBody } from '../validation';
import { announce, wireAmount } from './common';

export const handleQuery: ServiceHandler = (core, request) => {
  const body = validateBody(wireRequestSchema(core.rules, 'query'), request.body);
  const found = core.ledger.find(request.partner.config.clientKey, {
    ...(body.originalPartnerReferenceNo === undefined
      ? {}
      : { partnerReferenceNo: body.originalPartnerReferenceNo }),
    ...(body.originalReferenceNo === undefined ? {} : { referenceNo: body.originalReferenceNo }),
  });
  if (found.kind === 'notFound') throw fail.transactionNotFound();
  const transaction = found.transaction;

  if (transaction.state === 'PENDING') {
    if (transaction.pendingQueriesLeft > 0) {
      transaction.pendingQueriesLeft -= 1;
    } else {
      core.ledger.settle(transaction, request.now);
      announce(core, request.partner, transaction, 'payment');
    }
  }

  const status = latestStatusOf(transaction);
  const refunded = refundedOf(transaction);
  return ok({
    originalReferenceNo: transaction.referenceNo,
    originalPartnerReferenceNo: transaction.partnerReferenceNo,
    originalExternalId: transaction.externalId,
    latestTransactionStatus: status,
    transactionStatusDesc: STATUS_DESCRIPTION[status],
    ...(transaction.paidAt === undefined ? {} : { paidTime: snapTimestamp(transaction.paidAt) }),
    amount: wireAmount(transaction.amount),
    additionalInfo: {
      ...(refunded > 0n ? { refundedAmount: wireAmount(refunded) } : {}),
      ...(transaction.canceledAt === undefined ? {} : { cancelTime: snapTimestamp(transaction.canceledAt) }),
      ...(transaction.failureReason === undefined ? {} : { failureReason: transaction.failureReason }),
    },
  });
};
