// The sandbox speaks Jakarta time (UTC+07:00), like the Indonesian providers it imitates: its
// timestamps, and the "same day" of the X-EXTERNAL-ID rule, are WIB.

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

function wibParts(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + WIB_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/** "2020-12-23T07:50:11+07:00": SNAP's X-TIMESTAMP form, exactly 25 characters. */
export function snapTimestamp(at: Date): string {
  const { date, time } = wibParts(at);
  return `${date}T${time}+07:00`;
}

/** "20201223": the WIB calendar day, the scope of X-EXTERNAL-ID uniqueness and of same-day cancels. */
export function wibDay(at: Date): string {
  return wibParts(at).date.replaceAll('-', '');
}

/** yyyy-MM-ddTHH:mm:ss, optional fraction, then ±HH:MM (SNAP does not use "Z"). */
const SNAP_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([+-])(\d{2}):(\d{2})$/;

/** Whether a header value is a well-formed SNAP timestamp naming a real instant (no 2021-02-30). */
export function isSnapTimestamp(value: string): boolean {
  const m = SNAP_TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offH, offM] = [
    m[1],
    m[2],
    m[3],
    m[4],
    m[5],
    m[6],
    m[9],
    m[10],
  ].map(Number) as [number, number, number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || offH > 14 || offM > 59)
    return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
