// Who is calling, and did they sign what arrived? Token requests (73) are signed with the partner's
// RSA key; every other call carries a bearer token and an HMAC over the exact path and raw body bytes
// received. The checks run in a provider's order, so each failure has exactly one answer.

import { verifyToken, verifyTransaction } from '../snap/signature';
import type { SandboxCore } from './core';
import { fail } from './failures';
import type { Partner } from './partners';
import { checkTimestamp, parseJsonBody, requireHeader, transactionHeaders } from './validation';

type HeaderGetter = (name: string) => string | undefined;

/** Service 73: X-CLIENT-KEY names the partner, X-SIGNATURE = SHA256withRSA(clientKey|X-TIMESTAMP). */
export function authenticateTokenRequest(
  core: SandboxCore,
  get: HeaderGetter,
  rawBody: string,
): { partner: Partner; body: unknown } {
  const timestamp = requireHeader(get, 'X-TIMESTAMP');
  const clientKey = requireHeader(get, 'X-CLIENT-KEY');
  const signature = requireHeader(get, 'X-SIGNATURE');
  checkTimestamp(timestamp);
  const body = parseJsonBody(rawBody);
  const partner = core.partners.get(clientKey);
  if (!partner) throw fail.unauthorized('Unknown client');
  if (!verifyToken({ clientKey, timestamp, publicKey: partner.publicKey, signature })) {
    throw fail.unauthorized('Signature');
  }
  return { partner, body };
}

/** Every QR CPM service: headers, bearer token, partner, body JSON, HMAC signature, X-EXTERNAL-ID. */
export function authenticateTransaction(
  core: SandboxCore,
  get: HeaderGetter,
  request: { method: string; path: string; rawBody: string; now: Date },
): { partner: Partner; externalId: string; body: unknown } {
  const headers = transactionHeaders(get);
  const accessToken = bearerToken(get('Authorization'));
  if (accessToken === undefined) throw fail.invalidToken();
  const token = core.tokens.check(accessToken, request.now);
  if (token.kind !== 'valid') throw fail.invalidToken();
  const partner = core.partners.get(token.clientKey);
  if (!partner) throw fail.invalidToken();
  if (headers.partnerId !== partner.config.clientKey)
    throw fail.unauthorized('X-PARTNER-ID does not match the token');
  if (partner.config.channelId !== undefined && headers.channelId !== partner.config.channelId) {
    throw fail.unauthorized('Unknown CHANNEL-ID');
  }
  const body = parseJsonBody(request.rawBody);
  const signed = verifyTransaction({
    method: request.method,
    path: request.path,
    accessToken,
    clientSecret: partner.config.clientSecret,
    timestamp: headers.timestamp,
    rawBody: request.rawBody,
    signature: headers.signature,
  });
  if (!signed) throw fail.unauthorized('Signature');
  // Only an authenticated request spends its X-EXTERNAL-ID: a forged one must not block the real one.
  if (!core.externalIds.claim(partner.config.clientKey, headers.externalId, request.now)) {
    throw fail.externalIdConflict();
  }
  return { partner, externalId: headers.externalId, body };
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
