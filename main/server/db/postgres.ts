// A real PostgreSQL server through node-postgres' pool. Each transaction holds one pooled
// connection from BEGIN to COMMIT; a failed one is rolled back and its connection discarded.

import pg from 'pg';
import type { Database, Sql } from './port';
import { databaseError, INT8_OID, parseInt8, redactDatabaseUrl } from './port';

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPostgres(url: string): Promise<Database> {
  const where = redactDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, types, max: 8, connectionTimeoutMillis: 10_000 });
  // A connection that breaks while idle in the pool must not take the process down.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw databaseError(error, where);
  }
  const on = (client: pg.Pool | pg.PoolClient): Sql => ({
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      (await client.query(text, params as unknown[] | undefined)).rows as Row[],
    exec: async (text) => {
      await client.query(text);
    },
  });
  return {
    kind: 'postgres',
    where,
    ...on(pool),
    async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
