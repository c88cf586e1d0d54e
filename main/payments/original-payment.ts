// How a query (61), cancel (62) or refund (80) names, in its body, the payment it is about.

import type { PaymentRecord } from './journal';

/** The request tables allow an originalExternalId of at most 32 characters; a longer one is left out. */
const MAX_EXTERNAL_ID_IN_BODY = 32;

/** The payment's own references, as the original* fields of a request about it. */
export function originalReferencesOf(payment: PaymentRecord): {
  originalPartnerReferenceNo: string;
  originalReferenceNo?: string;
  originalExternalId?: string;
} {
  return {
    originalPartnerReferenceNo: payment.partnerReferenceNo,
    ...(payment.referenceNo === null ? {} : { originalReferenceNo: payment.referenceNo }),
    ...(payment.externalId.length <= MAX_EXTERNAL_ID_IN_BODY
      ? { originalExternalId: payment.externalId }
      : {}),
  };
}

/** The merchant the payment was made to, and its sub-merchant when it has one. */
export function merchantOf(payment: PaymentRecord): { merchantId: string; subMerchantId?: string } {
  return {
    merchantId: payment.merchantId,
    ...(payment.subMerchantId === null ? {} : { subMerchantId: payment.subMerchantId }),
  };
}
