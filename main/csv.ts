// CSV the way a spreadsheet and a provider's settlement file both read it. Several fields are not
// ours to trust: a wallet label is whatever text the customer's QR carried, a reference or response
// code is what a provider answered. So every field is quoted (RFC 4180), which also keeps a ";" in a
// field from splitting it where the spreadsheet's list separator is ";" (Indonesian Excel), and a
// field that starts like a formula (= + - @, tab, carriage return) gets a leading apostrophe so the
// spreadsheet shows it as text instead of running it.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: defused when a spreadsheet would take it for a formula, and always quoted. */
export function csvCell(value: string): string {
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${defused.replaceAll('"', '""')}"`;
}

/** Rows (header first) as one CSV text with CRLF line ends. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** An instant as ISO-8601 at the given UTC offset, e.g. 2026-03-02T14:05:09+07:00. */
export function isoAt(epochMs: number, utcOffsetMinutes: number): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${d.toISOString().slice(0, 19)}${offset}`;
}
