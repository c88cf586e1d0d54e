// The day's reconciliation of digital-product sales against each provider's own books: every purchase
// the journal sent that day, matched with what the provider has on record (its transaction history
// for the day when it publishes one — Klikoo — or each purchase asked after with its own references —
// DOKU Biller's advice), and every difference listed in the cashier's words: a purchase the provider
// does not have, one it has that we do not, a status or an amount that disagree. It reads and asks;
// it never changes a purchase (a difference is for a person, and for `kasir ppob status` to settle).

import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { formatRupiah, type Minor } from '../money/amount';
import type { InquiryRecord, PpobProviderName, PurchaseRecord } from '../payments/journal';
import type { CheckStatus, PpobProvider, ProviderTransaction } from './provider';

export type DifferenceKind = 'missing-at-provider' | 'unknown-to-us' | 'status' | 'amount';

export interface ReconcileDifference {
  provider: PpobProviderName;
  kind: DifferenceKind;
  reference: string | null;
  transactionId: string | null;
  ours: string | null;
  theirs: string | null;
  message: LocalizedText;
}

export interface ProviderReconciliation {
  provider: PpobProviderName;
  via: 'history' | 'per-purchase';
  ours: number;
  theirs: number;
  matched: number;
  error: LocalizedText | null;
}

export interface ReconcileResult {
  date: string;
  providers: ProviderReconciliation[];
  differences: ReconcileDifference[];
}

export interface ReconcileDeps {
  providers: readonly PpobProvider[];
  /** The day's purchases, every provider's. */
  purchases: readonly PurchaseRecord[];
  inquiryOf: (purchase: PurchaseRecord) => InquiryRecord | undefined;
}

const SUCCESS = new Set(['SUCCESS', 'MANUAL_SUCCESS']);
const FAILED = new Set(['FAILED', 'MANUAL_FAILED']);

/** A purchase whose request may have reached the provider: the ones its books should show. */
function wasSent(purchase: PurchaseRecord): boolean {
  if (purchase.state === 'AWAITING_PAYMENT' || purchase.state === 'NOT_PAID') return false;
  const reason = purchase.reason ?? '';
  return !(reason.startsWith('not sent:') || reason.startsWith('not bought:'));
}

/** What our journal says, in the provider's words. */
function oursAs(purchase: PurchaseRecord): 'SUCCESS' | 'FAILED' | 'OPEN' {
  if (SUCCESS.has(purchase.state)) return 'SUCCESS';
  if (FAILED.has(purchase.state)) return 'FAILED';
  return 'OPEN';
}

function difference(
  purchase: PurchaseRecord | undefined,
  provider: PpobProviderName,
  kind: DifferenceKind,
  theirs: { transactionId?: string | undefined; status?: string | undefined; amount?: Minor | undefined },
  ours?: string,
): ReconcileDifference {
  const ref = purchase?.partnerReferenceId ?? null;
  const what = purchase ? `${purchase.productName} ${purchase.customerNo}` : (theirs.transactionId ?? '');
  const messages: Record<DifferenceKind, LocalizedText> = {
    'missing-at-provider': {
      id: `${what}: tercatat ${ours ?? purchase?.state} di kasir, tetapi tidak ada di catatan penyedia. Periksa dengan "Periksa lagi" dan hubungi penyedia bila tetap hilang.`,
      en: `${what}: ${ours ?? purchase?.state} in the journal but not in the provider's records. Check it again and contact the provider if it stays missing.`,
    },
    'unknown-to-us': {
      id: `Transaksi ${theirs.transactionId ?? '?'} (${theirs.status ?? '?'}) ada di catatan penyedia tetapi tidak di kasir ini. Mungkin dari terminal lain dengan akun yang sama; bila bukan, hubungi penyedia.`,
      en: `Transaction ${theirs.transactionId ?? '?'} (${theirs.status ?? '?'}) is in the provider's records but not on this till. It may be another terminal on the same account; if not, contact the provider.`,
    },
    status: {
      id: `${what}: kasir mencatat ${ours}, penyedia mencatat ${theirs.status ?? '?'}. Buka detailnya dan periksa lagi.`,
      en: `${what}: the journal says ${ours}, the provider says ${theirs.status ?? '?'}. Open it and check again.`,
    },
    amount: {
      id: `${what}: harga beli di kasir ${ours}, penyedia memotong ${theirs.amount === undefined ? '?' : formatRupiah(theirs.amount)}.`,
      en: `${what}: buy price ${ours} in the journal, the provider charged ${theirs.amount === undefined ? '?' : formatRupiah(theirs.amount, 'en')}.`,
    },
  };
  return {
    provider,
    kind,
    reference: ref,
    transactionId: theirs.transactionId ?? purchase?.transactionId ?? null,
    ours: ours ?? null,
    theirs:
      kind === 'amount'
        ? theirs.amount === undefined
          ? null
          : formatRupiah(theirs.amount)
        : (theirs.status ?? null),
    message: messages[kind],
  };
}

