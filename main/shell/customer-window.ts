// The customer display on a second screen. When a monitor other than the cashier's is connected, a
// second window shows the customer panel full screen on it (the same page with #customer); when that
// monitor goes away, the window closes and the panel is back in the cashier's window. The window can
// never take the keyboard: a keyboard-wedge scanner types into whichever window has focus, and that
// must stay the cashier's.
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { secureWindowOptions } from './window-options';

export interface DisplayLike {
  id: number;
  bounds: Rectangle;
}

/** The part of Electron's `screen` module this needs. */
export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getDisplayMatching(rect: Rectangle): DisplayLike;
  on(event: 'display-added' | 'display-removed' | 'display-metrics-changed', listener: () => void): unknown;
}

/** The part of a BrowserWindow this needs. */
export interface CustomerWindowLike {
  isDestroyed(): boolean;
  close(): void;
  setBounds(bounds: Rectangle): void;
  setFullScreen(flag: boolean): void;
  showInactive(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  webContents: { id: number };
}

export interface CustomerWindowDeps {
  screen: ScreenLike;
  /** Where the cashier's window is now. */
  cashierBounds: () => Rectangle;
  createWindow: (options: BrowserWindowConstructorOptions) => CustomerWindowLike;
  /** Loads the renderer's customer page (#customer) into the window. */
  load: (window: CustomerWindowLike) => Promise<void>;
  preloadPath: string;
  /** A customer window opened or closed (the cashier's window then hides or shows its own panel). */
  onOpenChange: (open: boolean) => void;
  log?: (message: string, detail?: unknown) => void;
}

export interface CustomerWindowManager {
  /** Opens, moves or closes the window for the displays connected now. */
  sync(): void;
  /** The open customer window's web contents id, to tell its IPC apart; undefined when none. */
  webContentsId(): number | undefined;
  window(): CustomerWindowLike | undefined;
  close(): void;
}

/** The display the customer faces: one the cashier's window is not on, or none with a single monitor. */
export function pickCustomerDisplay(
  displays: readonly DisplayLike[],
  cashierDisplayId: number,
): DisplayLike | undefined {
  return displays.find((display) => display.id !== cashierDisplayId);
}

export function customerWindowOptions(
  display: DisplayLike,
  preloadPath: string,
): BrowserWindowConstructorOptions {
  const secure = secureWindowOptions(preloadPath, { devTools: false });
  return {
    ...secure,
    ...display.bounds,
    minWidth: undefined,
    minHeight: undefined,
    title: 'Kasir CPM — pelanggan / customer',
    backgroundColor: '#f8fafc',
    fullscreen: true,
    frame: false,
    // Never the keyboard's: the scanner and the cashier type into the cashier's window.
    focusable: false,
    skipTaskbar: true,
    show: false,
    webPreferences: { ...secure.webPreferences, devTools: false },
  };
}

export function manageCustomerWindow(deps: CustomerWindowDeps): CustomerWindowManager {
  let current: { window: CustomerWindowLike; displayId: number } | undefined;

  const forget = () => {
    if (!current) return;
    current = undefined;
    deps.onOpenChange(false);
  };

  function open(display: DisplayLike): void {
    const window = deps.createWindow(customerWindowOptions(display, deps.preloadPath));
    current = { window, displayId: display.id };
    window.on('closed', () => {
      if (current?.window === window) forget();
    });
    window.once('ready-to-show', () => window.showInactive());
    deps.onOpenChange(true);
    deps.load(window).catch((error: unknown) => {
      deps.log?.('the customer display did not load', error);
      if (!window.isDestroyed()) window.close();
    });
  }

  function sync(): void {
    const cashier = deps.screen.getDisplayMatching(deps.cashierBounds());
    const target = pickCustomerDisplay(deps.screen.getAllDisplays(), cashier.id);
    if (current?.window.isDestroyed()) forget();
    if (!target) {
      if (current) {
        const { window } = current;
        forget();
        window.close();
      }
      return;
    }
    if (!current) {
      open(target);
      return;
    }
    if (current.displayId !== target.id) {
      // The monitor changed (another one plugged in, the cashier's window moved): follow it.
      current.displayId = target.id;
      current.window.setFullScreen(false);
      current.window.setBounds(target.bounds);
      current.window.setFullScreen(true);
    }
  }

  deps.screen.on('display-added', sync);
  deps.screen.on('display-removed', sync);
  deps.screen.on('display-metrics-changed', sync);

  return {
    sync,
    webContentsId: () =>
      current && !current.window.isDestroyed() ? current.window.webContents.id : undefined,
    window: () => (current && !current.window.isDestroyed() ? current.window : undefined),
    close() {
      const window = current?.window;
      forget();
      if (window && !window.isDestroyed()) window.close();
    },
  };
}
