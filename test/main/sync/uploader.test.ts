// The outbox uploader against a server that holds entries by seq, as the merchant server does. The
// server side here is a stand-in at the network edge (the uploader's ServerClient); the full path
// over real HTTP and a real database is in test/main/server/merchant-server.test.ts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Journal } from '../../../main/payments/journal';
import { LinkStore } from '../../../main/sync/link-store';
import type { OutboxSource } from '../../../main/sync/outbox';
import { journalSources, purchaseSource } from '../../../main/sync/outbox';
import type { SyncBatch, SyncEntry } from '../../../main/sync/protocol';
import type { ServerClient } from '../../../main/sync/server-client';
import { OutboxUploader } from '../../../main/sync/uploader';
import { tempDir } from '../payments/support';

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('kasir-uploader-');
});
afterEach(() => dir.remove());

function source(count: number, durable: () => Promise<void> = async () => {}): OutboxSource {
  const entries = Array.from({ length: count }, (_, i) => ({ seq: i + 1 }) as unknown as SyncEntry);
  return {
    stream: 'events',
    after: (cursor, limit) => entries.filter((e) => e.seq > cursor).slice(0, limit),
    pendingAfter: (cursor) => entries.filter((e) => e.seq > cursor).length,
    durable,
  };
}

/** A server that answers each upload after a turn of the event loop and records what it was sent. */
function slowServer() {
  const uploads: SyncBatch[] = [];
  let held = 0;
  const client = {
    cursors: async () => ({ cursors: { events: held }, live: 0 }),
    upload: async (batch: SyncBatch) => {
      uploads.push(batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
      held = Math.max(held, ...batch.entries.map((e) => e.seq));
      return { stream: batch.stream, cursor: held, stored: batch.entries.length };
    },
  } as unknown as ServerClient;
  return { client, uploads };
}

function enrolledStore(): LinkStore {
  const store = new LinkStore(dir.path);
  store.write({
    version: 1,
    serverUrl: 'http://127.0.0.1:9',
    terminalKey: 'T1',
    token: 'x'.repeat(32),
    shop: 'Toko',
    label: 'T1',
    enrolledAt: 0,
    liveCursor: 0,
    synced: {},
  });
  return store;
}

describe('the outbox uploader', () => {
  it('sends a batch only once the journal says the entries it read are on disk', async () => {
    const server = slowServer();
    let synced: () => void = () => {};
    let asked = 0;
    const uploader = new OutboxUploader({
      client: server.client,
      sources: [
        source(2, () => {
          asked += 1;
          return new Promise<void>((resolve) => {
            synced = resolve;
          });
        }),
      ],
      store: enrolledStore(),
      onChange: () => {},
      log: () => {},
      now: () => 0,
    });
    const pass = uploader.syncOnce();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(asked).toBe(1);
    expect(server.uploads).toEqual([]);
    synced();
    expect(await pass).toBe(2);
    expect(server.uploads.map((b) => b.entries.map((e) => e.seq))).toEqual([[1, 2]]);
  });

  it('sends nothing when the journal cannot make the entries durable, and says why', async () => {
    const server = slowServer();
    const uploader = new OutboxUploader({
      client: server.client,
      sources: [source(2, () => Promise.reject(new Error('EIO: i/o error, fsync')))],
      store: enrolledStore(),
      onChange: () => {},
      log: () => {},
      now: () => 0,
    });
    await expect(uploader.syncOnce()).rejects.toThrow(/fsync/);
    expect(server.uploads).toEqual([]);
  });

  it('runs one pass at a time, so a sync asked for mid-pass sends nothing twice', async () => {
    const server = slowServer();
    const uploader = new OutboxUploader({
      client: server.client,
      sources: [source(3)],
      store: enrolledStore(),
      onChange: () => {},
      log: () => {},
      now: () => 0,
      batchSize: 1,
    });
    const [first, second] = await Promise.all([uploader.syncOnce(), uploader.syncOnce(true)]);
    expect(first).toBe(3);
    expect(second).toBe(0);
    expect(server.uploads.map((b) => b.entries.map((e) => e.seq))).toEqual([[1], [2], [3]]);
    expect(uploader.pending()).toBe(0);
  });
});

describe("the journal's outbox streams", () => {
  it('each wait for the journal to fsync what was read before a batch goes', async () => {
    const journal = Journal.open(join(dir.path, 'journal.sqlite'));
    try {
      const spy = vi.spyOn(journal, 'syncAll');
      for (const source of [...journalSources(journal), purchaseSource(journal)]) await source.durable();
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      journal.close();
    }
  });
});
