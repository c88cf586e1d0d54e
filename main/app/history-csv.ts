// History as CSV for the back office: one row per payment, amounts as SNAP "n.nn" strings (what a
// spreadsheet and the provider's settlement file both read), quoted and defused by main/csv.ts.

import type { PaymentView } from '../../preload/contract/payments';
import { csvCell, isoAt } from '../csv';
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
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.map(csvCell).join(','), ...rows].join('\r\n')}\r\n`;
}

export function csvFileName(from: string, to: string): string {
  return from === to ? `kasir-history-${from}.csv` : `kasir-history-${from}_${to}.csv`;
}
