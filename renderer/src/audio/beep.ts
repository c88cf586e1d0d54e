// The sound of an outcome, synthesised with WebAudio (no audio file to fetch or bundle): a rising
// two-tone chime for PAID, a low double buzz for a failure, one short tick for a rejected scan.
// A cashier facing the customer hears the result before looking at the screen.

export type Cue = 'success' | 'failure' | 'error';

interface Tone {
  frequency: number;
  startMs: number;
  durationMs: number;
  type: OscillatorType;
}

export const CUES: Readonly<Record<Cue, readonly Tone[]>> = {
  success: [
    { frequency: 880, startMs: 0, durationMs: 120, type: 'sine' },
    { frequency: 1320, startMs: 130, durationMs: 220, type: 'sine' },
  ],
  failure: [
    { frequency: 220, startMs: 0, durationMs: 220, type: 'square' },
    { frequency: 180, startMs: 280, durationMs: 320, type: 'square' },
  ],
  error: [{ frequency: 330, startMs: 0, durationMs: 120, type: 'triangle' }],
};

const VOLUME = 0.18;

let context: AudioContext | null = null;
let muted = false;

export function setMuted(value: boolean): void {
  muted = value;
}

function audioContext(): AudioContext | null {
  if (context) return context;
  const Ctor = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctor) return null;
  context = new Ctor();
  return context;
}

/** Plays a cue; silently does nothing where there is no WebAudio (tests, a locked-down host). */
export function play(cue: Cue): void {
  if (muted) return;
  const ctx = audioContext();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const t0 = ctx.currentTime + 0.01;
  for (const tone of CUES[cue]) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = tone.type;
    oscillator.frequency.value = tone.frequency;
    const start = t0 + tone.startMs / 1000;
    const end = start + tone.durationMs / 1000;
    // A short attack and release: no click at either end.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(VOLUME, start + 0.01);
    gain.gain.setValueAtTime(VOLUME, end - 0.02);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(end + 0.01);
  }
}
