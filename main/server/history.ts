// What the ledger's histories and totals share: a business day checked, a history's filters and
// keyset page ("createdAt|terminal|reference", newest first), and buckets of counts and amounts.

import type { Bucket } from '../../preload/contract/backoffice';
import { refuse } from './http';
import type { TerminalInfo } from './terminals';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkDay(date: string): string {
  if (!DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw refuse(
      400,
      'DATE_FORMAT',
      `Tanggal harus berformat YYYY-MM-DD, bukan ${JSON.stringify(date)}.`,
      `The date must look like YYYY-MM-DD, not ${JSON.stringify(date)}.`,
    );
  }
  return date;
}

export interface HistoryQuery {
  date?: string | undefined;
  terminalId?: string | undefined;
  shop?: string | undefined;
  state?: string | undefined;
  before?: string | undefined;
  limit?: number | undefined;
}

/**
 * A history's SQL: `p` is its table (with business_date, terminal_id, state, created_at and the
 * `reference` column), `t` the terminals. More conditions are added with `where` and `param`.
 */
export class HistorySql {
  readonly where: string[] = [];
  readonly params: unknown[] = [];
  readonly limit: number;

  constructor(
    query: HistoryQuery,
    private readonly reference: string,
  ) {
    if (query.date !== undefined) this.where.push(`p.business_date = ${this.param(checkDay(query.date))}`);
    if (query.terminalId !== undefined) this.where.push(`p.terminal_id = ${this.param(query.terminalId)}`);
    if (query.state !== undefined) this.where.push(`p.state = ${this.param(query.state)}`);
    if (query.shop !== undefined) this.where.push(`t.shop = ${this.param(query.shop)}`);
    if (query.before !== undefined) this.where.push(this.olderThan(query.before));
    if (query.limit !== undefined && !Number.isInteger(query.limit)) {
      throw refuse(
        400,
        'PAGE_LIMIT_INVALID',
        'Jumlah baris per halaman harus bilangan bulat.',
        'The page size must be a whole number.',
      );
    }
    this.limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  }

  param = (value: unknown): string => {
    this.params.push(value);
    return `$${this.params.length}`;
  };

  private olderThan(before: string): string {
    const [createdAt, terminalId, reference] = before.split('|');
    if (!/^\d+$/.test(createdAt ?? '') || terminalId === undefined || reference === undefined) {
      throw refuse(400, 'CURSOR_INVALID', 'Kursor halaman tidak valid.', 'The page cursor is not valid.');
    }
    return `(p.created_at, p.terminal_id, ${this.reference}) < (${this.param(BigInt(createdAt ?? '0'))}, ${this.param(terminalId)}, ${this.param(reference)})`;
  }

  /** WHERE, the newest-first order, and one row more than the page to know whether another follows. */
  tail(): string {
    return `${this.where.length > 0 ? `WHERE ${this.where.join(' AND ')}` : ''}
      ORDER BY p.created_at DESC, p.terminal_id DESC, ${this.reference} DESC
      LIMIT ${this.param(this.limit + 1)}`;
  }

  /** The page of `rows` (read with tail()), with the cursor of the next one. */
  page<T extends { createdAt: number; terminalId: string }>(
    rows: readonly unknown[],
    view: (raw: unknown) => T,
    referenceOf: (item: T) => string,
  ): { items: T[]; nextBefore: string | null } {
    const items = rows.slice(0, this.limit).map(view);
    const last = items.at(-1);
    return {
      items,
      nextBefore:
        rows.length > this.limit && last ? `${last.createdAt}|${last.terminalId}|${referenceOf(last)}` : null,
    };
  }
}

export const emptyBucket = (): Bucket => ({ count: 0, totalMinor: '0' });

export function addBucket(a: Bucket, b: Bucket): Bucket {
  return { count: a.count + b.count, totalMinor: (BigInt(a.totalMinor) + BigInt(b.totalMinor)).toString() };
}

/** Which terminal a row is from, as the back office names it. */
export function terminalOf(
  terminalId: string,
  terminals: ReadonlyMap<string, TerminalInfo>,
): { terminalId: string; shop: string; label: string } {
  const info = terminals.get(terminalId);
  return { terminalId, shop: info?.shop ?? '?', label: info?.label ?? terminalId };
}
