import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../preload/contract/settings';
import { useClock } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { call } from './ipc';

const ACTIONS: Readonly<Record<string, MessageKey>> = {
  'pin.verify': 'audit.action.pin.verify',
  'pin.set': 'audit.action.pin.set',
  'pin.change': 'audit.action.pin.change',
  'secret.store': 'audit.action.secret.store',
  'key.generate': 'audit.action.key.generate',
  'key.import': 'audit.action.key.import',
  'profile.save': 'audit.action.profile.save',
  'profile.delete': 'audit.action.profile.delete',
  'profile.activate': 'audit.action.profile.activate',
  'vault.accept-unprotected': 'audit.action.vault.accept-unprotected',
  'pin.recover': 'audit.action.pin.recover',
  'pin.lost': 'audit.action.pin.lost',
  'settings.general': 'audit.action.settings.general',
};

const OUTCOMES: Readonly<Record<string, MessageKey>> = {
  ok: 'audit.outcome.ok',
  wrong: 'audit.outcome.wrong',
  locked: 'audit.outcome.locked',
  not_set: 'audit.outcome.not_set',
  rejected: 'audit.outcome.rejected',
  incomplete: 'audit.outcome.incomplete',
  created: 'audit.outcome.created',
  updated: 'audit.outcome.updated',
  lost: 'audit.outcome.lost',
  detected: 'audit.outcome.detected',
};

/** Outcomes that are a change going through, shown like "ok". */
const DONE = new Set(['ok', 'created', 'updated']);

const ACTORS: Readonly<Record<string, MessageKey>> = {
  supervisor: 'audit.actor.supervisor',
  'no PIN set yet': 'audit.actor.beforePin',
  cashier: 'audit.actor.cashier',
};

const PURPOSES: Readonly<Record<string, MessageKey>> = {
  refund: 'audit.purpose.refund',
  cancel: 'audit.purpose.cancel',
  decide: 'audit.purpose.decide',
  settings: 'audit.purpose.settings',
  'pin.change': 'audit.purpose.pin.change',
};

/** The latest security events: PIN uses (with what they were for), credential changes and who made them. */
export function AuditSection({ revision }: { revision: number }) {
  const { t } = useI18n();
  const clock = useClock();
  const [entries, setEntries] = useState<AuditEntry[]>([]);

  useEffect(() => {
    void revision;
    void call('settings:audit:list').then((answer) => {
      if (answer.ok) setEntries(answer.value.entries.slice(0, 30));
    });
  }, [revision]);

  // Words first; a code this screen does not know yet is shown as it is, never hidden.
  const word = (table: Readonly<Record<string, MessageKey>>, code: string) => {
    const key = table[code];
    return key ? t(key) : code;
  };

  return (
    <section className="settings-section" aria-labelledby="settings-audit">
      <h3 id="settings-audit">{t('audit.title')}</h3>
      {entries.length === 0 ? (
        <p className="hint">{t('audit.empty')}</p>
      ) : (
        <table className="audit table compact">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.what')}</th>
              <th>{t('audit.result')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.for')}</th>
              <th>{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-action={entry.action} data-outcome={entry.outcome}>
                <td className="nowrap">{clock.dateTime(entry.at)}</td>
                <td>{word(ACTIONS, entry.action)}</td>
                <td className={DONE.has(entry.outcome) ? 'ok-text' : 'bad-text'}>
                  {word(OUTCOMES, entry.outcome)}
                </td>
                <td>{entry.actor ? word(ACTORS, entry.actor) : ''}</td>
                <td>
                  {entry.purpose ? word(PURPOSES[entry.purpose] ? PURPOSES : ACTIONS, entry.purpose) : ''}
                  {entry.reference && <span className="code small"> {entry.reference}</span>}
                </td>
                <td className="code small">
                  {[entry.action, entry.outcome, entry.detail].filter(Boolean).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
