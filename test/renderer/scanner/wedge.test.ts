import { describe, expect, it } from 'vitest';
import type { WedgeKey, WedgeOptions, WedgeOutput } from '../../../renderer/scanner/wedge';
import { createWedgeDetector, UNPRINTABLE_KEY } from '../../../renderer/scanner/wedge';

/** The EMVCo QRCPS example payload. */
const EMVCO_EXAMPLE =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

/** A CPM payload of exactly 512 characters (SNAP's qrContent maximum) with "+", "/" and "=" in it. */
const PAYLOAD_512 =
  'hQVDUFYwMWGBvE8FoAAABgJQCERvbXBldEt1X1B7aHR0cHM6Ly9kb21wZXRrdS5leGFtcGxlLmlkL3FxcXFxcXFxcXFxcXFxcXFxcXFxcXFx' +
  'cXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxnyUCASNjJp8Q' +
  'CPv/vz7+f77/nyYI+++//j9++/+fJwGAnzYC+/+fNwS//vv/YYG1TwegAAAAVVVVUAhQcm9kdWN0MVoIk2AAEjRWeJBfIAxCVURJIFNBTlRP' +
  'U09fLQRpZGVuX1B/aHR0cHM6Ly93YWxsZXQuZXhhbXBsZS5pZC8/eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4' +
  'eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==';

/** What a US-layout wedge scanner sends: Shift before upper case and shifted symbols, then the suffix. */
function scannerKeys(text: string, start: number, msPerKey: number, suffix?: string): WedgeKey[] {
  const keys: WedgeKey[] = [];
  let t = start;
  for (const char of text) {
    if (/[A-Z+]/.test(char)) keys.push({ key: 'Shift', timeStamp: t });
    keys.push({ key: char, timeStamp: t + msPerKey / 2 });
    t += msPerKey;
  }
  if (suffix !== undefined) keys.push({ key: suffix, timeStamp: t });
  return keys;
}

/** What a person sends: one key at a time, far apart. */
function humanKeys(text: string, start: number, msPerKey: number): WedgeKey[] {
  return Array.from(text, (key, i) => ({ key, timeStamp: start + i * msPerKey }));
}

/**
 * Feeds keys and lets time run as it would between them: before each key, and once after the last,
 * the detector is ticked at the moment it asked for.
 */
function run(keys: readonly WedgeKey[], options: Partial<WedgeOptions> = {}) {
  const detector = createWedgeDetector(options);
  const outputs: WedgeOutput[] = [];
  const passedThrough: string[] = [];
  const tickUntil = (time: number) => {
    for (let deadline = detector.deadline(); deadline !== undefined && deadline <= time; ) {
      outputs.push(...detector.tick(deadline));
      deadline = detector.deadline();
    }
  };
  for (const key of keys) {
    tickUntil(key.timeStamp);
    const step = detector.key(key);
    outputs.push(...step.outputs);
    if (step.passThrough) passedThrough.push(key.key);
  }
  tickUntil(Number.POSITIVE_INFINITY);
  const scans = outputs.filter((o) => o.kind === 'scan');
  const typed = outputs.flatMap((o) => (o.kind === 'typing' ? o.keys : []));
  return { outputs, scans, typed: typed.join(''), passedThrough };
}

describe('scanner bursts', () => {
  it('a fast burst ending in Enter is one scan with exactly the characters sent', () => {
    const { scans, typed } = run(scannerKeys(EMVCO_EXAMPLE, 1000, 4, 'Enter'));
    expect(scans).toEqual([{ kind: 'scan', text: EMVCO_EXAMPLE, terminated: true, suffix: 'Enter' }]);
    expect(typed).toBe('');
  });

  it('keeps "+", "/" and "=" of a 512-character payload scanned at 2 ms per key', () => {
    const { scans } = run(scannerKeys(PAYLOAD_512, 1000, 2, 'Enter'));
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ text: PAYLOAD_512, terminated: true });
    expect(scans[0]?.kind === 'scan' && scans[0].text.length).toBe(512);
  });

  it('ends a scan on Tab as well', () => {
    const { scans } = run(scannerKeys(EMVCO_EXAMPLE, 1000, 4, 'Tab'));
    expect(scans).toEqual([{ kind: 'scan', text: EMVCO_EXAMPLE, terminated: true, suffix: 'Tab' }]);
  });

  it('ends a scan only on the configured suffixes', () => {
    const { scans } = run(scannerKeys(EMVCO_EXAMPLE, 1000, 4, 'Tab'), { suffixes: ['Enter'] });
    expect(scans).toEqual([{ kind: 'scan', text: `${EMVCO_EXAMPLE}${UNPRINTABLE_KEY}`, terminated: false }]);
  });

  it('ignores Shift key events themselves and lets them through', () => {
    const { scans, passedThrough, typed } = run(scannerKeys('hQVDUFYwMW', 1000, 4, 'Enter'));
    expect(scans[0]).toMatchObject({ text: 'hQVDUFYwMW' });
    expect(passedThrough.every((k) => k === 'Shift')).toBe(true);
    expect(typed).toBe('');
  });

  it('takes every key of a scan, suffix included, so none reaches the focused field', () => {
    const { passedThrough } = run(scannerKeys(EMVCO_EXAMPLE, 1000, 4, 'Enter'));
    expect(passedThrough.filter((k) => k !== 'Shift')).toEqual([]);
  });

  it('reports a burst that stops without a suffix as an unterminated scan', () => {
    const partial = PAYLOAD_512.slice(0, 200);
    const { scans, typed } = run(scannerKeys(partial, 1000, 2));
    expect(scans).toEqual([{ kind: 'scan', text: partial, terminated: false }]);
    expect(typed).toBe('');
  });

  it('keeps a scan together across a pause shorter than the incomplete timeout', () => {
    const first = scannerKeys(EMVCO_EXAMPLE.slice(0, 80), 1000, 2);
    const rest = scannerKeys(EMVCO_EXAMPLE.slice(80), 1000 + 160 + 60, 2, 'Enter');
    const { scans } = run([...first, ...rest]);
    expect(scans).toEqual([{ kind: 'scan', text: EMVCO_EXAMPLE, terminated: true, suffix: 'Enter' }]);
  });

  it('splits a scan interrupted by a pause longer than the incomplete timeout', () => {
    const first = scannerKeys(EMVCO_EXAMPLE.slice(0, 80), 1000, 2);
    const rest = scannerKeys(EMVCO_EXAMPLE.slice(80), 1000 + 160 + 500, 2, 'Enter');
    const { scans } = run([...first, ...rest]);
    expect(scans).toEqual([
      { kind: 'scan', text: EMVCO_EXAMPLE.slice(0, 80), terminated: false },
      { kind: 'scan', text: EMVCO_EXAMPLE.slice(80), terminated: true, suffix: 'Enter' },
    ]);
  });

  it('marks a non-character key inside a scan (a layout dead key) as U+FFFD', () => {
    const keys = scannerKeys('hQVDUFYwMWETTwegAAAA', 1000, 2);
    keys.push({ key: 'Dead', timeStamp: 1041 }, { key: 'Enter', timeStamp: 1042 });
    expect(run(keys).scans[0]).toMatchObject({
      text: `hQVDUFYwMWETTwegAAAA${UNPRINTABLE_KEY}`,
      terminated: true,
    });
  });
});

