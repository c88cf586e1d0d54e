// Electron main process: lifecycle and wiring only. All logic lives in the plain-Node core.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session } from 'electron';
import Store from 'electron-store';
import { EVENT_CHANNEL } from '../preload/channel-names';
import { CUSTOMER_WINDOW_CHANNELS, CUSTOMER_WINDOW_EVENTS } from '../preload/contract/customer';
import { createAppCore } from './app/core';
import { electronStoreDocument } from './settings/electron-store-document';
import { manageCustomerWindow } from './shell/customer-window';
import { pemFilePicker } from './shell/dialogs';
import { hardenSession, hardenWebContents } from './shell/harden';
import { registerIpc } from './shell/ipc';
import { createElectronPrinter } from './shell/printing';
import { safeStorageCipher } from './shell/secrets';
import { secureWindowOptions } from './shell/window-options';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const here = import.meta.dirname;
const rendererFile = join(here, '../renderer/index.html');
const rendererUrl = () => devServerUrl ?? pathToFileURL(rendererFile).href;

// A second instance would fight the first over the journal and the one-payment-in-flight rule. app.quit()
// does not stop this module from going on, so a second instance must not call main() at all.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  hardenWebContents(app, rendererUrl);

  const dataDir = app.getPath('userData');
  const core = await createAppCore({
    dataDir,
    log: (message, detail) => console.error(message, detail),
    security: {
      documents: (name) => electronStoreDocument(Store, dataDir, name),
      cipher: safeStorageCipher(safeStorage),
      pickPemFile: pemFilePicker(dialog, () => BrowserWindow.getFocusedWindow()),
    },
    cashier: { printer: createElectronPrinter((options) => new BrowserWindow(options)) },
  });
  const preloadPath = join(here, '../preload/index.cjs');
  const window = new BrowserWindow(secureWindowOptions(preloadPath));
  // The customer display, full screen on a second monitor whenever one is connected.
  const customer = manageCustomerWindow({
    screen,
    cashierBounds: () => window.getBounds(),
    createWindow: (options) => new BrowserWindow(options),
    load: (target) =>
      devServerUrl
        ? (target as BrowserWindow).loadURL(`${devServerUrl}#customer`)
        : (target as BrowserWindow).loadFile(rendererFile, { hash: 'customer' }),
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
  await (devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererFile));
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

if (firstInstance) void main();
