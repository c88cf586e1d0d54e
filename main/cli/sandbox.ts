// `kasir sandbox`: the embedded SNAP QR CPM provider simulator as a standalone server on loopback,
// and in the same process the Klikoo B2B and DOKU Biller simulators (PPOB), each on its own port.
// The first stdout line is one JSON object (baseUrl, provider public key, the PPOB simulators' URLs,
// and the terminal profile it wrote) so scripts can start it and read where it is; the request log
// goes to stderr.

import { resolve } from 'node:path';
import type { z } from 'zod';
import { FileReadError, readRegularFile } from '../files/read-regular-file';
import { formatRupiah } from '../money/amount';
import { createDemoPartner, PartnerConfigSchema, SandboxConfigSchema } from '../sandbox/partners';
import { PPOB_FAULT_TABLE } from '../sandbox/ppob/catalogue';
import { createDemoPpobPartners, startPpobSandbox } from '../sandbox/ppob/sandbox';
import { writeTerminalProfile } from '../sandbox/profile';
import { isLoopbackHost, startSandbox } from '../sandbox/server';
import type { ProviderName } from '../snap/provider-presets';
import {
  PRESET_SUMMARIES,
  PROVIDER_NAMES,
  PROVIDER_PRESETS,
  ProviderNameSchema,
} from '../snap/provider-presets';
import type { CliIo, Command } from './framework';
import { parseFlags, printJson, UsageError } from './framework';

const USAGE = `Usage: kasir sandbox [--variant NAME] [--host 127.0.0.1] [--port N] [--config FILE] [--profile-dir DIR] [--notify-url URL]
                     [--klikoo-port N] [--doku-port N] [--klikoo-callback-url URL]

Runs the SNAP QR CPM sandbox (a provider simulator) and the Klikoo B2B and DOKU Biller simulators
(PPOB) until SIGINT/SIGTERM.
  --variant      the provider it plays, strictly (default aspi):
${PROVIDER_NAMES.map((name) => `                 ${name.padEnd(10)} ${PRESET_SUMMARIES[name]}`).join('\n')}
  --host         loopback address to listen on (default 127.0.0.1; other hosts are refused)
  --port         port, 0 = any free port (default 0)
  --config       JSON file {"partners":[{"clientKey","clientSecret","publicKeyPem",
                 "channelId?","merchantId?","notifyUrl?"}]}
  --profile-dir  without --config: where the demo partner's terminal profile and keys are written
                 (default ./.kasir-sandbox)
  --notify-url   without --config: where the demo partner receives notify (79), e.g. the terminal's
                 notify endpoint
  --klikoo-port, --doku-port  the PPOB simulators' ports (default: any free port)
  --klikoo-callback-url       without --config: where the Klikoo simulator POSTs final statuses
  --config may also list PPOB partners: {"ppob":{"klikoo":[{"clientId","clientSecret","publicKeyPem",
                 "callbackUrl?"}],"doku":[{"clientId","secretKey"}]}}

First stdout line: {"baseUrl":"http://127.0.0.1:N","variant":"aspi","providerPublicKeyPem":"...",
  "ppob":{"klikoo":{"baseUrl"},"dokuBiller":{"baseUrl"}},"profile":"<file>"}`;

const FLAGS = {
  variant: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  config: { type: 'string' },
  'profile-dir': { type: 'string' },
  'notify-url': { type: 'string' },
  'klikoo-port': { type: 'string' },
  'doku-port': { type: 'string' },
  'klikoo-callback-url': { type: 'string' },
} as const;

export const DEFAULT_PROFILE_DIR = '.kasir-sandbox';

