// Shared by the CLI tests: a sandbox with a terminal profile for it, what a data directory holds, and
// a read-only copy of one.
export { fingerprint } from '../../support/fingerprint';

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TerminalProfileFile } from '../../../main/profile-format';
import type { SandboxHandle } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { sharedKeys, tempDir } from '../payments/support';

export interface CliRig {
  dir: { path: string; remove: () => void };
  sandbox: SandboxHandle;
  /** What `terminal.json` in `dir` holds (its key in `partner.pem` beside it). */
  profile: TerminalProfileFile;
  close: () => Promise<void>;
}

/**
 * The embedded sandbox on loopback (a 202 answers "pending" once, late answers come after 700 ms) and
 * a temporary folder with a chmod-600 terminal profile for it, as `kasir sandbox` would write one.
 */
export async function startCliRig(
  prefix: string,
  terminal: Pick<TerminalProfileFile, 'terminalId' | 'timeoutMs' | 'resolution'>,
): Promise<CliRig> {
  const { demo, provider } = await sharedKeys();
  const dir = tempDir(prefix);
  const sandbox = await startSandbox({
    partners: [demo.partner],
    providerKeyPair: provider,
    faultScript: { lateAnswerMs: 700, pendingQueries: 1 },
  });
  writeFileSync(join(dir.path, 'partner.pem'), demo.privateKeyPem, { mode: 0o600 });
  const profile: TerminalProfileFile = {
    baseUrl: sandbox.baseUrl,
    clientKey: demo.partner.clientKey,
    clientSecret: demo.partner.clientSecret,
    privateKeyFile: 'partner.pem',
    channelId: demo.partner.channelId ?? '95221',
    merchantId: demo.partner.merchantId ?? '00007100010926',
    ...terminal,
  };
  writeFileSync(join(dir.path, 'terminal.json'), JSON.stringify(profile, null, 2), { mode: 0o600 });
  return {
    dir,
    sandbox,
    profile,
    close: async () => {
      await sandbox.close();
      dir.remove();
    },
  };
}

/**
 * Runs `work` while nothing in `dir` can be written, as on read-only media. Permissions do not stop
 * root, so as root the folder and its files are made immutable (chattr +i) instead. Either way the
 * folder is proven unwritable before `work` runs, and made writable again after.
 */
export async function readOnly(dir: string, work: () => Promise<void>): Promise<void> {
  const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name));
  const asRoot = process.getuid?.() === 0;
  const modes = new Map([dir, ...entries].map((path) => [path, statSync(path).mode & 0o777]));
  const lock = (on: boolean) => {
    if (asRoot) {
      execFileSync('chattr', ['-R', on ? '+i' : '-i', dir]);
    } else {
      for (const [path, mode] of modes) chmodSync(path, on ? mode & 0o555 : mode);
    }
  };
  lock(true);
  try {
    let writable = true;
    try {
      writeFileSync(join(dir, '.probe'), '');
    } catch {
      writable = false;
    }
    if (writable) throw new Error(`could not make ${dir} read-only for this test`);
    await work();
  } finally {
    lock(false);
  }
}

/** This Node first on PATH, so the bin's `#!/usr/bin/env node` and npx find it. */
export const BIN_ENV = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stderr, line by line. */
  err: string[];
  /** stdout read as one JSON object ({} when it is not one). */
  json: Record<string, unknown>;
}

/** Runs a command to its end, as a person at a terminal would, and keeps what they would read. */
export function spawnRun(command: string, args: string[], cwd: string, env = BIN_ENV): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        json = {};
      }
      done({ code, stdout, stderr, err: stderr.split('\n').filter((l) => l !== ''), json });
    });
  });
}
