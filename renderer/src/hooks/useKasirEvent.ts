import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../preload/contract';
import { kasir } from '../kasir';

/** Subscribes to an event from main for the component's lifetime; the latest listener is always used. */
export function useKasirEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => kasir().on(event, (payload) => latest.current(payload)), [event]);
}
