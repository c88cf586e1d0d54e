// A terminal assembled from a profile and a data directory: the journal, the persisted X-EXTERNAL-ID
// store, the SNAP client and the payment engine, wired the one way the CLI (and the crash test's
// child processes) use them. The data directory holds everything durable about this terminal.

import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KasirError } from '../errors';
import type { QrCpmClient } from '../snap/client';
import { createQrCpmClient } from '../snap/client';
import type { ExternalIdStore } from '../snap/external-id';
import { openExternalIdStore } from '../snap/external-id';
import { utcOffsetMinutes } from '../snap/headers';
import type { WireLog } from '../snap/wire-log';
import type { TerminalProfile } from '../terminal-profile';
import type { CrashPoint, EngineEvent } from './engine-context';
import { JOURNAL_FILE_NAME, Journal } from './journal';
import { PaymentEngine } from './payment-engine';
import { providerFromClient } from './provider-port';

export const EXTERNAL_ID_FILE_NAME = 'external-ids.sqlite';

export interface OpenTerminalOptions {
  profile: TerminalProfile;
  dataDir: string;
  fetch?: typeof fetch;
  wireLog?: WireLog;
  log?: (line: string) => void;
  onEvent?: (event: EngineEvent) => void;
  checkpoint?: (point: CrashPoint) => void;
  beforeCommit?: () => void;
}

export interface OpenedTerminal {
  profile: TerminalProfile;
  dataDir: string;
  journal: Journal;
  client: QrCpmClient;
  engine: PaymentEngine;
  close: () => void;
}

/**
 * Makes sure the data directory exists and really takes a write (a read-only mount or a file in
 * the way fails here, before anything is journaled), and returns its absolute path.
 */
export function prepareDataDir(dataDir: string): string {
  const dir = resolve(dataDir);
  const fail = (cause: unknown) =>
    new KasirError({
      code: 'DATA_DIR_NOT_WRITABLE',
      message: {
        id: `Folder data ${dir} tidak dapat ditulisi. Periksa jalur dan izinnya.`,
        en: `The data directory ${dir} is not writable. Check the path and its permissions.`,
      },
      cause,
    });
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw fail(error);
  }
  return dir;
}

export function openTerminal(options: OpenTerminalOptions): OpenedTerminal {
  const { profile } = options;
  const dataDir = prepareDataDir(options.dataDir);
  const journal = Journal.open(join(dataDir, JOURNAL_FILE_NAME), {
    utcOffsetMinutes: utcOffsetMinutes(profile.utcOffset),
    ...(options.beforeCommit === undefined ? {} : { beforeCommit: options.beforeCommit }),
  });
  let externalIds: ExternalIdStore;
  try {
    externalIds = openExternalIdStore({
      file: join(dataDir, EXTERNAL_ID_FILE_NAME),
      utcOffset: profile.utcOffset,
    });
  } catch (error) {
    journal.close();
    throw error;
  }
  const client = createQrCpmClient(
    {
      baseUrl: profile.baseUrl,
      provider: profile.provider,
      rules: profile.rules,
      clientKey: profile.clientKey,
      clientSecret: profile.clientSecret,
      privateKey: profile.privateKey,
      partnerId: profile.partnerId,
      channelId: profile.channelId,
      ...(profile.externalStoreId === undefined ? {} : { externalStoreId: profile.externalStoreId }),
      timeoutMs: profile.timeoutMs,
    },
    {
      fetch: options.fetch ?? globalThis.fetch,
      clock: () => new Date(),
      externalIds,
      ...(options.wireLog === undefined ? {} : { wireLog: options.wireLog }),
    },
  );
  const engine = new PaymentEngine({
    journal,
    provider: providerFromClient(client, externalIds, profile.partnerId),
    terminal: {
      terminalId: profile.terminalId,
      merchantId: profile.merchantId,
      subMerchantId: profile.subMerchantId,
      requestTimeoutMs: profile.timeoutMs,
      utcOffset: profile.utcOffset,
    },
    dataDir,
    policy: profile.resolution,
    referenceMaxLength: profile.rules.referenceMaxLength,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
  });
  return {
    profile,
    dataDir,
    journal,
    client,
    engine,
    close: () => {
      journal.close();
      externalIds.close();
    },
  };
}
