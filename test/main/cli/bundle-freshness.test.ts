// bin/kasir.js runs the built bundle only while it is newer than every source it was built from;
// otherwise it rebuilds first. These tests pin which sources count, on a scratch copy of the layout.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { cliIsFresh } from '../../../scripts/build-cli.mjs';

let base: string;
const built = 1_800_000_000_000;

function file(path: string, mtimeMs: number) {
  const full = join(base, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, mtimeMs / 1000, mtimeMs / 1000);
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'kasir-cli-fresh-'));
  file('package.json', built - 10_000);
  file('main/cli.ts', built - 10_000);
  file('preload/contract/error-codes.ts', built - 10_000);
  mkdirSync(join(base, 'out', 'cli'), { recursive: true });
  writeFileSync(join(base, 'out', 'cli', 'kasir.cjs'), '');
  writeFileSync(join(base, 'out', 'cli', '.built'), String(built));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('the CLI bundle is fresh', () => {
  it('while no source is newer than the build', () => {
    expect(cliIsFresh(base)).toBe(true);
  });

  it('no longer once a core source changes', () => {
    file('main/cli.ts', built + 1_000);
    expect(cliIsFresh(base)).toBe(false);
  });

  it('no longer once the shared contract changes (the error codes, the schemas the CLI checks)', () => {
    file('preload/contract/error-codes.ts', built + 1_000);
    expect(cliIsFresh(base)).toBe(false);
  });

  it('never without a build stamp', () => {
    rmSync(join(base, 'out', 'cli', '.built'));
    expect(cliIsFresh(base)).toBe(false);
  });

  it('never without its bundle (a stamp left by an earlier layout of out/cli)', () => {
    rmSync(join(base, 'out', 'cli', 'kasir.cjs'));
    expect(cliIsFresh(base)).toBe(false);
  });
});
