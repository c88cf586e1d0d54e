import { useMainState } from '../hooks/useMainState';
import { useI18n } from '../i18n';

/** Red, and only when the journal's integrity check found it damaged: no new payments until support looked. */
export function JournalHealthBanner() {
  const { language } = useI18n();
  const health = useMainState('journal:health');
  if (health?.state !== 'damaged' || health.message === null) return null;
  return (
    <div className="journal-banner" role="alert">
      {health.message[language]}
    </div>
  );
}
