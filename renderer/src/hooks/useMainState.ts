import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../preload/contract';
import { kasir } from '../kasir';
import { useKasirEvent } from './useKasirEvent';

/**
 * A piece of main's state that has both a channel to ask for it and an event announcing changes
 * under the same name (payment:recovery, journal:health, customer:state): asked once, then kept current.
 */
type StateName = 'payment:recovery' | 'journal:health' | 'customer:state';

export function useMainState<N extends StateName>(name: N): EventPayload<N> | null {
  const [state, setState] = useState<EventPayload<N> | null>(null);
  useKasirEvent(name, (payload) => setState(() => payload));
  useEffect(() => {
    void kasir()
      .invoke(name as StateName)
      .then((result) => {
        if (result.ok) setState((current) => current ?? (result.value as EventPayload<N>));
      });
  }, [name]);
  return state;
}
