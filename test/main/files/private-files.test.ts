// Every folder the app and the CLI create is 0700 and every file 0600, whatever the umask; a data
// folder open to others is tightened (and the CLI says so) or refused. Real files, the real app core
// against the embedded sandbox, and the real CLI.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../../main/app/core';
import { runCli } from '../../../main/cli/run';
import { createDemoPartner } from '../../../main/sandbox/partners';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { PaymentView, ScanCheck } from '../../../preload/contract/payments';

let root: string;
let umask: number;

beforeAll(() => {
  // The loosest umask there is: whatever comes out private was made private on purpose.
  umask = process.umask(0);
});

afterAll(() => {
  process.umask(umask);
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kasir-files-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
  return result.value as T;
}

/** Every path under `dir` whose mode lets group or others in, with that mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0) found.push(`${dir} ${mode.toString(8)}`);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const entryMode = statSync(path).mode & 0o777;
    if ((entryMode & 0o077) !== 0) found.push(`${path} ${entryMode.toString(8)}`);
  }
  return found;
}

describe('the files the app creates', () => {
  it('are its user’s alone: the data folder and every folder in it 0700, every file 0600', async () => {
    const dataDir = join(root, 'userData');
    const core = await createAppCore({ dataDir, security: { cipher: createKeyCipher(randomBytes(32)) } });
    try {
      value(await core.dispatch('settings:pin:set', { newPin: '740319' }));
      const sandbox = core.cashier.backend()?.sandbox;
      if (!sandbox) throw new Error('the sandbox is not running');
      const scan = value<ScanCheck>(await core.dispatch('scan:check', { text: sandbox.issueQr().qrContent }));
      const started = value<PaymentView>(
        await core.dispatch('payment:start', { scanId: scan.scanId, amountMinor: '1000000' }),
      );
      expect(started.id).toBeGreaterThan(0);
      for (let i = 0; i < 200 && value(await core.dispatch('payment:active', undefined)) !== null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await core.close();
    }
    const names = readdirSync(dataDir, { recursive: true }).map(String);
    expect(names).toEqual(
      expect.arrayContaining([
        'audit.sqlite',
        'vault.json',
        join('sandbox', 'journal.sqlite'),
        join('sandbox', 'journal.sqlite.marker'),
        join('sandbox', 'locks'),
      ]),
    );
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('tightens an existing data folder that others could read when the app opens it', async () => {
    const dataDir = join(root, 'userData');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const lines: string[] = [];
    const core = await createAppCore({ dataDir, log: (line) => lines.push(line) });
    await core.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(lines.join('\n')).toContain(`tightened ${dataDir} from mode 755 to 700`);
  });
});

describe('the CLI data folder', () => {
  let profile: string;

  beforeAll(async () => {
    const demo = await createDemoPartner();
    const keyFolder = mkdtempSync(join(tmpdir(), 'kasir-files-profile-'));
    writeFileSync(join(keyFolder, 'partner.pem'), demo.privateKeyPem, { mode: 0o600 });
    profile = join(keyFolder, 'terminal.json');
    writeFileSync(
      profile,
      JSON.stringify({
        baseUrl: 'http://127.0.0.1:9',
        clientKey: demo.partner.clientKey,
        clientSecret: demo.partner.clientSecret,
        privateKeyFile: 'partner.pem',
        channelId: '95221',
        merchantId: '00007100010926',
        terminalId: 'CLI-T1',
      }),
      { mode: 0o600 },
    );
  });

  /** `recover` opens the whole terminal (and, with nothing unfinished, never calls the provider). */
  async function kasir(command: 'recover' | 'history', dataDir: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [command, '--config', profile, '--data-dir', dataDir],
      { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: root, env: {} },
      '0.0.0-test',
    );
    return { code, out, err };
  }

  it('creates a new --data-dir and everything in it for its user alone', async () => {
    const dataDir = join(root, 'data');
    expect((await kasir('recover', dataDir)).code).toBe(0);
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['journal.sqlite', 'locks']));
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('tightens a group- and world-readable --data-dir to 0700 and says so', async () => {
    const dataDir = join(root, 'shared');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const run = await kasir('recover', dataDir);
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toContain(`kasir: tightened ${dataDir} from mode 755 to 700`);
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('refuses a --data-dir that belongs to another user', async () => {
    const dataDir = join(root, 'theirs');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, 4242, 4242);
    const run = await kasir('recover', dataDir);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(/DATA_DIR_INSECURE: .*belongs to another user/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each(['recover', 'history'] as const)(
    'refuses a FIFO in place of the journal instead of hanging on it (kasir %s)',
    async (command) => {
      const dataDir = join(root, 'fifo');
      mkdirSync(dataDir, { mode: 0o700 });
      execFileSync('mkfifo', [join(dataDir, 'journal.sqlite')]);
      const run = await kasir(command, dataDir);
      expect(run.code).toBe(2);
      expect(run.err.join('\n')).toContain('DATA_FILE_NOT_REGULAR');
    },
  );
});