describe('typing', () => {
  it('a person typing an amount at 120 ms per key is typing, not a scan, and Enter goes through', () => {
    const keys = [...humanKeys('150000', 1000, 120), { key: 'Enter', timeStamp: 1000 + 6 * 120 }];
    const { scans, typed, passedThrough } = run(keys);
    expect(scans).toEqual([]);
    expect(typed).toBe('150000');
    expect(passedThrough).toEqual(['Enter']);
  });

  it('hands each typed key back on its own once the burst window has passed', () => {
    const { outputs } = run(humanKeys('12', 1000, 120));
    expect(outputs).toEqual([
      { kind: 'typing', keys: ['1'] },
      { kind: 'typing', keys: ['2'] },
    ]);
  });

  it('a fast burst shorter than the minimum scan length is typing', () => {
    const { scans, typed } = run(scannerKeys('0000000', 1000, 5, 'Enter'));
    expect(scans).toEqual([]);
    expect(typed).toBe('0000000');
  });

  it('delivers held keys before a suffix that comes too early', () => {
    const { outputs, passedThrough } = run(scannerKeys('00', 1000, 5, 'Enter'));
    expect(outputs).toEqual([{ kind: 'typing', keys: ['0', '0'] }]);
    expect(passedThrough).toEqual(['Enter']);
  });

  it('a key typed just before a scan stays typing and the scan stays whole', () => {
    const keys = [{ key: '5', timeStamp: 900 }, ...scannerKeys(EMVCO_EXAMPLE, 1000, 4, 'Enter')];
    const { scans, typed } = run(keys);
    expect(typed).toBe('5');
    expect(scans).toEqual([{ kind: 'scan', text: EMVCO_EXAMPLE, terminated: true, suffix: 'Enter' }]);
  });

  it('a held-down key auto-repeating is typing, however fast it repeats', () => {
    const keys: WedgeKey[] = Array.from({ length: 20 }, (_, i) => ({
      key: '0',
      timeStamp: 1000 + i * 20,
      repeat: i > 0,
    }));
    const { scans, typed, passedThrough } = run(keys);
    expect(scans).toEqual([]);
    expect(typed).toBe('0');
    expect(passedThrough).toEqual(Array(19).fill('0'));
  });

  it('function keys and shortcuts pass straight through', () => {
    const keys: WedgeKey[] = [
      { key: 'F2', timeStamp: 1000 },
      { key: 'p', timeStamp: 1300, ctrlKey: true },
      { key: 'Escape', timeStamp: 1600 },
    ];
    const { outputs, passedThrough } = run(keys);
    expect(outputs).toEqual([]);
    expect(passedThrough).toEqual(['F2', 'p', 'Escape']);
  });

  it('a character typed with AltGr (Ctrl+Alt on Windows) is a character', () => {
    const { typed } = run([{ key: '@', timeStamp: 1000, ctrlKey: true, altKey: true }]);
    expect(typed).toBe('@');
  });
});

describe('options', () => {
  it('a slower scanner is recognised once the inter-key limit allows it', () => {
    const keys = scannerKeys(EMVCO_EXAMPLE, 1000, 45, 'Enter');
    expect(run(keys).scans).toEqual([]);
    expect(run(keys, { maxInterKeyMs: 60, incompleteAfterMs: 120 }).scans).toHaveLength(1);
  });

  it('refuses an incomplete timeout shorter than the inter-key limit', () => {
    expect(() => createWedgeDetector({ maxInterKeyMs: 50, incompleteAfterMs: 20 })).toThrow(RangeError);
  });
});
