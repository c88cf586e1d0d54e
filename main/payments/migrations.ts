// The journal's schema, one numbered step at a time. `PRAGMA user_version` records the last step
// applied; a step never changes once released (a fix is a new step), so every journal in the field
// reaches the same schema by the same path.
//
// Money is INTEGER minor units. Timestamps are INTEGER epoch milliseconds; business_date is the
// terminal's local "yyyy-MM-dd" fixed at insert, so a day's report is an index range.
// `open` is 1 while an operation is not in a final state; the partial UNIQUE index on it is what
// makes "one payment in flight per terminal" hold across every process sharing the data directory.

import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  description: string;
  up: (db: DatabaseSync) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'payments, cancels, refunds, append-only events, anomalies',
    up: (db) => {
      db.exec(`
        CREATE TABLE payments (
          id INTEGER PRIMARY KEY,
          partner_reference_no TEXT NOT NULL UNIQUE,
          reference_no TEXT,
          terminal_id TEXT NOT NULL,
          merchant_id TEXT NOT NULL,
          sub_merchant_id TEXT,
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          currency TEXT NOT NULL,
          qr_fingerprint TEXT NOT NULL,
          external_id TEXT NOT NULL,
          state TEXT NOT NULL,
          open INTEGER NOT NULL CHECK (open IN (0, 1)),
          response_code TEXT,
          response_message TEXT,
          latest_status TEXT,
          reason TEXT,
          decided_by TEXT,
          business_date TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          last_sent_at INTEGER NOT NULL,
          request_timeout_ms INTEGER NOT NULL,
          deadline_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX payments_one_open_per_terminal ON payments (terminal_id) WHERE open = 1;
        CREATE INDEX payments_open ON payments (id) WHERE open = 1;
        CREATE INDEX payments_reference_no ON payments (reference_no) WHERE reference_no IS NOT NULL;
        CREATE INDEX payments_day_page ON payments (business_date, id);
        CREATE INDEX payments_day_report ON payments (business_date, state, amount_minor);

        CREATE TABLE cancels (
          id INTEGER PRIMARY KEY,
          payment_id INTEGER NOT NULL REFERENCES payments (id),
          external_id TEXT NOT NULL,
          state TEXT NOT NULL,
          open INTEGER NOT NULL CHECK (open IN (0, 1)),
          reason TEXT,
          requested_by TEXT,
          response_code TEXT,
          response_message TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX cancels_payment ON cancels (payment_id);
        CREATE UNIQUE INDEX cancels_one_open_per_payment ON cancels (payment_id) WHERE open = 1;

        CREATE TABLE refunds (
          id INTEGER PRIMARY KEY,
          payment_id INTEGER NOT NULL REFERENCES payments (id),
          partner_refund_no TEXT NOT NULL UNIQUE,
          refund_no TEXT,
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          currency TEXT NOT NULL,
          reason TEXT,
          requested_by TEXT,
          external_id TEXT NOT NULL,
          state TEXT NOT NULL,
          open INTEGER NOT NULL CHECK (open IN (0, 1)),
          response_code TEXT,
          response_message TEXT,
          business_date TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          last_sent_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX refunds_payment ON refunds (payment_id);
        CREATE INDEX refunds_day_report ON refunds (business_date, state, amount_minor);
        CREATE INDEX refunds_open ON refunds (id) WHERE open = 1;

        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          payment_id INTEGER NOT NULL REFERENCES payments (id),
          operation TEXT NOT NULL CHECK (operation IN ('payment', 'cancel', 'refund')),
          operation_id INTEGER NOT NULL,
          kind TEXT NOT NULL,
          from_state TEXT,
          to_state TEXT,
          external_id TEXT,
          http_status INTEGER,
          response_code TEXT,
          detail TEXT,
          at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX events_payment ON events (payment_id, id);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

        CREATE TABLE anomalies (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          detail TEXT,
          at INTEGER NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    description:
      "the customer's wallet as the scanned QR names it (label, last 4 digits), for history and receipts",
    up: (db) => {
      db.exec(`
        ALTER TABLE payments ADD COLUMN wallet_label TEXT;
        ALTER TABLE payments ADD COLUMN wallet_last4 TEXT CHECK (wallet_last4 IS NULL OR length(wallet_last4) = 4);
      `);
    },
  },
  {
    version: 3,
    description:
      "the provider's word on the payment's status that an event carries (a query's or notify's latestTransactionStatus, a payment answer's meaning), so contradictions and the last word survive a restart",
    up: (db) => {
      db.exec(`
        ALTER TABLE events ADD COLUMN provider_status TEXT
          CHECK (provider_status IS NULL OR provider_status IN ('00', '01', '02', '03', '04', '05', '06', '07'));
        CREATE INDEX events_provider_word ON events (payment_id, id) WHERE provider_status IS NOT NULL;
      `);
    },
  },
  {
    version: 4,
    description:
      'the X-EXTERNAL-ID counter moves into the journal, so an id is drawn in the transaction that journals its request',
    up: (db) => {
      db.exec(`
        CREATE TABLE external_id_counter (
          partner_id TEXT NOT NULL,
          day TEXT NOT NULL,
          counter INTEGER NOT NULL,
          PRIMARY KEY (partner_id, day)
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    description:
      'PPOB: purchases (a digital product bought from Klikoo or DOKU Biller, cash or paid by a QRIS payment), their own append-only history, and the bills and prices quoted by inquiries',
    up: (db) => {
      db.exec(`
        CREATE TABLE ppob_inquiries (
          id INTEGER PRIMARY KEY,
          reference TEXT NOT NULL UNIQUE,
          provider TEXT NOT NULL CHECK (provider IN ('klikoo', 'doku')),
          product_code TEXT NOT NULL,
          customer_no TEXT NOT NULL,
          period TEXT,
          provider_inquiry_id TEXT,
          customer_name TEXT,
          amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
          admin_fee_minor INTEGER NOT NULL CHECK (admin_fee_minor >= 0),
          detail TEXT,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE purchases (
          id INTEGER PRIMARY KEY,
          provider TEXT NOT NULL CHECK (provider IN ('klikoo', 'doku')),
          partner_reference_id TEXT NOT NULL UNIQUE,
          systrace TEXT,
          product_code TEXT NOT NULL,
          product_name TEXT NOT NULL,
          category TEXT NOT NULL,
          customer_no TEXT NOT NULL,
          msisdn TEXT,
          period TEXT,
          inquiry_id INTEGER REFERENCES ppob_inquiries (id),
          customer_name TEXT,
          buy_price_minor INTEGER NOT NULL CHECK (buy_price_minor > 0),
          selling_price_minor INTEGER NOT NULL CHECK (selling_price_minor > 0),
          state TEXT NOT NULL,
          open INTEGER NOT NULL CHECK (open IN (0, 1)),
          transaction_id TEXT,
          sn TEXT,
          response_code TEXT,
          response_message TEXT,
          reason TEXT,
          decided_by TEXT,
          payment_id INTEGER REFERENCES payments (id),
          refund_id INTEGER REFERENCES refunds (id),
          terminal_id TEXT NOT NULL,
          business_date TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          last_sent_at INTEGER NOT NULL,
          request_timeout_ms INTEGER NOT NULL,
          deadline_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX purchases_one_open_per_customer ON purchases (product_code, customer_no) WHERE open = 1;
        CREATE INDEX purchases_open ON purchases (id) WHERE open = 1;
        CREATE INDEX purchases_transaction ON purchases (transaction_id) WHERE transaction_id IS NOT NULL;
        CREATE UNIQUE INDEX purchases_payment ON purchases (payment_id) WHERE payment_id IS NOT NULL;
        CREATE INDEX purchases_day_page ON purchases (business_date, id);
        CREATE INDEX purchases_refund_owed ON purchases (id)
          WHERE payment_id IS NOT NULL AND refund_id IS NULL AND state IN ('FAILED', 'MANUAL_FAILED');

        CREATE TABLE purchase_events (
          id INTEGER PRIMARY KEY,
          purchase_id INTEGER NOT NULL REFERENCES purchases (id),
          kind TEXT NOT NULL,
          from_state TEXT,
          to_state TEXT,
          request_id TEXT,
          http_status INTEGER,
          response_code TEXT,
          detail TEXT,
          at INTEGER NOT NULL,
          provider_status TEXT
            CHECK (provider_status IS NULL OR provider_status IN ('SUCCESS', 'WAITING', 'FAILED', 'NOT_FOUND'))
        ) STRICT;
        CREATE INDEX purchase_events_purchase ON purchase_events (purchase_id, id);
        CREATE TRIGGER purchase_events_no_update BEFORE UPDATE ON purchase_events
          BEGIN SELECT RAISE(ABORT, 'purchase events are append-only'); END;
        CREATE TRIGGER purchase_events_no_delete BEFORE DELETE ON purchase_events
          BEGIN SELECT RAISE(ABORT, 'purchase events are append-only'); END;
      `);
    },
  },
  {
    version: 6,
    description: 'PPOB at the counter: the numbers a category was last sold to, found without a scan',
    up: (db) => {
      db.exec('CREATE INDEX purchases_recent_customers ON purchases (category, customer_no, created_at);');
    },
  },
  {
    version: 7,
    description:
      "PPOB: an inquiry's purchase found through an index (a quote is paid once, checked at every sale)",
    up: (db) => {
      db.exec('CREATE INDEX purchases_inquiry ON purchases (inquiry_id) WHERE inquiry_id IS NOT NULL;');
    },
  },
  {
    version: 8,
    description:
      "fewer pages written per payment: one index of the day serves its history pages and its report, the open payments are found through the one-open-per-terminal index, and the provider's last word through the events of the payment",
    // Every index on payments and events is a page written (and fsync'd) with each attempt and each
    // answer: this takes a payment from 17 pages to 13. The day's index holds state and amount, so the
    // report still reads no row; a payment's events are few, so its last word is a short walk back.
    up: (db) => {
      db.exec(`
        CREATE INDEX payments_day ON payments (business_date, id, state, amount_minor);
        DROP INDEX payments_day_page;
        DROP INDEX payments_day_report;
        DROP INDEX payments_open;
        DROP INDEX events_provider_word;
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
