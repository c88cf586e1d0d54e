import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../../main/payments/journal';

/** The X-EXTERNAL-ID counter lives in the journal; this opens one the way the tests below need it. */
function openExternalIdStore(options: {
  file: string;
  clock?: () => Date;
  randomDigits?: (n: number) => string;
}) {
  const clock = options.clock ?? (() => new Date());
  const journal = Journal.open(options.file, {
    now: () => clock().getTime(),
    ...(options.randomDigits ? { randomDigits: options.randomDigits } : {}),
  });
  return { next: (partner: string) => journal.externalIds.next(partner), close: () => journal.close() };
}

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./external-id-worker.ts', import.meta.url));

let dir: string;
let now: Date;
const clock = () => now;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-extid-'));
  now = new Date('2024-05-02T07:00:00Z');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('X-EXTERNAL-ID', () => {
  it('is numeric, at most 32 digits (so it fits originalExternalId), and starts with the local day', () => {
    const store = openExternalIdStore({ file: join(dir, 'ids.sqlite'), clock });
    const id = store.next('PARTNER-1');
    store.close();
    expect(id).toMatch(/^\d{1,32}$/);
    expect(id.startsWith('20240502')).toBe(true);
  });

  it('counts up within a day for one partner', () => {
    const store = openExternalIdStore({
      file: join(dir, 'ids.sqlite'),
      clock,
      randomDigits: (n) => '0'.repeat(n),
    });
    const ids = [store.next('P'), store.next('P'), store.next('P')];
    store.close();
    expect(ids).toEqual(['202405020000000000010000', '202405020000000000020000', '202405020000000000030000']);
  });

  it('keeps counting after the store is closed and reopened (a restart)', () => {
    const file = join(dir, 'ids.sqlite');
    const first = openExternalIdStore({ file, clock, randomDigits: (n) => '0'.repeat(n) });
    first.next('P');
    first.close();
    const second = openExternalIdStore({ file, clock, randomDigits: (n) => '0'.repeat(n) });
    const id = second.next('P');
    second.close();
    expect(id).toBe('202405020000000000020000');
  });

  it('counts each partner separately', () => {
    const store = openExternalIdStore({
      file: join(dir, 'ids.sqlite'),
      clock,
      randomDigits: (n) => '0'.repeat(n),
    });
    store.next('A');
    const b = store.next('B');
    store.close();
    expect(b).toBe('202405020000000000010000');
  });

  it('starts a new day at local midnight (+07:00)', () => {
    const store = openExternalIdStore({
      file: join(dir, 'ids.sqlite'),
      clock,
      randomDigits: (n) => '0'.repeat(n),
    });
    store.next('P');
    now = new Date('2024-05-02T17:00:00Z');
    const next = store.next('P');
    store.close();
    expect(next).toBe('202405030000000000010000');
  });

  it('forgets the counters of days more than a week old at the first draw of a day', () => {
    const file = join(dir, 'ids.sqlite');
    const store = openExternalIdStore({ file, clock });
    const days = () =>
      new DatabaseSync(file, { readOnly: true })
        .prepare('SELECT day FROM external_id_counter ORDER BY day')
        .all()
        .map((row) => row.day);
    store.next('P');
    now = new Date('2024-05-12T03:00:00Z');
    store.next('P');
    expect(days()).toEqual(['20240512']);
    store.next('P');
    expect(days()).toEqual(['20240512']);
    store.close();
  });

  it('creates the data folder when it does not exist yet', () => {
    const store = openExternalIdStore({ file: join(dir, 'nested', 'data', 'ids.sqlite'), clock });
    expect(store.next('P')).toMatch(/^20240502/);
    store.close();
  });

  it('carries over the counters of the separate file earlier versions kept', () => {
    const file = join(dir, 'ids.sqlite');
    const journal = Journal.open(file, { now: () => now.getTime(), randomDigits: (n) => '0'.repeat(n) });
    journal.importExternalIdCounters([{ partnerId: 'P', day: '20240502', counter: 41 }]);
    journal.importExternalIdCounters([{ partnerId: 'P', day: '20240502', counter: 7 }]);
    expect(journal.externalIds.next('P')).toBe('202405020000000000420000');
    journal.close();
  });

  it('draws an id inside the transaction that journals its request, or not at all', () => {
    const journal = Journal.open(join(dir, 'ids.sqlite'), {
      now: () => now.getTime(),
      randomDigits: (n) => '0'.repeat(n),
    });
    expect(() =>
      journal.tx(() => {
        journal.externalIds.next('P');
        throw new Error('the attempt could not be journaled');
      }),
    ).toThrow();
    expect(journal.externalIds.next('P')).toBe('202405020000000000010000');
    journal.close();
  });

  it('never repeats an id when two processes draw from the same file at once', async () => {
    const file = join(dir, 'ids.sqlite');
    // Create the file first so both children open an existing database.
    openExternalIdStore({ file, clock }).close();
    const args = ['--import', 'tsx', worker, file, 'PARTNER-1', '1000'];
    const [a, b] = await Promise.all([
      run(process.execPath, args, { cwd: process.cwd() }),
      run(process.execPath, args, { cwd: process.cwd() }),
    ]);
    const ids = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')];
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    // The counters (without the random tail) are exactly 1..2000: nothing skipped, nothing shared.
    const counters = ids.map((id) => Number(id.slice(8, 20))).sort((x, y) => x - y);
    expect(counters).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });
});
