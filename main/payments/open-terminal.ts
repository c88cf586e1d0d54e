// The one place a terminal is assembled: a data directory and a resolved configuration become the
// journal (which also keeps the X-EXTERNAL-ID counter), the SNAP client and the payment engine, and,
// when the configuration has a PPOB section, the purchase engine over the same journal and payment
// engine (main/ppob/open-ppob.ts). The app (main/app/backend.ts), the CLI (main/cli) and the crash
// test's child processes only build a TerminalConfig.
//
// The purchase engine's opener is handed in by whoever wants PPOB (`deps.openPpob`), not imported
// here: a `kasir pay` then loads no PPOB code at all (its Klikoo and DOKU schemas are a sixth of a
// command's start-up). A configuration with a PPOB section and no opener is refused, so PPOB is
// never left closed by omission; a caller that wants payments alone leaves the section out.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KasirError } from '../errors';
import { securePrivateDir } from '../files/private-files';
import type { openPpob, PpobConfig } from '../ppob/open-ppob';
import type { PurchaseCrashPoint, PurchaseEngine, PurchaseEvent } from '../ppob/purchase-engine';
import type { QrCpmClient, SnapClientConfig } from '../snap/client';
import { createQrCpmClient } from '../snap/client';
import { utcOffsetMinutes } from '../snap/headers';
import type { HttpFetch } from '../snap/http-transport';
import type { WireLog } from '../snap/wire-log';
import type { CrashPoint, EngineEvent, TerminalSettings } from './engine-context';
import { JOURNAL_FILE_NAME, Journal } from './journal';
import { PaymentEngine } from './payment-engine';
import type { ResolutionPolicyInput } from './policy';
import { providerFromClient } from './provider-port';

/** The separate X-EXTERNAL-ID counter file of earlier versions; read once, at open, and kept. */
export const LEGACY_EXTERNAL_ID_FILE_NAME = 'external-ids.sqlite';

export interface TerminalConfig {
  /** Holds everything durable about this terminal: the journal and the terminal lock. */
  dataDir: string;
  /** How to reach and sign for the provider (preset and rules resolved by the caller). */
  provider: SnapClientConfig;
  terminal: Omit<TerminalSettings, 'currency'> & { currency?: string };
  /** The provider's limit on partnerReferenceNo / partnerRefundNo (DANA: 25). */
  referenceMaxLength?: number | undefined;
  policy?: ResolutionPolicyInput | undefined;
  /** Selling digital products through Klikoo B2B and/or DOKU Biller. */
  ppob?: PpobConfig | undefined;
}

export interface TerminalDeps {
  fetch?: HttpFetch;
  wireLog?: WireLog;
  /** The wall clock (journal times, business days, X-TIMESTAMP). */
  now?: () => number;
  log?: (line: string) => void;
  onEvent?: (event: EngineEvent) => void;
  onPurchaseEvent?: (event: PurchaseEvent) => void;
  checkpoint?: (point: CrashPoint | PurchaseCrashPoint) => void;
  beforeCommit?: () => void;
  /** Opens the purchase engine when the configuration has a PPOB section (main/ppob/open-ppob.ts). */
  openPpob?: typeof openPpob;
}

export interface OpenedTerminal {
  dataDir: string;
  journal: Journal;
  client: QrCpmClient;
  engine: PaymentEngine;
  /** Present when the configuration has a PPOB section. */
  ppob: PurchaseEngine | undefined;
  close: () => void;
  /**
   * For a process that ends right after (the `kasir` CLI): lets go of the terminal and makes the
   * journal's relaxed commits durable, but leaves the journal open. SQLite's close would
   * checkpoint the WAL into the database file, an fsync'd write of every page the command touched
   * (~10 ms of a `kasir pay`); the next open reads the WAL instead, as after any crash.
   */
  closeForExit: () => void;
}

/**
 * Makes sure the data directory exists, is this user's alone (0700: an existing one open to others
 * is tightened, and `log` says so, or refused) and really takes a write (a read-only mount or a file
 * in the way fails here, before anything is journaled), and returns its absolute path.
 */
