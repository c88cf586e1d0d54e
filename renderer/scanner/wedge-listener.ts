// Drives the wedge state machine from live keydowns: schedules the timer that decides held keys when
// no further key comes, and hands results to callbacks. The clock and the timer are parameters so
// tests run on made-up time; the defaults (performance.now, setTimeout) are read only when called,
// never at import.

import type { WedgeDetector, WedgeKey, WedgeOptions, WedgeOutput, WedgeScan } from './wedge';
import { createWedgeDetector } from './wedge';

export interface WedgeTimer {
  set: (callback: () => void, delayMs: number) => unknown;
  clear: (handle: unknown) => void;
}

export interface WedgeListenerInit {
  options?: Partial<WedgeOptions>;
  /** Same clock as KeyboardEvent.timeStamp (performance.now in a browser). */
  now?: () => number;
  timer?: WedgeTimer;
  onScan: (scan: WedgeScan) => void;
  /** Characters that were typing after all, in order, for the focused field. */
  onTyping: (keys: string[]) => void;
}

export interface WedgeListener {
  /** Feed a keydown. Returns true when the listener took the key: call preventDefault() on the event. */
  handleKey: (event: WedgeKey) => boolean;
  /** Decide held keys now (on window blur or screen change). */
  flush: () => void;
  dispose: () => void;
}

/**
 * KeyboardEvent.timeStamp counts from the page's time origin in Chromium, but from the epoch in other
 * DOMs (jsdom, older engines). A stamp this far from our clock is on another one: every deadline drawn
 * from it would be wrong by decades, so such a key is stamped when it arrives instead.
 */
const OTHER_CLOCK_MS = 60_000;

function onOurClock(event: WedgeKey, at: number): WedgeKey {
  if (Math.abs(event.timeStamp - at) <= OTHER_CLOCK_MS) return event;
  // Field by field: a KeyboardEvent's fields are getters on its prototype, which a spread would lose.
  const { key, repeat, ctrlKey, altKey, metaKey } = event;
  return { key, timeStamp: at, repeat, ctrlKey, altKey, metaKey };
}

function defaultTimer(): WedgeTimer {
  return {
    set: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
    clear: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

export function createWedgeListener(init: WedgeListenerInit): WedgeListener {
  const detector: WedgeDetector = createWedgeDetector(init.options);
  const now = init.now ?? (() => globalThis.performance.now());
  const timer = init.timer ?? defaultTimer();
  let pending: unknown;
  let disposed = false;

  const deliver = (outputs: readonly WedgeOutput[]) => {
    for (const output of outputs) {
      if (output.kind === 'scan') init.onScan(output);
      else init.onTyping(output.keys);
    }
  };

  const schedule = () => {
    if (pending !== undefined) timer.clear(pending);
    pending = undefined;
    const deadline = detector.deadline();
    if (deadline === undefined || disposed) return;
    pending = timer.set(
      () => {
        pending = undefined;
        deliver(detector.tick(now()));
        schedule();
      },
      Math.max(0, deadline - now()),
    );
  };

  return {
    handleKey(event) {
      if (disposed) return false;
      const { outputs, passThrough } = detector.key(onOurClock(event, now()));
      deliver(outputs);
      schedule();
      return !passThrough;
    },
    flush() {
      deliver(detector.flush());
      schedule();
    },
    dispose() {
      disposed = true;
      if (pending !== undefined) timer.clear(pending);
      pending = undefined;
    },
  };
}
