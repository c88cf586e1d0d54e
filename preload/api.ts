// Builds window.kasir from two transport functions. Kept free of 'electron' so the e2e bridge and
// tests build the very same object over a different transport.
import type { Channel, EventName, KasirApi } from './contract';
import { isChannel, isEvent } from './contract';

export interface KasirTransport {
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  /** Subscribes to every event main pushes; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export function createKasirApi(transport: KasirTransport): KasirApi {
  const api = {
    invoke(channel: Channel, payload?: unknown) {
      // Refuse unknown channels here too, so a compromised renderer script cannot reach other IPC.
      if (!isChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'IPC_UNKNOWN_CHANNEL',
            message: { id: 'Kanal tidak dikenal', en: 'Unknown channel' },
          },
        });
      }
      return transport.invoke(channel, payload);
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (!isEvent(event)) throw new TypeError(`Unknown event ${String(event)}`);
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
  return Object.freeze(api) as unknown as KasirApi;
}
