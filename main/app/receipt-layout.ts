// The receipt as lines, and those lines as a printable HTML page. Pure: the same layout feeds the
// on-screen preview and the printer, and a test can read every line. A reprint says COPY at the top
// and the bottom, so a second slip can never pass for a second payment.

import type { Receipt, ReceiptLine, Wallet } from '../../preload/contract/payments';
import { wallClock } from '../../preload/contract/wall-clock';
import type { Minor } from '../money/amount';
import { formatRupiah } from '../money/amount';

export type ReceiptLanguage = 'id' | 'en';

export interface ReceiptData {
  paymentId: number;
  merchantName: string;
  merchantId: string;
  terminalId: string;
  amount: Minor;
  /** Refunds that went through, if any. */
  refunded: Minor;
  paid: boolean;
  /** The provider's reference (referenceNo); null when it never gave one. */
  referenceNo: string | null;
  partnerReferenceNo: string;
  /** When the payment was decided (epoch ms). */
  at: number;
  wallet: Wallet;
  /** Decided by a supervisor rather than the provider. */
  manual: boolean;
}

export interface ReceiptOptions {
  language: ReceiptLanguage;
  copy: boolean;
  /** Sandbox money: marked UJI COBA / TEST at the top and the bottom, so it never passes for a real slip. */
  test: boolean;
  /** The terminal's UTC offset in minutes (+420 for WIB). */
  utcOffsetMinutes: number;
}

const WORDS = {
  id: {
    paid: 'PEMBAYARAN BERHASIL',
    notPaid: 'TIDAK DIBAYAR',
    manual: 'DITANDAI LUNAS OLEH SUPERVISOR',
    total: 'Total',
    refunded: 'Dikembalikan',
    time: 'Waktu',
    wallet: 'Dompet',
    providerRef: 'Ref. penyedia',
    ourRef: 'Ref. kasir',
    merchant: 'Merchant',
    terminal: 'Terminal',
    method: 'QRIS (QR pelanggan)',
    copy: '*** SALINAN / COPY ***',
    test: '*** UJI COBA / TEST — BUKAN BUKTI BAYAR ***',
    thanks: 'Terima kasih',
    none: '-',
  },
  en: {
    paid: 'PAYMENT SUCCESSFUL',
    notPaid: 'NOT PAID',
    manual: 'MARKED PAID BY SUPERVISOR',
    total: 'Total',
    refunded: 'Refunded',
    time: 'Time',
    wallet: 'Wallet',
    providerRef: 'Provider ref.',
    ourRef: 'Cashier ref.',
    merchant: 'Merchant',
    terminal: 'Terminal',
    method: 'QRIS (customer QR)',
    copy: '*** COPY ***',
    test: '*** TEST — NOT A PROOF OF PAYMENT ***',
    thanks: 'Thank you',
    none: '-',
  },
} as const;

/** "SANDBOX QRIS •••• 0012"; whichever half is known. */
export function walletText(wallet: Wallet, none = '-'): string {
  const parts = [wallet.label, wallet.last4 === null ? null : `•••• ${wallet.last4}`].filter(
    (part): part is string => part !== null && part !== '',
  );
  return parts.length === 0 ? none : parts.join(' ');
}

export function receiptLayout(data: ReceiptData, options: ReceiptOptions): Receipt {
  const w = WORDS[options.language];
  const money = (minor: Minor) => formatRupiah(minor, options.language);
  const lines: ReceiptLine[] = [];
  if (options.test) lines.push({ kind: 'test', left: w.test });
  if (options.copy) lines.push({ kind: 'copy', left: w.copy });
  lines.push({ kind: 'title', left: data.merchantName });
  lines.push({ kind: 'small', left: `${w.merchant} ${data.merchantId} · ${w.terminal} ${data.terminalId}` });
  lines.push({ kind: 'rule', left: '' });
  lines.push({ kind: 'status', left: data.manual && data.paid ? w.manual : data.paid ? w.paid : w.notPaid });
  lines.push({ kind: 'amount', left: w.total, right: money(data.amount) });
  if (data.refunded > 0n) lines.push({ kind: 'pair', left: w.refunded, right: `-${money(data.refunded)}` });
  lines.push({ kind: 'rule', left: '' });
  lines.push({ kind: 'text', left: w.method });
  lines.push({ kind: 'pair', left: w.wallet, right: walletText(data.wallet, w.none) });
  lines.push({ kind: 'pair', left: w.time, right: wallClock(data.at, options.utcOffsetMinutes) });
  lines.push({ kind: 'pair', left: w.providerRef, right: data.referenceNo ?? w.none });
  lines.push({ kind: 'pair', left: w.ourRef, right: data.partnerReferenceNo });
  lines.push({ kind: 'rule', left: '' });
  lines.push({ kind: 'text', left: w.thanks });
  if (options.copy) lines.push({ kind: 'copy', left: w.copy });
  if (options.test) lines.push({ kind: 'test', left: w.test });
  return { paymentId: data.paymentId, copy: options.copy, lines };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function receiptCss(paperWidthMm: 58 | 80): string {
  return `
@page { size: ${paperWidthMm}mm auto; margin: 3mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", monospace; color: #000; background: #fff; width: ${paperWidthMm - 6}mm; }
.line { display: flex; flex-wrap: wrap; justify-content: space-between; column-gap: 8px; }
.line > span:first-child { white-space: nowrap; }
.line > span:last-child { margin-left: auto; text-align: right; word-break: break-all; }
.title { font-size: 16px; font-weight: 700; text-align: center; display: block; }
.small { font-size: 10px; text-align: center; display: block; }
.status { font-weight: 700; text-align: center; display: block; margin: 4px 0; }
.amount { font-size: 18px; font-weight: 700; }
.copy { font-weight: 700; text-align: center; display: block; border: 2px solid #000; margin: 4px 0; }
.test { font-weight: 700; text-align: center; display: block; border: 2px dashed #000; margin: 4px 0; padding: 2px; }
.text { display: block; text-align: center; }
.token { display: block; text-align: center; font-size: 17px; font-weight: 700; letter-spacing: 1px; margin: 4px 0; word-break: break-all; }
hr { border: 0; border-top: 1px dashed #000; margin: 6px 0; }
`;
}

/** A self-contained page (no scripts, no remote anything) for Electron's printer. */
export function receiptHtml(
  receipt: Pick<Receipt, 'lines' | 'copy'> & { paymentId?: number; reference?: string },
  language: ReceiptLanguage,
  paperWidthMm: 58 | 80 = 80,
): string {
  const body = receipt.lines
    .map((line) => {
      if (line.kind === 'rule') return '<hr>';
      if (line.right === undefined) {
        return `<div class="${line.kind}">${escapeHtml(line.left)}</div>`;
      }
      return `<div class="line ${line.kind}"><span>${escapeHtml(line.left)}</span><span>${escapeHtml(line.right)}</span></div>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Receipt ${escapeHtml(String(receipt.reference ?? receipt.paymentId ?? ''))}</title>
<style>${receiptCss(paperWidthMm)}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
