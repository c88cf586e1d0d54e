// Recovery at start when it cannot run yet (a `kasir` command holds the terminal): the app says so,
// refuses new payments with the reason, and retries by itself until it succeeds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { acquireTerminalLock } from '../../../main/payments/terminal-lock';
import type { RecoveryStatus } from '../../../preload/contract/payments';
import { startSandboxSale } from './sandbox-sale';

let core: AppCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('recovery at start', () => {
  it('retries while another process holds the terminal, refusing payments meanwhile, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kasir-recovery-'));
    // What `kasir recover` running against the app's sandbox folder holds while it works.
    const held = acquireTerminalLock(join(dataDir, 'sandbox'), 'SBX00001');
    const statuses: RecoveryStatus[] = [];
    core = await createAppCore({ dataDir, cashier: { recoveryDelaysMs: [20] } });
    core.onEvent((event, payload) => {
      if (event === 'payment:recovery') statuses.push(payload as RecoveryStatus);
    });
    await until(() => statuses.some((s) => s.state === 'retrying' && s.attempts >= 2));
    const retrying = statuses.find((s) => s.state === 'retrying');
    expect(retrying?.message?.en).toMatch(/in use by another process/);
    expect(retrying?.nextAttemptAt).toEqual(expect.any(Number));

    expect(await startSandboxSale(core)).toMatchObject({ ok: false, error: { code: 'RECOVERY_PENDING' } });

    held.release();
    await until(() => statuses.at(-1)?.state === 'done');
    expect(await core.dispatch('payment:recovery', undefined)).toMatchObject({
      ok: true,
      value: { state: 'done' },
    });
    const started = await startSandboxSale(core);
    expect(started.ok).toBe(true);
  });
});
