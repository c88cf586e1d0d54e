// Where the cashier's payments go. With a SNAP provider profile active, to that provider. Without one
// (a fresh install, a demo), to the embedded sandbox started here in-process on a free loopback port
// with freshly made demo credentials: the whole app works with no bank account, and app:info says
// 'sandbox' so the UI shows the banner. Sandbox payments are journaled apart from real ones (their
// own folder), so play money never reaches a real end-of-day report.

import { join } from 'node:path';
import { KasirError } from '../errors';
import { JOURNAL_FILE_NAME, Journal } from '../payments/journal';
import type { PaymentEngine } from '../payments/payment-engine';
import { createPaymentEngine } from '../payments/payment-engine';
import type { ResolutionPolicyInput } from '../payments/policy';
import { providerFromClient } from '../payments/provider-port';
import type { FaultScript } from '../sandbox/faults';
import { createDemoPartner } from '../sandbox/partners';
import { DEMO_EXTERNAL_STORE_ID } from '../sandbox/profile';
import type { SandboxHandle } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import type { ActiveProvider } from '../settings/security';
import type { QrCpmClient } from '../snap/client';
import { createQrCpmClient } from '../snap/client';
import type { ExternalIdStore } from '../snap/external-id';
import { openExternalIdStore } from '../snap/external-id';
import { formatSnapTimestamp, parseSnapTimestamp, utcOffsetMinutes } from '../snap/headers';
import { rulesFor } from '../snap/provider-wire';
import type { CustomerQrSource, TerminalIdentity } from './payments-service';

export interface Backend {
  kind: 'sandbox' | 'provider';
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

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const folder = folderOf(options);
  const clock = () => new Date(now());
  let sandbox: SandboxHandle | undefined;
  let externalIds: ExternalIdStore | undefined;
  let journal: Journal | undefined;

  try {
    let client: QrCpmClient;
    let terminal: TerminalIdentity & { subMerchantId?: string | undefined; requestTimeoutMs: number };
    let partnerId: string;
    let utcOffset: string;
    let referenceMaxLength: number;
    externalIds = openExternalIdStore({ file: join(folder, 'external-ids.sqlite'), clock });

    if (options.provider.kind === 'sandbox') {
      // The sandbox plays the provider chosen in Settings, and the terminal speaks that provider.
      const variant = options.provider.variant ?? 'aspi';
      const rules = rulesFor({ provider: variant });
      const needsStore = rules.requiredFields.payment?.includes('externalStoreId') ?? false;
      referenceMaxLength = rules.referenceMaxLength;
      const demo = await createDemoPartner({ rules });
      sandbox = await startSandbox({
        variant,
        partners: [demo.partner],
        clock,
        ...(options.faultScript ? { faultScript: options.faultScript } : {}),
      });
      utcOffset = '+07:00';
      partnerId = demo.partner.clientKey;
      terminal = {
        terminalId: demo.terminalId,
        merchantId: demo.partner.merchantId ?? '00007100010926',
        subMerchantId: demo.subMerchantId,
        merchantName: SANDBOX_MERCHANT_NAME,
        requestTimeoutMs: SANDBOX_TIMEOUT_MS,
      };
      client = createQrCpmClient(
        {
          baseUrl: sandbox.baseUrl,
          provider: variant,
          clientKey: demo.partner.clientKey,
          clientSecret: demo.partner.clientSecret,
          privateKey: demo.privateKeyPem,
          partnerId,
          ...(demo.partner.channelId === undefined ? {} : { channelId: demo.partner.channelId }),
          ...(needsStore ? { externalStoreId: DEMO_EXTERNAL_STORE_ID } : {}),
          timeoutMs: SANDBOX_TIMEOUT_MS,
          utcOffset,
        },
        { fetch: options.fetch ?? fetch, clock, externalIds },
      );
    } else {
      const profile = options.provider.profile;
      utcOffset = profile.utcOffset;
      // Empty prefix and CHANNEL-ID fields mean "the preset's".
      const rules = rulesFor({
        provider: profile.provider,
        utcOffset,
        ...(profile.pathPrefix === '' ? {} : { pathPrefix: profile.pathPrefix }),
      });
      referenceMaxLength = rules.referenceMaxLength;
      partnerId = profile.partnerId;
      terminal = {
        terminalId: profile.terminalId,
        merchantId: profile.merchantId,
        subMerchantId: profile.subMerchantId || undefined,
        merchantName: profile.name,
        requestTimeoutMs: profile.timeouts.paymentMs,
      };
      client = createQrCpmClient(
        {
          baseUrl: profile.baseUrl,
          provider: profile.provider,
          rules,
          clientKey: profile.clientKey,
          clientSecret: profile.clientSecret,
          privateKey: profile.privateKey,
          partnerId: profile.partnerId,
          ...(profile.channelId === '' ? {} : { channelId: profile.channelId }),
          timeoutMs: profile.timeouts.paymentMs,
        },
        { fetch: options.fetch ?? fetch, clock, externalIds },
      );
    }

    journal = Journal.open(join(folder, JOURNAL_FILE_NAME), {
      now,
      utcOffsetMinutes: utcOffsetMinutes(utcOffset),
    });
    const engine = createPaymentEngine({
      journal,
      provider: providerFromClient(client, externalIds, partnerId),
      terminal: {
        terminalId: terminal.terminalId,
        merchantId: terminal.merchantId,
        subMerchantId: terminal.subMerchantId,
        requestTimeoutMs: terminal.requestTimeoutMs,
        utcOffset,
      },
      dataDir: folder,
      referenceMaxLength,
      ...(options.policy ? { policy: options.policy } : {}),
      now,
      log,
    });

    const openJournal = journal;
    const openIds = externalIds;
    const openSandbox = sandbox;
    return {
      kind: options.provider.kind === 'sandbox' ? 'sandbox' : 'provider',
      engine,
      journal,
      terminal: {
        terminalId: terminal.terminalId,
        merchantId: terminal.merchantId,
        merchantName: terminal.merchantName,
      },
      utcOffsetMinutes: utcOffsetMinutes(utcOffset),
      // Only the sandbox hands out customer QRs; a real wallet-linked setup would need the
      // customer's own token (userAccessToken), which this terminal does not hold.
      customerQr: sandbox ? customerQrFrom(client, terminal, utcOffset, now) : undefined,
      sandbox,
      async close() {
        openJournal.close();
        openIds.close();
        await openSandbox?.close();
      },
    };
  } catch (error) {
    journal?.close();
    externalIds?.close();
    await sandbox?.close();
    throw error;
  }
}
