// B2B access tokens: opaque random strings bound to one partner, valid for 900 s like the providers'.

import { randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_SECONDS = 900;

interface TokenRecord {
  clientKey: string;
  expiresAt: number;
}

export type TokenCheck = { kind: 'valid'; clientKey: string } | { kind: 'unknown' } | { kind: 'expired' };

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly lifetimeSeconds = TOKEN_LIFETIME_SECONDS) {}

  issue(clientKey: string, now: Date): { accessToken: string; expiresIn: string } {
    this.prune(now);
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { clientKey, expiresAt: now.getTime() + this.lifetimeSeconds * 1000 });
    return { accessToken, expiresIn: String(this.lifetimeSeconds) };
  }

  check(accessToken: string, now: Date): TokenCheck {
    const record = this.tokens.get(accessToken);
    if (!record) return { kind: 'unknown' };
    if (now.getTime() >= record.expiresAt) return { kind: 'expired' };
    return { kind: 'valid', clientKey: record.clientKey };
  }

  /** Ends every token of a partner at once (the "token expired mid-flow" fault). */
  expirePartner(clientKey: string, now: Date): void {
    for (const record of this.tokens.values()) {
      if (record.clientKey === clientKey) record.expiresAt = Math.min(record.expiresAt, now.getTime());
    }
  }

  /** Expired tokens are kept for a while so a late caller hears "expired" rather than "unknown". */
  private prune(now: Date): void {
    const horizon = now.getTime() - this.lifetimeSeconds * 1000;
    for (const [token, record] of this.tokens) {
      if (record.expiresAt < horizon) this.tokens.delete(token);
    }
  }
}
