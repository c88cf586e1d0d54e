// Notify (79): the provider tells the partner that a payment, cancel or refund became final. Signed
// with the provider's private key (asymmetric service signature over the exact body sent), retried
// with growing delays while the partner does not answer 2xx, then given up on: the terminal must
// never depend on a notify arriving (that is what query is for).

import type { KeyObject } from 'node:crypto';
import { signService } from '../snap/signature';
import type { NotifyRecord } from './ledger';
import type { PartnerConfig } from './partners';
import { snapTimestamp } from './time';

/** Delays before the 2nd, 3rd, ... attempt: 6 attempts over about half a minute. */
export const DEFAULT_NOTIFY_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];
export const DEFAULT_NOTIFY_ATTEMPT_TIMEOUT_MS = 5_000;

export interface NotifySenderOptions {
  fetch: typeof fetch;
  clock: () => Date;
  providerPrivateKey: KeyObject;
  retryDelaysMs: readonly number[];
  attemptTimeoutMs: number;
  log: (line: string) => void;
  /** X-TIMESTAMP in the style of the provider the sandbox plays (WIB +07:00 by default). */
  timestamp?: (at: Date) => string;
}

export class NotifySender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private sequence = 0;

  constructor(private readonly options: NotifySenderOptions) {}

  /**
   * Starts delivering in the background. `record` is the ledger's notification entry: its delivery
   * state and attempt count are updated as attempts happen, so /sandbox/ledger shows them.
   */
  send(partner: PartnerConfig, body: Record<string, unknown>, record: NotifyRecord): void {
    const url = partner.notifyUrl;
    if (url === undefined) {
      record.delivery = 'no-notify-url';
      return;
    }
    const delivery = this.deliver(url, partner, JSON.stringify(body), record).finally(() => {
      this.inFlight.delete(delivery);
    });
    this.inFlight.add(delivery);
  }

  /** A numeric X-EXTERNAL-ID, unique for the day (each attempt gets its own). */
  nextExternalId(): string {
    this.sequence += 1;
    return `${this.options.clock().getTime()}${String(this.sequence).padStart(8, '0')}`;
  }

  /** Resolves when every delivery started so far has succeeded or been given up on. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.stop.abort();
  }

  private async deliver(
    url: string,
    partner: PartnerConfig,
    rawBody: string,
    record: NotifyRecord,
  ): Promise<void> {
    const target = new URL(url);
    const path = `${target.pathname}${target.search}`;
    const delays = this.options.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0 && !(await this.sleep(delays[attempt - 1] ?? 0))) return;
      if (this.stop.signal.aborted) return;
      record.attempts += 1;
      const externalId = attempt === 0 ? record.externalId : this.nextExternalId();
      record.externalId = externalId;
      const timestamp = (this.options.timestamp ?? snapTimestamp)(this.options.clock());
      const { signature } = signService({
        method: 'POST',
        path,
        timestamp,
        rawBody,
        privateKey: this.options.providerPrivateKey,
      });
      try {
        const response = await this.options.fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-TIMESTAMP': timestamp,
            'X-SIGNATURE': signature,
            'X-PARTNER-ID': partner.clientKey,
            'X-EXTERNAL-ID': externalId,
            'CHANNEL-ID': partner.channelId ?? '95221',
          },
          body: rawBody,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.options.attemptTimeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) {
          record.delivery = 'delivered';
          this.options.log(
            `notify ${record.event} ${record.latestTransactionStatus} → ${path}: delivered (${response.status})`,
          );
          return;
        }
        this.options.log(
          `notify ${record.event} → ${path}: HTTP ${response.status}, attempt ${record.attempts}`,
        );
      } catch (error) {
        if (this.stop.signal.aborted) return;
        this.options.log(
          `notify ${record.event} → ${path}: ${(error as Error).name}, attempt ${record.attempts}`,
        );
      }
    }
    record.delivery = 'gave-up';
  }

  /** Waits, unless the sandbox is closing; false when it is. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stop.signal.aborted) {
        resolve(false);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.stop.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      this.stop.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
