// What the purchase engine's parts share: the journal, the providers, the policy, injected time, and
// the outward channels (live state events, crash points). Every state change of a purchase goes
// through `movePurchase`: journaled first, announced second. Records of answers are committed
// relaxed (see main/payments/journal/database.ts): losing one to a power cut sends the purchase back
// to recovery, which asks the provider with the same references.

import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { ElapsedTime } from '../payments/elapsed-time';
import type {
  Durability,
  Journal,
  PpobProviderName,
  PurchaseChange,
  PurchaseEventInput,
  PurchaseRecord,
} from '../payments/journal';
import type { PurchaseState } from '../payments/states';
import { purchaseMessage } from './messages';
import type { PurchasePolicy } from './policy';
import type { PpobProvider } from './provider';

/** Named instants at which the crash test kills the process (a no-op everywhere else). */
export type PurchaseCrashPoint =
  | 'purchase:journaled'
  | 'purchase:answered'
  | 'purchase:checked'
  | 'purchase:settled'
  | 'sale:journaled'
  | 'sale:paid'
  | 'sale:refund';

export interface PurchaseEvent {
  operation: 'purchase';
  purchaseId: number;
  partnerReferenceId: string;
  productCode: string;
  customerNo: string;
  previous: PurchaseState | null;
  state: PurchaseState;
  message: LocalizedText;
  at: number;
}

export interface PurchaseContext {
  journal: Journal;
  providers: ReadonlyMap<PpobProviderName, PpobProvider>;
  policy: PurchasePolicy;
  /** The wall clock: journal times and business days only. */
  now: () => number;
  /** Timeouts, deadlines and backoff (monotonic). */
  elapsed: ElapsedTime;
  sleep: (ms: number) => Promise<void>;
  emit: (event: PurchaseEvent) => void;
  checkpoint: (point: PurchaseCrashPoint) => void;
  log: (line: string) => void;
  /** Settles when a callback about this purchase wants a check now rather than at the next step. */
  attention: (purchaseId: number) => Promise<void>;
}

export const RELAXED: Durability = 'relaxed';

export function providerOf(ctx: PurchaseContext, purchase: Pick<PurchaseRecord, 'provider'>): PpobProvider {
  const provider = ctx.providers.get(purchase.provider);
  if (!provider) {
    throw new KasirError({
      code: 'PPOB_PROVIDER_NOT_CONFIGURED',
      message: {
        id: `Penyedia ${purchase.provider} tidak diatur di profil ini; pembelian darinya tidak dapat diperiksa.`,
        en: `Provider ${purchase.provider} is not set up in this profile; its purchases cannot be checked.`,
      },
    });
  }
  return provider;
}

export function announcePurchase(
  ctx: PurchaseContext,
  purchase: PurchaseRecord,
  previous: PurchaseState | null,
): void {
  ctx.emit({
    operation: 'purchase',
    purchaseId: purchase.id,
    partnerReferenceId: purchase.partnerReferenceId,
    productCode: purchase.productCode,
    customerNo: purchase.customerNo,
    previous,
    state: purchase.state,
    message: purchaseMessage(purchase.state),
    at: ctx.now(),
  });
}

/**
 * Journals a purchase's move and announces it. Undefined when someone else (another process, a
 * supervisor) moved it first: the caller re-reads and decides again.
 */
export function movePurchase(
  ctx: PurchaseContext,
  purchase: PurchaseRecord,
  to: PurchaseState | undefined,
  change: PurchaseChange,
  event: PurchaseEventInput,
  durability: Durability = 'durable',
): PurchaseRecord | undefined {
  let updated: PurchaseRecord;
  try {
    updated = ctx.journal.updatePurchase(purchase.id, purchase.state, to, change, event, durability);
  } catch (error) {
    if (error instanceof KasirError && error.code === 'STALE_STATE') return undefined;
    throw error;
  }
  if (to !== undefined) announcePurchase(ctx, updated, purchase.state);
  return updated;
}

export function rereadPurchase(ctx: PurchaseContext, id: number): PurchaseRecord {
  const purchase = ctx.journal.getPurchase(id);
  if (!purchase) throw new Error(`purchase ${id} vanished from the journal`);
  return purchase;
}
