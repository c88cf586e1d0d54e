// The customer's own window, full screen on a second monitor: it shows what the cashier's window says
// the customer should see (amount, the sandbox's customer QR with its countdown, the result) and
// nothing else. It takes no input and can call only what a display needs.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../preload/contract/app';
import type { CustomerDisplayState } from '../../preload/contract/customer';
import { AppInfoContext, DEFAULT_APP_INFO } from './app-info';
import { useKasirEvent } from './hooks/useKasirEvent';
import { useMainState } from './hooks/useMainState';
import { useI18n } from './i18n';
import { kasir } from './kasir';
import { CustomerDisplay } from './screens/CustomerDisplay';

const IDLE: CustomerDisplayState = { amountMinor: '0', payment: null, qr: null, qrError: null, demo: false };

export function CustomerScreen() {
  const { language, setLanguage } = useI18n();
  const [info, setInfo] = useState<AppInfo>(DEFAULT_APP_INFO);
  const state = useMainState('customer:state') ?? IDLE;
  const [revision, setRevision] = useState(0);

  useKasirEvent('app:changed', ({ topic }) => {
    if (topic === 'settings') setRevision((n) => n + 1);
  });

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    void revision; // the language follows the saved setting
    void kasir()
      .invoke('app:info')
      .then((result) => {
        if (!result.ok) return;
        setInfo(result.value);
        setLanguage(result.value.language);
      });
  }, [revision, setLanguage]);

  return (
    <AppInfoContext.Provider value={info}>
      <main className="customer-screen">
        <h1 className="visually-hidden">{info.name}</h1>
        <CustomerDisplay state={state} fullScreen />
      </main>
    </AppInfoContext.Provider>
  );
}
