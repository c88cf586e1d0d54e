// History as CSV for the back office: one row per payment, amounts as SNAP "n.nn" strings (what a
// spreadsheet and the provider's settlement file both read), RFC 4180 quoting. Cells that a
// spreadsheet would run as a formula are defused with a leading apostrophe.

import type { PaymentView } from '../../preload/contract/payments';
import { formatSnapAmount, minorFromString } from '../money/amount';

export const CSV_COLUMNS = [
  'business_date',
  'created_at',
  'partner_reference_no',
  'reference_no',
  'amount',
  'currency',
  'state',
  'outcome',
  'refunded',
  'response_code',
  'wallet',
  'last4',
  'decided_by',
] as const;

function cell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

function isoAt(epochMs: number, utcOffsetMinutes: number): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${d.toISOString().slice(0, 19)}${offset}`;
}

export function historyCsv(items: readonly PaymentView[], utcOffsetMinutes: number): string {
  const rows = items.map((p) =>
    [
      p.businessDate,
      isoAt(p.createdAt, utcOffsetMinutes),
      p.partnerReferenceNo,
      p.referenceNo ?? '',
      formatSnapAmount(minorFromString(p.amountMinor)),
      'IDR',
      p.state,
      p.outcome,
      formatSnapAmount(minorFromString(p.refundedMinor)),
      p.responseCode ?? '',
      p.wallet.label ?? '',
      p.wallet.last4 ?? '',
      p.manual ? 'supervisor' : 'provider',
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

export function csvFileName(from: string, to: string): string {
  return from === to ? `kasir-history-${from}.csv` : `kasir-history-${from}_${to}.csv`;
}
