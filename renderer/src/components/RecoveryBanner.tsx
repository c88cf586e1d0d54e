import { useEffect, useState } from 'react';
import type { RecoveryStatus } from '../../../preload/contract/payments';
import { clockTime } from '../format';
import { useKasirEvent } from '../hooks/useKasirEvent';
import { useI18n } from '../i18n';
import { kasir } from '../kasir';

/**
 * Says, while it is so, that unfinished transactions are being resolved before new payments are
 * taken, and when a failed attempt will be retried. Nothing once recovery is done.
 */
export function RecoveryBanner() {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  useKasirEvent('payment:recovery', setStatus);
  useEffect(() => {
    void kasir()
      .invoke('payment:recovery')
      .then((result) => {
        if (result.ok) setStatus((current) => current ?? result.value);
      });
  }, []);
  if (status === null || status.state === 'done') return null;
  const text =
    status.state === 'running'
      ? t('recovery.running')
      : t('recovery.retrying', {
          reason: status.message?.[language] ?? '',
          time: status.nextAttemptAt === null ? '' : clockTime(status.nextAttemptAt),
        });
  return (
    <div className={`recovery-banner ${status.state}`} role="status" aria-live="polite">
      {text}
    </div>
  );
}
