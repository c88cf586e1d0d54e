// Rupiah as a cashier reads it, shared by main (receipts, CLI) and the renderer (screens), which may not
// import main/. Integer arithmetic on bigint minor units only: a float never holds money.

/** The most rupiah digits one amount (a payment, a refund, a price) may have: up to Rp999.999.999.999,99. */
export const MAX_AMOUNT_RUPIAH_DIGITS = 12;
/**
 * The largest amount, in minor units, anything takes: far above any till's sale, and low enough that
 * a day's totals of such amounts stay exact in the journal's 64-bit integers.
 */
export const MAX_AMOUNT_MINOR = 10n ** BigInt(MAX_AMOUNT_RUPIAH_DIGITS + 2) - 1n;

/** 1000000n → "Rp10.000" (id) / "IDR 10,000" (en); sen shown only when there are any. */
export function formatRupiah(minor: bigint, language: 'id' | 'en' = 'id'): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = (abs / 100n).toString();
  const cents = abs % 100n;
  const groupSep = language === 'id' ? '.' : ',';
  const decimalSep = language === 'id' ? ',' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, groupSep);
  const tail = cents === 0n ? '' : `${decimalSep}${cents.toString().padStart(2, '0')}`;
  return `${negative ? '-' : ''}${language === 'id' ? 'Rp' : 'IDR '}${grouped}${tail}`;
}
