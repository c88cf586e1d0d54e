// The wallet side of the sandbox: CPM QRs issued to test customers, each single-use and short-lived.
// QRs are looked up by their exact content; a payment consumes one whether or not it then succeeds,
// as a real cryptogram is spent on the first authorisation attempt.
// Anyone on this computer can ask for QRs (POST /sandbox/wallet/qr), so what is remembered is bounded:
// QRs are kept in the order they were issued, which (one lifetime for all) is the order they expire
// in, so forgetting the stale ones looks only at the oldest few, and past a ceiling the oldest go.

import { randomBytes } from 'node:crypto';
import type { TestCustomer } from './customers';
import { cpmPayloadFor } from './qr-payload';

export const DEFAULT_QR_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_MAX_ISSUED_QRS = 10_000;
/** A late scan within this of expiry still hears "expired" rather than "unknown". */
const REMEMBER_AFTER_EXPIRY_MS = 60 * 60 * 1000;

export interface IssuedQr {
  qrContent: string;
  customerId: string;
  issuedAt: Date;
  expiresAt: Date;
  used: boolean;
}

export type QrRedemption =
  | { kind: 'ok'; qr: IssuedQr }
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'expired' };

export class QrIssuer {
  private readonly issued = new Map<string, IssuedQr>();
  private atc = 0;

  constructor(
    private readonly ttlMs = DEFAULT_QR_TTL_MS,
    private readonly maxIssued = DEFAULT_MAX_ISSUED_QRS,
  ) {}

  /** How many QRs are remembered now. */
  get size(): number {
    return this.issued.size;
  }

  issue(customer: TestCustomer, now: Date): IssuedQr {
    this.prune(now);
    this.atc = (this.atc + 1) % 0x10000;
    const qrContent = cpmPayloadFor({
      customer,
      cryptogram: randomBytes(8),
      atc: this.atc,
      unpredictableNumber: randomBytes(4),
    });
    const qr: IssuedQr = {
      qrContent,
      customerId: customer.id,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      used: false,
    };
    this.issued.set(qrContent, qr);
    for (const oldest of this.issued.keys()) {
      if (this.issued.size <= this.maxIssued) break;
      this.issued.delete(oldest);
    }
    return qr;
  }

  /** Spends the QR. Expired beats used-up: the terminal should tell the customer to refresh it. */
  redeem(qrContent: string, now: Date): QrRedemption {
    const qr = this.issued.get(qrContent);
    if (!qr) return { kind: 'unknown' };
    if (now.getTime() >= qr.expiresAt.getTime()) return { kind: 'expired' };
    if (qr.used) return { kind: 'used' };
    qr.used = true;
    return { kind: 'ok', qr };
  }

  /**
   * Forgets QRs an hour past expiry, oldest first, and stops at the first one still kept: a Map
   * iterates in insertion order, so only the QRs it forgets (and one more) are looked at.
   */
  private prune(now: Date): void {
    const horizon = now.getTime() - REMEMBER_AFTER_EXPIRY_MS;
    for (const [content, qr] of this.issued) {
      if (qr.expiresAt.getTime() >= horizon) break;
      this.issued.delete(content);
    }
  }
}
