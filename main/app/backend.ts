// Where the cashier's payments go. With a SNAP provider profile active, to that provider. Without one
// (a fresh install, a demo), to the embedded sandbox started here in-process on a free loopback port
// with freshly made demo credentials: the whole app works with no bank account, and app:info says
// 'sandbox' so the UI shows the banner. Sandbox payments are journaled apart from real ones (their
// own folder), so play money never reaches a real end-of-day report.

import { join } from 'node:path';
import { KasirError } from '../errors';
import type { Journal } from '../payments/journal';
import type { OpenedTerminal, TerminalConfig } from '../payments/open-terminal';
import { openTerminal } from '../payments/open-terminal';
import type { PaymentEngine } from '../payments/payment-engine';
import type { ResolutionPolicyInput } from '../payments/policy';
import type { FaultScript } from '../sandbox/faults';
import { createDemoPartner } from '../sandbox/partners';
import { DEMO_EXTERNAL_STORE_ID } from '../sandbox/profile';
import type { SandboxHandle } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import type { ActiveProvider } from '../settings/security';
import type { QrCpmClient } from '../snap/client';
import { formatSnapTimestamp, parseSnapTimestamp, utcOffsetMinutes } from '../snap/headers';
import { rulesFor } from '../snap/provider-wire';
import type { CustomerQrSource, TerminalIdentity } from './payments-service';

export interface Backend {
  kind: 'sandbox' | 'provider';
  /** The folder holding this backend's journal (and its merchant-server link). */
  dir: string;
  engine: PaymentEngine;
  journal: Journal;
  terminal: TerminalIdentity;
  /** Minutes east of UTC of the terminal's clock (420 for WIB): business days and receipt times. */
  utcOffsetMinutes: number;
  customerQr: CustomerQrSource | undefined;
  /** The running sandbox, when that is the backend (tests read its ledger). */
  sandbox: SandboxHandle | undefined;
  close(): Promise<void>;
}

