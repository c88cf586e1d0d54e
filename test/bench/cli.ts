// The CLI's start-up, as a user meets it: wall time of the real `kasir` (bin/kasir.js, from its
// bundle) for `--version` and for a `kasir pay` against a `kasir sandbox` on loopback, each the
// median of several runs. Nothing a command does at start may grow with the journal: the pay runs
// on a data directory that already holds every earlier run's payment.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Figure } from './figures';
import { atMost, figure } from './figures';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'kasir.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Run as npm's bin link runs it (the file itself, through its shebang), with this Node first on PATH.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  await run(bin, args, { cwd: root, env });
  return performance.now() - started;
}

export async function benchCli(options: { runs?: number } = {}): Promise<Figure[]> {
  const runs = options.runs ?? 15;
  const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-cli-'));
  const sandbox = spawn(
    process.execPath,
    [bin, 'sandbox', '--port', '0', '--profile-dir', join(dir, 'sandbox')],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  try {
    const first = await new Promise<string>((done, fail) => {
      let text = '';
      sandbox.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const line = text.split('\n')[0];
        if (text.includes('\n') && line) done(line);
      });
      sandbox.on('exit', () => fail(new Error('the sandbox stopped')));
    });
    const { baseUrl } = JSON.parse(first) as { baseUrl: string };
    const profile = join(dir, 'sandbox', 'terminal-profile.json');
    const data = join(dir, 'data');
    await timed(['--version']); // warm the code cache and build the bundle if needed
    const version: number[] = [];
    for (let i = 0; i < runs; i++) version.push(await timed(['--version']));
    const pay: number[] = [];
    for (let i = -2; i < runs; i++) {
      const qr = (await (await fetch(`${baseUrl}/sandbox/wallet/qr`, { method: 'POST' })).json()) as {
        qrContent: string;
      };
      const ms = await timed([
        'pay',
        '--config',
        profile,
        '--data-dir',
        data,
        '--qr',
        qr.qrContent,
        '--amount',
        '10000.00',
      ]);
      if (i >= 0) pay.push(ms); // the first two warm the data directory and the code cache
    }
    return [
      figure('cli_version_ms', Math.round(median(version)), 'ms', atMost(50)),
      figure('cli_pay_ms', Math.round(median(pay)), 'ms', atMost(150)),
    ];
  } finally {
    sandbox.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