/** Compares one purchase with the provider's word on it; undefined when they agree. */
function compare(
  purchase: PurchaseRecord,
  provider: PpobProviderName,
  theirs: { transactionId?: string | undefined; status: CheckStatus; amount?: Minor | undefined },
): ReconcileDifference | undefined {
  const ours = oursAs(purchase);
  if (theirs.status === 'NOT_FOUND') {
    // A definite failure the provider never recorded is the same fact: nothing was bought.
    return ours === 'FAILED'
      ? undefined
      : difference(purchase, provider, 'missing-at-provider', theirs, ours);
  }
  // Still open here, WAITING or unreadable there, or two different final words: a person looks.
  if (ours !== theirs.status) return difference(purchase, provider, 'status', theirs, ours);
  if (ours === 'SUCCESS' && theirs.amount !== undefined && theirs.amount !== purchase.buyPrice) {
    return difference(purchase, provider, 'amount', theirs, formatRupiah(purchase.buyPrice));
  }
  return undefined;
}

function failureText(error: unknown): LocalizedText {
  return error instanceof KasirError
    ? error.messages
    : { id: 'Penyedia tidak dapat ditanya saat ini.', en: 'The provider could not be asked just now.' };
}

async function byHistory(
  provider: PpobProvider & { dayHistory: NonNullable<PpobProvider['dayHistory']> },
  date: string,
  ours: readonly PurchaseRecord[],
): Promise<{ summary: ProviderReconciliation; differences: ReconcileDifference[] }> {
  const summary: ProviderReconciliation = {
    provider: provider.name,
    via: 'history',
    ours: ours.length,
    theirs: 0,
    matched: 0,
    error: null,
  };
  let theirs: ProviderTransaction[];
  try {
    theirs = await provider.dayHistory(date);
  } catch (error) {
    return { summary: { ...summary, error: failureText(error) }, differences: [] };
  }
  summary.theirs = theirs.length;
  const differences: ReconcileDifference[] = [];
  const claimed = new Set<ProviderTransaction>();
  for (const purchase of ours) {
    const match = theirs.find(
      (t) =>
        !claimed.has(t) &&
        ((t.reference !== undefined && t.reference === purchase.partnerReferenceId) ||
          (purchase.transactionId !== null && t.transactionId === purchase.transactionId)),
    );
    if (match) claimed.add(match);
    const found = compare(purchase, provider.name, match ?? { status: 'NOT_FOUND' });
    if (found) differences.push(found);
    else if (match) summary.matched++;
  }
  for (const t of theirs) {
    if (!claimed.has(t)) differences.push(difference(undefined, provider.name, 'unknown-to-us', t));
  }
  return { summary, differences };
}

async function byCheck(
  provider: PpobProvider,
  ours: readonly PurchaseRecord[],
  inquiryOf: ReconcileDeps['inquiryOf'],
): Promise<{ summary: ProviderReconciliation; differences: ReconcileDifference[] }> {
  const summary: ProviderReconciliation = {
    provider: provider.name,
    via: 'per-purchase',
    ours: ours.length,
    theirs: 0,
    matched: 0,
    error: null,
  };
  const differences: ReconcileDifference[] = [];
  for (const purchase of ours) {
    const checked = await provider.check(purchase, inquiryOf(purchase));
    if (checked.status !== 'NOT_FOUND' && checked.status !== 'UNKNOWN') summary.theirs++;
    const found = compare(purchase, provider.name, checked);
    if (found) differences.push(found);
    else summary.matched++;
  }
  return { summary, differences };
}

export async function reconcileDay(date: string, deps: ReconcileDeps): Promise<ReconcileResult> {
  const providers: ProviderReconciliation[] = [];
  const differences: ReconcileDifference[] = [];
  for (const provider of deps.providers) {
    const ours = deps.purchases.filter((p) => p.provider === provider.name && wasSent(p));
    const dayHistory = provider.dayHistory?.bind(provider);
    const { summary, differences: found } =
      dayHistory === undefined
        ? await byCheck(provider, ours, deps.inquiryOf)
        : await byHistory({ ...provider, dayHistory }, date, ours);
    providers.push(summary);
    differences.push(...found);
  }
  return { date, providers, differences };
}
