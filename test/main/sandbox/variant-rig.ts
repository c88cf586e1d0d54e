// `kasir sandbox --variant NAME` run in-process (the command itself, over real HTTP on loopback), its
// first JSON line, and the terminal profile it wrote, loaded the way `kasir pay` loads one.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../main/cli/framework';
import { runSandboxCommand } from '../../../main/cli/sandbox';
import type { ProviderName } from '../../../main/snap/provider-presets';
import type { TerminalProfile } from '../../../main/terminal-profile';
import { loadTerminalProfile } from '../../../main/terminal-profile';

export interface RunningVariant {
  variant: ProviderName;
  dir: string;
  baseUrl: string;
  first: Record<string, unknown>;
  profile: TerminalProfile;
  /** The sandbox's request log (stderr lines). */
  log: string[];
  stop(): Promise<void>;
}

export async function startVariantSandbox(
  variant: ProviderName,
  extraArgs: string[] = [],
): Promise<RunningVariant> {
  const dir = await mkdtemp(join(tmpdir(), `kasir-variant-${variant}-`));
  const log: string[] = [];
  let resolveFirst: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    resolveFirst = resolve;
  });
  const io: CliIo = {
    stdout: (line) => resolveFirst(line),
    stderr: (line) => log.push(line),
    cwd: dir,
    env: {},
  };
  const stop = new AbortController();
  const running = runSandboxCommand(
    ['--variant', variant, '--profile-dir', 'profile', ...extraArgs],
    io,
    stop.signal,
  );
  const first = JSON.parse(await Promise.race([firstLine, running.then(() => '{}')])) as Record<
    string,
    unknown
  >;
  if (typeof first.profile !== 'string' || typeof first.baseUrl !== 'string') {
    stop.abort();
    await running;
    throw new Error(`kasir sandbox --variant ${variant} did not start: ${log.join(' | ')}`);
  }
  return {
    variant,
    dir,
    baseUrl: first.baseUrl,
    first,
    profile: loadTerminalProfile(first.profile),
    log,
    async stop() {
      stop.abort();
      await running;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh CPM QR from the sandbox's wallet endpoint (the customer's phone). */
export async function walletQr(baseUrl: string, customer = 'budi'): Promise<string> {
  const response = await fetch(`${baseUrl}/sandbox/wallet/qr?customer=${customer}`, { method: 'POST' });
  const json = (await response.json()) as { qrContent?: string };
  if (typeof json.qrContent !== 'string') throw new Error('the wallet endpoint gave no QR');
  return json.qrContent;
}

let referenceCounter = 0;
/** A partnerReferenceNo of exactly `length` characters (25 fits every preset). */
export function reference(length = 25): string {
  referenceCounter += 1;
  return `${Date.now()}${String(referenceCounter).padStart(6, '0')}`.padEnd(length, '7').slice(0, length);
}

let externalCounter = 0;
export function externalId(): string {
  externalCounter += 1;
  return `${Date.now()}${String(externalCounter).padStart(8, '0')}`;
}
