// Refund payment (80): partial and repeated refunds up to the paid amount. partnerRefundNo is the
// idempotency key: the same refund re-sent gets the same answer; the same number for a different
// refund is a duplicate.
import { wireRequestSchema } from '../../snap/provider-wire';
import type { ServiceHandler, ServiceOutcome } from '../core';
import { ok } from '../core';
import { fail } from '../failures';
import { chooseRefundFault, DEFAULT_LATE_ANSWER_MS } from '../faults';
import type { RefundRecord, Transaction } from '../ledger';
import { snapTimestamp } from '../time';
import { validateBody } from '../validation';
import { amountOf, announce, checkMerchant, wireAmount } from './common';

export const handleRefund: ServiceHandler = (core, request) => {
  const body = validateBody(wireRequestSchema(core.rules, 'refund'), request.body);
  checkMerchant(request.partner, body.merchantId);
  const clientKey = request.partner.config.clientKey;
  const found = core.ledger.find(clientKey, {
    partnerReferenceNo: body.originalPartnerReferenceNo,
    ...(body.originalReferenceNo === undefined ? {} : { referenceNo: body.originalReferenceNo }),
  });
  if (found.kind === 'notFound') throw fail.transactionNotFound();
  const transaction = found.transaction;
  const requested = body.refundAmount === undefined ? undefined : amountOf(body.refundAmount, 'refundAmount');

  const earlier = core.ledger.findRefund(clientKey, body.partnerRefundNo);
  if (earlier) {
    const same =
      earlier.transaction === transaction && (requested === undefined || requested === earlier.refund.amount);
    if (!same) throw fail.duplicateReference('partnerRefundNo');
    return ok(refundFields(transaction, earlier.refund));
  }

  // Without refundAmount, the refund is whatever is left of the payment.
  const amount = requested ?? core.ledger.remainingOf(transaction);
  const result = core.ledger.refund(transaction, body.partnerRefundNo, amount, request.now);
  if (result.kind === 'notAllowed') throw fail.notAllowed();
  if (result.kind === 'exceeds') throw fail.invalidAmount();
  announce(core, request.partner, transaction, 'refund', {
    refundNo: result.refund.refundNo,
    partnerRefundNo: result.refund.partnerRefundNo,
    refundAmount: wireAmount(result.refund.amount),
  });
  // The money went back; what the terminal hears about it depends on the refund fault table. A re-send
  // of the same partnerRefundNo (above) always gets the plain answer.
  return answerRefunded(refundFields(transaction, result.refund), amount, core.faults.lateAnswerMs);
};

function answerRefunded(
  fields: Record<string, unknown>,
  amount: bigint,
  lateAnswerMs = DEFAULT_LATE_ANSWER_MS,
): ServiceOutcome {
  switch (chooseRefundFault(amount)) {
    case 'refundedThenHttp500':
      return { kind: 'answer', status: 500, caseCode: '01', message: 'Internal Server Error', fields: {} };
    case 'refundedThenDrop':
      return { kind: 'drop' };
    case 'refundedThenLate':
      return { ...ok(fields), delayMs: lateAnswerMs };
    case 'refundedThenMalformed': {
      const text = JSON.stringify({ responseCode: '2008000', responseMessage: 'Successful', ...fields });
      return { kind: 'malformed', status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
    }
    default:
      return ok(fields);
  }
}

function refundFields(transaction: Transaction, refund: RefundRecord): Record<string, unknown> {
  return {
    originalPartnerReferenceNo: transaction.partnerReferenceNo,
    originalReferenceNo: transaction.referenceNo,
    originalExternalId: transaction.externalId,
    refundNo: refund.refundNo,
    partnerRefundNo: refund.partnerRefundNo,
    refundAmount: wireAmount(refund.amount),
    refundTime: snapTimestamp(refund.at),
  };
}
