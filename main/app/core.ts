// The headless app core behind the window: everything the renderer can ask for, built from plain-Node
// services. Electron's main process and the e2e bridge both run exactly this.
import type { EventName } from '../../preload/contract';
import { securePrivateDir } from '../files/private-files';
import type { Dispatch, Handlers } from '../ipc/dispatcher';
import { createDispatcher } from '../ipc/dispatcher';
import type { Security, SecurityOptions } from '../settings/security';
import { createSecurity } from '../settings/security';
import { appVersion } from '../version';
import type { Cashier, CashierOptions } from './cashier';
import { createCashier, SANDBOX_DEMO_PIN } from './cashier';
import type { CustomerRelay } from './customer-relay';
import { createCustomerRelay } from './customer-relay';
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
    | 'printer'
    | 'policy'
    | 'faultScript'
    | 'openSerialPort'
    | 'recoveryDelaysMs'
    | 'journalCheckDelayMs'
    | 'ppobPolicy'
    | 'ppobSandbox'
    | 'ppobFollowUpMs'
  >;
}

export type { EventSink } from './event-hub';

/** WIB, until a backend says otherwise. */
const DEFAULT_UTC_OFFSET_MINUTES = 420;

export interface AppCore {
  dispatch: Dispatch;
  /** Subscribe to events for the renderer; returns an unsubscribe function. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** verifySupervisorPin, getActiveProvider and the settings behind the Settings screen. */
  security: Security;
  /** Payments, history, report and receipts; its backend() is the running sandbox or provider. */
  cashier: Cashier;
  /** What the customer display shows; the shell says when a customer window opens or closes. */
  customer: CustomerRelay;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const tightened = securePrivateDir(options.dataDir);
  if (tightened !== null) options.log?.(tightened);
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

  const customer = createCustomerRelay(emit);

  const info = async () => {
    const backend = security.backend();
    // The demo PIN works only in the sandbox and only until a real PIN is set: say so exactly then.
    const pinSet =
      backend === 'sandbox' ? (await security.handlers['settings:get'](undefined)).pin.set : true;
    return {
      name: 'Kasir CPM',
      version: appVersion(),
      backend,
      language: security.language(),
      utcOffsetMinutes: payments.backend()?.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES,
      demoPin: pinSet ? null : SANDBOX_DEMO_PIN,
      customerScreen: customer.screenOpen(),
    };
  };

  const handlers: Handlers = {
    'app:info': info,
    'app:language:set': async ({ language }) => {
      // One language setting: saved with the rest of the general settings, as Settings would save it.
      const { sandboxVariant, scanner, printer } = await security.handlers['settings:get'](undefined);
      await security.handlers['settings:general:save']({ language, sandboxVariant, scanner, printer });
      return info();
    },
    'customer:show': async (state) => customer.show(state),
    'customer:state': async () => customer.current(),
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
    customer,
    onEvent: (listener) => hub.subscribe(listener),
    async close() {
      hub.clear();
      await payments.close();
      security.close();
    },
  };
}
