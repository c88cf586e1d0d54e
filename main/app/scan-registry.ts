// Between a scan and its payment. A checked scan is kept here under a random id, briefly, so the QR
// itself never goes back to the renderer; paying takes it out (single use). A QR that was already
// taken for a payment is refused as a duplicate: a CPM QR pays once, and a second scan of the same
// one is a scanner repeat or a customer showing an old screen. One taken for a payment not journaled
// yet is refused too, until that payment is journaled (spent) or refused before anything was sent
// (put back). A QR is known by its payload's bytes, not by how the scanner spelled them: the same QR
// without its base64 padding is still the same QR. And a scan is taken for a payment only while no
// other payment is open on the terminal or on its way there.

import type { Wallet } from '../../preload/contract/payments';
import { readScannedQr } from '../cpm/scanned-qr';
import { KasirError } from '../errors';
import { qrFingerprint } from '../payments/references';

export interface CheckedScan {
  scanId: string;
  fingerprint: string;
  wallet: Wallet;
  expiresAt: number;
}

export interface TakenScan {
  qrContent: string;
  fingerprint: string;
  wallet: Wallet;
}

export interface ScanRegistryDeps {
  /** Checks scan text and reads the wallet, or throws the cashier's reason (KasirError CPM_*). */
  decode: (text: string) => { qrContent: string; fingerprint: string; wallet: Wallet };
  now: () => number;
  newId: () => string;
  /** True when a payment was already attempted with this QR (the journal's memory, across restarts). */
  seenBefore?: (fingerprint: string) => boolean;
  /** How long a checked scan waits for its payment. */
  ttlMs?: number;
  /** The journal's word: a payment still open on this terminal (see take). */
  paymentOpen?: () => boolean;
}

/**
 * A scan as the rest of the app takes it: the QR checked as a CPM payload (throwing the cashier's
 * reason, CPM_*), its fingerprint, and the wallet it names. A scanner's Enter or Tab is not part of it.
 * The QR is its payload's one base64 text (canonicalScanText): the duplicate check, the request and
 * the journal's fingerprint (the payment engine's, over the content it sends) all name the bytes, so
 * a re-spelling of a QR already paid is still a duplicate. A QR scanned in that form (padded standard
 * base64, as encoders write it) keeps the fingerprint it had in journals written before.
 */
export function readCpmScan(text: string): { qrContent: string; fingerprint: string; wallet: Wallet } {
  const { qrContent, wallet } = readScannedQr(text);
  return { qrContent, fingerprint: qrFingerprint(qrContent), wallet };
}

export const DEFAULT_SCAN_TTL_MS = 2 * 60 * 1000;
/** Fingerprints remembered in memory; older ones fall back to `seenBefore`. */
const MAX_REMEMBERED = 5000;

export function duplicateScan(): KasirError {
  return new KasirError({
    code: 'SCAN_DUPLICATE',
    message: {
      id: 'QR ini sudah dipakai untuk pembayaran. QR pelanggan hanya berlaku sekali: minta pelanggan memuat ulang kode Bayar, lalu pindai lagi.',
      en: 'This QR was already used for a payment. A customer QR works only once: ask the customer to refresh the pay code, then scan again.',
    },
  });
}

/** The scan is already taken by another payment or sale under way (a second click, a second window). */
export function scanInUse(): KasirError {
  return new KasirError({
    code: 'SCAN_DUPLICATE',
    message: {
      id: 'QR ini sedang dipakai untuk pembayaran yang sedang berjalan. Tunggu hasilnya di layar; jangan bayar lagi dengan QR ini.',
      en: 'This QR is already being used for a payment under way. Wait for its result on the screen; do not pay with this QR again.',
    },
  });
}

export function paymentInFlight(): KasirError {
  return new KasirError({
    code: 'PAYMENT_IN_FLIGHT',
    message: {
      id: 'Masih ada pembayaran yang belum selesai. Tunggu hasilnya atau batalkan (supervisor) sebelum pembayaran baru.',
      en: 'A payment is still unfinished. Wait for its result or cancel it (supervisor) before a new one.',
    },
  });
}

export function scanExpired(): KasirError {
  return new KasirError({
    code: 'SCAN_EXPIRED',
    message: {
      id: 'Pindaian sudah terlalu lama menunggu. Minta pelanggan memuat ulang kode Bayar, lalu pindai lagi.',
      en: 'The scan waited too long. Ask the customer to refresh the pay code, then scan again.',
    },
  });
}

