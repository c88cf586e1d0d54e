// The headless app core behind the window: everything the renderer can ask for, built from plain-Node
// services. Electron's main process and the e2e bridge both run exactly this.
import type { EventName, EventPayload } from '../../preload/contract';
import type { Dispatch, Handlers } from '../ipc/dispatcher';
import { createDispatcher } from '../ipc/dispatcher';
import { appVersion } from '../version';

export interface AppCoreOptions {
  dataDir: string;
  /** Receives unexpected errors for the support log. */
  log?: (message: string, detail?: unknown) => void;
}

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface AppCore {
  dispatch: Dispatch;
  /** Subscribe to events for the renderer; returns an unsubscribe function. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const emit: EventSink = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'Kasir CPM',
      version: appVersion(),
      backend: 'sandbox',
      language: 'id',
    }),
  };
  void emit;

  const dispatch = createDispatcher(handlers, {
    onInternalError: (channel, error) => options.log?.(`IPC ${channel} failed`, error),
  });

  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