export function prepareDataDir(dataDir: string, log?: (line: string) => void): string {
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
    const tightened = securePrivateDir(dir);
    if (tightened !== null) log?.(tightened);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe);
  } catch (error) {
    if (error instanceof KasirError) throw error;
    throw fail(error);
  }
  return dir;
}

export function openTerminal(config: TerminalConfig, deps: TerminalDeps = {}): OpenedTerminal {
  // Refused before anything is opened or created.
  const ppobSetup = config.ppob === undefined ? undefined : { config: config.ppob, open: ppobOpener(deps) };
  const dataDir = prepareDataDir(config.dataDir);
  const now = deps.now ?? Date.now;
  const journal = Journal.open(join(dataDir, JOURNAL_FILE_NAME), {
    now,
    utcOffsetMinutes: utcOffsetMinutes(config.terminal.utcOffset),
    ...(deps.beforeCommit === undefined ? {} : { beforeCommit: deps.beforeCommit }),
  });
  try {
    importLegacyExternalIds(journal, dataDir);
    const client = createQrCpmClient(
      { utcOffset: config.terminal.utcOffset, ...config.provider },
      {
        fetch: deps.fetch ?? globalThis.fetch,
        clock: () => new Date(now()),
        externalIds: journal.externalIds,
        ...(deps.wireLog === undefined ? {} : { wireLog: deps.wireLog }),
      },
    );
    const engine = new PaymentEngine({
      journal,
      provider: providerFromClient(client, journal.externalIds, config.provider.partnerId),
      terminal: config.terminal,
      dataDir,
      now,
      ...(config.policy === undefined ? {} : { policy: config.policy }),
      ...(config.referenceMaxLength === undefined ? {} : { referenceMaxLength: config.referenceMaxLength }),
      ...(deps.log === undefined ? {} : { log: deps.log }),
      ...(deps.onEvent === undefined ? {} : { onEvent: deps.onEvent }),
      ...(deps.checkpoint === undefined ? {} : { checkpoint: deps.checkpoint }),
    });
    const ppob =
      ppobSetup === undefined
        ? undefined
        : ppobSetup.open(ppobSetup.config, {
            journal,
            payments: engine,
            dataDir,
            terminal: {
              terminalId: config.terminal.terminalId,
              utcOffset: config.terminal.utcOffset,
            },
            fetch: deps.fetch ?? globalThis.fetch,
            now,
            wireLog: deps.wireLog,
            log: deps.log,
            onEvent: deps.onPurchaseEvent,
            checkpoint: deps.checkpoint,
          });
    return {
      dataDir,
      journal,
      client,
      engine,
      ppob,
      close: () => {
        ppob?.dispose();
        engine.dispose();
        journal.close();
      },
      closeForExit: () => {
        journal.syncRelaxed(); // first: what the journal holds matters more than the rest
        ppob?.dispose();
        engine.dispose();
      },
    };
  } catch (error) {
    journal.close();
    throw error;
  }
}

function ppobOpener(deps: TerminalDeps): typeof openPpob {
  if (deps.openPpob === undefined) {
    throw new Error(
      'openTerminal: the configuration has a PPOB section but no openPpob was given; pass it, or leave the section out',
    );
  }
  return deps.openPpob;
}

/** Earlier versions kept the X-EXTERNAL-ID counter in its own file: carry its counters over. */
function importLegacyExternalIds(journal: Journal, dataDir: string): void {
  const file = join(dataDir, LEGACY_EXTERNAL_ID_FILE_NAME);
  if (!existsSync(file)) return;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const rows = db.prepare('SELECT partner_id, day, counter FROM external_id_counter').all();
    journal.importExternalIdCounters(
      rows.map((row) => ({
        partnerId: String(row.partner_id),
        day: String(row.day),
        counter: Number(row.counter),
      })),
    );
  } catch {
    // An unreadable old counter only risks a 409xx00 (X-EXTERNAL-ID reused), which is re-sent safely.
  } finally {
    db?.close();
  }
}
