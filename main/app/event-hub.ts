// Events from the core to the renderer. They get the same treatment as IPC answers: checked against the
// contract with unknown keys stripped, so nothing the contract does not name can reach the renderer
// this way either.
import type { EventName, EventPayload } from '../../preload/contract';
import { events } from '../../preload/contract';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
export type EventListener = (event: EventName, payload: unknown) => void;

export interface EventHub {
  emit: EventSink;
  subscribe(listener: EventListener): () => void;
  clear(): void;
}

export function createEventHub(log?: (message: string, detail?: unknown) => void): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) {
        log?.(`event ${event} does not match the contract; not sent`, checked.error.issues);
        return;
      }
      for (const listener of listeners) listener(event, checked.data);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}
