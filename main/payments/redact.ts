// The journal keeps the provider's raw answers for support, minus anything that must never be at
// rest: tokens, secrets, keys, and full QR contents (kept as a fingerprint so a re-scan is still
// recognisable). Applied to every detail before it is written.

import { qrFingerprint } from './references';

const SECRET_KEYS = new Set([
  'accesstoken',
  'authorization',
  'authorization-customer',
  'clientsecret',
  'client_secret',
  'privatekey',
  'private_key',
  'useraccesstoken',
  'refreshtoken',
  'password',
  'pin',
  'x-signature',
]);

const QR_KEYS = new Set(['qrcontent']);

const MAX_DEPTH = 12;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (SECRET_KEYS.has(lower)) out[key] = '[redacted]';
    else if (QR_KEYS.has(lower)) out[key] = typeof item === 'string' ? qrFingerprint(item) : '[redacted]';
    else out[key] = redact(item, depth + 1);
  }
  return out;
}

/** JSON for a journal column; bigint as a decimal string. */
export function redactedJson(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(redact(value), (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}
