// The CLI's bundle starts from a V8 code cache written after a command ran (scripts/build-cli.mjs):
// these pin when that cache is taken, written, refused and ignored, on a small bundle of their own.
// Each start is a Node process of its own, as each `kasir` is: within one process V8 answers a
// second compile of the same source from memory and never reads the cache.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BUILD_SCRIPT = resolve(import.meta.dirname, '../../../scripts/build-cli.mjs');

interface Start {
  cache: 'none' | 'used' | 'refused';
  answer: string;
  kept: boolean;
}

/**
 * One start of `bundle` in a fresh Node, as bin/kasir.js makes it: loads it, calls it, then offers its
 * cache for `command`. A script file, not `node -e`: the cache's name depends on Node's flags.
 */
function start(bundle: string, command?: string, nodeFlags: string[] = []): Start {
  return JSON.parse(run(nodeFlags, 'start', bundle, command ?? ''));
}

/** Where a start like the above keeps its cache. */
function cacheFile(bundle: string, nodeFlags: string[] = []): string {
  return run(nodeFlags, 'cache-file', bundle);
}

function run(nodeFlags: string[], ...args: string[]): string {
  const script = join(dir, 'start.mjs');
  writeFileSync(
    script,
    `const { loadCli, codeCacheFile } = await import(${JSON.stringify(BUILD_SCRIPT)});
    const [what, bundle, command] = process.argv.slice(2);
    if (what === 'cache-file') process.stdout.write(codeCacheFile(bundle));
    else {
      const loaded = loadCli(bundle);
      const answer = loaded.exports.answer();
      const kept = loaded.keepCodeCache(command || undefined);
      process.stdout.write(JSON.stringify({ cache: loaded.cache, answer, kept }));
    }`,
  );
  return execFileSync(process.execPath, [...nodeFlags, script, ...args], { encoding: 'utf8' });
}

let dir: string;
let bundle: string;

/** A bundle shaped like the CLI's: CommonJS, a function the command calls, a builtin required. */
function writeBundle(file: string, answer: string): void {
  writeFileSync(
    file,
    [
      '// a test bundle',
      "const { join } = require('node:path');",
      `exports.answer = function answer() { return join('${answer}', 'x'); };`,
    ].join('\n'),
  );
}

/** The commands a cache file's header says it has run. */
function commandsIn(file: string): string[] {
  const bytes = readFileSync(file);
  return JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString('utf8')).commands;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-code-cache-'));
  bundle = join(dir, 'kasir.cjs');
  writeBundle(bundle, 'first');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the CLI bundle's code cache", () => {
  it('is written once a command has run, and the next start takes it', () => {
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('first', 'x'), kept: true });
    expect(commandsIn(cacheFile(bundle))).toEqual(['pay']);
    expect(start(bundle, 'pay')).toEqual({ cache: 'used', answer: join('first', 'x'), kept: false });
  });

  it('grows by a command it has not run yet', () => {
    start(bundle, 'pay');
    expect(start(bundle, 'history')).toMatchObject({ cache: 'used', kept: true });
    expect(commandsIn(cacheFile(bundle))).toEqual(['pay', 'history']);
  });

  it("is never taken by a rebuilt bundle, even one of the same length: it runs the new bundle's code", () => {
    start(bundle, 'pay');
    const rebuilt = join(dir, 'staging.cjs');
    writeBundle(rebuilt, 'secnd'); // as long as "first"
    renameSync(rebuilt, bundle); // how the build replaces it
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('secnd', 'x'), kept: true });
  });

  it('is never taken by a bundle rewritten in place with the same size and time (cp -p, rsync --inplace)', () => {
    start(bundle, 'pay');
    const { mtime } = statSync(bundle);
    writeBundle(bundle, 'secnd');
    utimesSync(bundle, mtime, mtime);
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('secnd', 'x'), kept: true });
  });

  it('reads a file that is not one of its caches (garbage, a foreign header) as no cache', () => {
    writeFileSync(cacheFile(bundle), 'not a cache at all');
    expect(start(bundle).cache).toBe('none');
    writeFileSync(cacheFile(bundle), `${JSON.stringify({ magic: 'other', commands: [] })}\n\u0000\u0001`);
    expect(start(bundle).cache).toBe('none');
  });

  it('reads a torn or damaged cache as none (V8 would run damaged code of the right size), and writes a whole one', () => {
    start(bundle, 'pay');
    const file = cacheFile(bundle);
    const whole = readFileSync(file);
    const header = whole.indexOf(10) + 1;
    writeFileSync(file, whole.subarray(0, header + 20));
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('first', 'x'), kept: true });
    const damaged = Buffer.from(readFileSync(file));
    damaged.fill(0, header + 64, header + 128); // same length, bytes gone bad in the middle
    writeFileSync(file, damaged);
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('first', 'x'), kept: true });
    expect(start(bundle, 'pay').cache).toBe('used');
  });

  it('is refused by V8 when made under other flags, and the bundle still runs and writes its own', () => {
    const otherFlags = ['--stack-size=900'];
    start(bundle, 'pay', otherFlags);
    renameSync(cacheFile(bundle, otherFlags), cacheFile(bundle));
    expect(start(bundle, 'pay')).toEqual({ cache: 'refused', answer: join('first', 'x'), kept: true });
    expect(start(bundle, 'pay').cache).toBe('used');
  });

  it('is kept by nobody when it cannot be written, and nothing is left behind', () => {
    mkdirSync(join(cacheFile(bundle), 'in-the-way'), { recursive: true });
    expect(start(bundle, 'pay')).toEqual({ cache: 'none', answer: join('first', 'x'), kept: false });
    expect(readdirSync(dir).sort()).toEqual(
      ['kasir.cjs', cacheFile(bundle).slice(dir.length + 1), 'start.mjs'].sort(),
    );
  });
});
