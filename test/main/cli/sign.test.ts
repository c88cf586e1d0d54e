import { execFile, execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../main/cli/framework';
import { runCli } from '../../../main/cli/run';
import {
  notificationVector,
  SAMPLE_PRIVATE_KEY_FILE,
  SAMPLE_PUBLIC_KEY_FILE,
  samplePrivateKeyPem,
  samplePublicKeyPem,
  symmetricVector,
  tokenVector,
} from '../snap/vectors';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-sign-'));
  writeFileSync(join(dir, 'demo-body.json'), symmetricVector.rawBody);
  writeFileSync(join(dir, 'notify.json'), notificationVector.rawBody);
  writeFileSync(join(dir, 'not-json.txt'), 'partnerReferenceNo=1');
  writeFileSync(join(dir, 'not-a-key.pem'), 'hello, this is not a key');
  writeFileSync(
    join(dir, 'pkcs1-private.pem'),
    createPrivateKey(samplePrivateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  writeFileSync(
    join(dir, 'pkcs1-public.pem'),
    createPublicKey(samplePublicKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function kasir(...argv: string[]) {
  return kasirWithStdin(undefined, ...argv);
}

/** Runs kasir with `stdin` as its standard input (undefined: none to be had). */
async function kasirWithStdin(stdin: string | undefined, ...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    cwd: dir,
    env: {},
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  };
  const code = await runCli(argv, io, '0.0.0-test');
  return { code, stdout, stderr, json: () => JSON.parse(stdout.join('\n')) as Record<string, unknown> };
}

describe('kasir sign token', () => {
  it('prints the string to sign and the published token signature', async () => {
    const out = await kasir(
      'sign',
      'token',
      '--client-key',
      tokenVector.clientKey,
      '--timestamp',
      tokenVector.timestamp,
      '--private-key',
      SAMPLE_PRIVATE_KEY_FILE,
    );
    expect(out.code).toBe(0);
    const result = out.json();
    expect(Object.keys(result)).toEqual(['stringToSign', 'signature']);
    expect(result.stringToSign).toBe('G1234325-SNAP|2024-03-01T08:27:49.024Z');
    expect(String(result.signature)).toMatch(/^WzW49tYIgKIBmBi\/gVBHGLAkhEaZ.*qofS9\+RyOQ==$/);
  });

  it('signs identically with a PKCS#1 key file', async () => {
    const pkcs1 = await kasir(
      'sign',
      'token',
      '--client-key',
      tokenVector.clientKey,
      '--timestamp',
      tokenVector.timestamp,
      '--private-key',
      'pkcs1-private.pem',
    );
    expect(String(pkcs1.json().signature).endsWith(tokenVector.signatureEnd)).toBe(true);
  });

  it('exits 2 with one line when a flag is missing', async () => {
    const out = await kasir('sign', 'token', '--client-key', 'K', '--private-key', SAMPLE_PRIVATE_KEY_FILE);
    expect(out.code).toBe(2);
    expect(out.stdout).toEqual([]);
    expect(out.stderr).toEqual(['kasir sign token: Missing required flag --timestamp']);
  });

  it('exits 2 when the key file cannot be read', async () => {
    const out = await kasir(
      'sign',
      'token',
      '--client-key',
      'K',
      '--timestamp',
      'T',
      '--private-key',
      'missing.pem',
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toHaveLength(1);
    expect(out.stderr[0]).toContain('cannot read private key file "missing.pem" (ENOENT)');
  });

  it('exits 2 when the key file holds no PEM key', async () => {
    const out = await kasir(
      'sign',
      'token',
      '--client-key',
      'K',
      '--timestamp',
      'T',
      '--private-key',
      'not-a-key.pem',
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toHaveLength(1);
    expect(out.stderr[0]).toContain('Not a PEM private key');
  });

  it('exits 2 on an unknown flag', async () => {
    const out = await kasir('sign', 'token', '--client', 'K');
    expect(out.code).toBe(2);
    expect(out.stderr).toHaveLength(1);
  });
});

describe('kasir sign transaction', () => {
  const args = [
    'sign',
    'transaction',
    '--method',
    'POST',
    '--path',
    symmetricVector.path,
    '--token',
    symmetricVector.accessToken,
    '--secret',
    symmetricVector.clientSecret,
    '--timestamp',
    symmetricVector.timestamp,
  ];

  it('reproduces the published symmetric signature from the pretty-printed body file', async () => {
    const out = await kasir(...args, '--body-file', 'demo-body.json');
    expect(out.code).toBe(0);
    expect(out.json().signature).toBe(symmetricVector.signature);
  });

  it('hashes an empty body without --body-file', async () => {
    const out = await kasir(...args);
    expect(out.json().stringToSign).toBe(
      'POST:/v1.0/qr/qr-mpm-generate:myaccesstoken:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:2024-03-05T10:37:16.196Z',
    );
  });

  it('exits 2 when the body is not JSON', async () => {
    const out = await kasir(...args, '--body-file', 'not-json.txt');
    expect(out.code).toBe(2);
    expect(out.stderr.at(-1)).toContain('not valid JSON');
  });
});

describe('kasir sign transaction with the secret and the token kept out of argv', () => {
  const withoutSecrets = [
    'sign',
    'transaction',
    '--method',
    'POST',
    '--path',
    symmetricVector.path,
    '--timestamp',
    symmetricVector.timestamp,
    '--body-file',
    'demo-body.json',
  ];

  beforeAll(() => {
    // As `echo secret > file` writes them: with a line break at the end.
    writeFileSync(join(dir, 'client-secret.txt'), `${symmetricVector.clientSecret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'token.txt'), `${symmetricVector.accessToken}\r\n`, { mode: 0o600 });
  });

  it('reads both from files and signs exactly as with them in argv', async () => {
    const out = await kasir(
      ...withoutSecrets,
      '--secret-file',
      'client-secret.txt',
      '--token-file',
      'token.txt',
    );
    expect(out.code).toBe(0);
    expect(out.json().signature).toBe(symmetricVector.signature);
    expect(out.stderr).toEqual([]);
  });

  it('reads the secret from stdin given "-"', async () => {
    const out = await kasirWithStdin(
      `${symmetricVector.clientSecret}\n`,
      ...withoutSecrets,
      '--secret',
      '-',
      '--token-file',
      'token.txt',
    );
    expect(out.code).toBe(0);
    expect(out.json().signature).toBe(symmetricVector.signature);
  });

  it('warns, without repeating it, when the secret is typed in argv', async () => {
    const out = await kasir(
      ...withoutSecrets,
      '--secret',
      symmetricVector.clientSecret,
      '--token',
      symmetricVector.accessToken,
    );
    expect(out.code).toBe(0);
    expect(out.stderr.join('\n')).toMatch(/--secret on the command line can be read by other users/);
    expect(out.stderr.join('\n')).not.toContain(symmetricVector.clientSecret);
  });

  it('refuses both the secret and a secret file', async () => {
    const out = await kasir(
      ...withoutSecrets,
      '--secret',
      'x',
      '--secret-file',
      'client-secret.txt',
      '--token-file',
      'token.txt',
    );
    expect([out.code, out.stderr.at(-1)]).toEqual([
      2,
      'kasir sign transaction: give --secret or --secret-file, not both',
    ]);
  });

  it('refuses to take two inputs from stdin', async () => {
    const out = await kasirWithStdin('x', ...withoutSecrets, '--secret', '-', '--token', '-');
    expect(out.code).toBe(2);
    expect(out.stderr.at(-1)).toContain('only one input can come from stdin');
  });

  it('refuses a secret file that is a FIFO at once, pointing to stdin instead', async () => {
    execFileSync('mkfifo', [join(dir, 'secret.fifo')]);
    const out = await kasir(...withoutSecrets, '--secret-file', 'secret.fifo', '--token-file', 'token.txt');
    expect(out.code).toBe(2);
    expect(out.stderr.at(-1)).toContain(
      'secret file "secret.fifo" is not a regular file; to pipe it in, give -',
    );
  });

  it('reads a piped secret in the real command', async () => {
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        '--import',
        'tsx',
        join(process.cwd(), 'main/cli.ts'),
        ...withoutSecrets.map((arg) => (arg === 'demo-body.json' ? join(dir, arg) : arg)),
        '--secret',
        '-',
        '--token-file',
        join(dir, 'token.txt'),
      ],
      { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end(`${symmetricVector.clientSecret}\n`);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ signature: symmetricVector.signature });
  });
});

describe('kasir sign service / verify service', () => {
  const common = [
    '--method',
    notificationVector.method,
    '--path',
    notificationVector.path,
    '--timestamp',
    notificationVector.timestamp,
    '--body-file',
    'notify.json',
  ];

  it('signs the published notification string to the published signature', async () => {
    const out = await kasir('sign', 'service', ...common, '--private-key', SAMPLE_PRIVATE_KEY_FILE);
    expect(out.json()).toEqual({
      stringToSign: notificationVector.stringToSign,
      signature: notificationVector.signature,
    });
  });

  it('verifies the published notification signature and exits 0', async () => {
    const out = await kasir(
      'verify',
      'service',
      ...common,
      '--public-key',
      SAMPLE_PUBLIC_KEY_FILE,
      '--signature',
      notificationVector.signature,
    );
    expect(out.code).toBe(0);
    expect(out.json()).toEqual({ stringToSign: notificationVector.stringToSign, valid: true });
  });

  it('verifies with a PKCS#1 public key', async () => {
    const out = await kasir(
      'verify',
      'service',
      ...common,
      '--public-key',
      'pkcs1-public.pem',
      '--signature',
      notificationVector.signature,
    );
    expect(out.code).toBe(0);
  });

  it('reports a signature for another timestamp as invalid and exits 1', async () => {
    const out = await kasir(
      'verify',
      'service',
      '--method',
      'POST',
      '--path',
      notificationVector.path,
      '--timestamp',
      '2024-05-02T14:43:09+07:00',
      '--body-file',
      'notify.json',
      '--public-key',
      SAMPLE_PUBLIC_KEY_FILE,
      '--signature',
      notificationVector.signature,
    );
    expect(out.code).toBe(1);
    expect(out.json().valid).toBe(false);
  });

  it('exits 2 when the public key file holds a private key', async () => {
    const out = await kasir(
      'verify',
      'service',
      ...common,
      '--public-key',
      'not-a-key.pem',
      '--signature',
      notificationVector.signature,
    );
    expect(out.code).toBe(2);
    expect(out.stderr[0]).toContain('Not a PEM public key');
  });

  it('exits 2 when --signature is missing', async () => {
    const out = await kasir('verify', 'service', ...common, '--public-key', SAMPLE_PUBLIC_KEY_FILE);
    expect(out.code).toBe(2);
    expect(out.stderr).toEqual(['kasir verify service: Missing required flag --signature']);
  });
});

describe('kasir as a real process', () => {
  it('prints the verification JSON and exits 1 on a tampered body', async () => {
    writeFileSync(join(dir, 'tampered.json'), notificationVector.rawBody.replace('102800.00', '1.00'));
    const run = promisify(execFile);
    const error = await run(
      process.execPath,
      [
        '--disable-warning=ExperimentalWarning',
        '--import',
        'tsx',
        join(process.cwd(), 'main/cli.ts'),
        'verify',
        'service',
        '--method',
        'POST',
        '--path',
        notificationVector.path,
        '--timestamp',
        notificationVector.timestamp,
        '--body-file',
        join(dir, 'tampered.json'),
        '--public-key',
        SAMPLE_PUBLIC_KEY_FILE,
        '--signature',
        notificationVector.signature,
      ],
      { cwd: process.cwd() },
    ).catch((e: unknown) => e as { code: number; stdout: string });
    expect(error).toMatchObject({ code: 1 });
    expect(JSON.parse((error as { stdout: string }).stdout)).toMatchObject({ valid: false });
  });
});
