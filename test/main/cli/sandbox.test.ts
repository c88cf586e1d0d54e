// `kasir sandbox`: refuses what it must, announces itself in one JSON line, writes a working
// terminal profile, and stops cleanly.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../main/cli/framework';
import { runCli } from '../../../main/cli/run';
import { runSandboxCommand } from '../../../main/cli/sandbox';
import { createDemoPartner } from '../../../main/sandbox/partners';
import { SandboxProfileSchema } from '../../../main/sandbox/profile';
import { createQrCpmClient } from '../../../main/snap/client';
import { formatSnapTimestamp } from '../../../main/snap/headers';
import { signToken } from '../../../main/snap/signature';
import { startNotifyReceiver } from '../sandbox/notify-receiver';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kasir-sandbox-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function captureIo(): CliIo & { out: string[]; err: string[]; firstLine: Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  let resolveFirst: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    resolveFirst = resolve;
  });
  return {
    out,
    err,
    firstLine,
    stdout: (line) => {
      out.push(line);
      if (out.length === 1) resolveFirst(line);
    },
    stderr: (line) => err.push(line),
    cwd: dir,
    env: {},
  };
}

describe('refusals (exit 2, one clear line)', () => {
  it.each([['0.0.0.0'], ['192.168.1.10'], ['example.com']])('refuses to listen on %s', async (host) => {
    const io = captureIo();
    expect(await runCli(['sandbox', '--host', host], io, 'test')).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toContain('loopback');
  });

  it('refuses a port that is not a number', async () => {
    const io = captureIo();
    expect(await runCli(['sandbox', '--port', 'http'], io, 'test')).toBe(2);
    expect(io.err[0]).toContain('--port');
  });

  it('refuses a config file that does not exist', async () => {
    const io = captureIo();
    expect(await runCli(['sandbox', '--config', 'nope.json'], io, 'test')).toBe(2);
    expect(io.err).toEqual([expect.stringContaining('cannot read --config')]);
  });

  it('refuses a config file that is not JSON', async () => {
    await writeFile(join(dir, 'bad.json'), '{"partners": [');
    const io = captureIo();
    expect(await runCli(['sandbox', '--config', 'bad.json'], io, 'test')).toBe(2);
    expect(io.err).toEqual([expect.stringContaining('is not valid JSON')]);
  });

  it('names the field of a config that breaks the schema', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({
        partners: [{ clientKey: 'k', clientSecret: 'a-long-enough-secret', publicKeyPem: 'not a key' }],
      }),
    );
    const io = captureIo();
    expect(await runCli(['sandbox', '--config', 'bad.json'], io, 'test')).toBe(2);
    expect(io.err).toEqual([expect.stringContaining('partners.0.publicKeyPem')]);
  });

  it('refuses a notify URL that is not http(s)', async () => {
    const io = captureIo();
    expect(await runCli(['sandbox', '--notify-url', 'ftp://example.com/notify'], io, 'test')).toBe(2);
    expect(io.err).toEqual([expect.stringContaining('--notify-url')]);
  });

  it('prints its usage for --help', async () => {
    const io = captureIo();
    expect(await runCli(['sandbox', '--help'], io, 'test')).toBe(0);
    expect(io.out.join('\n')).toContain('--profile-dir');
  });
});

