// A QR code's modules, computed in main so the content itself never has to cross into the renderer:
// the customer display draws the matrix (see renderer/src/components/qr-svg.ts). Level M, as the
// issue asks: enough correction for a phone screen's glare without growing a 512-character payload
// past what a counter scanner reads at arm's length.

import QRCode from 'qrcode';
import type { QrMatrix } from '../../preload/contract/payments';

export function qrMatrix(content: string): QrMatrix {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const rows: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    let row = '';
    for (let x = 0; x < modules.size; x++) row += modules.get(y, x) ? '1' : '0';
    rows.push(row);
  }
  return { size: modules.size, rows };
}
