// CSV the way a spreadsheet and a provider's settlement file both read it: RFC 4180 quoting, and
// cells that a spreadsheet would run as a formula defused with a leading apostrophe.

export function csvCell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
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
