// The journal's full integrity check, run off the payment path: it finds damage the cheap check at
// open does not look for, and the app then takes no new payments and says so.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppCore, createAppCore } from '../../../main/app/core';
import { parseSnapAmount } from '../../../main/money/amount';
import { Journal } from '../../../main/payments/journal';
import { checkJournalInBackground } from '../../../main/payments/journal/integrity-check';
import type { JournalHealth } from '../../../preload/contract/payments';
import { startSandboxSale } from '../app/sandbox-sale';

/**
 * A journal of 300 settled payments of a past day whose oldest rows' page was then scribbled over:
 * nothing a start reads (the newest rows, today's payments, the open ones) touches that page.
 */
function damagedJournal(file: string): void {
  const journal = Journal.open(file, { now: () => Date.parse('2024-05-01T03:00:00Z') });
  for (let i = 0; i < 300; i++) {
    const payment = journal.beginPayment({
      partnerReferenceNo: `R${i}`,
      terminalId: `T${i}`,
      merchantId: '00007100010926',
      amount: parseSnapAmount('10000.00'),
      currency: 'IDR',
      qrFingerprint: 'sha256:0123456789ab',
      externalId: String(i),
      requestTimeoutMs: 10_000,
      deadlineAt: Date.now() + 100_000,
    });
    journal.updatePayment(payment.id, 'SENDING', 'FAILED', {}, { kind: 'answer' });
  }
  journal.close();
  // The payments table's first leaf: the oldest rows, which the walk of the newest never reads.
  const raw = new DatabaseSync(file);
  const first = z
    .object({ pageno: z.number() })
    .parse(
      raw
        .prepare(
          "SELECT pageno FROM dbstat WHERE name = 'payments' AND pagetype = 'leaf' ORDER BY path LIMIT 1",
        )
        .get(),
    ).pageno;
  raw.close();
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  bytes.fill(0x5a, pageSize * (first - 1) + 8, pageSize * (first - 1) + 208);
  writeFileSync(file, bytes);
}

let core: AppCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe("the journal's full integrity check", () => {
  it('passes a sound journal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kasir-check-')), 'journal.sqlite');
    Journal.open(file).close();
    expect(await checkJournalInBackground(file)).toEqual({ ok: true });
  });

  it('finds damage that the cheap check at open lets through', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kasir-check-')), 'journal.sqlite');
    damagedJournal(file);
    Journal.open(file).close(); // opens: the check at open reads the header and the newest rows only
    expect(await checkJournalInBackground(file)).toMatchObject({ ok: false, detail: expect.any(String) });
  });

  it('stops new payments in the app once it finds damage, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kasir-check-app-'));
    mkdirSync(join(dataDir, 'sandbox'), { recursive: true });
    damagedJournal(join(dataDir, 'sandbox', 'journal.sqlite'));
    const health: JournalHealth[] = [];
    core = await createAppCore({ dataDir, cashier: { journalCheckDelayMs: 1 } });
    core.onEvent((event, payload) => {
      if (event === 'journal:health') health.push(payload as JournalHealth);
    });
    for (let i = 0; i < 500 && !health.some((h) => h.state === 'damaged'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(health.at(-1)).toMatchObject({
      state: 'damaged',
      message: { en: expect.stringMatching(/damaged/) },
    });
    expect(await startSandboxSale(core)).toMatchObject({ ok: false, error: { code: 'JOURNAL_CORRUPT' } });
  });
});
