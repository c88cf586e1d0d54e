// Turning headers and bodies into either typed values or the exact SNAP refusal a strict provider
// gives: 400xx02 for a missing mandatory field, 400xx01 for one that is there but malformed.

import type { z } from 'zod';
import { exceedsJsonDepth } from '../snap/bounded-json';
import { CLOCK_SKEW_REASON, MAX_CLOCK_SKEW_MS } from '../snap/clock-skew';
import { parseSnapTimestamp } from '../snap/headers';
import type { ProviderRules } from '../snap/provider-presets';
import { externalIdSchemaFor, timestampAccepted } from '../snap/provider-wire';
import { requestProblems } from '../snap/schemas';
import { fail } from './failures';

type HeaderGetter = (name: string) => string | undefined;

/** A mandatory header, trimmed; empty counts as missing. */
export function requireHeader(get: HeaderGetter, name: string): string {
  const value = get(name)?.trim();
  if (value === undefined || value === '') throw fail.missingField(name);
  return value;
}

/**
 * Any ISO-8601 form with seconds (unless the provider insists on one zone), and within five minutes
 * of this server's clock either way: a signature is only as fresh as the time it carries.
 */
export function checkTimestamp(value: string, rules: ProviderRules, now: Date): void {
  if (!timestampAccepted(rules, value)) throw fail.invalidFormat('X-TIMESTAMP');
  const sent = parseSnapTimestamp(value);
  if (sent === undefined || Math.abs(now.getTime() - sent.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw fail.unauthorized(CLOCK_SKEW_REASON);
  }
}

export interface TransactionHeaders {
  timestamp: string;
  signature: string;
  partnerId: string;
  externalId: string;
  channelId: string;
}

/** The headers every QR CPM call must carry (Authorization is checked with the token, as 401xx01). */
export function transactionHeaders(get: HeaderGetter, rules: ProviderRules, now: Date): TransactionHeaders {
  const timestamp = requireHeader(get, 'X-TIMESTAMP');
  const signature = requireHeader(get, 'X-SIGNATURE');
  const partnerId = requireHeader(get, 'X-PARTNER-ID');
  const externalId = requireHeader(get, 'X-EXTERNAL-ID');
  const channelId = requireHeader(get, 'CHANNEL-ID');
  checkTimestamp(timestamp, rules, now);
  if (partnerId.length > 36) throw fail.invalidFormat('X-PARTNER-ID');
  if (!externalIdSchemaFor(rules).safeParse(externalId).success) throw fail.invalidFormat('X-EXTERNAL-ID');
  if (channelId.length > rules.channelIdMaxLength) throw fail.invalidFormat('CHANNEL-ID');
  return { timestamp, signature, partnerId, externalId, channelId };
}

/**
 * Parses the raw body. An empty body stands for `{}`, so it is refused field by field
 * ("Invalid Mandatory Field partnerReferenceNo") rather than as unparseable. A body nested deeper
 * than any SNAP message is malformed too: checking its signature or fields would overflow the stack.
 */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return {};
  if (exceedsJsonDepth(raw)) throw fail.invalidFormat('body');
  try {
    return JSON.parse(raw);
  } catch {
    throw fail.invalidFormat('body');
  }
}

/** Validates a parsed body; the first missing field wins over format problems, as a provider checks them. */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = requestProblems(body, result.error);
  const missing = problems.find((p) => p.kind === 'missing');
  const first = missing ?? problems[0];
  if (!first) throw fail.badRequest();
  throw first.kind === 'missing' ? fail.missingField(first.field) : fail.invalidFormat(first.field);
}
