// The merchant server's one door to its database: PostgreSQL, either a real server (a
// postgres:// URL) or the embedded one (PGlite, a PostgreSQL build in WebAssembly) in the server's
// data folder. Both speak the same SQL with $n parameters, so every query is written once. int8
// columns come back as bigint on both (money is never a float, counts are parsed where read).

import type { Database } from './port';

export type { Database, Sql } from './port';

export interface OpenDatabaseOptions {
  /** postgres://… of a real server; without one, the embedded database in `embeddedDir`. */
  url?: string | undefined;
  embeddedDir: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    const { openPostgres } = await import('./postgres');
    return openPostgres(options.url);
  }
  const { openEmbedded } = await import('./embedded');
  return openEmbedded(options.embeddedDir);
}
