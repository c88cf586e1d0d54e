// CPM payment (60): spend the customer's QR, charge once, then answer the way the fault table says.
import { wireRequestSchema } from '../../snap/provider-wire';
import type { ServiceHandler, ServiceOutcome } from '../core';
import { ok } from '../core';
import { fail } from '../failures';
import type { FaultKind } from '../faults';
import {
  chooseFault,
  DEFAULT_LATE_ANSWER_MS,
  DEFAULT_PENDING_QUERIES,
  isFirstSendFault,
  isPendingFault,
} from '../faults';
import type { NewPayment } from '../ledger';
import { snapTimestamp } from '../time';
import { validateBody } from '../validation';
import { amountOf, announce, checkMerchant, wireAmount } from './common';

/** A first send refused as not processed: nothing is charged and the QR stays unspent for the re-send. */
function refuseFirstSend(
  core: Parameters<ServiceHandler>[0],
  clientKey: string,
  fault: FaultKind,
  now: Date,
) {
  if (fault === 'conflictThenSuccess') return fail.externalIdConflict();
  if (fault === 'rateLimitedThenSuccess') return fail.tooManyRequests();
  core.tokens.expirePartner(clientKey, now);
  return fail.invalidToken();
}

export const handlePayment: ServiceHandler = (core, request) => {
  const body = validateBody(wireRequestSchema(core.rules, 'payment'), request.body);
  // Optional in the spec's table, but a CPM payment without an amount cannot be charged.
  if (body.amount === undefined) throw fail.missingField('amount');
  const amount = amountOf(body.amount, 'amount');
  if (amount === 0n) throw fail.invalidAmount();
  checkMerchant(request.partner, body.merchantId);
  const clientKey = request.partner.config.clientKey;
  if (core.ledger.hasPartnerReference(clientKey, body.partnerReferenceNo)) throw fail.duplicateReference();
  const fault = chooseFault(core.faults, { amount, partnerReferenceNo: body.partnerReferenceNo });
  const once = `payment:${clientKey}:${body.partnerReferenceNo}`;
  if (isFirstSendFault(fault) && !core.playedFaults.has(once)) {
    core.playedFaults.add(once);
    throw refuseFirstSend(core, clientKey, fault, request.now);
  }

  const redemption = core.qrs.redeem(body.qrContent, request.now);
  if (redemption.kind === 'unknown') throw fail.invalidQr('[QR not recognised]');
  if (redemption.kind === 'used') throw fail.invalidQr('[QR already used]');
  if (redemption.kind === 'expired') throw fail.transactionExpired();

  const payment: NewPayment = {
    clientKey,
    partnerReferenceNo: body.partnerReferenceNo,
    externalId: request.externalId,
    merchantId: body.merchantId,
    ...(body.subMerchantId === undefined ? {} : { subMerchantId: body.subMerchantId }),
    customerId: redemption.qr.customerId,
    amount,
    fault,
  };

  if (payment.fault === 'declined') {
    announce(
      core,
      request.partner,
      core.ledger.recordFailed(payment, 'Do Not Honor', request.now),
      'payment',
    );
    throw fail.doNotHonor();
  }
  if (payment.fault === 'notChargedOtherAmount') {
    const failed = core.ledger.recordFailed(payment, 'Declined by the issuer', request.now);
    announce(core, request.partner, failed, 'payment');
    return ok({
      referenceNo: failed.referenceNo,
      partnerReferenceNo: failed.partnerReferenceNo,
      transactionDate: snapTimestamp(failed.createdAt),
      amount: wireAmount(amount + 100n),
    });
  }
  if (payment.fault === 'gatewayTimeout') {
    const failed = core.ledger.recordFailed(payment, 'Timeout from the issuer', request.now);
    announce(core, request.partner, failed, 'payment');
    return { kind: 'answer', status: 504, caseCode: '00', message: 'Timeout', fields: {} };
  }

  const pending = isPendingFault(payment.fault)
    ? {
        // The raced payment stays in progress until a cancel comes for it.
        queries:
          payment.fault === 'lateSuccessRacesCancel'
            ? Number.MAX_SAFE_INTEGER
            : (core.faults.pendingQueries ?? DEFAULT_PENDING_QUERIES),
        outcome: payment.fault === 'pendingThenFailed' ? ('FAILED' as const) : ('SUCCESS' as const),
      }
    : undefined;
  const transaction = core.ledger.charge(payment, request.now, pending);
  if (!transaction) {
    announce(
      core,
      request.partner,
      core.ledger.recordFailed(payment, 'Insufficient Funds', request.now),
      'payment',
    );
    throw fail.insufficientFunds();
  }

  const fields = {
    referenceNo: transaction.referenceNo,
    partnerReferenceNo: transaction.partnerReferenceNo,
    transactionDate: snapTimestamp(transaction.createdAt),
  };
  if (pending) return ok(fields, 202);

  announce(core, request.partner, transaction, 'payment');
  return answerCharged(payment.fault, fields, amount, core.faults.lateAnswerMs ?? DEFAULT_LATE_ANSWER_MS);
};

/** The money has moved; what the terminal hears about it depends on the fault. */
function answerCharged(
  fault: NewPayment['fault'],
  fields: { referenceNo: string; partnerReferenceNo: string; transactionDate: string },
  amount: bigint,
  lateAnswerMs: number,
): ServiceOutcome {
  switch (fault) {
    case 'lateAnswer':
      return { ...ok(fields), delayMs: lateAnswerMs };
    case 'chargedThenHttp500':
      return { kind: 'answer', status: 500, caseCode: '01', message: 'Internal Server Error', fields: {} };
    case 'chargedThenDrop':
      return { kind: 'drop' };
    case 'chargedThenMalformed': {
      const text = JSON.stringify({ responseCode: '2006000', responseMessage: 'Successful', ...fields });
      return { kind: 'malformed', status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
    }
    case 'chargedThenMismatch':
      return ok({ ...fields, partnerReferenceNo: `OTHER-${fields.referenceNo}` });
    case 'chargedThenOtherAmount':
      return ok({ ...fields, amount: wireAmount(amount + 100n) });
    case 'chargedWithoutReferenceNo': {
      const { referenceNo: _dropped, ...rest } = fields;
      return ok(rest);
    }
    default:
      return ok(fields);
  }
}
