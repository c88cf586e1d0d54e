// The outbox's pump: sends every entry the server does not hold yet, oldest first, one stream
// batch at a time, and moves on only when the server has answered with its new cursor. Offline it
// waits and tries again (the journal keeps everything; days offline are just a longer queue). A
// server holding more of a stream than this journal has is a different journal (restored from a
// backup, wiped, another copy): nothing is sent until someone looks.

import { KasirError } from '../errors';
import type { LinkStore } from './link-store';
import type { OutboxSource } from './outbox';
import { MAX_SYNC_BATCH } from './protocol';
import type { ServerClient } from './server-client';
import { Wakeable } from './wakeable';

export interface UploaderOptions {
  client: ServerClient;
  sources: readonly OutboxSource[];
  store: LinkStore;
  /** Something changed that the sync badge shows. */
  onChange: () => void;
  log: (line: string) => void;
  now: () => number;
  /** Look for new entries this often even without a kick. Default 5 s. */
  intervalMs?: number;
  /** The longest wait between retries while the server cannot be reached. Default 60 s. */
  maxBackoffMs?: number;
  batchSize?: number;
}

export class OutboxUploader {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly waiting = new Wakeable();
  private kicked = false;
  private cursors: Record<string, number> | undefined;
  private passing: Promise<void> = Promise.resolve();
  lastError: KasirError | undefined;
  lastSyncAt: number | null = null;

  constructor(private readonly options: UploaderOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** New entries exist: send them now rather than at the next interval. */
  kick(): void {
    this.kicked = true;
    this.waiting.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.wake();
    await this.running;
  }

  /** Entries the server does not hold yet, as far as this terminal last heard. */
  pending(): number {
    const known = this.cursors ?? this.options.store.read()?.synced ?? {};
    return this.options.sources.reduce(
      (sum, source) => sum + source.pendingAfter(known[source.stream] ?? 0),
      0,
    );
  }

  /**
   * One pass: everything pending is sent, or the first failure is thrown. With `fresh`, the server
   * is asked where it stands first, even with nothing to send.
   */
  syncOnce(fresh = false): Promise<number> {
    // One pass at a time: an explicit `kasir sync` arriving while the loop is mid-pass would otherwise
    // reset the cursors under it and upload the same batch twice.
    const pass = this.passing.then(() => this.pass(fresh));
    this.passing = pass.then(
      () => undefined,
      () => undefined,
    );
    return pass;
  }

  private async pass(fresh: boolean): Promise<number> {
    const { client, sources } = this.options;
    if (fresh) this.cursors = undefined;
    if (this.cursors === undefined) {
      const answer = await client.cursors();
      for (const source of sources) {
        const held = answer.cursors[source.stream] ?? 0;
        if (held > 0 && source.after(held - 1, 1)[0]?.seq !== held) throw journalBehind(source.stream, held);
      }
      this.cursors = { ...answer.cursors };
      this.remember();
    }
    let sent = 0;
    for (;;) {
      let progressed = false;
      for (const source of sources) {
        if (this.stopped) return sent;
        const entries = source.after(
          this.cursors[source.stream] ?? 0,
          this.options.batchSize ?? MAX_SYNC_BATCH,
        );
        if (entries.length === 0) continue;
        // Read first, then sync: whatever was read was committed before the fsync began.
        await source.durable();
        const answer = await client.upload({ stream: source.stream, entries });
        this.cursors[source.stream] = answer.cursor;
        sent += entries.length;
        progressed = true;
        this.remember();
        this.options.onChange();
      }
      if (!progressed) break;
    }
    this.lastSyncAt = this.options.now();
    return sent;
  }

  private remember(): void {
    const cursors = this.cursors;
    if (cursors === undefined) return;
    this.options.store.update((link) => ({ ...link, synced: { ...link.synced, ...cursors } }));
  }

  private async loop(): Promise<void> {
    const interval = this.options.intervalMs ?? 5_000;
    const maxBackoff = this.options.maxBackoffMs ?? 60_000;
    let backoff = 500;
    while (!this.stopped) {
      this.kicked = false;
      let wait = interval;
      try {
        await this.syncOnce();
        if (this.lastError) {
          this.lastError = undefined;
          this.options.onChange();
        }
        backoff = 500;
      } catch (error) {
        // Ask the server for its cursors again next time: the answer to the last upload may be lost.
        this.cursors = undefined;
        this.lastError = asKasirError(error);
        this.options.log(`sync: ${this.lastError.code}: ${this.lastError.messages.en}`);
        this.options.onChange();
        wait = backoff;
        backoff = Math.min(backoff * 2, maxBackoff);
        if (
          this.lastError.code === 'SYNC_JOURNAL_BEHIND' ||
          this.lastError.code === 'TERMINAL_NOT_ENROLLED'
        ) {
          wait = maxBackoff;
        }
      }
      if (!this.kicked) await this.waiting.sleep(wait);
    }
  }
}

export function asKasirError(error: unknown): KasirError {
  if (error instanceof KasirError) return error;
  return new KasirError({
    code: 'SYNC_FAILED',
    message: {
      id: 'Sinkronisasi dengan server gagal; dicoba lagi otomatis.',
      en: 'Sync with the server failed; it is retried automatically.',
    },
    cause: error,
  });
}

function journalBehind(stream: string, held: number): KasirError {
  return new KasirError({
    code: 'SYNC_JOURNAL_BEHIND',
    message: {
      id: `Server sudah memegang ${stream} sampai ${held}, lebih jauh dari jurnal terminal ini. Apakah jurnal ini dipulihkan atau diganti? Hubungi dukungan teknis sebelum sinkronisasi.`,
      en: `The server already holds ${stream} up to ${held}, beyond this terminal's journal. Was this journal restored or replaced? Contact support before syncing.`,
    },
    raw: { stream, held },
  });
}
