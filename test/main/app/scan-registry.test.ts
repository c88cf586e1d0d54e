import { describe, expect, it } from 'vitest';
import { MAX_PENDING_SCANS, readCpmScan, ScanRegistry } from '../../../main/app/scan-registry';
import { encodeCpmPayload } from '../../../main/cpm/encode-payload';
import { decodeCpmPayload } from '../../../main/cpm/payload';
import { KasirError } from '../../../main/errors';
import { qrFingerprint } from '../../../main/payments/references';

// The EMVCo QRCPS example payload (two applications, "Product1" first; PAN 1234567890123458), with "+" and "=".
const EMV_EXAMPLE =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

function registry(
  options: { now?: () => number; seenBefore?: (f: string) => boolean; paymentOpen?: () => boolean } = {},
) {
  let next = 0;
  return new ScanRegistry({
    decode(text) {
      const decoded = decodeCpmPayload(text);
      const qrContent = text.replace(/[\r\n\t]+$/, '');
      return {
        qrContent,
        fingerprint: qrFingerprint(qrContent),
        wallet: { label: decoded.display.label ?? null, last4: decoded.display.last4 ?? null },
      };
    },
    now: options.now ?? (() => 1000),
    newId: () => `scan-${String(++next).padStart(8, '0')}`,
    ...(options.seenBefore ? { seenBefore: options.seenBefore } : {}),
    ...(options.paymentOpen ? { paymentOpen: options.paymentOpen } : {}),
  });
}

function errorOf(action: () => unknown): KasirError | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof KasirError) return error;
    throw error;
  }
  return undefined;
}

function codeOf(action: () => unknown): string | undefined {
  return errorOf(action)?.code;
}

