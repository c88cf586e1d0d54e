// The customer display's window on a second monitor, with 'electron' mocked: when it opens, where, how
// it stays out of the keyboard's way, what its page may call and hear, and that it follows monitors
// being plugged in and out.
import { beforeAll, describe, expect, it, vi } from 'vitest';

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: { file?: string; hash?: string | undefined; url?: string };
  sent: { event: string; payload: unknown }[];
  closed: boolean;
  shownInactive: boolean;
  listeners: Map<string, () => void>;
  webContents: { id: number; send: (channel: string, event: string, payload: unknown) => void };
}

const state = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  displays: [] as { id: number; bounds: { x: number; y: number; width: number; height: number } }[],
  screenListeners: new Map<string, () => void>(),
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  nextId: 1,
}));

vi.mock('electron', async () => {
  const { electronBase } = await import('./support/electron-base');
  class BrowserWindow {
    record: FakeWindow;
    webContents: FakeWindow['webContents'];
    constructor(options: Record<string, unknown>) {
      const record: FakeWindow = {
        options,
        loaded: {},
        sent: [],
        closed: false,
        shownInactive: false,
        listeners: new Map(),
        webContents: {
          id: state.nextId++,
          send: (_channel, event, payload) => record.sent.push({ event, payload }),
        },
      };
      this.record = record;
      this.webContents = record.webContents;
      state.windows.push(record);
    }
    once(event: string, listener: () => void) {
      this.record.listeners.set(event, listener);
    }
    on(event: string, listener: () => void) {
      this.record.listeners.set(event, listener);
    }
    getBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    isDestroyed() {
      return this.record.closed;
    }
    close() {
      this.record.closed = true;
      this.record.listeners.get('closed')?.();
    }
    show() {}
    showInactive() {
      this.record.shownInactive = true;
    }
    setBounds() {}
    setFullScreen() {}
    async loadFile(file: string, options?: { hash?: string }) {
      this.record.loaded = { file, hash: options?.hash };
    }
    async loadURL(url: string) {
      this.record.loaded = { url };
    }
    static getFocusedWindow() {
      return null;
    }
  }
  return {
    ...electronBase(state, 'kasir-shell-customer-'),
    BrowserWindow,
    screen: {
      getAllDisplays: () => state.displays,
      // The cashier's window is on the first monitor.
      getDisplayMatching: () => state.displays[0],
      on: (event: string, listener: () => void) => state.screenListeners.set(event, listener),
    },
  };
});

vi.mock('electron-store', () => import('./support/electron-store'));

const MAIN = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } };
const SECOND = { id: 2, bounds: { x: 1280, y: 0, width: 1920, height: 1080 } };

const cashier = () => state.windows[0] as FakeWindow;
const customer = () => state.windows[1] as FakeWindow;

function call(sender: FakeWindow, channel: string, payload?: unknown) {
  const handler = state.handlers.get(channel);
  const event = {
    senderFrame: { url: `${cashier().loaded.url ?? ''}#customer`, parent: null },
    sender: sender.webContents,
  };
  return Promise.resolve(handler?.(event, payload));
}

describe('the customer display on a second monitor', () => {
  beforeAll(async () => {
    state.displays = [MAIN, SECOND];
    await import('../../../main/index');
    await vi.waitFor(() => expect(state.windows).toHaveLength(2));
  });

  it('opens full screen on the monitor the cashier is not using', () => {
    expect(customer().options).toMatchObject({ ...SECOND.bounds, fullscreen: true, frame: false });
  });

  it('never takes the keyboard (the scanner types into the cashier’s window) nor shows in the taskbar', () => {
    expect(customer().options).toMatchObject({ focusable: false, skipTaskbar: true, show: false });
    customer().listeners.get('ready-to-show')?.();
    expect(customer().shownInactive).toBe(true);
  });

  it('has the same locked-down web preferences as the cashier’s window, without DevTools', () => {
    expect(customer().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      preload: (cashier().options.webPreferences as { preload: string }).preload,
    });
  });

  it('loads the customer page of the same renderer', () => {
    expect(cashier().loaded).toEqual({ url: 'app://kasir/index.html' });
    expect(customer().loaded).toEqual({ url: 'app://kasir/index.html#customer' });
  });

  it('lets the customer page read what it shows and nothing else', async () => {
    await expect(call(customer(), 'app:info')).resolves.toMatchObject({
      ok: true,
      value: { customerScreen: true },
    });
    await expect(call(customer(), 'customer:state')).resolves.toMatchObject({ ok: true });
    await expect(call(customer(), 'history:search', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_FORBIDDEN' },
    });
    await expect(call(customer(), 'payment:refund', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_FORBIDDEN' },
    });
    await expect(call(cashier(), 'history:search', {})).resolves.toMatchObject({ ok: true });
  });

  it('sends the customer window what the cashier’s window shows the customer, and no other event', async () => {
    const shown = { amountMinor: '1000000', payment: null, qr: null, qrError: null, demo: true };
    await call(cashier(), 'customer:show', shown);
    expect(customer().sent).toContainEqual({ event: 'customer:state', payload: shown });
    expect(cashier().sent).toContainEqual({ event: 'customer:state', payload: shown });
    expect(customer().sent.every(({ event }) => event === 'customer:state' || event === 'app:changed')).toBe(
      true,
    );
  });

  it('closes when the second monitor is unplugged, and the cashier’s window shows the panel again', async () => {
    state.displays = [MAIN];
    state.screenListeners.get('display-removed')?.();
    expect(customer().closed).toBe(true);
    expect(cashier().sent).toContainEqual({ event: 'app:changed', payload: { topic: 'customer-screen' } });
    await expect(call(cashier(), 'app:info')).resolves.toMatchObject({ value: { customerScreen: false } });
  });

  it('opens again when a monitor is plugged back in', () => {
    state.displays = [MAIN, SECOND];
    state.screenListeners.get('display-added')?.();
    expect(state.windows).toHaveLength(3);
    expect(state.windows[2]?.options).toMatchObject({ x: 1280, fullscreen: true });
  });
});
