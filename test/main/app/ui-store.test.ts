import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openUiStore } from '../../../main/app/ui-store';

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
});
