// Vitest's global setup: the whole run's temporary files (journals, profiles, data directories,
// browser profiles, PostgreSQL clusters) go into one folder of its own, removed when the run ends.
// The suites make thousands of temporary folders, many without removing them; a run must leave
// nothing behind on the developer's machine. Test processes start after this and inherit TMPDIR.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-test-run-'));
  // The server suites run PostgreSQL as its own user, which must be able to reach its folder here.
  chmodSync(dir, 0o755);
  const previous = NAMES.map((name) => [name, process.env[name]] as const);
  for (const name of NAMES) process.env[name] = dir;
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
