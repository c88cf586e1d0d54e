// Shared set-up for the PPOB tests: the SNAP sandbox and both PPOB simulators on loopback, and a
// terminal assembled by the one assembly (openTerminal) with a ppob section pointing at them, over
// real HTTP. Policies are shrunk to milliseconds so every fault resolves quickly.

import { join } from 'node:path';
import { KasirError } from '../../../main/errors';
import type { OpenedTerminal } from '../../../main/payments/open-terminal';
import { openTerminal } from '../../../main/payments/open-terminal';
import { openPpob } from '../../../main/ppob/open-ppob';
import type { PurchasePolicyInput } from '../../../main/ppob/policy';
import type { PurchaseEngine, PurchaseEvent } from '../../../main/ppob/purchase-engine';
import type { DokuSandboxPartner } from '../../../main/sandbox/ppob/doku-sim';
import type { KlikooSandboxPartner } from '../../../main/sandbox/ppob/klikoo-sim';
import type { PpobSandboxHandle, PpobSandboxOptions } from '../../../main/sandbox/ppob/sandbox';
import { startPpobSandbox } from '../../../main/sandbox/ppob/sandbox';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { nodeHttpFetch } from '../../../main/snap/http-transport';
import { FAST_POLICY, sharedKeys, tempDir } from '../payments/support';

/** Milliseconds instead of seconds: the same decisions, quickly. */
export const FAST_PURCHASE_POLICY: PurchasePolicyInput = {
  checkDelaysMs: [20, 30, 50],
  settleMs: 3_000,
  deadlineMs: 60_000,
  confirmNotFoundMs: 20,
  maxResends: 2,
};

export interface PpobRig {
  dir: string;
  sandbox: SandboxHandle;
  ppobSandbox: PpobSandboxHandle;
  klikooPartner: KlikooSandboxPartner;
  dokuPartner: DokuSandboxPartner;
  terminal: OpenedTerminal;
  ppob: PurchaseEngine;
  events: PurchaseEvent[];
  qr: () => string;
  close: () => Promise<void>;
}

export interface PpobRigOptions {
  sim?: Omit<PpobSandboxOptions, 'klikooPartners' | 'dokuPartners'>;
  policy?: PurchasePolicyInput;
  /** The PPOB calls' timeout (default 1 s). */
  timeoutMs?: number;
  callbackUrl?: string;
  /** Point the terminal at another Klikoo or DOKU Biller (a scripted one) instead of the simulators. */
  klikooBaseUrl?: string;
  dokuBaseUrl?: string;
}

export async function startPpobRig(options: PpobRigOptions = {}): Promise<PpobRig> {
  const { demo, provider } = await sharedKeys();
  const dir = tempDir('kasir-ppob-');
  const sandbox = await startSandbox({ partners: [demo.partner], providerKeyPair: provider });
  const klikooPartner: KlikooSandboxPartner = {
    clientId: 'klikoo-test-client',
    clientSecret: 'klikoo-test-secret-0123456789',
    publicKeyPem: demo.partner.publicKeyPem,
    ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl }),
  };
  const dokuPartner: DokuSandboxPartner = {
    clientId: 'MCH-TEST-0001',
    secretKey: 'SK-doku-test-secret-0123456789',
  };
  const ppobSandbox = await startPpobSandbox({
    waitingMs: 60_000,
    waitingLookups: 2,
    hiddenMs: 1_500,
    lateAnswerMs: 1_500,
    ...options.sim,
    klikooPartners: [klikooPartner],
    dokuPartners: [dokuPartner],
  });
  const events: PurchaseEvent[] = [];
  const timeoutMs = options.timeoutMs ?? 1_000;
  const terminal = openTerminal(
    {
      dataDir: join(dir.path, 'data'),
      provider: {
        baseUrl: sandbox.baseUrl,
        clientKey: demo.partner.clientKey,
        clientSecret: demo.partner.clientSecret,
        privateKey: demo.privateKeyPem,
        partnerId: demo.partner.clientKey,
        channelId: demo.partner.channelId ?? '95221',
        timeoutMs: 1_000,
      },
      terminal: {
        terminalId: 'PPOB-T1',
        merchantId: demo.partner.merchantId ?? '00007100010926',
        requestTimeoutMs: 1_000,
        utcOffset: '+07:00',
      },
      policy: FAST_POLICY,
      ppob: {
        klikoo: {
          baseUrl: options.klikooBaseUrl ?? ppobSandbox.klikoo.baseUrl,
          clientId: klikooPartner.clientId,
          clientSecret: klikooPartner.clientSecret,
          privateKey: demo.privateKeyPem,
          timeoutMs,
        },
        doku: {
          baseUrl: options.dokuBaseUrl ?? ppobSandbox.doku.baseUrl,
          clientId: dokuPartner.clientId,
          secretKey: dokuPartner.secretKey,
          timeoutMs,
        },
        policy: { ...FAST_PURCHASE_POLICY, ...options.policy },
      },
    },
    { fetch: nodeHttpFetch, openPpob, onPurchaseEvent: (event) => events.push(event) },
  );
  const ppob = terminal.ppob;
  if (!ppob) throw new Error('the terminal has no PPOB engine');
  return {
    dir: dir.path,
    sandbox,
    ppobSandbox,
    klikooPartner,
    dokuPartner,
    terminal,
    ppob,
    events,
    qr: () => sandbox.issueQr().qrContent,
    close: async () => {
      terminal.close();
      await Promise.all([sandbox.close(), ppobSandbox.close()]);
      dir.remove();
    },
  };
}

/** The KasirError a call throws (the test fails if it resolves or throws anything else). */
export async function kasirErrorOf(run: () => Promise<unknown>): Promise<KasirError> {
  const caught = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(caught instanceof KasirError)) throw new Error(`expected a KasirError, got ${String(caught)}`);
  return caught;
}
