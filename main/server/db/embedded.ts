// The embedded PostgreSQL (PGlite) in a folder of its own: one command starts the server on a
// laptop with no database to install. PGlite is one connection in this process; it queues queries
// and runs a transaction alone, so the same code that runs on a pool runs here unchanged. Its fsyncs
// are made real (durable-nodefs.ts), so neither a killed process nor a power cut loses a committed
// transaction.

import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { DurableNodeFS, durableStartParams, syncTree } from './durable-nodefs';
import type { Database, Sql } from './port';
import { databaseError, INT8_OID, parseInt8 } from './port';

export async function openEmbedded(dir: string): Promise<Database> {
  const where = `embedded PostgreSQL in ${dir}`;
  let lite: PGlite;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    lite = await PGlite.create({
      fs: new DurableNodeFS(dir),
      startParams: durableStartParams(),
      parsers: { [INT8_OID]: parseInt8 },
    });
  } catch (error) {
    throw databaseError(error, where);
  }
  try {
    // What was written before the fsyncs were real (the cluster unpacked at first start, a previous
    // version's writes) goes to disk before anything is acknowledged.
    syncTree(dir);
  } catch (error) {
    await lite.close();
    throw databaseError(error, where);
  }
  const on = (target: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      (await target.query<Row>(text, params as unknown[] | undefined)).rows,
    exec: async (text) => {
      await target.exec(text);
    },
  });
  return {
    kind: 'embedded',
    where,
    ...on(lite),
    transaction: (work) => lite.transaction((tx) => work(on(tx))),
    close: () => lite.close(),
  };
}
