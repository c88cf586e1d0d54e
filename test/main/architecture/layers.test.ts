// The layers are checked by the linter (biome.json's overrides and noImportCycles), so a forbidden
// import fails `npm test` before any test runs. These tests prove the rules bite: each writes a
// probe file that breaks one rule into the tree, lints it with the project's own configuration, and
// expects the lint to fail naming the rule.
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const biome = join(root, 'node_modules', '.bin', 'biome');

async function lint(relativeFile: string, source: string): Promise<{ code: number; output: string }> {
  const file = join(root, relativeFile);
  writeFileSync(file, source);
  try {
    const { stdout, stderr } = await run(biome, ['lint', '--no-errors-on-unmatched', file], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('the layers, as the linter enforces them', () => {
  it('refuses the payment core importing the app', async () => {
    const result = await lint(
      'main/payments/layer-probe.ts',
      "import { createAppCore } from '../app/core';\nexport const probe = createAppCore;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/noRestrictedImports/);
  }, 30_000);

  it('refuses the protocol core importing Electron', async () => {
    const result = await lint(
      'main/snap/layer-probe.ts',
      "import { app } from 'electron';\nexport const probe = app;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/noRestrictedImports/);
  }, 30_000);

  it('refuses the renderer importing main/', async () => {
    const result = await lint(
      'renderer/src/layer-probe.ts',
      "import { KasirError } from '../../main/errors';\nexport const probe = KasirError;\n",
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/noRestrictedImports/);
  }, 30_000);

  it('lets the payment core import the protocol core', async () => {
    const result = await lint(
      'main/payments/layer-probe.ts',
      "import { formatSnapAmount } from '../money/amount';\nexport const probe = formatSnapAmount;\n",
    );
    expect(result.code).toBe(0);
  }, 30_000);
});
