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

/** Whether a value is a well-formed SNAP timestamp naming a real instant (Z or ±HH:MM, any fraction). */
export { isSnapTimestamp } from '../snap/headers';
