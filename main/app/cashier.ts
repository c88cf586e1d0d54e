// The cashier's part of the app core, wired: the backend the settings choose (the embedded sandbox by
// default, or a SNAP provider), the payment engine on it, the scan registry, the supervisor's PIN,
// the receipt printer, and the payment channels' handlers. When the settings switch provider, the
// next backend is started once nothing is in flight, and every screen is told to refresh.

import { randomBytes } from 'node:crypto';
import { paymentChannels } from '../../preload/contract/payments';
import { ppobChannels } from '../../preload/contract/ppob';
import { KasirError } from '../errors';
import type { Handlers } from '../ipc/dispatcher';
import { checkJournalInBackground } from '../payments/journal/integrity-check';
import type { ResolutionPolicyInput } from '../payments/policy';
import type { PurchasePolicyInput } from '../ppob/policy';
import type { FaultScript } from '../sandbox/faults';
import type { ActiveProvider, Security } from '../settings/security';
import { pinCheckError } from '../vault/supervisor-pin';
import type { Backend, BackendOptions } from './backend';
import { startBackend } from './backend';
import { enginePort } from './engine-port';
import type { EventSink } from './event-hub';
import { importLegacyWallets } from './legacy-ui-store';
import type { ReceiptPrinter, SupervisorAuth } from './payments-service';
import { PaymentsService } from './payments-service';
import { PpobService } from './ppob-service';
import type { ReceiptLanguage } from './receipt-layout';
import { readCpmScan, ScanRegistry } from './scan-registry';
import type { OpenSerialPort, SerialScanner } from './serial-scanner';
import { openWithSerialport, startSerialScanner } from './serial-scanner';
import { createServerLinkService } from './server-link-service';

export interface CashierOptions {
  dataDir: string;
  security: Security;
  /** Pushes payment:changed and scanner:serial to the renderer. */
  emit: EventSink;
  /** Opens the serial scanner's port (serialport in the app; a fake in tests). */
  openSerialPort?: OpenSerialPort | undefined;
  /** Prints receipts; without one (plain Node, tests) nothing prints and the answer says so. */
  printer?: ReceiptPrinter | undefined;
  policy?: ResolutionPolicyInput | undefined;
  /** From start to the journal's full integrity check (tests shorten it). */
  journalCheckDelayMs?: number | undefined;
  /** Waits between failed recovery attempts at start (tests shorten them). */
  recoveryDelaysMs?: readonly number[] | undefined;
  faultScript?: FaultScript | undefined;
  /** How patiently unknown PPOB purchases are resolved (tests shorten it). */
  ppobPolicy?: PurchasePolicyInput | undefined;
  /** Sandbox only: the PPOB simulators' timings (tests). */
  ppobSandbox?: BackendOptions['ppobSandbox'] | undefined;
  /** Between checks of a PPOB sale left unresolved (tests shorten it). */
  ppobFollowUpMs?: number | undefined;
  now?: (() => number) | undefined;
  log?: ((message: string, detail?: unknown) => void) | undefined;
}

export interface Cashier {
  handlers: Pick<Handlers, PaymentChannel | 'server:status' | 'server:enrol' | 'server:forget'>;
  /** The backend now serving payments (tests read the sandbox's ledger through it). */
  backend(): Backend | undefined;
  /** The settings changed: switch backend if the active provider did. */
  settingsChanged(): void;
  close(): Promise<void>;
}

type PaymentChannel = keyof typeof paymentChannels | keyof typeof ppobChannels;

const noPrinter: ReceiptPrinter = { print: async () => false };
/** The full journal check waits this long after start, so start-up and recovery come first. */
const JOURNAL_CHECK_DELAY_MS = 30_000;

/** Sandbox-only approval when no supervisor PIN was ever set (documented in the README). */
export const SANDBOX_DEMO_PIN = '246810';

function supervisorAuth(security: Security, sandbox: () => boolean): SupervisorAuth {
  return {
    async verify(pin, action, reference) {
      const check = await security.verifySupervisorPin(pin, { purpose: action, reference });
      if (check.ok) return { supervisor: 'supervisor' };
      // A fresh sandbox install has no PIN yet; the demo PIN lets a tester try refunds at once, and any
      // other PIN is simply wrong (the PIN field shows the demo PIN as a hint there).
      if (check.code === 'PIN_NOT_SET' && sandbox()) {
        if (pin === SANDBOX_DEMO_PIN) return { supervisor: 'supervisor (sandbox demo PIN)' };
        throw new KasirError({
          code: 'PIN_WRONG',
          message: {
            id: `PIN salah. Mode sandbox tanpa PIN supervisor: gunakan PIN demo ${SANDBOX_DEMO_PIN}.`,
            en: `Wrong PIN. Sandbox mode with no supervisor PIN: use the demo PIN ${SANDBOX_DEMO_PIN}.`,
          },
        });
      }
      throw pinCheckError(check);
    },
  };
}

