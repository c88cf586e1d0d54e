// What the payment engine and the purchase engine (main/ppob) share about running operations: one at
// a time per terminal (a second caller in this process is refused at once, another process by the
// terminal lock), which operation it is working on, the wake-ups a resolver waits for between queries,
// and the live events the UI subscribes to. See docs/architecture.md §8.

import type { KasirError } from '../errors';
import type { TerminalLock, TerminalLockFile } from './terminal-lock';
import { openTerminalLockFile } from './terminal-lock';

/** Live events to every subscriber; a listener that throws is logged and never stops the others. */
export class Listeners<E> {
  private readonly listeners = new Set<(event: E) => void>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly what: string,
  ) {}

  /** Returns the unsubscribe function. */
  add(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log(`${this.what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The lock files of one data directory, one per terminal id, kept open while the engine lives. */
export class TerminalLockFiles {
  private readonly files = new Map<string, TerminalLockFile>();

  constructor(private readonly dataDir: string) {}

  acquire(terminalId: string): TerminalLock {
    let file = this.files.get(terminalId);
    if (!file) {
      file = openTerminalLockFile(this.dataDir, terminalId);
      this.files.set(terminalId, file);
    }
    return file.acquire();
  }

  close(): void {
    for (const file of this.files.values()) file.close();
    this.files.clear();
  }
}

/**
 * One operation at a time. `focus` is the id of the operation's current payment or purchase (a
 * notify or callback about it wakes its resolver rather than starting another); `wait` is what a
 * resolver sleeps on between queries, `wake` ends that sleep.
 */
export class OperationGate {
  focus: number | undefined;
  private held = false;
  private current: Promise<unknown> | undefined;
  private readonly wakers = new Map<number, PromiseWithResolvers<void>>();

  constructor(
    private readonly lock: () => TerminalLock,
    private readonly busyError: () => KasirError,
  ) {}

  /** True while an operation holds the terminal. */
  get busy(): boolean {
    return this.held;
  }

  /** The operation holding the terminal, if any. */
  get running(): Promise<unknown> | undefined {
    return this.current;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.held) return Promise.reject(this.busyError());
    // Held before anything runs: work()'s first synchronous steps already see the terminal busy.
    this.held = true;
    let lock: TerminalLock;
    try {
      lock = this.lock();
    } catch (error) {
      this.held = false;
      return Promise.reject(error);
    }
    const running = (async () => {
      try {
        return await work();
      } finally {
        this.focus = undefined;
        this.current = undefined;
        this.wakers.clear();
        lock.release();
        this.held = false;
      }
    })();
    // Set before work() can finish: its `finally` runs in a later microtask at the earliest.
    this.current = running;
    return running;
  }

  /** Settles once no operation holds the terminal. */
  async idle(): Promise<void> {
    while (this.current !== undefined) await this.current.catch(() => undefined);
  }

  wait(id: number): Promise<void> {
    let waker = this.wakers.get(id);
    if (!waker) {
      waker = Promise.withResolvers<void>();
      this.wakers.set(id, waker);
    }
    return waker.promise;
  }

  wake(id: number): void {
    this.wakers.get(id)?.resolve();
    this.wakers.delete(id);
  }
}