describe('serving with a demo partner', () => {
  it('announces baseUrl, the provider key and the profile in its first stdout line', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand(['--profile-dir', 'profile'], io, stop.signal);
    const first = JSON.parse(await io.firstLine) as Record<string, string>;
    stop.abort();
    expect(await running).toBe(0);
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.providerPublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(first.profile).toBe(join(dir, 'profile', 'terminal-profile.json'));
  });

  it('writes a profile, a private key and the provider key readable by the owner only', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand([], io, stop.signal);
    const first = JSON.parse(await io.firstLine) as { profile: string };
    stop.abort();
    await running;
    const profile = SandboxProfileSchema.parse(JSON.parse(await readFile(first.profile, 'utf8')));
    expect(first.profile).toBe(join(dir, '.kasir-sandbox', 'terminal-profile.json'));
    for (const file of [first.profile, profile.privateKeyFile, profile.providerPublicKeyFile]) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(profile.privateKeyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('writes a profile with which the QR CPM client can generate and pay', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand([], io, stop.signal);
    try {
      const first = JSON.parse(await io.firstLine) as { profile: string };
      const profile = SandboxProfileSchema.parse(JSON.parse(await readFile(first.profile, 'utf8')));
      const client = createQrCpmClient(
        { ...profile, privateKey: await readFile(profile.privateKeyFile, 'utf8') },
        {
          fetch,
          clock: () => new Date(),
          externalIds: { next: () => `${Date.now()}${Math.floor(Math.random() * 1e6)}` },
        },
      );
      const generated = await client.generate({ partnerTrxDate: formatSnapTimestamp(new Date()) });
      if (generated.kind !== 'answer' || generated.body.qrContent === undefined) throw new Error('no QR');
      const paid = await client.pay({
        partnerReferenceNo: 'CLI-PROFILE-1',
        qrContent: generated.body.qrContent,
        amount: { value: '10000.00', currency: 'IDR' },
        merchantId: profile.merchantId,
        expiryTime: '60',
      });
      expect(paid.kind === 'answer' && paid.responseCode).toBe('2006000');
    } finally {
      stop.abort();
      await running;
    }
  });

  it('stops serving once stopped', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand([], io, stop.signal);
    const { baseUrl } = JSON.parse(await io.firstLine) as { baseUrl: string };
    stop.abort();
    await running;
    await expect(fetch(`${baseUrl}/sandbox/ledger`)).rejects.toThrow();
  });
});

describe('notifying the demo partner', () => {
  it('sends notify (79) to --notify-url', async () => {
    const receiver = await startNotifyReceiver();
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand(['--notify-url', receiver.url], io, stop.signal);
    try {
      const first = JSON.parse(await io.firstLine) as { profile: string };
      const profile = SandboxProfileSchema.parse(JSON.parse(await readFile(first.profile, 'utf8')));
      const client = createQrCpmClient(
        { ...profile, privateKey: await readFile(profile.privateKeyFile, 'utf8') },
        {
          fetch,
          clock: () => new Date(),
          externalIds: { next: () => `${Date.now()}${Math.floor(Math.random() * 1e6)}` },
        },
      );
      const generated = await client.generate({ partnerTrxDate: formatSnapTimestamp(new Date()) });
      if (generated.kind !== 'answer' || generated.body.qrContent === undefined) throw new Error('no QR');
      await client.pay({
        partnerReferenceNo: 'CLI-NOTIFY-1',
        qrContent: generated.body.qrContent,
        amount: { value: '10000.00', currency: 'IDR' },
        merchantId: profile.merchantId,
        expiryTime: '60',
      });
      await waitFor(() => receiver.received.length > 0);
    } finally {
      stop.abort();
      await running;
      await receiver.close();
    }
    expect(receiver.received.map((n) => n.body.originalPartnerReferenceNo)).toEqual(['CLI-NOTIFY-1']);
  });
});

/** Polls a condition the test cannot await directly (a notify sent in the background). */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('serving configured partners', () => {
  it('accepts the configured partner’s token signature and writes no profile', async () => {
    const demo = await createDemoPartner();
    await writeFile(join(dir, 'partners.json'), JSON.stringify({ partners: [demo.partner] }));
    const io = captureIo();
    const stop = new AbortController();
    const running = runSandboxCommand(['--config', 'partners.json'], io, stop.signal);
    try {
      const first = JSON.parse(await io.firstLine) as Record<string, string>;
      expect(first.profile).toBeUndefined();
      const timestamp = formatSnapTimestamp(new Date());
      const { signature } = signToken({
        clientKey: demo.partner.clientKey,
        timestamp,
        privateKey: demo.privateKeyPem,
      });
      const response = await fetch(`${first.baseUrl}/v1.0/access-token/b2b`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-TIMESTAMP': timestamp,
          'X-CLIENT-KEY': demo.partner.clientKey,
          'X-SIGNATURE': signature,
        },
        body: '{"grantType":"client_credentials"}',
      });
      expect(((await response.json()) as { responseCode: string }).responseCode).toBe('2007300');
    } finally {
      stop.abort();
      await running;
    }
  });
});

describe('as a process', () => {
  it('prints its JSON line first and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', 'sandbox', '--profile-dir', join(dir, 'p')],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const firstLine = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const end = buffered.indexOf('\n');
        if (end >= 0) resolve(buffered.slice(0, end));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const { baseUrl } = JSON.parse(firstLine) as { baseUrl: string };
    const ledger = await fetch(`${baseUrl}/sandbox/ledger`);
    expect(ledger.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
