// The app's link to the merchant server: one per backend (each journal is enrolled on its own, so
// play money from the sandbox never mixes with a real provider's), restarted when the backend
// switches, and shown to the cashier as the sync badge. Settings enrol it with a one-time code.

import type { ServerLinkStatus } from '../../preload/contract/server-link';
import { KasirError } from '../errors';
import type { Handlers } from '../ipc/dispatcher';
import { purchasesLink } from '../sync/purchases-link';
import type { ServerLink } from '../sync/server-link';
import { startServerLink } from '../sync/server-link';
import type { Backend } from './backend';

export interface ServerLinkService {
  handlers: Pick<Handlers, 'server:status' | 'server:enrol' | 'server:forget'>;
  /** The backend now serving payments: its journal is what syncs. */
  attach(backend: Backend): void;
  detach(): Promise<void>;
}

const NONE: ServerLinkStatus = {
  state: 'not-enrolled',
  server: null,
  shop: null,
  label: null,
  pending: 0,
  lastSyncAt: null,
  error: null,
};

export function createServerLinkService(options: {
  emit: (status: ServerLinkStatus) => void;
  log: (line: string) => void;
  fetch?: typeof fetch;
}): ServerLinkService {
  let link: ServerLink | undefined;
  let current: Promise<ServerLink | undefined> = Promise.resolve(undefined);

  async function active(): Promise<ServerLink> {
    const found = link ?? (await current);
    if (found) return found;
    throw new KasirError({
      code: 'BACKEND_UNAVAILABLE',
      message: {
        id: 'Penyedia pembayaran belum siap. Periksa Pengaturan lalu coba lagi.',
        en: 'The payment provider is not ready. Check Settings and try again.',
      },
    });
  }

  return {
    attach(backend) {
      link = startServerLink({
        dir: backend.dir,
        journal: backend.journal,
        engine: backend.engine,
        identity: {
          terminalId: backend.terminal.terminalId,
          merchantId: backend.terminal.merchantId,
          sandbox: backend.kind === 'sandbox',
        },
        // A backend selling PPOB syncs its purchases too, and takes the Klikoo callbacks the server relays.
        ...(backend.ppob ? purchasesLink(backend.journal, backend.ppob) : {}),
        log: options.log,
        onStatus: options.emit,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      current = Promise.resolve(link);
      options.emit(link.status());
    },
    async detach() {
      const closing = link;
      link = undefined;
      current = Promise.resolve(undefined);
      if (!closing) return;
      const was = closing.status().state;
      await closing.close();
      if (was !== 'not-enrolled') options.emit(NONE);
    },
    handlers: {
      'server:status': async () => (link ? link.status() : NONE),
      'server:enrol': async ({ serverUrl, code }) => (await active()).enrol(serverUrl, code),
      'server:forget': async () => (await active()).forget(),
    },
  };
}
