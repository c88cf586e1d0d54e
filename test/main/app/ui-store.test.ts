import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openUiStore, walletFrom } from '../../../main/app/ui-store';
import { WalletSchema } from '../../../preload/contract/payments';

describe('the cashier UI store', () => {
  it('remembers the wallet of a QR by its fingerprint, across a restart', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kasir-ui-')), 'ui.sqlite');
    const first = openUiStore(file);
    first.rememberWallet('sha256:aa', { label: 'GoPay', last4: '1234' });
    first.close();
    const again = openUiStore(file);
    expect(again.walletOf('sha256:aa')).toEqual({ label: 'GoPay', last4: '1234' });
    expect(again.walletOf('sha256:bb')).toEqual({ label: null, last4: null });
    again.close();
  });

  it('counts prints, so the second one is a copy', () => {
    const store = openUiStore(':memory:');
    expect(store.recordPrint(7, 1)).toBe(0);
    expect(store.recordPrint(7, 2)).toBe(1);
    expect(store.printsOf(7)).toBe(2);
    expect(store.printsOf(8)).toBe(0);
    store.close();
  });

  it("shortens a QR's label to what the contract carries, without splitting a character", () => {
    const long = walletFrom(`${'Dompet'.repeat(10)}😀😀😀`, '0012');
    expect(long.label).toBe(`${'Dompet'.repeat(10)}😀…`);
    expect(WalletSchema.safeParse(long).success).toBe(true);
    expect(walletFrom('😀'.repeat(40), null).label).toBe(`${'😀'.repeat(31)}…`);
    expect(walletFrom('GoPay', '12a4')).toEqual({ label: 'GoPay', last4: null });
  });

  it('reads back a label stored longer than a screen may show as the shortened one', () => {
    const store = openUiStore(':memory:');
    store.rememberWallet('sha256:cc', { label: 'L'.repeat(200), last4: '0012' });
    expect(store.walletOf('sha256:cc')).toEqual({ label: `${'L'.repeat(63)}…`, last4: '0012' });
    store.close();
  });
});
