// Shared set-up for the payment engine's tests: a temporary data directory, the real journal, the
// real SNAP client and X-EXTERNAL-ID store, and the embedded sandbox as the provider over real HTTP
// on 127.0.0.1. Policies are shrunk to milliseconds so every fault resolves quickly.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../../main/payments/engine-context';
import { Journal } from '../../../main/payments/journal';
import type { PaymentEngineOptions } from '../../../main/payments/payment-engine';
import { PaymentEngine } from '../../../main/payments/payment-engine';
import type { ResolutionPolicyInput } from '../../../main/payments/policy';
import { providerFromClient } from '../../../main/payments/provider-port';
import type { DemoPartner, RsaKeyPair } from '../../../main/sandbox/partners';
import { createDemoPartner, generateRsaKeyPair } from '../../../main/sandbox/partners';
import type { SandboxHandle, SandboxOptions } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import type { QrCpmClient } from '../../../main/snap/client';
import { createQrCpmClient } from '../../../main/snap/client';
import type { ExternalIdSource } from '../../../main/snap/external-id';

export function tempDir(prefix = 'kasir-payments-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

let keys: Promise<{ demo: DemoPartner; provider: RsaKeyPair }> | undefined;

/** One partner and provider key pair per test file: RSA generation is the slow part. */
export function sharedKeys(): Promise<{ demo: DemoPartner; provider: RsaKeyPair }> {
  keys ??= Promise.all([createDemoPartner(), generateRsaKeyPair()]).then(([demo, provider]) => ({
    demo,
    provider,
  }));
  return keys;
}

/** Milliseconds instead of seconds: the same decisions, quickly. */
export const FAST_POLICY: ResolutionPolicyInput = {
  queryDelaysMs: [20, 30, 50],
  deadlineMs: 1_500,
  settleMs: 1_500,
  confirmNotFoundMs: 20,
  maxResends: 3,
  maxCancelSends: 3,
};

export interface EngineRig {
  dir: string;
  sandbox: SandboxHandle;
  demo: DemoPartner;
  client: QrCpmClient;
  externalIds: ExternalIdSource;
  journal: Journal;
  engine: PaymentEngine;
  events: EngineEvent[];
  timeoutMs: number;
  /** A fresh single-use QR from the sandbox's default customer. */
  qr: (customerId?: string) => string;
  close: () => Promise<void>;
}

export interface EngineRigOptions {
  sandbox?: Omit<SandboxOptions, 'partners' | 'providerKeyPair'>;
  notifyUrl?: string;
  timeoutMs?: number;
  policy?: ResolutionPolicyInput;
  engine?: Partial<PaymentEngineOptions>;
}

export async function startEngineRig(options: EngineRigOptions = {}): Promise<EngineRig> {
  const { demo: shared, provider } = await sharedKeys();
  const demo: DemoPartner = {
    ...shared,
    partner: {
      ...shared.partner,
      ...(options.notifyUrl === undefined ? {} : { notifyUrl: options.notifyUrl }),
    },
  };
  const dir = tempDir();
  const sandbox = await startSandbox({
    ...options.sandbox,
    partners: [demo.partner],
    providerKeyPair: provider,
  });
  const timeoutMs = options.timeoutMs ?? 2_000;
  const journal = Journal.open(join(dir.path, 'journal.sqlite'));
  const externalIds = journal.externalIds;
  const client = createQrCpmClient(
    {
      baseUrl: sandbox.baseUrl,
      pathPrefix: sandbox.pathPrefix,
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKey: demo.privateKeyPem,
      partnerId: demo.partner.clientKey,
      channelId: demo.partner.channelId ?? '95221',
      timeoutMs,
    },
    { fetch: globalThis.fetch, clock: () => new Date(), externalIds },
  );
  const events: EngineEvent[] = [];
  const engine = new PaymentEngine({
    journal,
    provider: providerFromClient(client, externalIds, demo.partner.clientKey),
    terminal: {
      terminalId: demo.terminalId,
      merchantId: demo.partner.merchantId ?? '00007100010926',
      requestTimeoutMs: timeoutMs,
    },
    dataDir: dir.path,
    policy: options.policy ?? FAST_POLICY,
    onEvent: (event) => events.push(event),
    ...options.engine,
  });
  return {
    dir: dir.path,
    sandbox,
    demo,
    client,
    externalIds,
    journal,
    engine,
    events,
    timeoutMs,
    qr: (customerId) => sandbox.issueQr(customerId).qrContent,
    close: async () => {
      await sandbox.close();
      engine.dispose();
      journal.close();
      dir.remove();
    },
  };
}
