// The merchant server's database port: what every query is written against, whichever engine
// runs it (main/server/db/database.ts picks one). int8 columns come back as bigint on both.

import { KasirError } from '../../errors';

/** What a query runs on: the database itself, or one open transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (a migration step). */
  exec(text: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'embedded';
  /** Where it is, without any password: for the first stdout line and the logs. */
  readonly where: string;
  /**
   * Runs `work` in one transaction, committed before this resolves: whatever it wrote is durable
   * once the promise settles (PostgreSQL fsyncs a commit; so does the embedded engine, whose fsync
   * durable-nodefs.ts makes real).
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** int8 as bigint: both drivers hand back its text, which BigInt reads exactly. */
export const INT8_OID = 20;
export const parseInt8 = (text: string): bigint => BigInt(text);

export function databaseError(cause: unknown, where: string): KasirError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new KasirError({
    code: 'SERVER_DATABASE_UNAVAILABLE',
    message: {
      id: `Basis data server tidak dapat dibuka (${where}): ${detail}`,
      en: `The server's database cannot be opened (${where}): ${detail}`,
    },
    cause,
  });
}

/** The URL with its password, if any, replaced: safe to print. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
