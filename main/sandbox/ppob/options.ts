// The knobs both PPOB simulators take, with the defaults `kasir sandbox` runs them with.

import type { Minor } from '../../money/amount';

export interface PpobSimOptions {
  clock: () => Date;
  /** One line per request; never bodies, tokens or secrets. */
  log: (line: string) => void;
  /** Every partner's deposit when the sandbox starts. */
  openingDeposit: Minor;
  /** Lookups (detail, history, advice) a WAITING purchase answers WAITING before it settles… */
  waitingLookups: number;
  /** …or the time after which it settles on its own (and a Klikoo callback is sent). */
  waitingMs: number;
  /** How long the "duplicate reference" fault's purchase stays invisible to lookups (a lagging index). */
  hiddenMs: number;
  /** How late the "answered after the client's timeout" fault answers. */
  lateAnswerMs: number;
  /**
   * A test's hook: the code to answer a buy for this customer number with, instead of serving it
   * (nothing is recorded); undefined serves it normally. Called once per buy request.
   */
  forcedCode?: ((customerNo: string) => string | undefined) | undefined;
  /** How Klikoo callbacks reach the partner. */
  callbackFetch: typeof fetch;
}

export const DEFAULT_PPOB_SIM_OPTIONS: Omit<PpobSimOptions, 'clock' | 'log' | 'callbackFetch'> = {
  openingDeposit: 5_000_000_00n,
  waitingLookups: 2,
  waitingMs: 3000,
  // Past the profile's default PPOB timeout, so a client re-sends before it shows up.
  hiddenMs: 40_000,
  // Past the profile's default PPOB timeout (30 s).
  lateAnswerMs: 35_000,
};
