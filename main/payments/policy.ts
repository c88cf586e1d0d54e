// How patiently the engine resolves an unknown outcome (docs/architecture.md, "What an answer means"): query every few seconds,
// cancel an attempt still unresolved at its deadline, and keep settling the cancel for a while
// before reporting "unresolved" to the cashier. Every number is configurable per provider.

import { z } from 'zod';

export const ResolutionPolicySchema = z.strictObject({
  /** Delay before each successive query; the last one repeats. */
  queryDelaysMs: z.array(z.number().int().nonnegative()).min(1).default([2000, 2000, 3000, 3000, 5000]),
  /** From the attempt's start to the automatic cancel of a payment still unresolved. */
  deadlineMs: z.number().int().positive().default(100_000),
  /** How long past the deadline (or past the start of a recovery) the engine keeps working. */
  settleMs: z.number().int().nonnegative().default(60_000),
  /** Wait before the query that confirms a "not found" seen after the request's own timeout. */
  confirmNotFoundMs: z.number().int().nonnegative().default(1000),
  /** Re-sends of a request the provider did not process (409xx00, 429) before giving up. */
  maxResends: z.number().int().nonnegative().default(3),
  /** Cancels sent for one payment while the provider still says it is paid or pending. */
  maxCancelSends: z.number().int().positive().default(3),
});
export type ResolutionPolicy = z.output<typeof ResolutionPolicySchema>;
export type ResolutionPolicyInput = z.input<typeof ResolutionPolicySchema>;

export const DEFAULT_RESOLUTION_POLICY: ResolutionPolicy = ResolutionPolicySchema.parse({});

/** The delay before query number `index` (0-based) of one resolution. */
export function queryDelay(policy: ResolutionPolicy, index: number): number {
  const delays = policy.queryDelaysMs;
  return delays[Math.min(index, delays.length - 1)] ?? 0;
}
