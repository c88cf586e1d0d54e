// 1,000 signed payments at once: every one answered correctly, none lost or doubled, the ledger exact.
import { expect, it } from 'vitest';
import { runPaymentLoad } from '../../../main/sandbox/load';

it('answers 1,000 concurrent signed payments correctly and books each exactly once', async () => {
  const report = await runPaymentLoad({ payments: 1_000 });
  expect(report.problems).toEqual([]);
  expect(report.answeredCorrectly).toBe(1_000);
  expect(report.ledgerExact).toBe(true);
});
