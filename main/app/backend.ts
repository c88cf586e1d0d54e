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
import type { PpobConfig } from '../ppob/open-ppob';
import { openPpob } from '../ppob/open-ppob';
import type { PurchasePolicyInput } from '../ppob/policy';
import type { PurchaseEngine } from '../ppob/purchase-engine';
import type { FaultScript } from '../sandbox/faults';
import { createDemoPartner } from '../sandbox/partners';
import type { PpobSimOptions } from '../sandbox/ppob/options';
import type { PpobSandboxHandle } from '../sandbox/ppob/sandbox';
import { createDemoPpobPartners, startPpobSandbox } from '../sandbox/ppob/sandbox';
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
  /** Selling digital products (PPOB), when this backend has providers for them. */
  ppob: PurchaseEngine | undefined;
  /** The running Klikoo B2B and DOKU Biller simulators, when the sandbox is the backend. */
  ppobSandbox: PpobSandboxHandle | undefined;
  close(): Promise<void>;
}

export interface BackendOptions {
  dataDir: string;
  provider: ActiveProvider;
  /** How patiently unknown outcomes are resolved; the engine's defaults if absent. */
  policy?: ResolutionPolicyInput;
  /** Sandbox only: per-payment fault overrides and timings (tests). */
  faultScript?: FaultScript;
  /** How patiently unknown PPOB purchases are resolved; the engine's defaults if absent. */
  ppobPolicy?: PurchasePolicyInput;
  /** Sandbox only: the PPOB simulators' timings (how long a WAITING purchase waits, say). */
  ppobSandbox?: Partial<Pick<PpobSimOptions, 'waitingLookups' | 'waitingMs' | 'hiddenMs' | 'lateAnswerMs'>>;
  now?: () => number;
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

/** What a sandbox merchant is called on screens and receipts. */
export const SANDBOX_MERCHANT_NAME = 'Toko Demo Kasir CPM';
const SANDBOX_TIMEOUT_MS = 10_000;

/**
 * The embedded Klikoo B2B and DOKU Biller simulators with fresh demo partners, and the PPOB section
 * a terminal needs to sell through them. They have no public address, so no Klikoo callback comes:
 * the engine finds every outcome by asking, as it must anyway.
 */
async function sandboxPpob(
  options: BackendOptions,
  clock: () => Date,
): Promise<{ handle: PpobSandboxHandle; config: PpobConfig }> {
  const demo = await createDemoPpobPartners();
  const handle = await startPpobSandbox({
    klikooPartners: [demo.klikoo],
    dokuPartners: [demo.doku],
    clock,
    ...options.ppobSandbox,
  });
  return {
    handle,
    config: {
      klikoo: {
        baseUrl: handle.klikoo.baseUrl,
        clientId: demo.klikoo.clientId,
        clientSecret: demo.klikoo.clientSecret,
        privateKey: demo.klikoo.keys.privateKeyPem,
        timeoutMs: SANDBOX_TIMEOUT_MS,
      },
      doku: {
        baseUrl: handle.doku.baseUrl,
        clientId: demo.doku.clientId,
        secretKey: demo.doku.secretKey,
        timeoutMs: SANDBOX_TIMEOUT_MS,
      },
      ...(options.ppobPolicy ? { policy: options.ppobPolicy } : {}),
    },
  };
}

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
): Promise<{
  config: TerminalConfig;
  merchantName: string;
  sandbox: SandboxHandle | undefined;
  ppobSandbox: PpobSandboxHandle | undefined;
}> {
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
    let ppob: Awaited<ReturnType<typeof sandboxPpob>>;
    try {
      ppob = await sandboxPpob(options, clock);
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    const utcOffset = '+07:00';
    return {
      sandbox,
      ppobSandbox: ppob.handle,
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
        ppob: ppob.config,
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
  // A provider profile from Settings carries no PPOB credentials yet: digital products are sold
  // from the sandbox, or from the CLI with a terminal profile's ppob section.
  return {
    sandbox: undefined,
    ppobSandbox: undefined,
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
  const { config, merchantName, sandbox, ppobSandbox } = await terminalConfigFor(options, clock);
  let opened: OpenedTerminal;
  try {
    opened = openTerminal(config, {
      now,
      openPpob,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await Promise.all([sandbox?.close(), ppobSandbox?.close()]);
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
    ppob: opened.ppob,
    ppobSandbox,
    async close() {
      opened.close();
      await Promise.all([sandbox?.close(), ppobSandbox?.close()]);
    },
  };
}
