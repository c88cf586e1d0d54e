// Receipts to paper through Electron's printing. A hidden window with JavaScript off loads the
// receipt page (main/app/receipt-layout.ts builds it) and webContents.print sends it to the printer
// named in Settings without a dialog, or shows the system dialog when none is set up.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import type { ReceiptPrinter } from '../app/payments-service';

type WindowLike = Pick<BrowserWindow, 'loadURL' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'print'>;
};

export type PrintWindowFactory = (options: BrowserWindowConstructorOptions) => WindowLike;

export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 400,
  height: 800,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
  },
};

export function createElectronPrinter(newWindow: PrintWindowFactory): ReceiptPrinter {
  return {
    async print(html, options) {
      const window = newWindow(PRINT_WINDOW_OPTIONS);
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        const printOptions: WebContentsPrintOptions = {
          silent: options.deviceName !== undefined,
          printBackground: false,
          margins: { marginType: 'none' },
          ...(options.deviceName !== undefined ? { deviceName: options.deviceName } : {}),
        };
        return await new Promise<boolean>((resolve) => {
          window.webContents.print(printOptions, (success) => resolve(success));
        });
      } finally {
        if (!window.isDestroyed()) window.destroy();
      }
    },
  };
}
