// How patiently the purchase engine settles a purchase whose outcome is not known yet (WAITING, a
// lost or broken answer): ask on a backoff, re-send the same reference only once the provider has
// twice said it has no such purchase after the request's own timeout, and past the deadline leave it
// for a supervisor. Every number is a profile setting.

import { z } from 'zod';

export const PurchasePolicySchema = z.strictObject({
  /** Delay before each successive check (detail, history, advice); the last one repeats. */
  checkDelaysMs: z.array(z.number().int().nonnegative()).min(1).default([2000, 3000, 5000, 10_000, 15_000]),
  /** How long a buy, a status check or one recovery keeps checking before it reports "unresolved". */
  settleMs: z.number().int().nonnegative().default(60_000),
  /** From journaling to "a supervisor decides": automatic checks stop being patient after this. */
  deadlineMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  /** Wait before the second look that confirms "not found" seen after the request's own timeout. */
  confirmNotFoundMs: z.number().int().nonnegative().default(2000),
  /** Re-sends of the same reference once the provider confirmed it has nothing under it. */
  maxResends: z.number().int().nonnegative().default(2),
  /** How long an inquiry's quote may be used for a purchase. */
  inquiryTtlMs: z
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
});
export type PurchasePolicy = z.output<typeof PurchasePolicySchema>;
export type PurchasePolicyInput = z.input<typeof PurchasePolicySchema>;

export function checkDelay(policy: PurchasePolicy, index: number): number {
  const delays = policy.checkDelaysMs;
  return delays[Math.min(index, delays.length - 1)] ?? 0;
}