describe('the scan registry', () => {
  it("checks a scan and gives back a handle, the wallet's label and last 4 digits, never the QR", () => {
    const scan = registry().check(`${EMV_EXAMPLE}\r`);
    expect(scan).toEqual({
      scanId: 'scan-00000001',
      fingerprint: qrFingerprint(EMV_EXAMPLE),
      wallet: { label: 'Product1', last4: '3458' },
      expiresAt: 1000 + 120_000,
    });
    expect(JSON.stringify(scan)).not.toContain(EMV_EXAMPLE.slice(0, 30));
  });

  it("passes main/cpm's reason for a bad scan through", () => {
    expect(codeOf(() => registry().check('000201010211'))).toBe('CPM_MERCHANT_QR');
    expect(codeOf(() => registry().check('https://example.com/pay'))).toBe('CPM_URL');
  });

  it('hands the QR to its one payment, once', () => {
    const scans = registry();
    const { scanId } = scans.check(EMV_EXAMPLE);
    expect(scans.take(scanId).qrContent).toBe(EMV_EXAMPLE);
    expect(codeOf(() => scans.take(scanId))).toBe('SCAN_DUPLICATE');
  });

  it('refuses a second scan of a QR already spent on a payment', () => {
    const scans = registry();
    const { scanId } = scans.check(EMV_EXAMPLE);
    scans.take(scanId);
    scans.spend(scanId);
    expect(codeOf(() => scans.check(EMV_EXAMPLE))).toBe('SCAN_DUPLICATE');
  });

  it('refuses a second scan of a QR taken for a payment not journaled yet', () => {
    const scans = registry();
    const { scanId } = scans.check(EMV_EXAMPLE);
    scans.take(scanId);
    expect(codeOf(() => scans.check(EMV_EXAMPLE))).toBe('SCAN_DUPLICATE');
  });

  it('lets a QR be scanned again once its payment was refused before anything was sent, even past its scan time', () => {
    let now = 0;
    const scans = registry({ now: () => now });
    const { scanId } = scans.check(EMV_EXAMPLE);
    scans.take(scanId);
    now = 120_001;
    scans.putBack(scanId);
    expect(codeOf(() => scans.check(EMV_EXAMPLE))).toBeUndefined();
  });

  it('lets a QR be used again when its payment was refused before anything was sent', () => {
    const scans = registry();
    const { scanId } = scans.check(EMV_EXAMPLE);
    scans.take(scanId);
    scans.putBack(scanId);
    expect(scans.take(scanId).qrContent).toBe(EMV_EXAMPLE);
  });

  it('keeps one handle for a QR read twice before paying (a scanner repeating itself)', () => {
    const scans = registry();
    expect(scans.check(EMV_EXAMPLE).scanId).toBe(scans.check(`${EMV_EXAMPLE}\n`).scanId);
  });

  it('forgets a scan that waited past its time', () => {
    let now = 0;
    const scans = registry({ now: () => now });
    const { scanId } = scans.check(EMV_EXAMPLE);
    now = 120_001;
    expect(codeOf(() => scans.take(scanId))).toBe('SCAN_EXPIRED');
  });

  it("remembers across restarts through the journal's memory", () => {
    const scans = registry({ seenBefore: (fingerprint) => fingerprint === qrFingerprint(EMV_EXAMPLE) });
    expect(codeOf(() => scans.check(EMV_EXAMPLE))).toBe('SCAN_DUPLICATE');
  });

  it('keeps only the newest pending scans, so a flood of scans cannot pile up QR contents', () => {
    const scans = registry();
    const ids = Array.from({ length: MAX_PENDING_SCANS + 1 }, (_, i) => {
      const qr = encodeCpmPayload({
        applications: [{ adfNameHex: 'A0000006021010', label: `Wallet ${i}`, pan: '9360000100000012' }],
      });
      return scans.check(qr).scanId;
    });
    expect(codeOf(() => scans.take(ids[0] as string))).toBe('SCAN_EXPIRED');
    expect(scans.take(ids[MAX_PENDING_SCANS] as string).wallet.label).toBe(`Wallet ${MAX_PENDING_SCANS}`);
  });

  it('tells a second payment taking a scan already taken that its QR is being used, not that it waited too long', () => {
    const scans = registry();
    const { scanId } = scans.check(EMV_EXAMPLE);
    scans.take(scanId);
    expect(errorOf(() => scans.take(scanId))).toMatchObject({
      code: 'SCAN_DUPLICATE',
      messages: { en: expect.stringMatching(/^This QR is already being used for a payment under way/) },
    });
    scans.spend(scanId);
    expect(errorOf(() => scans.take(scanId))).toMatchObject({
      code: 'SCAN_DUPLICATE',
      messages: { en: expect.stringMatching(/^This QR was already used for a payment/) },
    });
  });

  it('takes no scan for a payment while another is open on the terminal or on its way to the journal', () => {
    let open = true;
    const scans = registry({ paymentOpen: () => open });
    const first = scans.check(EMV_EXAMPLE).scanId;
    const second = scans.check(
      encodeCpmPayload({
        applications: [{ adfNameHex: 'A0000006021010', label: 'Second', pan: '9360000100000012' }],
      }),
    ).scanId;
    expect(codeOf(() => scans.take(second))).toBe('PAYMENT_IN_FLIGHT');
    open = false;
    scans.take(first);
    expect(codeOf(() => scans.take(second))).toBe('PAYMENT_IN_FLIGHT');
    scans.spend(first);
    expect(scans.take(second).wallet.label).toBe('Second');
  });

  it('knows a QR by its bytes: the same QR without its padding, or with other unused bits, is a duplicate once paid', () => {
    const scans = new ScanRegistry({ decode: readCpmScan, now: () => 1000, newId: () => 'scan-00000001' });
    const { scanId, fingerprint } = scans.check(EMV_EXAMPLE);
    expect(scans.take(scanId).qrContent).toBe(EMV_EXAMPLE);
    scans.spend(scanId);
    // EMV_EXAMPLE ends "Ew==": "w" holds 4 bits that decode to nothing, "x" the same but one of them.
    for (const text of [EMV_EXAMPLE.replace(/=+$/, ''), EMV_EXAMPLE.replace(/w==$/, 'x==')]) {
      expect(readCpmScan(text)).toMatchObject({ qrContent: EMV_EXAMPLE, fingerprint });
      expect(codeOf(() => scans.check(text))).toBe('SCAN_DUPLICATE');
    }
  });
});
