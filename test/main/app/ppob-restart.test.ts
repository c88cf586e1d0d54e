// A digital-product sale left open when the app stops (the provider still WAITING) is asked after
// again at the next start and shown to the counter as the active sale. The embedded simulators start
// afresh with the app, so the new one has no record of it: a purchase the provider once took is not
// called failed on a "not found" (an unknown outcome is not a failure); it stays open for the
// supervisor, never bought twice, never given up blind.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { PurchaseDetail, PurchaseView } from '../../../preload/contract/ppob';

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

const detail = async (core: AppCore, reference: string) =>
  value<PurchaseDetail>(await core.dispatch('ppob:get', { reference }));

describe('an open digital-product sale across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kasir-ppob-restart-'));
  const cipher = createKeyCipher(randomBytes(32));
  const open = () =>
    createAppCore({
      dataDir,
      security: { cipher },
      cashier: {
        ppobPolicy: { checkDelaysMs: [50], settleMs: 200, confirmNotFoundMs: 50 },
        // WAITING for as long as the test runs.
        ppobSandbox: { waitingMs: 600_000, waitingLookups: 100_000 },
        ppobFollowUpMs: 600_000,
      },
    });
  let second: AppCore | undefined;

  afterAll(async () => {
    await second?.close();
  });

  it('is asked after again at the next start, shown as the active sale, and not guessed', async () => {
    const first = await open();
    const sold = value<PurchaseView>(
      await first.dispatch('ppob:sell', {
        provider: 'klikoo',
        productCode: 'TSEL10',
        customerNo: '081234569901',
        payment: { method: 'cash', receivedMinor: '1195000' },
      }),
    );
    let before = await detail(first, sold.reference);
    for (let i = 0; i < 200 && before.purchase.state !== 'WAITING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      before = await detail(first, sold.reference);
    }
    expect(before.purchase.state).toBe('WAITING');
    await first.close();

    second = await open();
    const core = second;
    let after = await detail(core, sold.reference);
    for (let i = 0; i < 200 && after.events.length === before.events.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = await detail(core, sold.reference);
    }
    const asked = after.events.slice(before.events.length);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((event) => event.kind === 'check')).toBe(true);
    expect(after.purchase).toMatchObject({ state: 'WAITING', outcome: 'unresolved', cashToReturn: false });
    const active = value<PurchaseView | null>(await core.dispatch('ppob:active', undefined));
    expect(active?.reference).toBe(sold.reference);
    // Nothing was bought again: one send, before the restart.
    expect(after.events.filter((event) => event.kind === 'send')).toHaveLength(1);
  });
});
