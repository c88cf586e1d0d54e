// The thin Electron shell, with 'electron' mocked: the window's security options, the permission and
// navigation rules, that IPC from a foreign frame or with a bad payload is refused, the app:// page
// with its CSP header, what a packaged build refuses (the dev server's URL, DevTools), and the dialog
// a failed start shows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../preload/contract/content-security-policy';

const state = vi.hoisted(() => ({
  isPackaged: false,
  dataDir: '',
  calls: [] as string[],
  windowOptions: [] as unknown[],
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  permissions: {} as { request?: (...args: unknown[]) => void; check?: (...args: unknown[]) => boolean },
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  loadedUrl: undefined as string | undefined,
  loadedFile: undefined as string | undefined,
  errorBox: undefined as undefined | { title: string; message: string },
  exitCode: undefined as number | undefined,
  quits: 0,
}));

vi.mock('electron', async () => {
  const { electronBase } = await import('./support/electron-base');
  const base = electronBase(state, 'kasir-shell-');
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
    async loadURL(url: string) {
      state.loadedUrl = url;
    }
    static getFocusedWindow() {
      return null;
    }
  }
  return {
    ...base,
    app: {
      ...base.app,
      get isPackaged() {
        return state.isPackaged;
      },
      whenReady: () => {
        state.calls.push('whenReady');
        return Promise.resolve();
      },
      getPath: () => state.dataDir,
      quit: () => {
        state.quits += 1;
      },
      exit: (code: number) => {
        state.exitCode = code;
      },
    },
    dialog: {
      ...base.dialog,
      showErrorBox: (title: string, message: string) => {
        state.errorBox = { title, message };
      },
    },
    protocol: {
      ...base.protocol,
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        state.calls.push('registerSchemesAsPrivileged');
        state.privilegedSchemes.push(...schemes);
      },
    },
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

/** Closes the running core (and its sandbox) the way closing the last window does. */
async function shutDown(): Promise<void> {
  const closeLast = state.appEvents.get('window-all-closed');
  state.appEvents.clear();
  if (!closeLast) return;
  const quits = state.quits;
  closeLast();
  await vi.waitFor(() => expect(state.quits).toBeGreaterThan(quits));
}

async function boot(options: { packaged: boolean; devServerUrl?: string; dataDir?: string }): Promise<void> {
  await shutDown();
  Object.assign(state, {
    isPackaged: options.packaged,
    dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), 'kasir-shell-')),
    calls: [],
    windowOptions: [],
    privilegedSchemes: [],
    loadedUrl: undefined,
    loadedFile: undefined,
    errorBox: undefined,
    exitCode: undefined,
  });
  state.handlers.clear();
  state.protocolHandlers.clear();
  if (options.devServerUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = options.devServerUrl;
  vi.resetModules();
  await import('../../../main/index');
  await vi.waitFor(() => expect(state.loadedUrl ?? state.errorBox).toBeDefined());
  delete process.env.ELECTRON_RENDERER_URL;
}

afterAll(shutDown);

function ownFrame() {
  return { url: 'app://kasir/index.html', parent: null };
}

const prefs = () => (state.windowOptions[0] as { webPreferences: Record<string, unknown> }).webPreferences;

describe('the Electron main process shell', () => {
  beforeAll(async () => {
    await boot({ packaged: true });
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
    ['devTools', false],
  ])('sets webPreferences.%s to %s', (option, value) => {
    expect(prefs()[option]).toBe(value);
  });

  it('loads the CommonJS preload that the sandbox requires', () => {
    expect(prefs().preload).toMatch(/preload[/\\]index\.cjs$/);
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
      state.permissions.check?.({}, permission, 'app://kasir', details);
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

describe('the app:// page', () => {
  beforeAll(async () => {
    await boot({ packaged: true });
  });

  const serve = (url: string, method = 'GET') => {
    const handler = state.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    return handler(new Request(url, { method }));
  };

  it('is registered as a standard, secure scheme before the app is ready', () => {
    expect(state.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(state.calls.indexOf('whenReady'));
    expect(state.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
  });

  it('is what the window loads, instead of a file:// URL', () => {
    expect(state.loadedUrl).toBe('app://kasir/index.html');
    expect(state.loadedFile).toBeUndefined();
  });

  it('comes with the Content-Security-Policy as a header, not only as a <meta>', async () => {
    const response = await serve('app://kasir/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it.each([
    'app://kasir/../package.json',
    'app://kasir/%2e%2e/package.json',
    'app://kasir/..%2fpackage.json',
    'app://kasir/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://other/index.html',
    'app://kasir/missing.js',
  ])('serves nothing outside the renderer folder: %s', async (url) => {
    const response = await serve(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers only GET and HEAD', async () => {
    expect((await serve('app://kasir/index.html', 'POST')).status).toBe(405);
    const head = await serve('app://kasir/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('a packaged app', () => {
  it('ignores ELECTRON_RENDERER_URL: loads its own page and refuses IPC from that origin', async () => {
    await boot({ packaged: true, devServerUrl: 'http://127.0.0.1:5173/' });
    expect(state.loadedUrl).toBe('app://kasir/index.html');
    const result = await state.handlers.get('app:info')?.(
      { senderFrame: { url: 'http://127.0.0.1:5173/', parent: null } },
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN' } });
  });

  it('turns DevTools off', async () => {
    await boot({ packaged: true });
    expect(prefs().devTools).toBe(false);
  });
});

describe('a development run (not packaged)', () => {
  it('loads the dev server named in ELECTRON_RENDERER_URL, with DevTools', async () => {
    await boot({ packaged: false, devServerUrl: 'http://127.0.0.1:5173/' });
    expect(state.loadedUrl).toBe('http://127.0.0.1:5173/');
    expect(prefs().devTools).toBe(true);
    const result = await state.handlers.get('app:info')?.(
      { senderFrame: { url: 'http://127.0.0.1:5173/', parent: null } },
      undefined,
    );
    expect(result).toMatchObject({ ok: true });
  });
});

describe('a start that fails before the window opens', () => {
  it('says in one dialog what is wrong and where the data is, opens no window and quits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kasir-shell-broken-'));
    writeFileSync(
      join(dataDir, 'audit.sqlite'),
      'this is not an SQLite database, it was overwritten'.repeat(20),
    );
    await boot({ packaged: true, dataDir });
    expect(state.errorBox?.title).toBe('Kasir CPM tidak dapat dimulai / Kasir CPM cannot start');
    expect(state.errorBox?.message).toContain('The audit log is damaged or not a Kasir audit log');
    expect(state.errorBox?.message).toContain(`Data: ${dataDir}`);
    expect(state.errorBox?.message).not.toMatch(/\n\s+at /);
    expect(state.windowOptions).toEqual([]);
    expect(state.exitCode).toBe(1);
  });

  it('names a full disk as such', async () => {
    const { startupFailure } = await import('../../../main/shell/startup-failure');
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(startupFailure(full, '/home/kasir/.config/Kasir CPM').message).toMatch(
      /^Disk penuh.*\nData: \/home\/kasir\/\.config\/Kasir CPM\n\nThe disk is full, so Kasir CPM cannot write its data\./,
    );
  });
});
