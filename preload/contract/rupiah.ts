// Rupiah as a cashier reads it, shared by main (receipts, CLI) and the renderer (screens), which may not
// import main/. Integer arithmetic on bigint minor units only: a float never holds money.

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
