// The queries that must stay fast with years of data, named so a test can check their plans use an
// index (no full scan) without timing anything.

export const HOT_QUERIES = {
  paymentByPartnerReferenceNo: 'SELECT * FROM payments WHERE partner_reference_no = ?',
  paymentByReferenceNo: 'SELECT * FROM payments WHERE reference_no = ? ORDER BY id DESC LIMIT 1',
  historyPage: 'SELECT * FROM payments WHERE id < ? ORDER BY id DESC LIMIT ?',
  historyPageOfDay:
    'SELECT * FROM payments WHERE business_date = ? AND id < ? ORDER BY business_date DESC, id DESC LIMIT ?',
  dayPaymentTotals:
    'SELECT state, count(*) AS n, sum(amount_minor) AS total FROM payments WHERE business_date = ? GROUP BY state',
  dayRefundTotals:
    'SELECT state, count(*) AS n, sum(amount_minor) AS total FROM refunds WHERE business_date = ? GROUP BY state',
  // The open payments are few (one per terminal at most): the one-open-per-terminal index holds them all.
  openPaymentsUpTo:
    'SELECT * FROM payments INDEXED BY payments_one_open_per_terminal WHERE open = 1 AND business_date <= ? ORDER BY id',
  openRefundsUpTo: 'SELECT * FROM refunds WHERE open = 1 AND business_date <= ? ORDER BY id',
  openPayments: 'SELECT * FROM payments INDEXED BY payments_one_open_per_terminal WHERE open = 1 ORDER BY id',
  eventsOfPayment: 'SELECT * FROM events WHERE payment_id = ? ORDER BY id',
  eventsAfter: 'SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?',
  purchaseByReference: 'SELECT * FROM purchases WHERE partner_reference_id = ?',
  purchaseByTransactionId: 'SELECT * FROM purchases WHERE transaction_id = ? ORDER BY id DESC LIMIT 1',
  purchaseByPaymentReference:
    'SELECT purchases.* FROM payments JOIN purchases ON purchases.payment_id = payments.id WHERE payments.partner_reference_no = ?',
  openPurchases: 'SELECT * FROM purchases WHERE open = 1 ORDER BY id',
  purchasesOwedRefund:
    "SELECT * FROM purchases WHERE payment_id IS NOT NULL AND refund_id IS NULL AND state IN ('FAILED', 'MANUAL_FAILED') ORDER BY id",
  eventsOfPurchase: 'SELECT * FROM purchase_events WHERE purchase_id = ? ORDER BY id',
  purchaseEventsAfter: 'SELECT * FROM purchase_events WHERE id > ? ORDER BY id LIMIT ?',
} as const;

export type HotQuery = keyof typeof HOT_QUERIES;

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
