// X-EXTERNAL-ID must be unique per partner per (WIB) day; a repeat is 409xx00 and is not processed.

import { wibDay } from './time';

export class ExternalIdRegistry {
  private day = '';
  private readonly seen = new Set<string>();

  /** Records the id; false when the partner already used it today. */
  claim(clientKey: string, externalId: string, now: Date): boolean {
    const today = wibDay(now);
    if (today !== this.day) {
      // Only today's ids can conflict, so yesterday's set is dropped instead of growing forever.
      this.day = today;
      this.seen.clear();
    }
    const key = `${clientKey}\u0000${externalId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
