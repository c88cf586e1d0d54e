import { useClock } from '../format';
import { useMainState } from '../hooks/useMainState';
import { useI18n } from '../i18n';

/**
 * Says, while it is so, that unfinished transactions are being resolved before new payments are
 * taken, and when a failed attempt will be retried. Nothing once recovery is done.
 */
export function RecoveryBanner() {
  const { t, language } = useI18n();
  const clock = useClock();
  const status = useMainState('payment:recovery');
  if (status === null || status.state === 'done') return null;
  const text =
    status.state === 'running'
      ? t('recovery.running')
      : t('recovery.retrying', {
          reason: status.message?.[language] ?? '',
          time: status.nextAttemptAt === null ? '' : clock.time(status.nextAttemptAt),
        });
  return (
    <div className={`recovery-banner ${status.state}`} role="status" aria-live="polite">
      {text}
    </div>
  );
}
