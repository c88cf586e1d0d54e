import { useEffect, useState } from 'react';
import type { ServerLinkStatus } from '../../../preload/contract/server-link';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { kasir } from '../kasir';

/** What the badge says for a link state (nothing at all when no server is enrolled). */
export function syncBadgeKey(status: ServerLinkStatus): MessageKey | null {
  switch (status.state) {
    case 'not-enrolled':
      return null;
    case 'connected':
      return status.pending > 0 ? 'sync.sending' : 'sync.connected';
    case 'connecting':
      return 'sync.connecting';
    case 'offline':
      return 'sync.offline';
    case 'refused':
      return 'sync.refused';
    case 'error':
      return 'sync.error';
  }
}

/** The merchant server link in the top bar: connected / N pending / error. */
export function SyncBadge() {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<ServerLinkStatus | null>(null);
  useEffect(() => {
    void kasir()
      .invoke('server:status')
      .then((answer) => {
        if (answer.ok) setStatus(answer.value);
      })
      .catch(() => undefined);
  }, []);
  useKasirEvent('server:status', setStatus);
  if (!status) return null;
  const key = syncBadgeKey(status);
  if (!key) return null;
  const tone =
    status.state === 'connected'
      ? status.pending > 0
        ? 'busy'
        : 'ok'
      : status.state === 'connecting'
        ? 'busy'
        : 'bad';
  return (
    <output
      className={`sync-badge sync-${tone}`}
      data-state={status.state}
      title={status.error ? status.error.message[language] : (status.server ?? undefined)}
    >
      {t(key, { n: status.pending })}
    </output>
  );
}
