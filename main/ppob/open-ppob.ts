// The one place the PPOB side of a terminal is assembled: the Klikoo and DOKU Biller clients a
// terminal is configured for, their providers, and the purchase engine over the terminal's opened
// journal and payment engine. main/payments/open-terminal.ts calls it, so the CLI and the app get
// the same engine from the same configuration.

import type { Minor } from '../money/amount';
import type { Journal } from '../payments/journal';
import type { PaymentEngine } from '../payments/payment-engine';
import { utcOffsetMinutes } from '../snap/headers';
import type { HttpFetch } from '../snap/http-transport';
import type { WireLog } from '../snap/wire-log';
import type { DokuClientConfig } from './doku/client';
import { createDokuClient } from './doku/client';
import { dokuProvider } from './doku/provider';
import type { KlikooClientConfig } from './klikoo/client';
import { createKlikooClient } from './klikoo/client';
import { klikooProvider } from './klikoo/provider';
import type { PurchasePolicyInput } from './policy';
import type { PpobProvider } from './provider';
import type { PurchaseCrashPoint, PurchaseEvent } from './purchase-engine';
import { PurchaseEngine } from './purchase-engine';

export interface PpobConfig {
  klikoo?: KlikooClientConfig | undefined;
  doku?: DokuClientConfig | undefined;
  policy?: PurchasePolicyInput | undefined;
  /** Added to the buy price when a sale names no selling price (minor units, whole Rupiah). */
  defaultMargin?: Minor | undefined;
}

export interface PpobDeps {
  journal: Journal;
  payments: PaymentEngine;
  dataDir: string;
  terminal: { terminalId: string; utcOffset: string };
  fetch: HttpFetch;
  /** The wall clock. */
  now: () => number;
  wireLog?: WireLog | undefined;
  log?: ((line: string) => void) | undefined;
  onEvent?: ((event: PurchaseEvent) => void) | undefined;
  checkpoint?: ((point: PurchaseCrashPoint) => void) | undefined;
}

export function openPpob(config: PpobConfig, deps: PpobDeps): PurchaseEngine {
  const clock = () => new Date(deps.now());
  const providers: PpobProvider[] = [];
  if (config.klikoo) {
    const client = createKlikooClient(
      { utcOffset: deps.terminal.utcOffset, ...config.klikoo },
      { fetch: deps.fetch, clock, wireLog: deps.wireLog },
    );
    providers.push(
      klikooProvider(client, {
        clock,
        timeoutMs: config.klikoo.timeoutMs,
        utcOffsetMinutes: utcOffsetMinutes(deps.terminal.utcOffset),
      }),
    );
  }
  if (config.doku) {
    const client = createDokuClient(config.doku, { fetch: deps.fetch, clock, wireLog: deps.wireLog });
    providers.push(dokuProvider(client, { timeoutMs: config.doku.timeoutMs }));
  }
  return new PurchaseEngine({
    journal: deps.journal,
    providers,
    payments: deps.payments,
    terminal: { terminalId: deps.terminal.terminalId },
    dataDir: deps.dataDir,
    policy: config.policy,
    defaultMargin: config.defaultMargin,
    now: deps.now,
    ...(deps.log === undefined ? {} : { log: deps.log }),
    ...(deps.onEvent === undefined ? {} : { onEvent: deps.onEvent }),
    ...(deps.checkpoint === undefined ? {} : { checkpoint: deps.checkpoint }),
  });
}
