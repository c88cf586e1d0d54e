// A second copy of the app, started while the first runs, quits without opening anything: no core (so
// no journal, no recovery run against the first one's payments), no IPC, no window.
import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ whenReady: 0, windows: 0, handlers: 0, quit: 0 }));

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => false,
    whenReady: () => {
      state.whenReady += 1;
      return Promise.resolve();
    },
    getPath: () => {
      throw new Error('a second instance must not touch the data folder');
    },
    on: () => {},
    quit: () => {
      state.quit += 1;
    },
  },
  BrowserWindow: class {
    constructor() {
      state.windows += 1;
    }
  },
  dialog: {},
  safeStorage: {},
  ipcMain: {
    handle: () => {
      state.handlers += 1;
    },
  },
  session: { defaultSession: {} },
}));

vi.mock('electron-store', () => ({ default: class {} }));

describe('a second instance of the app', () => {
  it('quits without waiting for ready, opening the core, registering IPC or making a window', async () => {
    await import('../../../main/index');
    expect(state.quit).toBe(1);
    expect(state.whenReady).toBe(0);
    expect(state.handlers).toBe(0);
    expect(state.windows).toBe(0);
  });
});