/** Runs the sandbox until `stop` aborts. Exported so tests can stop it without sending signals. */
export async function runSandboxCommand(argv: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new UsageError(`--host ${host} is not a loopback address; the sandbox only serves this machine`);
  }
  const port = parsePort(values.port);
  const klikooPort = parsePort(values['klikoo-port'], '--klikoo-port');
  const dokuPort = parsePort(values['doku-port'], '--doku-port');
  const variant = parseVariant(values.variant);
  for (const demoOnly of ['profile-dir', 'notify-url', 'klikoo-callback-url']) {
    if (values.config !== undefined && values[demoOnly] !== undefined) {
      throw new UsageError(
        `--${demoOnly} only applies without --config (configured partners bring their own settings)`,
      );
    }
  }
  const notifyUrl =
    typeof values['notify-url'] === 'string' ? parseNotifyUrl(values['notify-url']) : undefined;
  const callbackUrl =
    typeof values['klikoo-callback-url'] === 'string'
      ? parseNotifyUrl(values['klikoo-callback-url'], '--klikoo-callback-url')
      : undefined;

  const config =
    typeof values.config === 'string' ? await readConfig(resolve(io.cwd, values.config)) : undefined;
  const configured = config?.partners;
  const rules = PROVIDER_PRESETS[variant];
  const demo =
    configured === undefined
      ? await createDemoPartner({ rules, ...(notifyUrl === undefined ? {} : { notifyUrl }) })
      : undefined;
  const listenError = (wanted: number) => (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${wanted} on ${host} is already in use`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${wanted}`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`${host} is not an address of this machine`);
    throw error;
  };
  const sandbox = await startSandbox({
    variant,
    host,
    port,
    partners: configured ?? (demo ? [demo.partner] : []),
    log: (line) => io.stderr(line),
  }).catch(listenError(port));
  // The PPOB demo partner's Klikoo key: a provider of its own, so a key of its own.
  const ppobDemo = demo
    ? await createDemoPpobPartners(callbackUrl === undefined ? {} : { callbackUrl })
    : undefined;
  const ppob = await startPpobSandbox({
    host,
    klikooPort,
    dokuPort,
    klikooPartners: config?.ppob?.klikoo ?? (ppobDemo ? [ppobDemo.klikoo] : []),
    dokuPartners: config?.ppob?.doku ?? (ppobDemo ? [ppobDemo.doku] : []),
    log: (line) => io.stderr(line),
  }).catch(async (error: unknown) => {
    await sandbox.close();
    return listenError(klikooPort || dokuPort)(error);
  });

  let profile: string | undefined;
  if (demo) {
    const dir = resolve(
      io.cwd,
      typeof values['profile-dir'] === 'string' ? values['profile-dir'] : DEFAULT_PROFILE_DIR,
    );
    const written = await writeTerminalProfile(dir, {
      baseUrl: sandbox.baseUrl,
      provider: sandbox.variant,
      rules: sandbox.rules,
      demo,
      providerPublicKeyPem: sandbox.providerPublicKeyPem,
      ...(ppobDemo === undefined
        ? {}
        : {
            ppob: {
              klikoo: {
                baseUrl: ppob.klikoo.baseUrl,
                clientId: ppobDemo.klikoo.clientId,
                clientSecret: ppobDemo.klikoo.clientSecret,
                privateKeyPem: ppobDemo.klikoo.keys.privateKeyPem,
              },
              doku: { baseUrl: ppob.doku.baseUrl, ...ppobDemo.doku },
            },
          }),
    });
    profile = written.profileFile;
  }
  printJson(io, {
    baseUrl: sandbox.baseUrl,
    variant: sandbox.variant,
    providerPublicKeyPem: sandbox.providerPublicKeyPem,
    ppob: { klikoo: { baseUrl: ppob.klikoo.baseUrl }, dokuBiller: { baseUrl: ppob.doku.baseUrl } },
    ...(profile === undefined ? {} : { profile }),
  });
  io.stderr(
    `kasir sandbox: serving on ${sandbox.baseUrl} as ${variant} (${PRESET_SUMMARIES[variant]}); Ctrl+C to stop`,
  );
  io.stderr(
    `kasir sandbox: test customers (userAccessToken on generate): ${sandbox.customers
      .map((c) => `${c.userAccessToken} ${formatRupiah(c.openingBalance)}`)
      .join(', ')}; fault amounts 10001.00–10010.00`,
  );
  io.stderr(
    `kasir sandbox: PPOB on ${ppob.klikoo.baseUrl} (Klikoo B2B) and ${ppob.doku.baseUrl} (DOKU Biller); customer numbers ending ${PPOB_FAULT_TABLE[0]?.suffix}–${PPOB_FAULT_TABLE.at(-1)?.suffix} play faults`,
  );

  await new Promise<void>((done) => {
    if (stop.aborted) done();
    else stop.addEventListener('abort', () => done(), { once: true });
  });
  await Promise.all([sandbox.close(), ppob.close()]);
  io.stderr('kasir sandbox: stopped');
  return 0;
}

function parseVariant(value: string | boolean | undefined): ProviderName {
  if (value === undefined) return 'aspi';
  const parsed = ProviderNameSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--variant must be one of ${PROVIDER_NAMES.join(', ')}, not ${String(value)}`);
  }
  return parsed.data;
}

function parsePort(value: string | boolean | undefined, flag = '--port'): number {
  if (value === undefined) return 0;
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`${flag} must be a number from 0 to 65535, not ${String(value)}`);
  }
  return Number(value);
}

function parseNotifyUrl(value: string, flag = '--notify-url'): string {
  const parsed = PartnerConfigSchema.shape.notifyUrl.safeParse(value);
  if (!parsed.success || parsed.data === undefined)
    throw new UsageError(`${flag} must be an http(s) URL, not ${value}`);
  return parsed.data;
}

async function readConfig(file: string): Promise<z.output<typeof SandboxConfigSchema>> {
  let text: string;
  try {
    text = readRegularFile(file, 1024 * 1024).text;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UsageError(`cannot read --config ${file}: ${error.errno ?? error.problem.replace('_', ' ')}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--config ${file} is not valid JSON`);
  }
  const parsed = SandboxConfigSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`--config ${file}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length === 0 ? '' : `${issue.path.map(String).join('.')}: `;
  return `${where}${issue.message}`;
}

export const sandboxCommands: Command[] = [
  {
    path: ['sandbox'],
    summary: 'run the SNAP QR CPM, Klikoo B2B and DOKU Biller simulators on loopback',
    usage: USAGE,
    run: (argv, io) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      return runSandboxCommand(argv, io, stop.signal).finally(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
    },
  },
];
