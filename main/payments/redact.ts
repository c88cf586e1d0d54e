// The journal keeps the provider's raw answers for support, minus anything that must never be at
// rest: tokens, secrets, keys, and full QR contents (reduced to a fingerprint so a re-scan is still
// recognisable). The wire log's redaction is the one rule for both, applied to every detail here.

import { redactBody, redactJson } from '../snap/wire-log';

/** A string that may carry a raw body or a header value: redacted as the wire log would. */
function redactString(value: string): string {
  const trimmed = value.trimStart();
  const bodyLike = trimmed.startsWith('{') || trimmed.startsWith('[');
  return bodyLike || /bearer\s|qrContent|secret|token/i.test(value) ? redactBody(value) : value;
}

/** JSON for a journal column, redacted; bigint as a decimal string. */
export function redactedJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(redactJson(value), (_key, v) => {
    if (typeof v === 'bigint') return v.toString();
    return typeof v === 'string' ? redactString(v) : v;
  });
}
