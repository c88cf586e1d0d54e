// The thin Electron shell, with 'electron' mocked: the window's security options, the permission and
// navigation rules, and that IPC from a foreign frame or with a bad payload is refused.
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  windowOptions: [] as unknown[],
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  permissions: {} as { request?: (...args: unknown[]) => void; check?: (...args: unknown[]) => boolean },
  loadedFile: undefined as string | undefined,
}));

vi.mock('electron', async () => {
  const { electronBase } = await import('./support/electron-base');
  class BrowserWindow {
    webContents = { send: vi.fn() };
    constructor(options: unknown) {
      state.windowOptions.push(options);
    }
    once() {}
    on() {}
    getBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 };
    }
    isDestroyed() {
      return false;
    }
    async loadFile(file: string) {
      state.loadedFile = file;
    }
    async loadURL() {}
    static getFocusedWindow() {
      return null;
    }
  }
  return {
    ...electronBase(state, 'kasir-shell-'),
    BrowserWindow,
    // One monitor: no customer window.
    screen: {
      getAllDisplays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }],
      getDisplayMatching: () => ({ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }),
      on: vi.fn(),
    },
  };
});

vi.mock('electron-store', () => import('./support/electron-store'));

function ownFrame() {
  const file = state.loadedFile ?? '';
  return { url: pathToFileURL(file).href, parent: null };
}

describe('the Electron main process shell', () => {
  beforeAll(async () => {
    await import('../../../main/index');
    await vi.waitFor(() => expect(state.loadedFile).toBeDefined());
  });

  it('creates exactly one window when there is one monitor', () => {
    expect(state.windowOptions).toHaveLength(1);
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
  ])('sets webPreferences.%s to %s', (option, value) => {
    const prefs = (state.windowOptions[0] as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs[option]).toBe(value);
  });

  it('loads the CommonJS preload that the sandbox requires', () => {
    const prefs = (state.windowOptions[0] as { webPreferences: { preload: string } }).webPreferences;
    expect(prefs.preload).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('answers IPC from our own page', async () => {
    const handler = state.handlers.get('app:info');
    const result = await handler?.({ senderFrame: ownFrame() }, undefined);
    expect(result).toMatchObject({ ok: true, value: { name: 'Kasir CPM' } });
  });

  it('refuses IPC from a foreign origin', async () => {
    const handler = state.handlers.get('app:info');
    const result = await handler?.(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN' } });
  });

  it('refuses IPC from a subframe of our own page', async () => {
    const handler = state.handlers.get('app:info');
    const result = await handler?.({ senderFrame: { ...ownFrame(), parent: {} } }, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN' } });
  });

  it('refuses IPC with no sender frame (a destroyed or navigated frame)', async () => {
    const handler = state.handlers.get('app:info');
    const result = await handler?.({ senderFrame: null }, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN' } });
  });

  it('answers a bad payload with a typed error', async () => {
    const handler = state.handlers.get('app:info');
    const result = await handler?.({ senderFrame: ownFrame() }, { unexpected: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'IPC_BAD_PAYLOAD', message: { id: expect.any(String) } },
    });
  });

  it('grants the camera and denies every other permission', () => {
    const decide = (permission: string, details: unknown) => {
      let granted: boolean | undefined;
      state.permissions.request?.(
        {},
        permission,
        (value: boolean) => {
          granted = value;
        },
        details,
      );
      return granted;
    };
    expect(decide('media', { mediaTypes: ['video'] })).toBe(true);
    expect(decide('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(decide('geolocation', {})).toBe(false);
    expect(decide('notifications', {})).toBe(false);
    expect(decide('openExternal', {})).toBe(false);
  });

  it('passes a permission check only for the camera', () => {
    const check = (permission: string, details: unknown) =>
      state.permissions.check?.({}, permission, 'file://', details);
    expect(check('media', { mediaType: 'video' })).toBe(true);
    expect(check('media', { mediaType: 'audio' })).toBe(false);
    expect(check('media', { mediaType: 'unknown' })).toBe(false);
    expect(check('geolocation', {})).toBe(false);
  });

  it('denies navigation away from our page and every new window', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault: () => void }, url?: string) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: (handler: () => { action: string }) => {
        openHandler = handler;
      },
    };
    state.appEvents.get('web-contents-created')?.({}, contents);
    const preventDefault = vi.fn();
    listeners.get('will-navigate')?.({ preventDefault }, 'https://evil.example/');
    expect(preventDefault).toHaveBeenCalled();
    const attach = vi.fn();
    listeners.get('will-attach-webview')?.({ preventDefault: attach });
    expect(attach).toHaveBeenCalled();
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});
