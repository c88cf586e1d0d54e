// A customer's QR as a payment takes it, at the counter and from `kasir pay --qr` alike: checked as a
// CPM payload (throwing the cashier's reason, CPM_*), sent as its payload's one base64 text however
// the scanner spelled it (canonicalScanText), and the wallet it names.

import type { Wallet } from '../../preload/contract/payments';
import { decodeCpmPayload } from './payload';
import { canonicalScanText, trimScanSuffix } from './scan-text';
import { walletFrom } from './wallet';

export function readScannedQr(text: string): { qrContent: string; wallet: Wallet } {
  const decoded = decodeCpmPayload(text);
  return {
    qrContent: canonicalScanText(trimScanSuffix(text)),
    wallet: walletFrom(decoded.display.label, decoded.display.last4),
  };
}
