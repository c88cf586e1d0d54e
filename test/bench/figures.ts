// What `npm run bench` reports: named figures, each with its unit and, where the product has one, its
// target. A section returns figures; the runner prints them beside their targets with PASS or FAIL
// and writes them all to test-results/bench.json.

export interface Target {
  /** "max": the figure must not exceed `value`; "min": it must reach it. */
  kind: 'max' | 'min';
  value: number;
  /** A better value worth naming (e.g. ×1.7 where ×2.0 is the target). */
  stretch?: number;
}

export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  target?: Target;
}

export function figure(name: string, value: number | string, unit: string, target?: Target): Figure {
  return target === undefined ? { name, value, unit } : { name, value, unit, target };
}

export function atMost(value: number, stretch?: number): Target {
  return stretch === undefined ? { kind: 'max', value } : { kind: 'max', value, stretch };
}

export function atLeast(value: number): Target {
  return { kind: 'min', value };
}

export function verdict(f: Figure): 'PASS' | 'FAIL' | '' {
  if (f.target === undefined || typeof f.value !== 'number') return '';
  const ok = f.target.kind === 'max' ? f.value <= f.target.value : f.value >= f.target.value;
  return ok ? 'PASS' : 'FAIL';
}

/** Figures without targets from a flat record (the older sections report that way). */
export function untargeted(
  values: Record<string, number | string>,
  unitOf: (name: string) => string,
): Figure[] {
  return Object.entries(values).map(([name, value]) => figure(name, value, unitOf(name)));
}

/** A unit guessed from a figure's name suffix (Ms, Us, PerSecond, Megabytes…). */
export function unitFromName(name: string): string {
  if (/Us$/.test(name)) return 'µs';
  if (/Ms$/.test(name)) return 'ms';
  if (/PerSecond$/.test(name)) return '/s';
  if (/Megabytes$/.test(name)) return 'MB';
  if (/Kb$|KB$|Kilobytes$/.test(name)) return 'KB';
  if (/ratio$/i.test(name)) return '×';
  return '';
}
