import { useCallback, useEffect, useState } from 'react';
import type { Language } from '../../../../preload/contract/app';
import type { SettingsView } from '../../../../preload/contract/settings';
import { useKasirEvent } from '../../hooks/useKasirEvent';
import { useI18n } from '../../i18n';
import { AuditSection } from './AuditSection';
import { GeneralSection } from './GeneralSection';
import { call } from './ipc';
import { PinSection } from './PinSection';
import { PpobPricingSection } from './PpobPricingSection';
import { ProviderSection } from './ProviderSection';
import { ServerSection } from './ServerSection';
import { SettingsProblems } from './SettingsProblems';
import { SupervisorPinGate } from './SupervisorPinGate';
import { VaultNotice } from './VaultNotice';
import './settings.css';

/** F4: provider profiles and keys, the supervisor PIN, scanner, printer and language. */
export function SettingsScreen({ onLanguage }: { onLanguage: (language: Language) => Promise<boolean> }) {
  const { t } = useI18n();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [failed, setFailed] = useState(false);
  const [revision, setRevision] = useState(0);

  const load = useCallback(() => {
    void call('settings:get').then((answer) => {
      if (answer.ok) setSettings(answer.value);
      else setFailed(true);
    });
  }, []);

  useEffect(load, [load]);
  useKasirEvent('app:changed', ({ topic }) => {
    if (topic === 'settings') {
      load();
      setRevision((n) => n + 1);
    }
  });

  const onChange = useCallback((view: SettingsView) => {
    setSettings(view);
    setRevision((n) => n + 1);
  }, []);

  if (failed) {
    return (
      <p className="error" role="alert">
        {t('settings.loadFailed')}
      </p>
    );
  }
  if (!settings) return <p>{t('settings.loading')}</p>;

  return (
    <section className="settings" aria-labelledby="screen-title">
      <h2 id="screen-title">{t('settings.title')}</h2>
      <SettingsProblems problems={settings.problems} />
      <SupervisorPinGate pinSet={settings.pin.set}>
        <VaultNotice vault={settings.vault} onChange={onChange} />
        <ProviderSection settings={settings} onChange={onChange} />
        <PpobPricingSection settings={settings} onChange={onChange} />
      </SupervisorPinGate>
      <PinSection pin={settings.pin} onChange={onChange} />
      <GeneralSection settings={settings} onChange={onChange} onLanguage={onLanguage} />
      <ServerSection />
      <AuditSection revision={revision} />
    </section>
  );
}
