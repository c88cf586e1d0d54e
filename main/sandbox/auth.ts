// Who is calling, and did they sign what arrived? Token requests (73) are signed with the partner's
// RSA key. Transaction calls are signed the way the sandbox's provider preset says: with a bearer
// token and an HMAC over the exact path and raw body received (the standard), or with the partner's
// RSA key over the same path and body and no token at all (DANA). The checks run in a provider's
// order, so each failure has exactly one answer.

import { verifyService, verifyToken, verifyTransaction } from '../snap/signature';
import type { SandboxCore } from './core';
import { fail } from './failures';
import type { Partner } from './partners';
import type { TransactionHeaders } from './validation';
import { checkTimestamp, parseJsonBody, requireHeader, transactionHeaders } from './validation';

type HeaderGetter = (name: string) => string | undefined;

/** Service 73: X-CLIENT-KEY names the partner, X-SIGNATURE = SHA256withRSA(clientKey|X-TIMESTAMP). */
export function authenticateTokenRequest(
  core: SandboxCore,
  get: HeaderGetter,
  rawBody: string,
  now: Date,
): { partner: Partner; body: unknown } {
  const timestamp = requireHeader(get, 'X-TIMESTAMP');
  const clientKey = requireHeader(get, 'X-CLIENT-KEY');
  const signature = requireHeader(get, 'X-SIGNATURE');
  checkTimestamp(timestamp, core.rules, now);
  const body = parseJsonBody(rawBody);
  const partner = core.partners.get(clientKey);
  if (!partner) throw fail.unauthorized('Unknown client');
  if (!verifyToken({ clientKey, timestamp, publicKey: partner.publicKey, signature })) {
    throw fail.unauthorized('Signature');
  }
  return { partner, body };
}

/** Every QR CPM service: headers, who is calling, body JSON, signature, then X-EXTERNAL-ID. */
export function authenticateTransaction(
  core: SandboxCore,
  get: HeaderGetter,
  request: { method: string; path: string; rawBody: string; now: Date },
): { partner: Partner; externalId: string; body: unknown } {
  const headers = transactionHeaders(get, core.rules, request.now);
  const { partner, accessToken } = core.rules.accessToken
    ? partnerByToken(core, get, headers, request.now)
    : { partner: partnerById(core, headers), accessToken: undefined };
  if (partner.config.channelId !== undefined && headers.channelId !== partner.config.channelId) {
    throw fail.unauthorized('Unknown CHANNEL-ID');
  }
  const body = parseJsonBody(request.rawBody);
  const signed =
    core.rules.signature === 'rsa-sha256'
      ? verifyService({
          method: request.method,
          path: request.path,
          timestamp: headers.timestamp,
          rawBody: request.rawBody,
          publicKey: partner.publicKey,
          signature: headers.signature,
        }).valid
      : verifyTransaction({
          method: request.method,
          path: request.path,
          accessToken: accessToken ?? '',
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

function partnerByToken(
  core: SandboxCore,
  get: HeaderGetter,
  headers: TransactionHeaders,
  now: Date,
): { partner: Partner; accessToken: string } {
  const accessToken = bearerToken(get('Authorization'));
  if (accessToken === undefined) throw fail.invalidToken();
  const token = core.tokens.check(accessToken, now);
  if (token.kind !== 'valid') throw fail.invalidToken();
  const partner = core.partners.get(token.clientKey);
  if (!partner) throw fail.invalidToken();
  if (headers.partnerId !== partner.config.clientKey)
    throw fail.unauthorized('X-PARTNER-ID does not match the token');
  return { partner, accessToken };
}

/** Without tokens the partner is whoever X-PARTNER-ID names; its RSA signature proves it. */
function partnerById(core: SandboxCore, headers: TransactionHeaders): Partner {
  const partner = core.partners.get(headers.partnerId);
  if (!partner) throw fail.unauthorized('Unknown partner');
  return partner;
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
