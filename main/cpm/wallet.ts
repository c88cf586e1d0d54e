// The customer's wallet as screens, receipts and the journal show it: the label and last 4 digits the
// scanned QR names (tag 50 and 9F25 or the PAN), made safe to carry — the label is the customer's
// own text, so it is shortened to what the contract carries instead of failing whatever names it.

import type { Wallet } from '../../preload/contract/payments';
import { WALLET_LABEL_MAX } from '../../preload/contract/wallet-label';

/** At most `max` UTF-16 units, never half a surrogate pair, with "…" where it was cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * The wallet as screens may show it. The label is the customer's QR's own text (tag 50), so it is
 * shortened to what the contract carries rather than failing every answer that names the payment.
 */
export function walletFrom(label: string | null | undefined, last4: string | null | undefined): Wallet {
  return {
    label: label === null || label === undefined ? null : shorten(label, WALLET_LABEL_MAX),
    last4: last4 !== null && last4 !== undefined && /^\d{4}$/.test(last4) ? last4 : null,
  };
}
