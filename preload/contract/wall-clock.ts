// Times as the cashier reads them, shared by main (receipts, CSV) and the renderer (every screen),
// which may not import main/: the terminal's wall clock at its fixed UTC offset, whatever the
// machine's time zone, always with the zone's name. One format everywhere: "22-11-2026 10:31:05 WIB".

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}

/** "WIB", "WITA", "WIT", or "UTC+05:30" for any other offset (minutes east of UTC). */
export function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 420) return 'WIB';
  if (offsetMinutes === 480) return 'WITA';
  if (offsetMinutes === 540) return 'WIT';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function shifted(epochMs: number, offsetMinutes: number): Date {
  return new Date(epochMs + offsetMinutes * 60_000);
}

/** "10:31:05" */
export function wallClockTime(epochMs: number, offsetMinutes: number): string {
  const d = shifted(epochMs, offsetMinutes);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "22-11-2026" */
export function wallClockDate(epochMs: number, offsetMinutes: number): string {
  const d = shifted(epochMs, offsetMinutes);
  return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
}

/** "22-11-2026 10:31:05 WIB" */
export function wallClock(epochMs: number, offsetMinutes: number): string {
  return `${wallClockDate(epochMs, offsetMinutes)} ${wallClockTime(epochMs, offsetMinutes)} ${zoneName(offsetMinutes)}`;
}

/** A business day "2026-11-22" (as stored and searched) shown the same way: "22-11-2026". */
export function dayText(businessDate: string): string {
  const [year, month, day] = businessDate.split('-');
  return year && month && day ? `${day}-${month}-${year}` : businessDate;
}

/** "22-11-2026" (or 22/11/2026, 22.11.2026) as typed → "2026-11-22", or null if no such day. */
export function parseDayText(text: string): string | null {
  const match = text.trim().match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/);
  if (!match) return null;
  const [, day = '', month = '', year = ''] = match;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}