/**
 * A till has one customer at a time; a few pending scans cover a scanner repeating itself or a customer
 * switching wallets. The cap keeps a misbehaving renderer from holding QR contents in memory without end.
 */
export const MAX_PENDING_SCANS = 16;

export class ScanRegistry {
  private readonly pending = new Map<string, TakenScan & { expiresAt: number }>();
  private readonly taken = new Map<string, TakenScan & { expiresAt: number }>();
  private readonly used = new Set<string>();
  /** The ids of scans spent on a payment: taking one again is a duplicate, not a scan too old. */
  private readonly spentIds = new Set<string>();
  private readonly ttlMs: number;

  constructor(private readonly deps: ScanRegistryDeps) {
    this.ttlMs = deps.ttlMs ?? DEFAULT_SCAN_TTL_MS;
  }

  check(text: string): CheckedScan {
    this.prune();
    const decoded = this.deps.decode(text);
    if (this.wasUsed(decoded.fingerprint)) throw duplicateScan();
    // The same QR read twice before paying (a scanner repeating itself) keeps its first id.
    for (const [scanId, scan] of this.pending) {
      if (scan.fingerprint === decoded.fingerprint) {
        return { scanId, fingerprint: scan.fingerprint, wallet: scan.wallet, expiresAt: scan.expiresAt };
      }
    }
    const scanId = this.deps.newId();
    const expiresAt = this.deps.now() + this.ttlMs;
    while (this.pending.size >= MAX_PENDING_SCANS) {
      // Maps keep insertion order: the first key is the oldest scan.
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    this.pending.set(scanId, { ...decoded, expiresAt });
    return { scanId, fingerprint: decoded.fingerprint, wallet: decoded.wallet, expiresAt };
  }

  /**
   * Takes a checked scan for its one payment. Call `spend` once the payment is journaled, or
   * `putBack` when it was refused before anything was sent (the same QR may then be paid with).
   * Given `paymentOpen` (the journal's word: a payment still open on this terminal), a new payment is
   * refused (PAYMENT_IN_FLIGHT) while one is open or on its way to the journal, its scan taken: the
   * terminal takes one payment at a time, and a sale journaled now would only end NOT_PAID. Checked
   * in the turn the scan is taken, so two payments started at once cannot both pass.
   */
  take(scanId: string): TakenScan {
    this.prune();
    if (this.taken.has(scanId)) throw scanInUse();
    if (this.spentIds.has(scanId)) throw duplicateScan();
    const paymentOpen = this.deps.paymentOpen;
    if (paymentOpen !== undefined && (this.taken.size > 0 || paymentOpen())) throw paymentInFlight();
    const scan = this.pending.get(scanId);
    if (!scan) throw scanExpired();
    this.pending.delete(scanId);
    if (this.wasUsed(scan.fingerprint)) throw duplicateScan();
    this.taken.set(scanId, scan);
    return { qrContent: scan.qrContent, fingerprint: scan.fingerprint, wallet: scan.wallet };
  }

  putBack(scanId: string): void {
    const scan = this.taken.get(scanId);
    this.taken.delete(scanId);
    if (scan && scan.expiresAt > this.deps.now()) this.pending.set(scanId, scan);
  }

  /** The payment was journaled: the QR is spent. */
  spend(scanId: string): void {
    const scan = this.taken.get(scanId);
    this.taken.delete(scanId);
    if (!scan) return;
    this.markUsed(scan.fingerprint);
    remember(this.spentIds, scanId);
  }

  markUsed(fingerprint: string): void {
    remember(this.used, fingerprint);
  }

  /** Spent on a payment, or taken for one still on its way to the journal. */
  private wasUsed(fingerprint: string): boolean {
    if (this.used.has(fingerprint)) return true;
    for (const scan of this.taken.values()) if (scan.fingerprint === fingerprint) return true;
    return this.deps.seenBefore?.(fingerprint) ?? false;
  }

  /** Forgets scans past their time: the QR content is held no longer than it can be of use. */
  private prune(): void {
    const now = this.deps.now();
    for (const [scanId, scan] of this.pending) {
      if (scan.expiresAt <= now) this.pending.delete(scanId);
    }
  }

  clear(): void {
    this.pending.clear();
    this.taken.clear();
  }
}

/** Adds to a set that keeps its newest MAX_REMEMBERED entries. */
function remember(set: Set<string>, value: string): void {
  if (set.size >= MAX_REMEMBERED) {
    const oldest = set.values().next();
    if (!oldest.done) set.delete(oldest.value);
  }
  set.add(value);
}
