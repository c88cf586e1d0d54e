import { describe, expect, it } from 'vitest';
import { walletFrom } from '../../../main/cpm/wallet';
import { WalletSchema } from '../../../preload/contract/payments';

describe("the customer's wallet as the QR names it", () => {
  it("shortens a QR's label to what the contract carries, without splitting a character", () => {
    const long = walletFrom(`${'Dompet'.repeat(10)}😀😀😀`, '0012');
    expect(long.label).toBe(`${'Dompet'.repeat(10)}😀…`);
    expect(WalletSchema.safeParse(long).success).toBe(true);
    expect(walletFrom('😀'.repeat(40), null).label).toBe(`${'😀'.repeat(31)}…`);
  });

  it('keeps last 4 digits only when they are 4 digits', () => {
    expect(walletFrom('GoPay', '12a4')).toEqual({ label: 'GoPay', last4: null });
    expect(walletFrom(undefined, '0012')).toEqual({ label: null, last4: '0012' });
  });
});
