import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../preload/contract/app';
import type { LoadProblemView } from '../../preload/contract/settings';
import { JournalHealthBanner } from './components/JournalHealthBanner';
import { RecoveryBanner } from './components/RecoveryBanner';
import { createScanBus, ScanBusProvider } from './hooks/scan-bus';
import { useKasirEvent } from './hooks/useKasirEvent';
import { useScannerInput } from './hooks/useScannerInput';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/messages';
import { kasir } from './kasir';
import { CheckoutScreen } from './screens/CheckoutScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { ReportScreen } from './screens/ReportScreen';
import { SettingsProblems } from './screens/settings/SettingsProblems';
import { SettingsScreen } from './screens/settings/SettingsScreen';

export type ScreenId = 'checkout' | 'history' | 'report' | 'settings';

export const SCREENS: { id: ScreenId; label: MessageKey; key: string }[] = [
  { id: 'checkout', label: 'nav.checkout', key: 'F1' },
  { id: 'history', label: 'nav.history', key: 'F2' },
  { id: 'report', label: 'nav.report', key: 'F3' },
  { id: 'settings', label: 'nav.settings', key: 'F4' },
];

export function App() {
  const { t, language, setLanguage } = useI18n();
  const [screen, setScreen] = useState<ScreenId>('checkout');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [coreError, setCoreError] = useState(false);
  const scanBus = useMemo(() => createScanBus(), []);
  const [wedge, setWedge] = useState<{ maxInterKeyMs: number; suffixes: string[] } | undefined>(undefined);
  useScannerInput(scanBus, wedge ? { wedge } : {});
  const [problems, setProblems] = useState<LoadProblemView[]>([]);
  // Bumped when main says the settings changed: the backend (SANDBOX banner), language and scanner follow.
  const [settingsRevision, setSettingsRevision] = useState(0);
  useKasirEvent('app:changed', ({ topic }) => {
    if (topic === 'settings') setSettingsRevision((n) => n + 1);
  });

  // A scan is always for the checkout, whichever screen is open.
  useEffect(() => scanBus.onScan(() => setScreen('checkout')), [scanBus]);

  useEffect(() => {
    void settingsRevision; // re-read after every settings change
    void kasir()
      .invoke('settings:get')
      .then((result) => {
        if (result.ok) {
          const { scanner } = result.value;
          setWedge({ maxInterKeyMs: scanner.wedgeMaxKeyIntervalMs, suffixes: [scanner.wedgeTerminator] });
          setProblems(result.value.problems);
        }
      });
  }, [settingsRevision]);

  useEffect(() => {
    void settingsRevision; // the backend (SANDBOX banner) and language follow the settings
    void kasir()
      .invoke('app:info')
      .then(
        (result) => {
          if (result.ok) {
            setInfo(result.value);
            setLanguage(result.value.language);
          } else setCoreError(true);
        },
        () => setCoreError(true),
      );
  }, [setLanguage, settingsRevision]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = SCREENS.find((s) => s.key === event.key);
      if (target) {
        event.preventDefault();
        setScreen(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      {info?.backend === 'sandbox' && (
        <div className="sandbox-banner" role="status">
          {t('banner.sandbox')}
        </div>
      )}
      {info !== null && <JournalHealthBanner />}
      {info !== null && <RecoveryBanner />}
      <header className="topbar">
        <h1 className="brand">{t('app.name')}</h1>
        <nav className="tabs" aria-label="Menu">
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              className={s.id === screen ? 'tab active' : 'tab'}
              aria-current={s.id === screen ? 'page' : undefined}
              onClick={() => setScreen(s.id)}
            >
              <kbd>{s.key}</kbd> {t(s.label)}
            </button>
          ))}
        </nav>
        <button type="button" className="lang" onClick={() => setLanguage(language === 'id' ? 'en' : 'id')}>
          {t('lang.switch')}
        </button>
      </header>
      <ScanBusProvider bus={scanBus}>
        <main className="screen" data-screen={screen}>
          {screen !== 'settings' && <SettingsProblems problems={problems} />}
          {coreError ? (
            <p role="alert">{t('app.coreError')}</p>
          ) : info === null ? (
            <p>{t('app.loading')}</p>
          ) : (
            <>
              {/* The checkout stays mounted: a sale in progress survives a look at History. */}
              <div hidden={screen !== 'checkout'}>
                <CheckoutScreen customerDisplay={info.backend === 'sandbox'} active={screen === 'checkout'} />
              </div>
              {screen === 'history' && <HistoryScreen />}
              {screen === 'report' && <ReportScreen />}
              {screen === 'settings' && <SettingsScreen />}
            </>
          )}
        </main>
      </ScanBusProvider>
      <footer className="statusbar">{info ? `${info.name} ${info.version}` : ''}</footer>
    </div>
  );
}
