import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { call } from './ipc';

/** The latest security events: PIN uses (with what they were for) and credential changes. */
export function AuditSection({ revision }: { revision: number }) {
  const { t, language } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[]>([]);

  useEffect(() => {
    void revision;
    void call('settings:audit:list').then((answer) => {
      if (answer.ok) setEntries(answer.value.entries.slice(0, 30));
    });
  }, [revision]);

  const time = (at: number) => new Date(at).toLocaleString(language === 'id' ? 'id-ID' : 'en-GB');

  return (
    <section className="settings-section" aria-labelledby="settings-audit">
      <h3 id="settings-audit">{t('audit.title')}</h3>
      {entries.length === 0 ? (
        <p className="hint">{t('audit.empty')}</p>
      ) : (
        <table className="audit small">
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{time(entry.at)}</td>
                <td className="mono">{entry.action}</td>
                <td>{entry.outcome}</td>
                <td>{[entry.purpose, entry.reference].filter(Boolean).join(' · ')}</td>
                <td className="code">{entry.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
