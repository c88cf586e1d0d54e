// The window's security options, kept apart from BrowserWindow so a test can pin every one of them.
import type { BrowserWindowConstructorOptions } from 'electron';

/** `devTools` only in development: a packaged till gives nobody a console into the renderer. */
export function secureWindowOptions(
  preloadPath: string,
  { devTools }: { devTools: boolean },
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Kasir CPM',
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** Permissions the renderer may be granted: the camera, for webcam QR scanning. Everything else is denied. */
export function isPermissionAllowed(permission: string, details: { mediaTypes?: string[] } = {}): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}
