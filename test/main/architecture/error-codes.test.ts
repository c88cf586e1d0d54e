// The error codes are a closed set (preload/contract/error-codes.ts). The type system stops a code
// outside the set; these tests stop the set itself from rotting: a code nothing raises any more is
// a rule nobody enforces, and it misleads whoever reads the list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_NAMES, ERROR_CODES, isErrorCode } from '../../../preload/contract/error-codes';

const root = resolve(import.meta.dirname, '../../..');
const listFile = join('preload', 'contract', 'error-codes.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && path !== listFile ? [path] : [];
  });
}

const source = ['main', 'preload', 'renderer']
  .flatMap(sourceFiles)
  .map((path) => readFileSync(join(root, path), 'utf8'))
  .join('\n');

describe('the closed set of error codes', () => {
  it('lists each code once, in alphabetical order', () => {
    expect(ERROR_CODE_NAMES).toEqual([...new Set(ERROR_CODE_NAMES)].sort());
  });

  it('names the rule behind every code', () => {
    for (const code of ERROR_CODE_NAMES) expect(ERROR_CODES[code].length, code).toBeGreaterThan(10);
  });

  it('holds no code that the source never raises or reads', () => {
    const unused = ERROR_CODE_NAMES.filter((code) => !new RegExp(`['"\`]${code}['"\`]`).test(source));
    expect(unused).toEqual([]);
  });

  it('recognises its own codes and nothing else', () => {
    expect(isErrorCode('PAYMENT_NOT_FOUND')).toBe(true);
    expect(isErrorCode('REFUND_TOO_MUCH')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
