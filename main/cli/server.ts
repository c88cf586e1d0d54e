// The merchant server on the command line, and a terminal's side of it:
//   kasir server          run the server (embedded PostgreSQL in its data folder, or --database-url)
//   kasir server code     ask a running server for a one-time enrolment code (admin key)
//   kasir enroll          enrol this terminal (its profile and data directory) with a server
//   kasir sync            send the journal to the server; with --follow, stay connected and apply
//                         the provider's notifies as they come

import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BACKOFFICE_API, EnrolmentCodeSchema } from '../../preload/contract/backoffice';
import { KasirError } from '../errors';
import { securePrivateDir } from '../files/private-files';
import { FileReadError, readRegularFile } from '../files/read-regular-file';
import type { Journal } from '../payments/journal';
import type { PurchaseEngine } from '../ppob/purchase-engine';
import { isLoopbackHost } from '../sandbox/server';
import { defaultBundle } from '../server/backoffice-bundle';
import { openDatabase } from '../server/db/database';
import { startMerchantServer } from '../server/server';
import { UtcOffsetSchema } from '../snap/headers';
import { purchasesLink } from '../sync/purchases-link';
import type { ServerLinkOptions } from '../sync/server-link';
import { startServerLink } from '../sync/server-link';
import type { CliIo, Command } from './framework';
import { parseFlags, printJson, requireFlag, UsageError } from './framework';
import type { Values } from './terminal-access';
import { COMMON_USAGE, withTerminal } from './terminal-access';

export const DEFAULT_SERVER_DIR = '.kasir-server';
export const ADMIN_KEY_FILE_NAME = 'admin.key';
/** A PEM public key or an admin key is a few kilobytes at most. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

const SERVER_USAGE = `Usage: kasir server [--data-dir DIR] [--database-url URL] [--host 127.0.0.1] [--port N]
                    [--provider-key FILE[,FILE…]] [--public-url URL] [--utc-offset +07:00]

Runs the merchant server until SIGINT/SIGTERM: providers' notify (SNAP 79) and Klikoo callbacks,
terminal enrolment, journal sync and live delivery, the merchant ledger and its back office.
  --data-dir      its folder (default ./${DEFAULT_SERVER_DIR}): the embedded database, the admin key
  --database-url  postgres://user:pass@host:5432/db of a PostgreSQL server (or DATABASE_URL);
                  without one the server runs on an embedded PostgreSQL in --data-dir
  --host          address to listen on (default 127.0.0.1: put a reverse proxy with HTTPS in front)
  --port          port, 0 = any free port (default 8787)
  --provider-key  the provider's public key (PEM) that signs its notifies; several, comma-separated
  --public-url    the https:// address providers and terminals use, when behind a reverse proxy
  --utc-offset    the merchant's offset for server-side days (default +07:00, WIB)
The back office's admin key is KASIR_ADMIN_KEY, or the file admin.key in --data-dir (made at first start).

First stdout line: {"baseUrl","publicUrl","notifyUrl","klikooCallbackUrl","backOfficeUrl","database","adminKeyFile"}`;

const SERVER_FLAGS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'provider-key': { type: 'string' },
  'public-url': { type: 'string' },
  'utc-offset': { type: 'string' },
} as const;

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not ${value}`);
  }
  return Number(value);
}

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} must be an http(s) URL, not ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--${flag} must be an http(s) URL, not ${value}`);
  }
  return value.replace(/\/+$/, '');
}

function readKeys(io: CliIo, list: string | undefined): KeyObject[] {
  if (list === undefined) return [];
  return list.split(',').map((name) => {
    const file = resolve(io.cwd, name.trim());
    const pem = readNamedFile('--provider-key', file);
    try {
      return createPublicKey(pem);
    } catch {
      throw new UsageError(`--provider-key ${file} is not a PEM public key`);
    }
  });
}

/** KASIR_ADMIN_KEY, else the key file in the data folder (made, private to this user, at first start). */
function adminKey(io: CliIo, dataDir: string): { key: string; file: string | null } {
  const fromEnv = io.env.KASIR_ADMIN_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 16) throw new UsageError('KASIR_ADMIN_KEY must be at least 16 characters');
    return { key: fromEnv, file: null };
  }
  const file = join(dataDir, ADMIN_KEY_FILE_NAME);
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  return { key: readNamedFile('the admin key', file).trim(), file };
}

/** A key file named on the command line or kept in the data folder: a small regular file only. */
function readNamedFile(what: string, file: string): string {
  try {
    return readRegularFile(file, MAX_KEY_FILE_BYTES).text;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    const why =
      error.problem === 'unreadable' ? (error.errno ?? 'unreadable') : error.problem.replace('_', ' ');
    throw new UsageError(`cannot read ${what} ${file}: ${why}`);
  }
}

