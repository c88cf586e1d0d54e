// The CLI bundle serves each `node:*` import with a module that re-exports only what its importer
// names (scripts/build-cli.mjs): these pin how an importer's imports are read, and that any other
// way of taking the module (namespace, default, re-export) falls back to all of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { namedImportsOf } from '../../../scripts/build-cli.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function importsOf(source: string): string[] | null {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-builtin-imports-'));
  dirs.push(dir);
  const file = join(dir, 'module.ts');
  writeFileSync(file, source);
  return namedImportsOf(file, 'node:fs');
}

describe('which names a module takes from a builtin', () => {
  it('reads named imports, on one line or several, renamed or not, leaving type-only names out', () => {
    expect(
      importsOf(
        "// an ES-module import of node:fs reads every export\nimport {\n  closeSync,\n  openSync as open,\n  type Stats,\n} from 'node:fs';\nimport type { Dirent } from 'node:fs';\n",
      ),
    ).toEqual(['closeSync', 'openSync']);
  });

  it('gives all of the module to a namespace import, a default import or a re-export', () => {
    expect(importsOf("import * as fs from 'node:fs';\nimport { readFileSync } from 'node:fs';\n")).toBeNull();
    expect(importsOf("import fs, { readFileSync } from 'node:fs';\n")).toBeNull();
    expect(importsOf("export { readFileSync } from 'node:fs';\n")).toBeNull();
  });

  it('takes nothing by name from a module it imports for types only', () => {
    expect(importsOf("import type { Stats } from 'node:fs';\n")).toBeNull();
  });
});
