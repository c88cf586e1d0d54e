// The suites' temporary files live in the run's own folder (test/support/scratch-tmpdir.ts), which
// the run removes at its end: thousands of journals and profiles never pile up in the system's.

import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('a test run', () => {
  it('keeps its temporary files in a folder of its own, inside the system one', () => {
    expect(basename(tmpdir())).toMatch(/^kasir-test-run-/);
    expect(process.env.TMPDIR).toBe(tmpdir());
    expect(basename(dirname(tmpdir()))).not.toMatch(/^kasir-test-run-/);
  });
});
