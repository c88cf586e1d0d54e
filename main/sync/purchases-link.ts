// What a terminal that sells PPOB adds to its merchant-server link: its purchases as one more
// stream (so a Klikoo callback the server receives finds this terminal by the purchase's references),
// and the handler of those callbacks, which hands each to the purchase engine as the hint it is: the
// engine records it and confirms it with transaction detail before anything changes. The hint is
// acknowledged only once that check has run, so a terminal that stops meanwhile gets it again.

import type { PurchaseEngine } from '../ppob/purchase-engine';
import type { PurchaseOutboxJournal } from './outbox';
import { purchaseSource } from './outbox';
import type { ServerLinkOptions } from './server-link';

export function purchasesLink(
  journal: PurchaseOutboxJournal,
  ppob: Pick<PurchaseEngine, 'applyCallback'>,
): Pick<ServerLinkOptions, 'sources' | 'hintHandlers'> {
  return {
    sources: [purchaseSource(journal)],
    hintHandlers: {
      'klikoo-callback': async (hint) => {
        const applied = ppob.applyCallback('klikoo', JSON.stringify(hint.body));
        await applied.confirming;
      },
    },
  };
}
