import { useCallback, useRef } from 'react';

/** What a call answers when a newer one started after it: its answer is out of date, drop it. */
export const STALE: unique symbol = Symbol('stale');

/**
 * Runs reads so that only the newest one's answer is used. Two reads in flight can answer out of
 * order (a reload on an event racing the one before it, a search for another day started before the
 * last one answered), and the older answer must never overwrite the newer one on screen: a sale
 * would then show a state that no later event moves again.
 */
export function useLatestCall(): <T>(call: () => Promise<T>) => Promise<T | typeof STALE> {
  const newest = useRef(0);
  return useCallback(async <T>(call: () => Promise<T>) => {
    newest.current += 1;
    const mine = newest.current;
    const value = await call();
    return mine === newest.current ? value : STALE;
  }, []);
}
