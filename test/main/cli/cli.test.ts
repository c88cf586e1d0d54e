import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';

const root = resolve(import.meta.dirname, '../../..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l), cwd: root, env: {} },
    out,
    err,
  };
}

describe('the kasir CLI', () => {
  it('prints its version with --version', async () => {
    const { io, out } = capture();
    expect(await runCli(['--version'], io, '9.9.9')).toBe(0);
    expect(out).toEqual(['9.9.9']);
  });

  it('prints usage with --help', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io, '9.9.9')).toBe(0);
    expect(out.join('\n')).toContain('Usage: kasir <command>');
  });

  it('refuses an unknown command with exit 2 and one line', async () => {
    const { io, err } = capture();
    expect(await runCli(['frobnicate'], io, '9.9.9')).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('unknown command');
  });

  it('never repeats the rest of a mistyped command line, where a secret or a QR may be', async () => {
    const secret = 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS';
    const qr = 'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0Mg==';
    const mistyped = capture();
    expect(await runCli(['sign', 'transacton', '--secret', secret], mistyped.io, '9.9.9')).toBe(2);
    expect(mistyped.err).toEqual([expect.stringContaining('sign token, sign transaction, sign service')]);
    const pasted = capture();
    expect(await runCli([qr, '--amount', '10000.00'], pasted.io, '9.9.9')).toBe(2);
    const printed = [...mistyped.out, ...mistyped.err, ...pasted.out, ...pasted.err].join('\n');
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain(qr.slice(0, 16));
  });

  it('refuses a value given without its flag, without repeating the value', async () => {
    const secret = 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS';
    const { io, out, err } = capture();
    const argv = ['sign', 'transaction', '--method', 'POST', '--path', '/p', '--token', 'T', secret];
    expect(await runCli(argv, io, '9.9.9')).toBe(2);
    expect(err).toEqual([expect.stringContaining('without its --flag')]);
    expect([...out, ...err].join('\n')).not.toContain(secret);
  });

  it('runs as `npm run kasir -- --version` with no build step', () => {
    const result = spawnSync('npm', ['run', '--silent', 'kasir', '--', '--version'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('kasir server code', () => {
  it('refuses an admin key file that is a FIFO at once, instead of hanging on it', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'kasir-admin-key-'));
    try {
      const fifo = resolve(dir, 'admin.key');
      spawnSync('mkfifo', [fifo]);
      const { io, err } = capture();
      const args = ['server', 'code', '--server', 'http://127.0.0.1:9', '--shop', 'Toko', '--label', 'K1'];
      expect(await runCli([...args, '--admin-key-file', fifo], io, '9.9.9')).toBe(2);
      expect(err.join('\n')).toContain(`cannot read --admin-key-file ${fifo}: not regular`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
