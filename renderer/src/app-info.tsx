// What the whole UI needs to know about the app: which backend (the SANDBOX marks, the demo PIN), the
// terminal's UTC offset (every time on screen) and whether a customer window is open. The App reads
// it from main and provides it; screens rendered alone (tests) get the defaults.
import { createContext, useContext } from 'react';
import type { AppInfo } from '../../preload/contract/app';

export const DEFAULT_APP_INFO: AppInfo = {
  name: 'Kasir CPM',
  version: '',
  backend: 'provider',
  language: 'id',
  utcOffsetMinutes: 420,
  demoPin: null,
  customerScreen: false,
};

export const AppInfoContext = createContext<AppInfo>(DEFAULT_APP_INFO);

export function useAppInfo(): AppInfo {
  return useContext(AppInfoContext);
}