function providerKey(provider: ActiveProvider): string {
  if (provider.kind === 'sandbox') return 'sandbox';
  const { clientSecret: _secret, privateKey: _key, providerPublicKey: _public, ...fields } = provider.profile;
  return `snap:${JSON.stringify(fields)}`;
}

function unavailable(cause: unknown): KasirError {
  if (cause instanceof KasirError) return cause;
  return new KasirError({
    code: 'BACKEND_UNAVAILABLE',
    message: {
      id: 'Penyedia pembayaran belum siap. Periksa Pengaturan (F4) lalu coba lagi.',
      en: 'The payment provider is not ready. Check Settings (F4) and try again.',
    },
    cause,
  });
}

interface Running {
  key: string;
  backend: Backend;
  service: PaymentsService;
  ppob: PpobService;
}

export async function createCashier(options: CashierOptions): Promise<Cashier> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  let running: Running | undefined;
  let failure: KasirError | undefined;
  let inFlight = 0;
  let switching: Promise<void> | undefined;
  let switchPending = false;
  let closed = false;

  const language = (): ReceiptLanguage => options.security.language();
  const serverLink = createServerLinkService({
    emit: (status) => options.emit('server:status', status),
    log: (line) => log(line),
  });

  const printOptions = async () => {
    const { printer } = await options.security.handlers['settings:get'](undefined);
    return {
      paperWidthMm: printer.paperWidthMm,
      ...(printer.enabled && printer.deviceName !== '' ? { deviceName: printer.deviceName } : {}),
    };
  };

  async function build(provider: ActiveProvider): Promise<Running> {
    const backend = await startBackend({
      dataDir: options.dataDir,
      provider,
      now,
      log: (line) => log(line),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.faultScript ? { faultScript: options.faultScript } : {}),
      ...(options.ppobPolicy ? { ppobPolicy: options.ppobPolicy } : {}),
      ...(options.ppobSandbox ? { ppobSandbox: options.ppobSandbox } : {}),
    });
    importLegacyWallets(options.dataDir, backend.journal, (line) => log(line));
    const scans = new ScanRegistry({
      decode: readCpmScan,
      now,
      newId: () => randomBytes(12).toString('hex'),
      paymentOpen: () => backend.journal.openPayments(backend.terminal.terminalId).length > 0,
    });
    const supervisor = supervisorAuth(options.security, () => backend.kind === 'sandbox');
    const printer = options.printer ?? noPrinter;
    let ppob: PpobService | undefined;
    const service = new PaymentsService({
      engine: enginePort(backend.engine, backend.journal, backend.ppob),
      purchases: () => ppob,
      journal: backend.journal,
      scans,
      supervisor,
      printer,
      printOptions,
      terminal: backend.terminal,
      customerQr: backend.customerQr,
      emit: (view) => options.emit('payment:changed', view),
      emitRecovery: (status) => options.emit('payment:recovery', status),
      checkJournal: () => checkJournalInBackground(backend.journal.file),
      emitJournalHealth: (health) => options.emit('journal:health', health),
      ...(options.recoveryDelaysMs ? { recoveryDelaysMs: options.recoveryDelaysMs } : {}),
      now,
      utcOffsetMinutes: backend.utcOffsetMinutes,
      testMode: backend.kind === 'sandbox',
      language,
      log,
    });
    ppob = new PpobService({
      engine: backend.ppob,
      journal: backend.journal,
      scans,
      supervisor,
      printer,
      printOptions,
      terminal: backend.terminal,
      pricing: () => options.security.ppobPricing(),
      paymentView: (record) => service.view(record),
      requireRecovered: () => service.requireRecovered(),
      emit: (view) => options.emit('ppob:changed', view),
      now,
      utcOffsetMinutes: backend.utcOffsetMinutes,
      testMode: backend.kind === 'sandbox',
      language,
      followUpMs: options.ppobFollowUpMs,
      log,
    });
    const sales = ppob;
    service.onClose(() => sales.close());
    // QRs already paid with today stay refused after a restart.
    for (const payment of backend.journal.history({ date: service.today(), limit: 500 }).items) {
      scans.markUsed(payment.qrFingerprint);
    }
    void service.startRecovery();
    // The full integrity check, off the payment path: once soon after start, then daily.
    const check = () => void service.checkJournal();
    const first = setTimeout(check, options.journalCheckDelayMs ?? JOURNAL_CHECK_DELAY_MS);
    const daily = setInterval(check, 24 * 3600_000);
    first.unref();
    daily.unref();
    service.onClose(() => {
      clearTimeout(first);
      clearInterval(daily);
    });
    serverLink.attach(backend);
    return { key: providerKey(provider), backend, service, ppob: sales };
  }

  async function switchTo(): Promise<void> {
    let provider: ActiveProvider;
    try {
      provider = await options.security.getActiveProvider();
    } catch (error) {
      log('the active payment provider cannot be loaded', error);
      failure = unavailable(error);
      return;
    }
    const key = providerKey(provider);
    if (running?.key === key) {
      failure = undefined;
      return;
    }
    const previous = running;
    running = undefined;
    if (previous) {
      const detached = serverLink.detach();
      previous.service.close();
      await previous.backend.close();
      await detached;
    }
    try {
      running = await build(provider);
      failure = undefined;
    } catch (error) {
      log('the payment backend did not start', error);
      failure = unavailable(error);
    }
  }

  await switchTo();

  // The serial scanner, when Settings choose one: reopened whenever the settings change.
  let serial: SerialScanner | undefined;
  let serialKey = '';
  async function configureSerial(): Promise<void> {
    let key = '';
    let config: { path: string; baudRate: number } | undefined;
    try {
      const { scanner } = await options.security.handlers['settings:get'](undefined);
      if (scanner.mode === 'serial' && scanner.serialPath !== '') {
        config = { path: scanner.serialPath, baudRate: scanner.serialBaudRate };
        key = `${config.path}@${config.baudRate}`;
      }
    } catch (error) {
      log('the scanner settings cannot be read', error);
    }
    if (key === serialKey || closed) return;
    serialKey = key;
    await serial?.close();
    serial = undefined;
    if (!config) return;
    serial = startSerialScanner(
      config,
      {
        onData: (chunk) =>
          options.emit('scanner:serial', { kind: 'data', base64: Buffer.from(chunk).toString('base64') }),
        onStatus: (connected, message) =>
          options.emit('scanner:serial', { kind: 'status', connected, message }),
      },
      options.openSerialPort ?? openWithSerialport,
    );
  }
  await configureSerial();

  async function current(): Promise<Running> {
    if (switching) await switching;
    if (running) return running;
    throw failure ?? unavailable(undefined);
  }

  /** Every handler runs against the current backend and is counted, so a switch waits for it. */
  function route<C extends PaymentChannel>(channel: C): Handlers[C] {
    const handler = async (payload: Parameters<Handlers[C]>[0]) => {
      const { service, ppob } = await current();
      inFlight++;
      try {
        const handlers = {
          ...service.handlers(),
          ...ppob.handlers(() => service.today()),
        } as unknown as Record<C, (p: typeof payload) => ReturnType<Handlers[C]>>;
        return await handlers[channel](payload);
      } finally {
        inFlight--;
      }
    };
    return handler as unknown as Handlers[C];
  }

  const channels = [...Object.keys(paymentChannels), ...Object.keys(ppobChannels)] as PaymentChannel[];
  const handlers = {
    ...(Object.fromEntries(channels.map((channel) => [channel, route(channel)])) as unknown as Pick<
      Handlers,
      PaymentChannel
    >),
    ...serverLink.handlers,
  };

  function settingsChanged(): void {
    void configureSerial();
    if (closed || switchPending) return;
    switchPending = true;
    const attempt = async () => {
      // Never switch under a running operation or an unfinished payment: wait for them. Meanwhile the
      // current backend keeps answering, since settling that payment may take the cashier (check
      // again, cancel); only the switch itself holds new calls back.
      const unfinished = (backend: Backend) =>
        backend.engine.unresolved().length + (backend.ppob?.unresolved().length ?? 0);
      while (!closed && (inFlight > 0 || (running && unfinished(running.backend) > 0))) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      if (closed) return;
      switching = switchTo();
      await switching;
    };
    void attempt()
      .catch((error: unknown) => log('the new settings could not be applied', error))
      .finally(() => {
        switching = undefined;
        switchPending = false;
      });
  }

  return {
    handlers,
    backend: () => running?.backend,
    settingsChanged,
    async close() {
      closed = true;
      await serial?.close();
      const last = running;
      running = undefined;
      if (last) {
        const detached = serverLink.detach();
        last.service.close();
        await last.backend.close();
        await detached;
      }
    },
  };
}
