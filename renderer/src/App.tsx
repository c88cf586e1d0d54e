import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, Language } from '../../preload/contract/app';
import type { LoadProblemView } from '../../preload/contract/settings';
import { AppInfoContext, DEFAULT_APP_INFO } from './app-info';
import { JournalHealthBanner } from './components/JournalHealthBanner';
import { dialogOpen } from './components/Modal';
import { RecoveryBanner } from './components/RecoveryBanner';
import { SyncBadge } from './components/SyncBadge';
import { createScanBus, ScanBusProvider } from './hooks/scan-bus';
import { useKasirEvent } from './hooks/useKasirEvent';
import { useScannerInput } from './hooks/useScannerInput';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/messages';
import { kasir } from './kasir';
import { CheckoutScreen } from './screens/CheckoutScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { PpobScreen } from './screens/PpobScreen';
import { ReportScreen } from './screens/ReportScreen';
import { SettingsProblems } from './screens/settings/SettingsProblems';
import { SettingsScreen } from './screens/settings/SettingsScreen';

export type ScreenId = 'checkout' | 'ppob' | 'history' | 'report' | 'settings';

export const SCREENS: { id: ScreenId; label: MessageKey; key: string }[] = [
  { id: 'checkout', label: 'nav.checkout', key: 'F1' },
  // F5, F6, F8–F10 are the screens' own keys; F7 is free on every screen.
  { id: 'ppob', label: 'nav.ppob', key: 'F7' },
  { id: 'history', label: 'nav.history', key: 'F2' },
  { id: 'report', label: 'nav.report', key: 'F3' },
  { id: 'settings', label: 'nav.settings', key: 'F4' },
];

/** Saves the language setting in main and shows it; every window follows the saved setting. */
export function useSaveLanguage(onSaved?: (info: AppInfo) => void): (language: Language) => Promise<boolean> {
  const { setLanguage } = useI18n();
  return useCallback(
    async (language: Language) => {
      const result = await kasir().invoke('app:language:set', { language });
      if (!result.ok) return false;
      setLanguage(result.value.language);
      onSaved?.(result.value);
      return true;
    },
    [setLanguage, onSaved],
  );
}

export function App() {
  const { t, language, setLanguage } = useI18n();
  const [screen, setScreen] = useState<ScreenId>('checkout');
  const screenRef = useRef(screen);
  screenRef.current = screen;
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [coreError, setCoreError] = useState(false);
  const scanBus = useMemo(() => createScanBus(), []);
  const [wedge, setWedge] = useState<{ maxInterKeyMs: number; suffixes: string[] } | undefined>(undefined);
  useScannerInput(scanBus, wedge ? { wedge } : {});
  const [problems, setProblems] = useState<LoadProblemView[]>([]);
  // Bumped when main says the settings changed: the backend (SANDBOX banner), language and scanner follow.
  const [settingsRevision, setSettingsRevision] = useState(0);
  const [infoRevision, setInfoRevision] = useState(0);
  useKasirEvent('app:changed', ({ topic }) => {
    if (topic === 'settings') setSettingsRevision((n) => n + 1);
    else if (topic === 'customer-screen') setInfoRevision((n) => n + 1);
  });
  const saveLanguage = useSaveLanguage(setInfo);

  // A scan is for the checkout, whichever screen is open, unless a dialog is (the checkout then
  // refuses the scan and the dialog keeps what was typed in it) or Produk digital is, whose sale
  // paid by QRIS takes it.
  useEffect(
    () =>
      scanBus.onScan(() => {
        if (!dialogOpen() && screenRef.current !== 'ppob') setScreen('checkout');
      }),
    [scanBus],
  );

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
    void infoRevision; // and whether a customer screen is open
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
  }, [setLanguage, settingsRevision, infoRevision]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // A dialog keeps the screen: F1–F4 there must not throw away what was typed in it.
      if (event.defaultPrevented || dialogOpen()) return;
      const target = SCREENS.find((s) => s.key === event.key);
      if (target) {
        event.preventDefault();
        setScreen(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <AppInfoContext.Provider value={info ?? DEFAULT_APP_INFO}>
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
          <nav className="tabs" aria-label={t('nav.menu')}>
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
          {info !== null && <SyncBadge />}
          <button
            type="button"
            className="lang"
            lang={language === 'id' ? 'en' : 'id'}
            onClick={() => void saveLanguage(language === 'id' ? 'en' : 'id')}
          >
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
                <div className="screen-pane" hidden={screen !== 'checkout'}>
                  <CheckoutScreen
                    customerDisplay={info.backend === 'sandbox'}
                    active={screen === 'checkout'}
                    takesScans={screen !== 'ppob'}
                  />
                </div>
                {/* So does a digital-product sale waiting for its provider. */}
                <div className="screen-pane" hidden={screen !== 'ppob'}>
                  <PpobScreen active={screen === 'ppob'} />
                </div>
                {screen === 'history' && <HistoryScreen />}
                {screen === 'report' && <ReportScreen />}
                {screen === 'settings' && <SettingsScreen onLanguage={saveLanguage} />}
              </>
            )}
          </main>
        </ScanBusProvider>
        <footer className="statusbar">{info ? `${info.name} ${info.version}` : ''}</footer>
      </div>
    </AppInfoContext.Provider>
  );
}
