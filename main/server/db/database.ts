// The merchant server's one door to its database: PostgreSQL, either a real server (a
// postgres:// URL) or the embedded one (PGlite, a PostgreSQL build in WebAssembly) in the server's
// data folder. Both speak the same SQL with $n parameters, so every query is written once. int8
// columns come back as bigint on both (money is never a float, counts are parsed where read).

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
   * once the promise settles (a commit is flushed to disk by both engines).
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… of a real server; without one, the embedded database in `embeddedDir`. */
  url?: string | undefined;
  embeddedDir: string;
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

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.url);
  }
  const { openEmbedded } = await import('./embedded');
  return openEmbedded(options.embeddedDir);
}
