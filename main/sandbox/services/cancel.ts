// Cancel payment (62): same-day reversal of a pending or paid payment. Cancelling an already
// cancelled payment answers the original cancel again, so a terminal that lost the first answer can
// simply re-send.
import { wireRequestSchema } from '../../snap/provider-wire';
import type { ServiceHandler } from '../core';
import { ok } from '../core';
import { fail } from '../failures';
import type { Transaction } from '../ledger';
import { snapTimestamp } from '../time';
import { validateBody } from '../validation';
import { amountOf, announce, checkMerchant } from './common';

export const handleCancel: ServiceHandler = (core, request) => {
  const body = validateBody(wireRequestSchema(core.rules, 'cancel'), request.body);
  checkMerchant(request.partner, body.merchantId);
  const found = core.ledger.find(request.partner.config.clientKey, {
    partnerReferenceNo: body.originalPartnerReferenceNo,
    ...(body.originalReferenceNo === undefined ? {} : { referenceNo: body.originalReferenceNo }),
  });
  if (found.kind === 'notFound') throw fail.transactionNotFound();
  const transaction = found.transaction;
  if (body.amount !== undefined && amountOf(body.amount, 'amount') !== transaction.amount)
    throw fail.invalidAmount();

  const raced = `cancel:${transaction.clientKey}:${transaction.partnerReferenceNo}`;
  if (transaction.fault === 'lateSuccessRacesCancel' && !core.playedFaults.has(raced)) {
    // The provider accepts the cancel, but the payment's late success lands after it.
    core.playedFaults.add(raced);
    core.ledger.settle(transaction, request.now);
    announce(core, request.partner, transaction, 'payment');
    return ok({ ...cancelFields(transaction), cancelTime: snapTimestamp(request.now) });
  }

  const result = core.ledger.cancel(transaction, request.now);
  if (result === 'notAllowed') throw fail.notAllowed();
  if (result === 'cancelled') announce(core, request.partner, transaction, 'cancel');
  if (result === 'cancelled' && transaction.fault === 'cancelledThenHttp500') {
    return { kind: 'answer', status: 500, caseCode: '01', message: 'Internal Server Error', fields: {} };
  }
  if (result === 'cancelled' && transaction.fault === 'cancelledThenDrop') return { kind: 'drop' };
  return ok(cancelFields(transaction));
};

function cancelFields(transaction: Transaction): Record<string, unknown> {
  return {
    originalPartnerReferenceNo: transaction.partnerReferenceNo,
    originalReferenceNo: transaction.referenceNo,
    originalExternalId: transaction.externalId,
    ...(transaction.canceledAt === undefined ? {} : { cancelTime: snapTimestamp(transaction.canceledAt) }),
    transactionDate: snapTimestamp(transaction.createdAt),
  };
}
