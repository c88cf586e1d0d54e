// The wallets an earlier version kept beside the journal come into the journal, once and only where
// the journal has none, so History and receipts keep naming the customer's wallet after an upgrade.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { importLegacyWallets, LEGACY_UI_STORE_FILE_NAME } from '../../../main/app/legacy-ui-store';
import { Journal } from '../../../main/payments/journal';

function payment(journal: Journal, fingerprint: string, wallet?: { label: string; last4: string }) {
  return journal.beginPayment({
    partnerReferenceNo: `R-${fingerprint}`,
    terminalId: `T-${fingerprint}`,
    merchantId: '00007100010926',
    amount: 100_000n,
    currency: 'IDR',
    qrFingerprint: fingerprint,
    externalId: '1',
    requestTimeoutMs: 1000,
    deadlineAt: Date.now(),
    ...(wallet ? { wallet } : {}),
  });
}

describe('wallets from the old cashier-ui.sqlite', () => {
  it('fill in what the journal lacks and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-legacy-'));
    const old = new DatabaseSync(join(dir, LEGACY_UI_STORE_FILE_NAME));
    old.exec('CREATE TABLE wallets (fingerprint TEXT PRIMARY KEY, label TEXT, last4 TEXT)');
    old.exec("INSERT INTO wallets VALUES ('sha256:aa', 'GoPay', '1234'), ('sha256:bb', 'OVO', '9999')");
    old.close();
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    const without = payment(journal, 'sha256:aa');
    const withOwn = payment(journal, 'sha256:bb', { label: 'DANA', last4: '0012' });
    importLegacyWallets(dir, journal, () => {});
    importLegacyWallets(dir, journal, () => {});
    expect(journal.getPayment(without.id)).toMatchObject({ walletLabel: 'GoPay', walletLast4: '1234' });
    expect(journal.getPayment(withOwn.id)).toMatchObject({ walletLabel: 'DANA', walletLast4: '0012' });
    journal.close();
  });
});
