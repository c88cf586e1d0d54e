// The server's schema, one numbered step at a time, recorded in schema_migrations. A step never
// changes once released (a fix is a new step). Steps run under an advisory lock, so two servers
// starting on one database at once apply each step exactly once.
//
// Money is bigint minor units; instants are bigint epoch milliseconds; business_date is the
// terminal's own "yyyy-MM-dd" (a till's day is the till's, wherever the server runs).

import { KasirError } from '../../errors';
import type { Database } from './database';

export interface ServerMigration {
  version: number;
  description: string;
  sql: string;
}

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    description: 'terminals and their enrolment codes; provider hints and their deliveries; synced entries',
    sql: `
      CREATE TABLE enrolment_codes (
        code_hash text PRIMARY KEY,
        shop text NOT NULL,
        label text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        terminal_id text
      );

      CREATE TABLE terminals (
        id text PRIMARY KEY,
        shop text NOT NULL,
        label text NOT NULL,
        terminal_code text NOT NULL,
        merchant_id text NOT NULL,
        sandbox boolean NOT NULL,
        token_hash text NOT NULL UNIQUE,
        enrolled_at bigint NOT NULL,
        revoked_at bigint,
        last_seen_at bigint,
        -- the last delivery (hint) the terminal said it applied
        live_acked bigint NOT NULL DEFAULT 0
      );

      -- Every entry a terminal uploaded, exactly once: (terminal, stream, seq) is the idempotency key.
      CREATE TABLE terminal_entries (
        terminal_id text NOT NULL REFERENCES terminals (id),
        stream text NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        at bigint NOT NULL,
        kind text NOT NULL,
        refs text[] NOT NULL,
        data jsonb NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, stream, seq)
      );

      -- How far the server holds each stream of each terminal: the next upload starts after it.
      CREATE TABLE sync_cursors (
        terminal_id text NOT NULL REFERENCES terminals (id),
        stream text NOT NULL,
        cursor bigint NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (terminal_id, stream)
      );

      -- Which terminal journaled which reference: where a provider's word about it must go.
      CREATE TABLE ref_claims (
        ref text NOT NULL,
        terminal_id text NOT NULL REFERENCES terminals (id),
        claimed_at bigint NOT NULL,
        PRIMARY KEY (ref, terminal_id)
      );

      -- What providers told us (a verified SNAP notify, a Klikoo callback), once per distinct body.
      CREATE TABLE hints (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        digest text NOT NULL,
        status text,
        merchant_id text,
        refs text[] NOT NULL,
        body jsonb NOT NULL,
        external_id text,
        received_at bigint NOT NULL,
        last_received_at bigint NOT NULL,
        repeats integer NOT NULL DEFAULT 0,
        UNIQUE (source, digest)
      );
      CREATE INDEX hints_refs ON hints USING gin (refs);
      CREATE INDEX hints_received ON hints (received_at);
      CREATE INDEX hints_status ON hints (source, status);

      -- A hint routed to a terminal; its id is the terminal's live-delivery cursor.
      CREATE TABLE deliveries (
        id bigserial PRIMARY KEY,
        terminal_id text NOT NULL REFERENCES terminals (id),
        hint_id bigint NOT NULL REFERENCES hints (id),
        created_at bigint NOT NULL,
        acked_at bigint,
        UNIQUE (terminal_id, hint_id)
      );
      CREATE INDEX deliveries_terminal ON deliveries (terminal_id, id);
      CREATE INDEX deliveries_hint ON deliveries (hint_id);
    `,
  },
  {
    version: 2,
    description: "the merchant ledger: every terminal's payments and refunds as last synced",
    sql: `
      CREATE TABLE ledger_payments (
        terminal_id text NOT NULL REFERENCES terminals (id),
        partner_reference_no text NOT NULL,
        reference_no text,
        terminal_code text NOT NULL,
        merchant_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        state text NOT NULL,
        open boolean NOT NULL,
        business_date text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        reason text,
        decided_by text,
        latest_status text,
        response_code text,
        wallet_label text,
        wallet_last4 text,
        last_seq bigint NOT NULL,
        PRIMARY KEY (terminal_id, partner_reference_no)
      );
      -- The day report reads only this index (an index-only scan), however long the history.
      CREATE INDEX ledger_payments_day ON ledger_payments (business_date, terminal_id, state) INCLUDE (amount_minor);
      CREATE INDEX ledger_payments_open ON ledger_payments (created_at) WHERE open;
      CREATE INDEX ledger_payments_reference_no ON ledger_payments (reference_no) WHERE reference_no IS NOT NULL;
      CREATE INDEX ledger_payments_partner_reference_no ON ledger_payments (partner_reference_no);
      CREATE INDEX ledger_payments_page ON ledger_payments (business_date, created_at DESC, partner_reference_no);

      CREATE TABLE ledger_refunds (
        terminal_id text NOT NULL REFERENCES terminals (id),
        partner_refund_no text NOT NULL,
        partner_reference_no text NOT NULL,
        refund_no text,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        state text NOT NULL,
        open boolean NOT NULL,
        business_date text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        requested_by text,
        last_seq bigint NOT NULL,
        PRIMARY KEY (terminal_id, partner_refund_no)
      );
      CREATE INDEX ledger_refunds_day ON ledger_refunds (business_date, terminal_id, state) INCLUDE (amount_minor);
      CREATE INDEX ledger_refunds_payment ON ledger_refunds (terminal_id, partner_reference_no);
      CREATE INDEX ledger_refunds_open ON ledger_refunds (created_at) WHERE open;
    `,
  },
  {
    version: 3,
    description: "the merchant ledger's PPOB purchases: every terminal's purchases as last synced",
    sql: `
      -- One row per purchase; customer_no is masked (the terminal sends it so, and the projector masks
      -- again). partner_reference_no is the QRIS payment that paid for it (NULL: cash), and
      -- partner_refund_no that payment's refund when the purchase failed.
      CREATE TABLE ledger_purchases (
        terminal_id text NOT NULL REFERENCES terminals (id),
        partner_reference_id text NOT NULL,
        provider text NOT NULL,
        product_code text NOT NULL,
        product_name text NOT NULL,
        category text NOT NULL,
        customer_no text NOT NULL,
        buy_price_minor bigint NOT NULL CHECK (buy_price_minor >= 0),
        selling_price_minor bigint NOT NULL CHECK (selling_price_minor >= 0),
        state text NOT NULL,
        open boolean NOT NULL,
        transaction_id text,
        sn text,
        reason text,
        response_code text,
        decided_by text,
        terminal_code text NOT NULL,
        business_date text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        partner_reference_no text,
        partner_refund_no text,
        refund_state text,
        refund_minor bigint,
        last_seq bigint NOT NULL,
        PRIMARY KEY (terminal_id, partner_reference_id)
      );
      CREATE INDEX ledger_purchases_day ON ledger_purchases (business_date, terminal_id, state)
        INCLUDE (selling_price_minor, buy_price_minor, partner_reference_no);
      CREATE INDEX ledger_purchases_open ON ledger_purchases (created_at) WHERE open;
      CREATE INDEX ledger_purchases_reference ON ledger_purchases (partner_reference_id);
      CREATE INDEX ledger_purchases_transaction_id ON ledger_purchases (transaction_id) WHERE transaction_id IS NOT NULL;
      CREATE INDEX ledger_purchases_page ON ledger_purchases (business_date, created_at DESC, partner_reference_id);
      -- Failed sales paid by QRIS: few, and each must have its refund.
      CREATE INDEX ledger_purchases_refund_owed ON ledger_purchases (business_date)
        WHERE partner_reference_no IS NOT NULL AND state IN ('FAILED', 'MANUAL_FAILED');
      -- A purchase's event history is its entries of the purchases stream, read by its reference.
      CREATE INDEX terminal_entries_purchase ON terminal_entries (terminal_id, (data #>> '{purchase,partnerReferenceId}'), seq)
        WHERE stream = 'purchases';
    `,
  },
];

export const LATEST_SERVER_SCHEMA = SERVER_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** An arbitrary constant naming "the migration lock" for pg_advisory_xact_lock. */
const MIGRATION_LOCK = 7_421_117;

/** Brings the database to the latest schema; refuses one written by a newer server. */
export async function migrate(db: Database, now: () => number = Date.now): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL)`,
    );
    const rows = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > LATEST_SERVER_SCHEMA) {
      throw new KasirError({
        code: 'SERVER_DATABASE_TOO_NEW',
        message: {
          id: 'Basis data server dibuat oleh versi yang lebih baru. Perbarui server.',
          en: 'The server database was written by a newer version. Update the server.',
        },
      });
    }
    for (const step of SERVER_MIGRATIONS) {
      if (step.version <= current) continue;
      await tx.exec(step.sql);
      await tx.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
        step.version,
        step.description,
        now(),
      ]);
    }
    return LATEST_SERVER_SCHEMA;
  });
}
