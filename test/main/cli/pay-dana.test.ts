// The README's DANA example, as a user runs it: `kasir sandbox --variant dana` in its own process
// writes a profile with "provider":"dana", and `kasir pay`, `status`, `refund` and `cancel` with that
// profile go end to end: RSA-signed calls with no token, .htm paths, 25-character references.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { walletQr } from '../sandbox/variant-rig';

let dir: string;
let child: ChildProcessWithoutNullStreams;
let first: { baseUrl: string; variant: string; profile: string };
const sandboxLog: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kasir-pay-dana-'));
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/cli.ts', 'sandbox', '--variant', 'dana', '--profile-dir', join(dir, 'dana')],
    { cwd: process.cwd() },
  );
  child.stderr.on('data', (chunk: Buffer) => sandboxLog.push(...chunk.toString().split('\n')));
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`kasir sandbox exited early with ${code}`)));
  });
  first = JSON.parse(line) as typeof first;
}, 30_000);

afterAll(async () => {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
});

async function kasir(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir, env: {} },
    '0.0.0-test',
  );
  return { code, err, json: JSON.parse(out[0] ?? '{}') as Record<string, unknown> };
}

const terminal = () => ['--config', first.profile, '--data-dir', join(dir, 'data')];

describe('kasir pay with a "provider":"dana" profile against kasir sandbox --variant dana', () => {
  it('starts as dana and writes a dana profile', async () => {
    expect(first.variant).toBe('dana');
    const profile = JSON.parse(await readFile(first.profile, 'utf8')) as Record<string, unknown>;
    expect(profile).toMatchObject({ provider: 'dana', timeoutMs: 8_000 });
    expect(profile.channelId).toBe(`${String(profile.partnerId)}-SERVER`);
  });

  it('pays, shows, refunds and cancels', async () => {
    const paid = await kasir(
      'pay',
      ...terminal(),
      '--qr',
      await walletQr(first.baseUrl),
      '--amount',
      '42000.00',
    );
    expect([paid.code, paid.json.state, paid.json.responseCode]).toEqual([0, 'PAID', '2006000']);
    const ref = String(paid.json.partnerReferenceNo);
    expect(ref).toHaveLength(25);

    const shown = await kasir('status', ...terminal(), '--ref', ref);
    expect([shown.code, shown.json.state]).toEqual([0, 'PAID']);

    const refund = await kasir(
      'refund',
      ...terminal(),
      '--ref',
      ref,
      '--amount',
      '2000.00',
      '--reason',
      'retur',
    );
    expect([refund.code, refund.json.state]).toEqual([0, 'REFUNDED']);

    const other = await kasir(
      'pay',
      ...terminal(),
      '--qr',
      await walletQr(first.baseUrl),
      '--amount',
      '9000.00',
    );
    const cancel = await kasir('cancel', ...terminal(), '--ref', String(other.json.partnerReferenceNo));
    expect([cancel.code, cancel.json.state]).toEqual([0, 'CANCELLED']);

    const ledger = (await (await fetch(`${first.baseUrl}/sandbox/ledger`)).json()) as {
      transactions: Array<{ partnerReferenceNo: string; state: string }>;
    };
    const states = Object.fromEntries(ledger.transactions.map((t) => [t.partnerReferenceNo, t.state]));
    expect(states[ref]).toBe('REFUNDED');
    expect(states[String(other.json.partnerReferenceNo)]).toBe('CANCELED');
  });

  it("tells the cashier to fix this computer's clock when DANA refuses the request's time", async () => {
    const qr = await walletQr(first.baseUrl);
    // Only Date is faked: this till's wall clock runs 10 minutes fast, timers and the sandbox do not.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 });
    try {
      const refused = await kasir('pay', ...terminal(), '--qr', qr, '--amount', '15000.00');
      expect([refused.code, refused.json.state]).toEqual([1, 'FAILED']);
      expect(String(refused.json.responseCode)).toMatch(/^401\d\d00$/);
      expect(refused.err.join('\n')).toContain('Turn on automatic time sync');
    } finally {
      vi.useRealTimers();
    }
  });

  it('went over .htm paths and never asked for a token', async () => {
    // The child's stderr may still be on its way: wait for the payment's line, then read them all.
    const paidLine = (line: string) => line.startsWith('POST /v1.0/qr/qr-cpm-payment.htm → 200 2006000');
    for (let i = 0; i < 100 && !sandboxLog.some(paidLine); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sandboxLog.some(paidLine)).toBe(true);
    expect(sandboxLog.some((line) => line.includes('access-token'))).toBe(false);
  });
});
