// A terminal's link to its merchant server, assembled: the outbox uploader (journal → server) and
// the live client (server → engine), over the link file kept beside the journal. It takes the
// journal and the engine as parameters, so the app, the CLI and the tests build it the same way.
// Nothing here is on a payment's path: offline, the terminal takes payments exactly as before.

import type { ServerLinkStatus } from '../../preload/contract/server-link';
import { KasirError } from '../errors';
import type { NotifyApplication } from '../payments/notify-apply';
import type { NotifyRequest } from '../snap/schemas';
import { NotifyRequestSchema } from '../snap/schemas';
import { LinkStore } from './link-store';
import type { HintHandler } from './live';
import { LiveClient } from './live';
import type { OutboxJournal, OutboxSource } from './outbox';
import { journalSources } from './outbox';
import { ServerClient } from './server-client';
import { asKasirError, OutboxUploader } from './uploader';

/** What the link needs of the payment engine. */
export interface LinkEngine {
  subscribe(listener: () => void): () => void;
  applyNotify(body: NotifyRequest, meta?: { externalId?: string }): NotifyApplication;
}

export interface TerminalIdentity {
  terminalId: string;
  merchantId: string;
  /** This journal holds play money (the embedded sandbox). */
  sandbox: boolean;
}

export interface ServerLinkOptions {
  /** The journal's folder: the link file lives beside it. */
  dir: string;
  journal: OutboxJournal & { recordAnomaly(kind: string, detail: unknown): void };
  engine: LinkEngine;
  identity: TerminalIdentity;
  /** More streams to upload (another journal) and handlers for more hint sources (Klikoo callbacks). */
  sources?: readonly OutboxSource[];
  hintHandlers?: Readonly<Record<string, HintHandler>>;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (line: string) => void;
  onStatus?: (status: ServerLinkStatus) => void;
  /** Outbox interval and live silence limit (tests shorten them). */
  intervalMs?: number;
  silenceMs?: number;
}

export interface ServerLink {
  status(): ServerLinkStatus;
  /** Trades a one-time code for this terminal's credential, then starts syncing. */
  enrol(serverUrl: string, code: string): Promise<ServerLinkStatus>;
  /** Forgets the server (the journal is untouched). */
  forget(): Promise<ServerLinkStatus>;
  /** Sends everything pending now; resolves with how many entries went, or throws why not. */
  syncNow(): Promise<number>;
  close(): Promise<void>;
}

interface Running {
  uploader: OutboxUploader;
  live: LiveClient;
  unsubscribe: () => void;
  server: string;
  shop: string;
  label: string;
}

export function startServerLink(options: ServerLinkOptions): ServerLink {
  const store = new LinkStore(options.dir);
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const sources = [...journalSources(options.journal), ...(options.sources ?? [])];
  let running: Running | undefined;
  let failure: KasirError | undefined;
  let closed = false;
  let lastSent = '';

  const handlers: Record<string, HintHandler> = {
    'snap-notify': (hint) => {
      const body = NotifyRequestSchema.safeParse(hint.body);
      if (!body.success) {
        options.journal.recordAnomaly('server-hint-invalid', { source: hint.source, cursor: hint.cursor });
        return;
      }
      options.engine.applyNotify(body.data);
    },
    ...options.hintHandlers,
  };

  function status(): ServerLinkStatus {
    if (!running) {
      return {
        state: failure ? 'error' : 'not-enrolled',
        server: null,
        shop: null,
        label: null,
        pending: 0,
        lastSyncAt: null,
        error: failure ? { code: failure.code, message: failure.messages } : null,
      };
    }
    const { uploader, live } = running;
    const error = live.lastError ?? uploader.lastError;
    let pending = 0;
    try {
      pending = uploader.pending();
    } catch {
      // a closed journal: the count is what it was
    }
    const state =
      uploader.lastError?.code === 'SYNC_JOURNAL_BEHIND'
        ? 'error'
        : live.state === 'refused' || uploader.lastError?.code === 'TERMINAL_NOT_ENROLLED'
          ? 'refused'
          : live.state;
    return {
      state,
      server: running.server,
      shop: running.shop,
      label: running.label,
      pending,
      lastSyncAt: uploader.lastSyncAt,
      error: error ? { code: error.code, message: error.messages } : null,
    };
  }

  function changed(): void {
    if (!options.onStatus || closed) return;
    const current = status();
    const key = JSON.stringify({ ...current, lastSyncAt: null });
    if (key === lastSent) return;
    lastSent = key;
    options.onStatus(current);
  }

  function begin(): void {
    let link: ReturnType<LinkStore['read']>;
    try {
      link = store.read();
      failure = undefined;
    } catch (error) {
      failure = asKasirError(error);
      return;
    }
    if (!link) return;
    const client = new ServerClient({
      serverUrl: link.serverUrl,
      token: link.token,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const uploader = new OutboxUploader({
      client,
      sources,
      store,
      onChange: changed,
      log,
      now,
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    });
    const live = new LiveClient({
      client,
      store,
      handlers,
      onChange: changed,
      log,
      ...(options.silenceMs === undefined ? {} : { silenceMs: options.silenceMs }),
    });
    // Every journal change is something to send.
    const unsubscribe = options.engine.subscribe(() => {
      uploader.kick();
      changed();
    });
    running = { uploader, live, unsubscribe, server: link.serverUrl, shop: link.shop, label: link.label };
    uploader.start();
    live.start();
  }

  async function end(): Promise<void> {
    const current = running;
    running = undefined;
    if (!current) return;
    current.unsubscribe();
    await Promise.all([current.uploader.stop(), current.live.stop()]);
  }

  begin();

  return {
    status,
    async enrol(serverUrl, code) {
      const client = new ServerClient({ serverUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
      const answer = await client.enrol({ code, terminal: options.identity });
      await end();
      store.write({
        version: 1,
        serverUrl: client.serverUrl,
        terminalKey: answer.terminalKey,
        token: answer.token,
        shop: answer.shop,
        label: answer.label,
        enrolledAt: now(),
        liveCursor: 0,
        synced: {},
      });
      log(`enrolled with ${client.serverUrl} as ${answer.shop} / ${answer.label}`);
      begin();
      changed();
      return status();
    },
    async forget() {
      await end();
      store.remove();
      failure = undefined;
      changed();
      return status();
    },
    async syncNow() {
      if (!running) {
        throw (
          failure ??
          new KasirError({
            code: 'TERMINAL_NOT_ENROLLED',
            message: {
              id: 'Terminal ini belum terdaftar di server mana pun.',
              en: 'This terminal is not enrolled with any server.',
            },
          })
        );
      }
      return running.uploader.syncOnce(true);
    },
    async close() {
      closed = true;
      await end();
    },
  };
}
