// Generate QR CPM (59): the wallet issues a single-use QR for one of the test customers.
import { wireRequestSchema } from '../../snap/provider-wire';
import type { ServiceHandler } from '../core';
import { ok } from '../core';
import { DEFAULT_CUSTOMER_ID } from '../customers';
import { fail } from '../failures';
import { isSnapTimestamp, snapTimestamp } from '../time';
import { validateBody } from '../validation';
import { checkMerchant } from './common';

export const handleGenerate: ServiceHandler = (core, request) => {
  const body = validateBody(wireRequestSchema(core.rules, 'generate'), request.body);
  if (!isSnapTimestamp(body.partnerTrxDate)) throw fail.invalidFormat('partnerTrxDate');
  checkMerchant(request.partner, body.merchantId);
  const customer =
    body.userAccessToken === undefined
      ? core.customers.find((c) => c.id === DEFAULT_CUSTOMER_ID)
      : core.customers.find((c) => c.userAccessToken === body.userAccessToken);
  if (!customer) throw fail.invalidCustomerToken();
  const qr = core.qrs.issue(customer, request.now);
  return ok({
    referenceNo: core.ledger.nextReferenceNo(request.now, 'QR'),
    ...(body.partnerReferenceNo === undefined ? {} : { partnerReferenceNo: body.partnerReferenceNo }),
    qrContent: qr.qrContent,
    expiryTime: snapTimestamp(qr.expiresAt),
  });
};
