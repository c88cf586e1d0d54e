// The terminal's end of live delivery: one outbound server-sent-events stream to the merchant
// server, resumed after the last hint this terminal applied (Last-Event-ID), so nothing routed to
// it while it was away is missed. Each hint is handed to the handler for its source (a SNAP notify
// goes to the payment engine, which confirms it with a query), then the cursor is kept and
// acknowledged. A stream that goes quiet past the server's heartbeat is dropped and reopened.

import { createParser } from 'eventsource-parser';
import type { KasirError } from '../errors';
import type { LinkStore } from './link-store';
import type { LiveHint } from './protocol';
import { LiveHintSchema } from './protocol';
import type { ServerClient } from './server-client';
import { asKasirError } from './uploader';
import { Wakeable } from './wakeable';

export type HintHandler = (hint: LiveHint) => void | Promise<void>;

export type LiveState = 'connecting' | 'connected' | 'offline' | 'refused';

export interface LiveClientOptions {
  client: ServerClient;
  store: LinkStore;
  handlers: Readonly<Record<string, HintHandler>>;
  onChange: () => void;
  log: (line: string) => void;
  /** A silent stream is reopened after this long (the server pings every 15 s). Default 45 s. */
  silenceMs?: number;
  maxBackoffMs?: number;
}

export class LiveClient {
  state: LiveState = 'connecting';
  lastError: KasirError | undefined;
  private stopped = false;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  private readonly waiting = new Wakeable();
  private acking: Promise<void> = Promise.resolve();

  constructor(private readonly options: LiveClientOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Reconnects now (the network is back, settings changed) instead of after the backoff. */
  reconnect(): void {
    this.abort?.abort();
    this.waiting.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.waiting.wake();
    await this.running;
    await this.acking;
  }

  private set(state: LiveState, error?: KasirError): void {
    if (this.state === state && this.lastError === error) return;
    this.state = state;
    this.lastError = error;
    this.options.onChange();
  }

  private async loop(): Promise<void> {
    const maxBackoff = this.options.maxBackoffMs ?? 15_000;
    let backoff = 250;
    while (!this.stopped) {
      try {
        const opened = await this.session();
        if (opened) backoff = 250;
        if (!this.stopped) this.set('offline');
      } catch (error) {
        const failure = asKasirError(error);
        this.set(failure.code === 'TERMINAL_NOT_ENROLLED' ? 'refused' : 'offline', failure);
        if (failure.code === 'TERMINAL_NOT_ENROLLED') backoff = Math.max(backoff, 30_000);
      }
      if (this.stopped) break;
      await this.waiting.sleep(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  /** One connection, until it ends. True when it was established. */
  private async session(): Promise<boolean> {
    const abort = new AbortController();
    this.abort = abort;
    const cursor = this.options.store.read()?.liveCursor ?? 0;
    const response = await this.options.client.openLive(cursor, abort.signal);
    this.set('connected');
    const silence = this.options.silenceMs ?? 45_000;
    let watchdog = setTimeout(() => abort.abort(), silence);
    let queue: Promise<void> = Promise.resolve();
    const parser = createParser({
      onEvent: (event) => {
        if (event.event !== 'hint') return;
        queue = queue.then(() => this.apply(event.data));
      },
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => abort.abort(), silence);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      clearTimeout(watchdog);
      await reader.cancel().catch(() => undefined);
      await queue;
    }
    return true;
  }

  private async apply(data: string): Promise<void> {
    let hint: LiveHint;
    try {
      hint = LiveHintSchema.parse(JSON.parse(data));
    } catch {
      this.options.log('live: a hint that cannot be read was skipped');
      return;
    }
    const handler = this.options.handlers[hint.source];
    try {
      if (handler) await handler(hint);
      else this.options.log(`live: no handler for ${hint.source} hints on this terminal; skipped`);
    } catch (error) {
      // Applying failed (a locked journal, a bug): not acknowledged, so the next connection brings it again.
      this.options.log(
        `live: applying hint ${hint.cursor} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.abort?.abort();
      throw error;
    }
    this.options.store.update((link) => ({ ...link, liveCursor: Math.max(link.liveCursor, hint.cursor) }));
    this.acking = this.acking
      .then(() => this.options.client.ack(hint.cursor))
      .catch(() => undefined /* the next connection's Last-Event-ID acknowledges it too */);
  }
}
