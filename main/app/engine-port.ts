// The payment engine (main/payments) as the cashier service uses it: by journal id rather than by
// reference, and its state events reduced to "this payment moved".

import type { Journal, PaymentRecord } from '../payments/journal';
import { paymentNotFound, refundNotFound } from '../payments/operation-rules';
import type { PaymentEngine } from '../payments/payment-engine';
import type { PurchaseEngine } from '../ppob/purchase-engine';
import type { PaymentEnginePort } from './payments-service';

function referenceOf(journal: Journal, paymentId: number): string {
  const payment: PaymentRecord | undefined = journal.getPayment(paymentId);
  if (!payment) throw paymentNotFound(paymentId);
  return payment.partnerReferenceNo;
}

/** `ppob`: the purchase engine, recovered right after the payments (a sale's purchase waits on its payment). */
export function enginePort(
  engine: PaymentEngine,
  journal: Journal,
  ppob?: Pick<PurchaseEngine, 'recover'>,
): PaymentEnginePort {
  return {
    begin(input) {
      const journaled = Promise.withResolvers<PaymentRecord>();
      const settled = engine.pay(input, { onJournaled: (payment) => journaled.resolve(payment) }).then(
        (result) => result.payment,
        (error: unknown) => {
          // Refused before it was journaled: nothing was sent; the caller hears it from `journaled`.
          journaled.reject(error);
          throw error;
        },
      );
      // Settled by then: a second resolve or reject is a no-op.
      void settled.then(
        (payment) => journaled.resolve(payment),
        () => undefined,
      );
      return { journaled: journaled.promise, settled };
    },
    recheck: async (paymentId) => (await engine.resolve(referenceOf(journal, paymentId))).payment,
    cancel: async (paymentId, options) =>
      (await engine.cancel(referenceOf(journal, paymentId), options)).payment,
    refund: async (paymentId, options) =>
      (await engine.refund(referenceOf(journal, paymentId), options)).refund,
    decide: async (paymentId, input) =>
      (await engine.decideManually(referenceOf(journal, paymentId), input)).payment,
    decideRefund: async (refundId, input) => {
      const refund = journal.getRefund(refundId);
      if (!refund) throw refundNotFound(refundId);
      return (await engine.decideRefundManually(refund.partnerRefundNo, input)).refund;
    },
    recover: async () => {
      await engine.recover();
      await ppob?.recover();
    },
    onChange: (listener) =>
      engine.subscribe((event) => {
        const payment = journal.findByPartnerReferenceNo(event.partnerReferenceNo);
        if (payment) listener(payment.id);
      }),
  };
}
