// A customer number (phone, meter, bill account) wherever it leaves the terminal: in a refund's
// reason sent to the QRIS provider, and in the purchases the merchant server keeps. Every digit but
// the last four is hidden, as a wallet is only ever its last four on the payments side.

import { maskPan } from '../cpm/card-data';

export function maskCustomerNo(customerNo: string): string {
  return maskPan(customerNo);
}

/** `value` with every occurrence of the customer's numbers masked: a provider's answer repeats them. */
export function maskNumbersIn(value: unknown, numbers: readonly (string | null | undefined)[]): unknown {
  if (value === null || value === undefined) return null;
  let text = JSON.stringify(value);
  for (const number of numbers) {
    if (typeof number === 'string' && number.length > 4) {
      text = text.replaceAll(number, maskCustomerNo(number));
    }
  }
  return JSON.parse(text) as unknown;
}

/**
 * Where a Klikoo transaction (and so its callback) repeats the customer's number: `value` is the
 * destination, `msisdn` the phone (Klikoo's buy-product spec; `msidn` as the spec's table spells it).
 */
const CALLBACK_CUSTOMER_FIELDS = ['value', 'msisdn', 'msidn', 'customer_no', 'customer_id'] as const;

/**
 * A provider's callback as the merchant server keeps it: the customer's number masked in the fields
 * that carry it, at the top level or under `data`. Nothing a terminal reads from a callback (its
 * references, status and sn) is touched.
 */
export function maskCallbackCustomer(body: Record<string, unknown>): Record<string, unknown> {
  const mask = (place: Record<string, unknown>): Record<string, unknown> => {
    const copy = { ...place };
    for (const field of CALLBACK_CUSTOMER_FIELDS) {
      const value = copy[field];
      if (typeof value === 'string') copy[field] = maskCustomerNo(value);
      else if (typeof value === 'number') copy[field] = maskCustomerNo(String(value));
    }
    return copy;
  };
  const masked = mask(body);
  if (typeof body.data === 'object' && body.data !== null && !Array.isArray(body.data)) {
    masked.data = mask(body.data as Record<string, unknown>);
  }
  return masked;
}
