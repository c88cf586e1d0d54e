// Shared by the merchant server's tests: the two databases it runs on (the embedded PGlite in a
// folder, and a real PostgreSQL server started for the test file), a server on loopback, and
// terminals that are the real journal, engine and server link against the embedded sandbox (and,
// given a ppob section, the real purchase engine, its purchases synced as their own stream).

import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { parseSnapAmount } from '../../../main/money/amount';
import type { Journal } from '../../../main/payments/journal';
import type { TerminalDeps } from '../../../main/payments/open-terminal';
import { openTerminal } from '../../../main/payments/open-terminal';
import type { PaymentEngine } from '../../../main/payments/payment-engine';
import type { PpobConfig } from '../../../main/ppob/open-ppob';
import { openPpob } from '../../../main/ppob/open-ppob';
import type { PurchaseEngine } from '../../../main/ppob/purchase-engine';
import type { DemoPartner } from '../../../main/sandbox/partners';
import type { SandboxHandle } from '../../../main/sandbox/server';
import type { Database } from '../../../main/server/db/database';
import { openDatabase } from '../../../main/server/db/database';
import type { MerchantServerHandle, MerchantServerOptions } from '../../../main/server/server';
import { startMerchantServer } from '../../../main/server/server';
import { purchasesLink } from '../../../main/sync/purchases-link';
import type { ServerLink, ServerLinkOptions } from '../../../main/sync/server-link';
import { startServerLink } from '../../../main/sync/server-link';
import type { ServerLinkStatus } from '../../../preload/contract/server-link';
import type { PostgresServer } from '../../support/postgres';
import { startPostgres } from '../../support/postgres';
import { FAST_POLICY, tempDir } from '../payments/support';

export const DB_KINDS = ['embedded', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

/** Opens fresh databases of one kind; for postgres, on a server this test file started. */
export class Databases {
  private counter = 0;
  private readonly dirs: { remove: () => void }[] = [];
  private constructor(
    readonly kind: DbKind,
    private readonly postgres: PostgresServer | undefined,
  ) {}

  static async start(kind: DbKind): Promise<Databases> {
    return new Databases(kind, kind === 'postgres' ? await startPostgres() : undefined);
  }

  /** Where a new database is: a postgres URL, or a folder for the embedded one. */
  async location(): Promise<{ url?: string; embeddedDir: string }> {
    this.counter += 1;
    const dir = tempDir('kasir-server-');
    this.dirs.push(dir);
    const embeddedDir = join(dir.path, 'db');
    if (!this.postgres) return { embeddedDir };
    return { url: await this.postgres.createDatabase(`kasir_${process.pid}_${this.counter}`), embeddedDir };
  }

  async open(location?: { url?: string; embeddedDir: string }): Promise<Database> {
    return openDatabase(location ?? (await this.location()));
  }

  async stop(): Promise<void> {
    await this.postgres?.stop();
    for (const dir of this.dirs) dir.remove();
  }
}

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface ServerRig {
  server: MerchantServerHandle;
  /** A fresh one-time enrolment code from the back-office API. */
  code(shop?: string, label?: string): Promise<string>;
  admin(path: string, init?: RequestInit): Promise<{ status: number; json: unknown; text: string }>;
}

export async function startServer(
  database: Database,
  providerPublicKeyPem: string,
  options: Partial<MerchantServerOptions> = {},
): Promise<ServerRig> {
  const server = await startMerchantServer({
    database,
    providerKeys: [createPublicKey(providerPublicKeyPem)],
    adminKey: ADMIN_KEY,
    ...options,
  });
  const admin = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };
  return {
    server,
    admin,
    async code(shop = 'Toko Melati', label = 'Kasir 1') {
      const answer = await admin('/api/v1/admin/enrolment-codes', {
        method: 'POST',
        body: JSON.stringify({ shop, label }),
      });
      if (answer.status !== 200) throw new Error(`no code: ${answer.text}`);
      return (answer.json as { code: string }).code;
    },
  };
}

export interface TerminalRig {
  terminalId: string;
  dir: string;
  journal: Journal;
  engine: PaymentEngine;
  /** The PPOB engine, when the terminal was given a ppob section (its purchases are a synced stream). */
  ppob: PurchaseEngine | undefined;
  link: ServerLink;
  statuses: ServerLinkStatus[];
  /** Opens the link again on the same folder (after `link.close()`: the terminal back online). */
  reopenLink(): ServerLink;
  /** Pays `value` (e.g. "10000.00") with a fresh QR of the sandbox's default customer. */
  pay(value: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTerminal(
  sandbox: SandboxHandle,
  demo: DemoPartner,
  terminalId: string,
  linkOptions: Pick<ServerLinkOptions, 'intervalMs' | 'sources' | 'hintHandlers'> & {
    ppob?: PpobConfig;
    checkpoint?: TerminalDeps['checkpoint'];
  } = {},
): Promise<TerminalRig> {
  const dir = tempDir(`kasir-terminal-${terminalId}-`);
  const merchantId = demo.partner.merchantId ?? '00007100010926';
  const opened = openTerminal(
    {
      dataDir: dir.path,
      provider: {
        baseUrl: sandbox.baseUrl,
        clientKey: demo.partner.clientKey,
        clientSecret: demo.partner.clientSecret,
        privateKey: demo.privateKeyPem,
        partnerId: demo.partner.clientKey,
        channelId: demo.partner.channelId ?? '95221',
        timeoutMs: 2_000,
      },
      terminal: { terminalId, merchantId, requestTimeoutMs: 2_000, utcOffset: '+07:00' },
      policy: FAST_POLICY,
      ppob: linkOptions.ppob,
    },
    linkOptions.checkpoint === undefined ? { openPpob } : { openPpob, checkpoint: linkOptions.checkpoint },
  );
  const { journal, engine, ppob } = opened;
  const { ppob: _config, checkpoint: _checkpoint, ...link } = linkOptions;
  const statuses: ServerLinkStatus[] = [];
  const open = () =>
    startServerLink({
      dir: dir.path,
      journal,
      engine,
      identity: { terminalId, merchantId, sandbox: true },
      onStatus: (status) => statuses.push(status),
      ...(ppob === undefined ? {} : purchasesLink(journal, ppob)),
      ...link,
      intervalMs: link.intervalMs ?? 200,
    });
  const rig: TerminalRig = {
    terminalId,
    dir: dir.path,
    journal,
    engine,
    ppob,
    link: open(),
    statuses,
    reopenLink() {
      rig.link = open();
      return rig.link;
    },
    async pay(value) {
      const { qrContent } = sandbox.issueQr();
      const result = await engine.pay({ qrContent, amount: parseSnapAmount(value) });
      return result.payment.partnerReferenceNo;
    },
    async close() {
      await rig.link.close();
      await engine.idle();
      opened.close();
      dir.remove();
    },
  };
  return rig;
}

/** Polls `check` until it returns something truthy (or throws after `timeoutMs`). */
export async function until<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
