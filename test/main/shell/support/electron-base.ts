// The parts of a mocked 'electron' every shell test shares: the app (one instance, ready at once, a
// fresh data folder, not packaged), no OS secret store, IPC handlers collected into `handlers`,
// sessions that hand their permission handlers to `permissions`, and a protocol module that keeps
// the app:// handler in `protocolHandlers`. Each test adds its own BrowserWindow and screen.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

export interface ElectronBaseState {
  handlers: Map<string, (event: unknown, payload: unknown) => unknown>;
  appEvents?: Map<string, (...args: unknown[]) => void>;
  permissions?: {
    request?: (...args: unknown[]) => void;
    check?: (...args: unknown[]) => boolean;
  };
  protocolHandlers?: Map<string, (request: Request) => Promise<Response>>;
}

export function electronBase(state: ElectronBaseState, dataDirPrefix: string) {
  return {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => mkdtempSync(join(tmpdir(), dataDirPrefix)),
      on: (event: string, listener: (...args: unknown[]) => void) => state.appEvents?.set(event, listener),
      quit: vi.fn(),
    },
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        state.protocolHandlers?.set(scheme, handler),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => false,
      getSelectedStorageBackend: () => 'unknown',
      encryptStringAsync: vi.fn(),
      decryptStringAsync: vi.fn(),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => unknown) =>
        state.handlers.set(channel, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => {
          if (state.permissions) state.permissions.request = handler;
        },
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => {
          if (state.permissions) state.permissions.check = handler;
        },
      },
    },
  };
}
