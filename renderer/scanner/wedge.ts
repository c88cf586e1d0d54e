// Keyboard-wedge scanners are keyboards that type very fast and press Enter (or Tab) at the end.
// This state machine tells their bursts from a person typing, by timing alone, so a scan works
// wherever focus is. Characters come from KeyboardEvent.key, never keyCode: keyCode-based readers
// lose "+", "/" and "=", which corrupts base64. Pure: the caller supplies events and the time.
//
// Every character key is held back briefly until it is clear whether a burst is starting; keys that
// turn out to be typing are handed back ({ kind: 'typing' }) for the UI to deliver to the focused field.

export interface WedgeOptions {
  /** Longest gap (ms) between keystrokes of one burst. Scanners type every 1–10 ms; people rarely under 50. */
  maxInterKeyMs: number;
  /** Fewest characters for a fast burst to be a scan; a shorter one (a quick "00") is typing. */
  minScanLength: number;
  /** KeyboardEvent.key values that end a scan. */
  suffixes: readonly string[];
  /** Silence (ms) after which a scan-length burst with no suffix is reported as incomplete. */
  incompleteAfterMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxInterKeyMs: 30,
  minScanLength: 8,
  suffixes: ['Enter', 'Tab'],
  incompleteAfterMs: 100,
};

/** The fields of a KeyboardEvent (keydown) the detector reads. */
export interface WedgeKey {
  key: string;
  timeStamp: number;
  /** A key held down by a person auto-repeats; scanners never do. */
  repeat?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type WedgeScan = {
  kind: 'scan';
  text: string;
  /** false: the burst stopped without a suffix (the scanner moved away, a cable came loose). */
  terminated: boolean;
  suffix?: string;
};

export type WedgeOutput = WedgeScan | { kind: 'typing'; keys: string[] };

export interface WedgeState {
  /** Characters held back while deciding, with the time of the latest. */
  readonly held: readonly string[];
  readonly lastTimeStamp: number;
}

export interface WedgeStep {
  state: WedgeState;
  outputs: WedgeOutput[];
  /** true: the caller lets this key event do its normal work; false: the detector took it (preventDefault). */
  passThrough: boolean;
}

/** Scanner output that is not a character (a layout's dead key, say) stands in the scan text as U+FFFD. */
export const UNPRINTABLE_KEY = '\uFFFD';

const MODIFIER_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
  'FnLock',
  'Symbol',
  'SymbolLock',
]);

export function resolveWedgeOptions(overrides: Partial<WedgeOptions> = {}): WedgeOptions {
  const options = { ...DEFAULT_WEDGE_OPTIONS, ...overrides };
  if (!(options.maxInterKeyMs > 0)) throw new RangeError('maxInterKeyMs must be positive');
  if (!Number.isInteger(options.minScanLength) || options.minScanLength < 2) {
    throw new RangeError('minScanLength must be an integer of at least 2');
  }
  if (!(options.incompleteAfterMs >= options.maxInterKeyMs)) {
    throw new RangeError('incompleteAfterMs must be at least maxInterKeyMs');
  }
  return options;
}

export const INITIAL_WEDGE_STATE: WedgeState = { held: [], lastTimeStamp: 0 };

function isCharacter(event: WedgeKey): boolean {
  // AltGr arrives as Ctrl+Alt on Windows and still types a character; Ctrl or Meta alone is a shortcut.
  const chord = (event.ctrlKey === true && event.altKey !== true) || event.metaKey === true;
  return !chord && Array.from(event.key).length === 1;
}

function isScanLength(state: WedgeState, options: WedgeOptions): boolean {
  return state.held.length >= options.minScanLength;
}

/** When the held keys must be decided if nothing else arrives; undefined when nothing is held. */
export function wedgeDeadline(state: WedgeState, options: WedgeOptions): number | undefined {
  if (state.held.length === 0) return undefined;
  return (
    state.lastTimeStamp + (isScanLength(state, options) ? options.incompleteAfterMs : options.maxInterKeyMs)
  );
}

