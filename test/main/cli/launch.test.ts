import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

describe('npm start without an Electron binary', () => {
  it('says so in one sentence and exits non-zero', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'main/launch.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        // An unreachable mirror and an empty cache: the download must fail, fast, on any machine.
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: mkdtempSync(join(tmpdir(), 'kasir-electron-cache-')),
      },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Kasir CPM cannot start: the Electron .* binary is not installed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
