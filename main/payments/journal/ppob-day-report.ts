// The PPOB half of the end-of-day report: what was sold by category at what cost (the margin), how it
// was paid, what failed and was refunded automatically, the cash the drawer should hold for digital
// products, and every purchase still open from this day or an earlier one. Read inside the day
// report's snapshot, so both halves describe the same instant; `kasir report` and the app share it.

import { z } from 'zod';
import type { Minor } from '../../money/amount';
import type { PurchaseRecord, RefundRecord } from '../journal-records';
import { PurchaseRowSchema, RefundRowSchema } from '../journal-records';
import type { JournalDatabase } from './database';

export interface PpobBucket {
  count: number;
  /** What the customers paid (selling prices). */
  sold: Minor;
  /** What the providers charged our deposits (buy prices). */
  cost: Minor;
}

export interface CountedTotal {
  count: number;
  total: Minor;
}

export interface PpobCategoryLine extends PpobBucket {
  category: string;
  /** sold − cost. */
  margin: Minor;
}

export interface PpobDayReport {
  /** Bought (provider-confirmed SUCCESS plus a supervisor's MANUAL_SUCCESS), by category. */
  byCategory: PpobCategoryLine[];
  sold: PpobBucket & { margin: Minor };
  /** Of what was sold, how it was paid. */
  byMethod: { cash: PpobBucket; qris: PpobBucket };
  /** Definitely not bought (FAILED, MANUAL_FAILED) and sales whose QRIS payment never went through. */
  failed: { count: number; sold: Minor };
  notPaid: { count: number; sold: Minor };
  /** Refunds of failed sales paid by QRIS, sent automatically, by how they stand. */
  refunds: { refunded: CountedTotal; open: CountedTotal; failed: CountedTotal; owed: CountedTotal };
  /**
   * Cash for digital products: kept for what was bought, held for what is not settled yet, owed back
   * for failed cash sales until a supervisor confirms it was handed back, and handed back.
   */
  cash: { kept: Minor; held: Minor; owed: Minor; returned: Minor; inDrawer: Minor };
  /** Purchases not yet final from this day and every earlier one (`carried`: those from earlier days). */
  unresolved: PurchaseRecord[];
  carried: number;
  /** The day's purchases with their automatic refunds, for the listing. */
  refunded: { purchase: PurchaseRecord; refund: RefundRecord }[];
}

const SoldRowSchema = z.object({
  category: z.string(),
  state: z.string(),
  qris: z.bigint(),
  returned: z.bigint(),
  n: z.bigint(),
  sold: z.bigint().nullable(),
  cost: z.bigint().nullable(),
});

const SUCCESS = new Set(['SUCCESS', 'MANUAL_SUCCESS']);
const FAILED = new Set(['FAILED', 'MANUAL_FAILED']);
const OPEN_REFUND = new Set(['REFUND_SENDING', 'REFUND_UNKNOWN']);
const DONE_REFUND = new Set(['REFUNDED', 'MANUAL_REFUNDED']);

const empty = (): PpobBucket => ({ count: 0, sold: 0n, cost: 0n });

function add(bucket: PpobBucket, count: number, sold: Minor, cost: Minor): void {
  bucket.count += count;
  bucket.sold += sold;
  bucket.cost += cost;
}

/** Must run inside the caller's snapshot. */
export function ppobDayReport(db: JournalDatabase, date: string): PpobDayReport {
  const categories = new Map<string, PpobBucket>();
  const sold = empty();
  const byMethod = { cash: empty(), qris: empty() };
  const failed = { count: 0, sold: 0n };
  const notPaid = { count: 0, sold: 0n };
  const cash = { kept: 0n, held: 0n, owed: 0n, returned: 0n, inDrawer: 0n };
  const rows = db
    .stmt(
      `SELECT category, state, (payment_id IS NOT NULL) AS qris,
         EXISTS (SELECT 1 FROM purchase_events e WHERE e.purchase_id = purchases.id AND e.kind = 'cash-returned') AS returned,
         count(*) AS n, sum(selling_price_minor) AS sold, sum(buy_price_minor) AS cost
       FROM purchases WHERE business_date = ? GROUP BY category, state, qris, returned`,
    )
    .all(date);
  for (const raw of rows) {
    const row = SoldRowSchema.parse(raw);
    const count = Number(row.n);
    const total = row.sold ?? 0n;
    const cost = row.cost ?? 0n;
    const byQris = row.qris === 1n;
    if (SUCCESS.has(row.state)) {
      let line = categories.get(row.category);
      if (!line) {
        line = empty();
        categories.set(row.category, line);
      }
      add(line, count, total, cost);
      add(sold, count, total, cost);
      add(byQris ? byMethod.qris : byMethod.cash, count, total, cost);
      if (!byQris) cash.kept += total;
    } else if (FAILED.has(row.state)) {
      failed.count += count;
      failed.sold += total;
      if (!byQris) {
        if (row.returned === 1n) cash.returned += total;
        else cash.owed += total;
      }
    } else if (row.state === 'NOT_PAID') {
      notPaid.count += count;
      notPaid.sold += total;
    } else if (!byQris) {
      // Still open: the cash is in the drawer until the product's outcome is known.
      cash.held += total;
    }
  }
  cash.inDrawer = cash.kept + cash.held + cash.owed;

  const counted = (): CountedTotal => ({ count: 0, total: 0n });
  const refunds = { refunded: counted(), open: counted(), failed: counted(), owed: counted() };
  const refunded: PpobDayReport['refunded'] = [];
  const linked = db
    .stmt(
      `SELECT p.*, r.id AS r_id FROM purchases p JOIN refunds r ON r.id = p.refund_id
       WHERE p.business_date = ? ORDER BY p.id`,
    )
    .all(date);
  for (const raw of linked) {
    const purchase = PurchaseRowSchema.parse(raw);
    const refund = db.row(RefundRowSchema, 'SELECT * FROM refunds WHERE id = ?', purchase.refundId);
    if (!refund) continue;
    refunded.push({ purchase, refund });
    const bucket = DONE_REFUND.has(refund.state)
      ? refunds.refunded
      : OPEN_REFUND.has(refund.state)
        ? refunds.open
        : refunds.failed;
    bucket.count += 1;
    bucket.total += refund.amount;
  }
  for (const owed of db.rows(
    PurchaseRowSchema,
    `SELECT * FROM purchases WHERE business_date = ? AND payment_id IS NOT NULL AND refund_id IS NULL
       AND state IN ('FAILED', 'MANUAL_FAILED') ORDER BY id`,
    date,
  )) {
    refunds.owed.count += 1;
    refunds.owed.total += owed.sellingPrice;
  }

  const unresolved = db.rows(
    PurchaseRowSchema,
    'SELECT * FROM purchases WHERE open = 1 AND business_date <= ? ORDER BY id',
    date,
  );
  return {
    byCategory: [...categories.entries()]
      .map(([category, line]) => ({ category, ...line, margin: line.sold - line.cost }))
      .sort((a, b) => (b.sold > a.sold ? 1 : b.sold < a.sold ? -1 : a.category.localeCompare(b.category))),
    sold: { ...sold, margin: sold.sold - sold.cost },
    byMethod,
    failed,
    notPaid,
    refunds,
    cash,
    unresolved,
    carried: unresolved.filter((p) => p.businessDate < date).length,
    refunded,
  };
}