export interface BackendOptions {
  dataDir: string;
  provider: ActiveProvider;
  /** How patiently unknown outcomes are resolved; the engine's defaults if absent. */
  policy?: ResolutionPolicyInput;
  /** Sandbox only: per-payment fault overrides and timings (tests). */
  faultScript?: FaultScript;
  now?: () => number;
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

/** What a sandbox merchant is called on screens and receipts. */
export const SANDBOX_MERCHANT_NAME = 'Toko Demo Kasir CPM';
const SANDBOX_TIMEOUT_MS = 10_000;

function folderOf(options: BackendOptions): string {
  return options.provider.kind === 'sandbox'
    ? join(options.dataDir, 'sandbox')
    : join(options.dataDir, 'providers', options.provider.profile.id);
}

function customerQrFrom(
  client: QrCpmClient,
  terminal: { merchantId: string; subMerchantId?: string | undefined },
  utcOffset: string,
  now: () => number,
): CustomerQrSource {
  return {
    async generate() {
      const issuedAt = now();
      const outcome = await client.generate({
        partnerTrxDate: formatSnapTimestamp(new Date(issuedAt), utcOffset),
        merchantId: terminal.merchantId,
        ...(terminal.subMerchantId ? { subMerchantId: terminal.subMerchantId } : {}),
      });
      const qrContent = outcome.kind === 'answer' ? outcome.body.qrContent : undefined;
      if (outcome.kind !== 'answer' || !outcome.responseCode.startsWith('200') || qrContent === undefined) {
        throw new KasirError({
          code: 'CUSTOMER_QR_FAILED',
          message: {
            id: 'QR pelanggan tidak dapat dibuat (layanan 59). Coba lagi.',
            en: 'The customer QR could not be generated (service 59). Try again.',
          },
          raw: outcome.kind === 'answer' ? outcome.raw : outcome.detail,
        });
      }
      const expiry = outcome.body.expiryTime ? parseSnapTimestamp(outcome.body.expiryTime) : undefined;
      return { qrContent, issuedAt, expiresAt: expiry?.getTime() ?? issuedAt + 5 * 60_000 };
    },
  };
}

/** The sandbox (started here) or the active provider, as the one terminal assembly takes it. */
async function terminalConfigFor(
  options: BackendOptions,
  clock: () => Date,
): Promise<{ config: TerminalConfig; merchantName: string; sandbox: SandboxHandle | undefined }> {
  const dataDir = folderOf(options);
  if (options.provider.kind === 'sandbox') {
    // The sandbox plays the provider chosen in Settings, and the terminal speaks that provider.
    const variant = options.provider.variant ?? 'aspi';
    const rules = rulesFor({ provider: variant });
    const needsStore = rules.requiredFields.payment?.includes('externalStoreId') ?? false;
    const demo = await createDemoPartner({ rules });
    const sandbox = await startSandbox({
      variant,
      partners: [demo.partner],
      clock,
      ...(options.faultScript ? { faultScript: options.faultScript } : {}),
    });
    const utcOffset = '+07:00';
    return {
      sandbox,
      merchantName: SANDBOX_MERCHANT_NAME,
      config: {
        dataDir,
        provider: {
          baseUrl: sandbox.baseUrl,
          provider: variant,
          clientKey: demo.partner.clientKey,
          clientSecret: demo.partner.clientSecret,
          privateKey: demo.privateKeyPem,
          partnerId: demo.partner.clientKey,
          ...(demo.partner.channelId === undefined ? {} : { channelId: demo.partner.channelId }),
          ...(needsStore ? { externalStoreId: DEMO_EXTERNAL_STORE_ID } : {}),
          timeoutMs: SANDBOX_TIMEOUT_MS,
          utcOffset,
        },
        terminal: {
          terminalId: demo.terminalId,
          merchantId: demo.partner.merchantId ?? '00007100010926',
          subMerchantId: demo.subMerchantId,
          requestTimeoutMs: SANDBOX_TIMEOUT_MS,
          utcOffset,
        },
        referenceMaxLength: rules.referenceMaxLength,
        policy: options.policy,
      },
    };
  }
  const profile = options.provider.profile;
  // Empty prefix and CHANNEL-ID fields mean "the preset's".
  const rules = rulesFor({
    provider: profile.provider,
    utcOffset: profile.utcOffset,
    ...(profile.pathPrefix === '' ? {} : { pathPrefix: profile.pathPrefix }),
  });
  return {
    sandbox: undefined,
    merchantName: profile.name,
    config: {
      dataDir,
      provider: {
        baseUrl: profile.baseUrl,
        provider: profile.provider,
        rules,
        clientKey: profile.clientKey,
        clientSecret: profile.clientSecret,
        privateKey: profile.privateKey,
        partnerId: profile.partnerId,
        ...(profile.channelId === '' ? {} : { channelId: profile.channelId }),
        timeoutMs: profile.timeouts.paymentMs,
        utcOffset: profile.utcOffset,
      },
      terminal: {
        terminalId: profile.terminalId,
        merchantId: profile.merchantId,
        subMerchantId: profile.subMerchantId || undefined,
        requestTimeoutMs: profile.timeouts.paymentMs,
        utcOffset: profile.utcOffset,
      },
      referenceMaxLength: rules.referenceMaxLength,
      policy: options.policy,
    },
  };
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const now = options.now ?? Date.now;
  const clock = () => new Date(now());
  const { config, merchantName, sandbox } = await terminalConfigFor(options, clock);
  let opened: OpenedTerminal;
  try {
    opened = openTerminal(config, {
      now,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  const { terminal } = config;
  return {
    kind: options.provider.kind === 'sandbox' ? 'sandbox' : 'provider',
    dir: opened.dataDir,
    engine: opened.engine,
    journal: opened.journal,
    terminal: { terminalId: terminal.terminalId, merchantId: terminal.merchantId, merchantName },
    utcOffsetMinutes: utcOffsetMinutes(terminal.utcOffset),
    // Only the sandbox hands out customer QRs; a real wallet-linked setup would need the
    // customer's own token (userAccessToken), which this terminal does not hold.
    customerQr: sandbox ? customerQrFrom(opened.client, terminal, terminal.utcOffset, now) : undefined,
    sandbox,
    async close() {
      opened.close();
      await sandbox?.close();
    },
  };
}