function resolveHeld(state: WedgeState, options: WedgeOptions): WedgeOutput[] {
  if (state.held.length === 0) return [];
  if (isScanLength(state, options)) return [{ kind: 'scan', text: state.held.join(''), terminated: false }];
  return [{ kind: 'typing', keys: [...state.held] }];
}

/** Time passing with no key: decides held keys whose deadline has come. */
export function wedgeTick(
  state: WedgeState,
  now: number,
  options: WedgeOptions,
): { state: WedgeState; outputs: WedgeOutput[] } {
  const deadline = wedgeDeadline(state, options);
  if (deadline === undefined || now < deadline) return { state, outputs: [] };
  return { state: INITIAL_WEDGE_STATE, outputs: resolveHeld(state, options) };
}

/** One keydown. */
export function wedgeKey(state: WedgeState, event: WedgeKey, options: WedgeOptions): WedgeStep {
  if (MODIFIER_KEYS.has(event.key)) return { state, outputs: [], passThrough: true };

  // A gap longer than the burst allows ends the burst before this key is looked at.
  const deadline = wedgeDeadline(state, options);
  const outputs: WedgeOutput[] = [];
  let current = state;
  if (deadline !== undefined && event.timeStamp > deadline) {
    outputs.push(...resolveHeld(current, options));
    current = INITIAL_WEDGE_STATE;
  }

  if (options.suffixes.includes(event.key)) {
    if (isScanLength(current, options)) {
      outputs.push({ kind: 'scan', text: current.held.join(''), terminated: true, suffix: event.key });
      return { state: INITIAL_WEDGE_STATE, outputs, passThrough: false };
    }
    outputs.push(...resolveHeld(current, options));
    return { state: INITIAL_WEDGE_STATE, outputs, passThrough: true };
  }

  if (event.repeat === true || !isCharacter(event)) {
    // Inside a scan, a non-character key is scanner output (a dead key from a layout mismatch) and
    // must show up as damage; otherwise it is a person's key (F-key, arrow, held key) and goes now.
    if (isScanLength(current, options) && event.repeat !== true) {
      const held = [...current.held, UNPRINTABLE_KEY];
      return { state: { held, lastTimeStamp: event.timeStamp }, outputs, passThrough: false };
    }
    outputs.push(...resolveHeld(current, options));
    return { state: INITIAL_WEDGE_STATE, outputs, passThrough: true };
  }

  return {
    state: { held: [...current.held, event.key], lastTimeStamp: event.timeStamp },
    outputs,
    passThrough: false,
  };
}

/** Everything held, decided now (window blur, screen change). */
export function wedgeFlush(
  state: WedgeState,
  options: WedgeOptions,
): { state: WedgeState; outputs: WedgeOutput[] } {
  return { state: INITIAL_WEDGE_STATE, outputs: resolveHeld(state, options) };
}

/** The state machine with its state kept inside, for callers that do not want to thread it. */
export function createWedgeDetector(overrides: Partial<WedgeOptions> = {}) {
  const options = resolveWedgeOptions(overrides);
  let state = INITIAL_WEDGE_STATE;
  return {
    options,
    key(event: WedgeKey): { outputs: WedgeOutput[]; passThrough: boolean } {
      const step = wedgeKey(state, event, options);
      state = step.state;
      return { outputs: step.outputs, passThrough: step.passThrough };
    },
    tick(now: number): WedgeOutput[] {
      const step = wedgeTick(state, now, options);
      state = step.state;
      return step.outputs;
    },
    flush(): WedgeOutput[] {
      const step = wedgeFlush(state, options);
      state = step.state;
      return step.outputs;
    },
    deadline(): number | undefined {
      return wedgeDeadline(state, options);
    },
  };
}

export type WedgeDetector = ReturnType<typeof createWedgeDetector>;