/** Runs the server until `stop` aborts. Exported so tests can stop it without signals. */
export async function runServerCommand(argv: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  const { values } = parseFlags(argv, SERVER_FLAGS);
  const dataDir = resolve(io.cwd, text(values, 'data-dir') ?? DEFAULT_SERVER_DIR);
  const databaseUrl = text(values, 'database-url') ?? (io.env.DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('--database-url (or DATABASE_URL) must be a postgres:// URL');
  }
  const host = text(values, 'host') ?? '127.0.0.1';
  const port = parsePort(text(values, 'port'), 8787);
  const providerKeys = readKeys(io, text(values, 'provider-key'));
  const publicUrlFlag = text(values, 'public-url');
  const publicUrl = publicUrlFlag === undefined ? undefined : httpUrl('public-url', publicUrlFlag);
  const utcOffset = text(values, 'utc-offset') ?? '+07:00';
  if (!UtcOffsetSchema.safeParse(utcOffset).success) {
    throw new UsageError(`--utc-offset must look like +07:00, not ${utcOffset}`);
  }
  // It holds the admin key and (embedded) the whole database: this user's alone, as a terminal's is.
  const tightened = securePrivateDir(dataDir);
  if (tightened !== null) io.stderr(`kasir server: ${tightened}`);
  const admin = adminKey(io, dataDir);
  const log = (line: string) => io.stderr(`kasir server: ${line}`);

  const database = await openDatabase({ url: databaseUrl, embeddedDir: join(dataDir, 'db') });
  let server: Awaited<ReturnType<typeof startMerchantServer>>;
  try {
    server = await startMerchantServer({
      database,
      host,
      port,
      providerKeys,
      adminKey: admin.key,
      backoffice: defaultBundle(dataDir, log),
      ...(publicUrl === undefined ? {} : { publicUrl }),
      utcOffset,
      log,
    });
  } catch (error) {
    await database.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`${host} is not an address of this machine`);
    throw error;
  }
  printJson(io, {
    baseUrl: server.baseUrl,
    publicUrl: server.publicUrl,
    notifyUrl: server.notifyUrl,
    klikooCallbackUrl: server.klikooCallbackUrl,
    backOfficeUrl: server.backOfficeUrl,
    database: database.kind,
    databaseAt: database.where,
    adminKeyFile: admin.file,
  });
  log(`listening on ${server.baseUrl} (${database.where}); back office at ${server.backOfficeUrl}`);
  if (providerKeys.length === 0) log('no --provider-key: every notify is refused until one is given');
  if (!isLoopbackHost(host) && publicUrl === undefined) {
    log('listening beyond this machine without --public-url: put it behind HTTPS (see the README)');
  }
  await aborted(stop);
  await server.close();
  log('stopped');
  return 0;
}

const CODE_USAGE = `Usage: kasir server code --server URL --shop NAME --label NAME [--admin-key-file FILE]

Asks a running server for a one-time enrolment code for one terminal of a shop (valid one hour).
The admin key is KASIR_ADMIN_KEY or --admin-key-file (the server's data folder has it as admin.key).
Prints {"code","expiresAt","shop","label"}.`;

