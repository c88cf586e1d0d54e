// The ledger as GET /sandbox/ledger shows it: amounts as SNAP "n.nn" strings (comparable with what
// the terminal sent), everything else as the ledger holds it.

import { formatSnapAmount } from '../money/amount';
import type { LedgerSnapshot } from './ledger';

export function ledgerJson(snapshot: LedgerSnapshot) {
  return {
    customers: snapshot.customers.map((c) => ({
      ...c,
      openingBalance: formatSnapAmount(c.openingBalance),
      balance: formatSnapAmount(c.balance),
    })),
    transactions: snapshot.transactions.map((t) => ({
      ...t,
      amount: formatSnapAmount(t.amount),
      refunded: formatSnapAmount(t.refunded),
      refunds: t.refunds.map((r) => ({ ...r, amount: formatSnapAmount(r.amount) })),
    })),
  };
}
