// Electron main process: lifecycle and wiring only. All logic lives in the plain-Node core.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session } from 'electron';
import Store from 'electron-store';
import { EVENT_CHANNEL } from '../preload/channel-names';
import { CONTENT_SECURITY_POLICY } from '../preload/contract/content-security-policy';
import { CUSTOMER_WINDOW_CHANNELS, CUSTOMER_WINDOW_EVENTS } from '../preload/contract/customer';
import { createAppCore } from './app/core';
import { electronStoreDocument } from './settings/electron-store-document';
import {
  APP_RENDERER_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './shell/app-protocol';
import { manageCustomerWindow } from './shell/customer-window';
import { pemFilePicker } from './shell/dialogs';
import { hardenSession, hardenWebContents } from './shell/harden';
import { registerIpc } from './shell/ipc';
import { createElectronPrinter } from './shell/printing';
import { safeStorageCipher } from './shell/secrets';
import { startupFailure } from './shell/startup-failure';
import { secureWindowOptions } from './shell/window-options';

// The dev server's page is trusted like our own (IPC included) and runs without the shipped CSP: a
// packaged app must never take it from the environment, where anyone who can start the app puts it.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const here = import.meta.dirname;
const rendererUrl = () => devServerUrl ?? APP_RENDERER_URL;
/** Known once the app is ready; the start-up failure dialog says where the data is. */
let dataDir: string | undefined;

// A second instance would fight the first over the journal and the one-payment-in-flight rule. app.quit()
// does not stop this module from going on, so a second instance must not call main() at all.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(here, '../renderer'), CONTENT_SECURITY_POLICY));
  hardenSession(session.defaultSession);
  hardenWebContents(app, rendererUrl);

  dataDir = app.getPath('userData');
  const data = dataDir;
  const core = await createAppCore({
    dataDir: data,
    log: (message, detail) => console.error(message, detail),
    security: {
      documents: (name) => electronStoreDocument(Store, data, name),
      cipher: safeStorageCipher(safeStorage),
      pickPemFile: pemFilePicker(dialog, () => BrowserWindow.getFocusedWindow()),
    },
    cashier: { printer: createElectronPrinter((options) => new BrowserWindow(options)) },
  });
  const preloadPath = join(here, '../preload/index.cjs');
  const window = new BrowserWindow(secureWindowOptions(preloadPath, { devTools: !app.isPackaged }));
  // The customer display, full screen on a second monitor whenever one is connected.
  const customer = manageCustomerWindow({
    screen,
    cashierBounds: () => window.getBounds(),
    createWindow: (options) => new BrowserWindow(options),
    load: (target) => (target as BrowserWindow).loadURL(`${rendererUrl()}#customer`),
    preloadPath,
    onOpenChange: (open) => core.customer.setScreenOpen(open),
    log: (message, detail) => console.error(message, detail),
  });
  registerIpc(ipcMain, core.dispatch, rendererUrl, (id) =>
    id === customer.webContentsId() ? CUSTOMER_WINDOW_CHANNELS : undefined,
  );
  core.onEvent((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
    const display = customer.window() as BrowserWindow | undefined;
    if (display && CUSTOMER_WINDOW_EVENTS.includes(event))
      display.webContents.send(EVENT_CHANNEL, event, payload);
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl());
  customer.sync();
  window.on('moved', () => customer.sync());
  window.on('closed', () => customer.close());

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}

if (firstInstance) {
  // Only before the app is ready can a scheme be made standard and secure.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  main().catch((error: unknown) => {
    // Before the window is up nobody would see an error: say it in a dialog, then quit.
    console.error('Kasir CPM could not start', error);
    const { title, message } = startupFailure(error, dataDir);
    dialog.showErrorBox(title, message);
    app.exit(1);
  });
}