async function runCodeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, {
    server: { type: 'string' },
    shop: { type: 'string' },
    label: { type: 'string' },
    'admin-key-file': { type: 'string' },
  });
  const server = httpUrl('server', requireFlag(values, 'server'));
  const shop = requireFlag(values, 'shop');
  const label = requireFlag(values, 'label');
  const keyFile = text(values, 'admin-key-file');
  let key = io.env.KASIR_ADMIN_KEY ?? '';
  if (keyFile !== undefined) {
    key = readNamedFile('--admin-key-file', resolve(io.cwd, keyFile)).trim();
  }
  if (key === '') throw new UsageError('give the admin key: --admin-key-file FILE or KASIR_ADMIN_KEY');
  let response: Response;
  try {
    response = await fetch(`${server}${BACKOFFICE_API.enrolmentCodes}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ shop, label }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    io.stderr(`kasir server code: ${server} cannot be reached`);
    return 3;
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = EnrolmentCodeSchema.safeParse(body);
  if (!response.ok || !parsed.success) {
    const message = (body as { error?: { message?: { en?: string } } } | undefined)?.error?.message?.en;
    io.stderr(`kasir server code: ${message ?? `the server answered HTTP ${response.status}`}`);
    return response.status === 401 ? 2 : 1;
  }
  printJson(io, parsed.data);
  return 0;
}

const ENROLL_USAGE = `Usage: kasir enroll --server URL --code CODE ${COMMON_USAGE}

Enrols this terminal (its profile and data directory) with a merchant server, using the one-time
code the server's back office shows. The credential it gets is kept beside the journal
(server-link.json, private to this user). Prints {"server","shop","label","state"}.`;

function identityOf(profile: { terminalId: string; merchantId: string; baseUrl: string }) {
  // A profile whose provider is on this machine is the sandbox: its journal holds play money.
  return {
    terminalId: profile.terminalId,
    merchantId: profile.merchantId,
    sandbox: isLoopbackHost(new URL(profile.baseUrl).hostname),
  };
}

/** The server link of a CLI terminal: its data directory, journal and engine, and its PPOB purchases. */
function linkOf(
  terminal: {
    dataDir: string;
    journal: ServerLinkOptions['journal'] & Journal;
    engine: ServerLinkOptions['engine'];
    ppob: PurchaseEngine | undefined;
    profile: { terminalId: string; merchantId: string; baseUrl: string };
  },
  io: CliIo,
  extra: Partial<ServerLinkOptions> = {},
) {
  return startServerLink({
    dir: terminal.dataDir,
    journal: terminal.journal,
    engine: terminal.engine,
    identity: identityOf(terminal.profile),
    log: (line) => io.stderr(`kasir: ${line}`),
    ...(terminal.ppob === undefined ? {} : purchasesLink(terminal.journal, terminal.ppob)),
    ...extra,
  });
}

async function runEnrollCommand(argv: string[], io: CliIo): Promise<number> {
  return withTerminal(
    argv,
    io,
    { server: { type: 'string' }, code: { type: 'string' } },
    (values) => ({
      server: httpUrl('server', requireFlag(values, 'server')),
      code: requireFlag(values, 'code'),
    }),
    async (terminal, input) => {
      const link = linkOf(terminal, io);
      try {
        const status = await link.enrol(input.server, input.code);
        printJson(io, { server: status.server, shop: status.shop, label: status.label, state: status.state });
        return 0;
      } finally {
        await link.close();
      }
    },
  );
}

const SYNC_USAGE = `Usage: kasir sync ${COMMON_USAGE} [--follow]

Sends everything this terminal's journal holds that its merchant server does not, and prints
{"sent","pending","server"} (exit 0; 3 when the server could not be reached: nothing is lost, it
waits in the journal). With --follow it stays connected until SIGINT/SIGTERM: it keeps sending as
payments are journaled (by any kasir command on this data directory) and applies the provider's
notifies for this terminal as the server delivers them, each confirmed by a query.`;

export async function runSyncCommand(argv: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  return withTerminal(
    argv,
    io,
    { follow: { type: 'boolean' } },
    (values) => ({ follow: values.follow === true }),
    async (terminal, input) => {
      const link = linkOf(terminal, io, {
        // Other processes journal too: look for their entries every second.
        intervalMs: 1_000,
        ...(input.follow
          ? { onStatus: (status) => io.stderr(`kasir sync: ${status.state}, ${status.pending} pending`) }
          : {}),
      });
      try {
        const before = link.status();
        if (before.state === 'not-enrolled' || before.state === 'error') {
          throw (
            before.error ??
            new KasirError({
              code: 'TERMINAL_NOT_ENROLLED',
              message: {
                id: 'Terminal ini belum terdaftar. Jalankan kasir enroll dulu.',
                en: 'This terminal is not enrolled. Run kasir enroll first.',
              },
            })
          );
        }
        if (input.follow) {
          printJson(io, { server: before.server, state: 'following' });
          await aborted(stop);
          await terminal.engine.idle();
          return 0;
        }
        let sent = 0;
        try {
          sent = await link.syncNow();
        } catch (error) {
          const failure = error instanceof KasirError ? error : undefined;
          if (failure?.code === 'TERMINAL_NOT_ENROLLED') throw failure;
          io.stderr(`kasir sync: ${failure ? `${failure.code}: ${failure.messages.en}` : String(error)}`);
          printJson(io, { sent, pending: link.status().pending, server: before.server });
          return 3;
        }
        printJson(io, { sent, pending: link.status().pending, server: before.server });
        return 0;
      } finally {
        await link.close();
      }
    },
  );
}

/** Settles once `stop` aborts (at once when it already has). */
function aborted(stop: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (stop.aborted) done();
    else stop.addEventListener('abort', () => done(), { once: true });
  });
}

function untilSignal(run: (stop: AbortSignal) => Promise<number>): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return run(stop.signal).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
}

export const serverCommands: Command[] = [
  {
    path: ['server'],
    summary: 'run the merchant server (notify endpoint, terminal sync, merchant ledger, back office)',
    usage: SERVER_USAGE,
    run: (argv, io) => untilSignal((stop) => runServerCommand(argv, io, stop)),
  },
  {
    path: ['server', 'code'],
    summary: 'get a one-time enrolment code for a terminal from a running merchant server',
    usage: CODE_USAGE,
    run: runCodeCommand,
  },
  {
    path: ['enroll'],
    summary: "enrol this terminal with a merchant server using the server's one-time code",
    usage: ENROLL_USAGE,
    run: runEnrollCommand,
  },
  {
    path: ['sync'],
    summary: 'send the journal to the merchant server; --follow stays connected for live notifies',
    usage: SYNC_USAGE,
    run: (argv, io) => untilSignal((stop) => runSyncCommand(argv, io, stop)),
  },
];
