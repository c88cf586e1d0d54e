// What the payment engine needs from a provider: the four QR CPM calls with the SNAP client's
// contract (throw only when nothing left the machine; otherwise an answer or an unknown outcome),
// and fresh X-EXTERNAL-IDs it can journal before a request leaves.

import type { QrCpmClient } from '../snap/client';
import type { ExternalIdSource } from '../snap/external-id';

export type ProviderPort = Pick<QrCpmClient, 'pay' | 'query' | 'cancel' | 'refund'> & {
  /** A fresh X-EXTERNAL-ID, never handed out before on the same day. */
  nextExternalId(): string;
};

/** The real provider: a QR CPM client plus the persisted X-EXTERNAL-ID store it draws from. */
export function providerFromClient(
  client: QrCpmClient,
  externalIds: ExternalIdSource,
  partnerId: string,
): ProviderPort {
  return {
    pay: (request, options) => client.pay(request, options),
    query: (request, options) => client.query(request, options),
    cancel: (request, options) => client.cancel(request, options),
    refund: (request, options) => client.refund(request, options),
    nextExternalId: () => externalIds.next(partnerId),
  };
}
