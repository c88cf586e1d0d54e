// The headless app core behind the window: everything the renderer can ask for, built from plain-Node
// services. Electron's main process and the e2e bridge both run exactly this.
import type { EventName } from '../../preload/contract';
import type { Dispatch, Handlers } from '../ipc/dispatcher';
import { createDispatcher } from '../ipc/dispatcher';
import type { Security, SecurityOptions } from '../settings/security';
import { createSecurity } from '../settings/security';
import { appVersion } from '../version';
import type { Cashier, CashierOptions } from './cashier';
import { createCashier } from './cashier';
import { createEventHub } from './event-hub';

export interface AppCoreOptions {
  dataDir: string;
  /** Receives unexpected errors for the support log. */
  log?: (message: string, detail?: unknown) => void;
  /** Wall clock (epoch ms); tests pin it. */
  now?: () => number;
  /**
   * Settings and secrets adapters: main/index.ts passes safeStorage, electron-store and the file dialog;
   * without them settings are JSON files in dataDir and no secret can be stored (main/settings/security.ts).
   */
  security?: Omit<SecurityOptions, 'dataDir' | 'now' | 'onChange'>;
  /** Receipt printing, the engine's resolution policy and sandbox faults (main/app/cashier.ts). */
  cashier?: Pick<
    CashierOptions,
    'printer' | 'policy' | 'faultScript' | 'openSerialPort' | 'recoveryDelaysMs' | 'journalCheckDelayMs'
  >;
}

export type { EventSink } from './event-hub';

export interface AppCore {
  dispatch: Dispatch;
  /** Subscribe to events for the renderer; returns an unsubscribe function. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** verifySupervisorPin, getActiveProvider and the settings behind the Settings screen. */
  security: Security;
  /** Payments, history, report and receipts; its backend() is the running sandbox or provider. */
  cashier: Cashier;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const hub = createEventHub(options.log);
  const emit = hub.emit;

  let cashier: Cashier | undefined;
  const security = createSecurity({
    ...options.security,
    dataDir: options.dataDir,
    ...(options.now ? { now: options.now } : {}),
    onChange: () => {
      emit('app:changed', { topic: 'settings' });
      cashier?.settingsChanged();
    },
  });
  for (const problem of security.problems()) options.log?.(problem.message.en, problem.issues);
  const payments = await createCashier({
    ...options.cashier,
    dataDir: options.dataDir,
    security,
    emit,
    now: options.now,
    log: options.log,
  });
  cashier = payments;

  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'Kasir CPM',
      version: appVersion(),
      backend: security.backend(),
      language: security.language(),
    }),
    ...security.handlers,
    ...payments.handlers,
  };

  const dispatch = createDispatcher(handlers, {
    onInternalError: (channel, error) => options.log?.(`IPC ${channel} failed`, error),
  });

  return {
    dispatch,
    security,
    cashier: payments,
    onEvent: (listener) => hub.subscribe(listener),
    async close() {
      hub.clear();
      await payments.close();
      security.close();
    },
  };
}
