// A customer number (phone, meter, bill account) wherever it leaves the terminal: in a refund's
// reason sent to the QRIS provider, and in the purchases the merchant server keeps. Every digit but
// the last four is hidden, as a wallet is only ever its last four on the payments side.

import { maskPan } from '../cpm/card-data';

export function maskCustomerNo(customerNo: string): string {
  return maskPan(customerNo);
}
