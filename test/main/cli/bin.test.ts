// `kasir` as a new user runs it: the installed command (bin/kasir.js, what `npx kasir` starts) in its
// own process, against the embedded sandbox over real HTTP. Each describe is one part of the cashier's
// day at the command line; every run checks what a person reads: exit code, stdout and stderr.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../../main/app/history-csv';
import type { TerminalProfileFile } from '../../../main/profile-format';
import type { SandboxHandle } from '../../../main/sandbox/server';
import type { CliRig, Ran } from './support';
import { BIN_ENV, fingerprint, readOnly, spawnRun as spawnWith, startCliRig } from './support';

const root = resolve(import.meta.dirname, '../../..');
const BIN = join(root, 'bin/kasir.js');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
};

/** This Node first on PATH, so the bin's shebang (`env -S node …`) and npx find it. */
const env = BIN_ENV;
const spawnRun = (command: string, args: string[], cwd: string): Promise<Ran> =>
  spawnWith(command, args, cwd, env);

let rig: CliRig;
let dir: CliRig['dir'];
let sandbox: SandboxHandle;
let profile: TerminalProfileFile;

/** `kasir …` in the test's folder: the bin file itself, started through its shebang. */
function kasir(...args: string[]): Promise<Ran> {
  return spawnRun(BIN, args, dir.path);
}

const common = (data = 'data') => ['--config', 'terminal.json', '--data-dir', data];
const qr = () => sandbox.issueQr().qrContent;
const ledgerSize = () => sandbox.ledger().transactions.length;

beforeAll(async () => {
  rig = await startCliRig('kasir-bin-', {
    terminalId: 'BIN-T1',
    timeoutMs: 1_000,
    resolution: { queryDelaysMs: [20, 50], deadlineMs: 2_000, settleMs: 2_000, confirmNotFoundMs: 20 },
  });
  ({ dir, sandbox, profile } = rig);
});

afterAll(async () => {
  await rig.close();
});

describe('kasir as a real command (npx kasir, npm run -s kasir --)', () => {
  it('is the package\'s "kasir" bin, an executable that runs through its shebang', async () => {
    expect(manifest.bin).toEqual({ kasir: './bin/kasir.js' });
    const run = await kasir('--version');
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${manifestVersion()}\n`, '']);
  });

  it('runs as `npx kasir` in the project folder', async () => {
    const run = await spawnRun('npx', ['--no-install', 'kasir', '--version'], root);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${manifestVersion()}\n`, '']);
  });

  it('prints only its own output as `npm run -s kasir --`, without echoing the arguments', async () => {
    const secret = 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS';
    const run = await spawnRun('npm', ['run', '-s', 'kasir', '--', 'explain-code', '2006000'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.json).toMatchObject({ code: '2006000', action: 'done' });
    const refused = await spawnRun('npm', ['run', '-s', 'kasir', '--', 'sign', 'token', secret], root);
    expect(refused.code).toBe(2);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(secret);
  });

  it('starts its next run from the code cache a finished payment left (issue 11)', async () => {
    const traced = { ...env, KASIR_TRACE_START: '1' };
    const pay = () =>
      spawnWith(BIN, ['pay', ...common(), '--qr', qr(), '--amount', '1000.00'], dir.path, traced);
    const first = await pay();
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^kasir: start-up: code cache (none|used|refused)/m);
    const second = await pay();
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^kasir: start-up: code cache used;/m);
    expect(second.json).toMatchObject({ state: 'PAID' });
  });

  it('ends a command whose reader went away (`kasir … | head -1`) as the command ended, no stack trace', async () => {
    const child = spawn(BIN, ['explain-code', '2006000'], { cwd: dir.path, env });
    child.stdout.destroy(); // the reader is gone before the command writes a line
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect([code, Buffer.concat(stderr).toString()]).toEqual([0, '']);
  });
});

function manifestVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('an older Node says so in one line (item 22)', () => {
  const minimum = /^>=(\d+\.\d+)/.exec(manifest.engines.node)?.[1] ?? '';

  it('names the version it needs and exits 2, before loading anything', async () => {
    // The running Node pretends to be one minor release below the minimum.
    const [major, minor] = minimum.split('.').map(Number);
    const older = `${major}.${(minor ?? 1) - 1}.0`;
    const pretend = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${older}"})`;
    const run = await spawnRun(
      process.execPath,
      ['--import', pretend, BIN, 'pay', ...common('old-node-data'), '--qr', qr(), '--amount', '1.00'],
      dir.path,
    );
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      `kasir: needs Node.js ${minimum}.0 or newer, this is Node.js ${older}; install Node 24 (see "Set up and run" in the README) and run it again.`,
    ]);
    expect(run.stdout).toBe('');
    expect(existsSync(join(dir.path, 'old-node-data'))).toBe(false);
  });

  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    if (!existsSync(node)) return false;
    const [major = 0, minor = 0] = versionOf(node).map(Number);
    const [wantMajor = 0, wantMinor = 0] = minimum.split('.').map(Number);
    return major < wantMajor || (major === wantMajor && minor < wantMinor);
  });

  it.skipIf(systemNode === undefined)(
    `on a real older Node (${systemNode ?? 'none on this machine'}) too, instead of "No such built-in module: node:sqlite"`,
    async () => {
      const run = await spawnRun(systemNode ?? '', [BIN, 'status', ...common(), '--ref', 'X'], dir.path);
      expect(run.code).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(/^kasir: needs Node\.js .* or newer, this is Node\.js /);
      expect(run.stderr).not.toMatch(/node:sqlite|\n\s+at /);
    },
  );
});

function versionOf(node: string): string[] {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '').split('.');
}

describe('flags: one value each, and amount errors in one line (item 16)', () => {
  it('refuses a flag given twice instead of paying the last one', async () => {
    const before = ledgerSize();
    const run = await kasir(
      'pay',
      ...common('twice-data'),
      '--qr',
      qr(),
      '--amount',
      '10000.00',
      '--amount',
      '20000.00',
    );
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.err).toEqual(['kasir pay: --amount was given more than once; give it once']);
    expect(existsSync(join(dir.path, 'twice-data'))).toBe(false);
    expect(ledgerSize()).toBe(before);
  });

  it.each([['-5'], ['-1.00'], ['10.000,00'], ['10000']])(
    'says in one line how to write an amount (%s)',
    async (amount) => {
      const run = await kasir('pay', ...common('amount-data'), '--qr', qr(), '--amount', amount);
      expect(run.code).toBe(2);
      expect(run.err).toEqual([
        `kasir pay: --amount must be Rupiah with exactly two decimals, e.g. 10000.00: use a dot for decimals, no thousands separator (got ${JSON.stringify(amount)})`,
      ]);
      expect(existsSync(join(dir.path, 'amount-data'))).toBe(false);
    },
  );

  it('says a flag needs its value in one line', async () => {
    const run = await kasir('refund', ...common(), '--ref', '--amount', '1.00');
    expect([run.code, run.err]).toEqual([
      2,
      ['kasir refund: --ref needs a value (one that starts with "--" goes as --ref=VALUE)'],
    ]);
  });
});

describe('--qr gets the checks a scan gets (issue 10, item 11)', () => {
  const swapCase = (text: string) =>
    text.replace(/[A-Za-z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
  const cases: [string, () => string, string][] = [
    [
      "a merchant's QRIS",
      () =>
        '00020101021126570011ID.DANA.WWW011893600915000000000102090000000010303UMI51440014ID.CO.QRIS.WWW0215ID10200000000010303UMI5204549953033605802ID5904Toko6013Jakarta Pusat61051011063045D2A',
      'CPM_MERCHANT_QR',
    ],
    ['a web address', () => 'https://pay.example.co.id/checkout?id=8812', 'CPM_URL'],
    ['a scan with Caps Lock on', () => swapCase(qr()), 'CPM_CAPS_LOCK'],
    ['a scan on a QWERTZ keyboard', () => `hQVDUFZwMW${qr().slice(10)}`, 'CPM_KEYBOARD_LAYOUT'],
    [
      'a scan cut short',
      () => {
        const full = qr().replace(/=+$/, '');
        const cut = full.length - 3 - ((full.length - 3 - 1) % 4);
        return full.slice(0, cut);
      },
      'CPM_TRUNCATED',
    ],
  ];

  it.each(cases)(
    'refuses %s: exit 2, one line naming the cause, nothing journaled or sent',
    async (_name, make, code) => {
      const text = make();
      const before = ledgerSize();
      const run = await kasir('pay', ...common('qr-data'), '--qr', text, '--amount', '10000.00');
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(new RegExp(`^kasir pay: ${code}: `));
      expect(run.stderr).not.toContain(text.slice(0, 24));
      expect(existsSync(join(dir.path, 'qr-data'))).toBe(false);
      expect(ledgerSize()).toBe(before);
    },
  );

  it('pays a QR pasted with its trailing newline', async () => {
    const run = await kasir('pay', ...common(), '--qr', `${qr()}\n`, '--amount', '15000.00');
    expect([run.code, run.json.state, run.stderr]).toEqual([0, 'PAID', '']);
  });
});

describe('read commands read, and never create (item 17)', () => {
  it.each([['status', '--ref', 'X'], ['history'], ['report']])(
    '%s names a missing data directory and does not create it',
    async (command, ...rest) => {
      const run = await kasir(command, ...common('dtaa'), ...rest);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.err).toEqual([
        `kasir ${command}: no journal at ${join(dir.path, 'dtaa')}; check --data-dir (it is the folder payments were taken with)`,
      ]);
      expect(existsSync(join(dir.path, 'dtaa'))).toBe(false);
    },
  );

  it.each([
    ['status', '--ref', 'X'],
    ['pay', '--amount', '1.00', '--qr'],
  ])('%s says so when the data directory is a file', async (command, ...rest) => {
    writeFileSync(join(dir.path, 'not-a-folder'), 'x');
    const qrValue = command === 'pay' ? [qr()] : [];
    const run = await kasir(command, ...common('not-a-folder'), ...rest, ...qrValue);
    expect([run.code, run.err]).toEqual([
      2,
      [`kasir ${command}: --data-dir: ${join(dir.path, 'not-a-folder')} is a file, not a folder`],
    ]);
  });

  it('reads a read-only backup with status, history and report, and leaves it as it was', async () => {
    const paid = await kasir('pay', ...common('source'), '--qr', qr(), '--amount', '4200.00');
    const ref = String(paid.json.partnerReferenceNo);
    const backup = join(dir.path, 'backup');
    cpSync(join(dir.path, 'source'), backup, { recursive: true });
    const before = fingerprint(backup);
    await readOnly(backup, async () => {
      const status = await kasir('status', ...common('backup'), '--ref', ref);
      expect([status.code, status.json.state, status.stderr]).toEqual([0, 'PAID', '']);
      const history = await kasir('history', ...common('backup'));
      expect([history.code, history.stderr]).toEqual([0, '']);
      expect(history.stdout).toContain(ref);
      const report = await kasir('report', ...common('backup'));
      expect([report.code, report.stderr]).toEqual([0, '']);
      expect(report.stdout).toContain('Rp4.200');
    });
    expect(fingerprint(backup)).toBe(before);
  });

  it('reads a backup copied while the terminal was running (its -wal file holds the newest payments)', async () => {
    const source = join(dir.path, 'running');
    await kasir('pay', ...common('running'), '--qr', qr(), '--amount', '4300.00');
    // Another process holds the journal open, so the newest payment stays in the -wal file.
    const holder = new DatabaseSync(join(source, 'journal.sqlite'));
    holder.exec('PRAGMA wal_autocheckpoint = 0');
    holder.prepare('SELECT count(*) FROM payments').get();
    try {
      const newest = await kasir('pay', ...common('running'), '--qr', qr(), '--amount', '4400.00');
      const backup = join(dir.path, 'running-backup');
      cpSync(source, backup, { recursive: true });
      expect(readdirSync(backup)).toContain('journal.sqlite-wal');
      await readOnly(backup, async () => {
        const status = await kasir(
          'status',
          ...common('running-backup'),
          '--ref',
          String(newest.json.partnerReferenceNo),
        );
        expect([status.code, status.json.amount, status.stderr]).toEqual([0, '4400.00', '']);
      });
    } finally {
      holder.close();
    }
  });
});

describe('Rupiah, WIB, refunds and the answer that decided (items 18 and 19)', () => {
  let ref: string;
  let createdAt: string;
  beforeAll(async () => {
    const paid = await kasir('pay', ...common('day'), '--qr', qr(), '--amount', '750.00');
    ref = String(paid.json.partnerReferenceNo);
    createdAt = String((await kasir('status', ...common('day'), '--ref', ref)).json.createdAt);
  });

  it('says what is left to refund in Rupiah, then that nothing is left after a full refund', async () => {
    expect((await kasir('refund', ...common('day'), '--ref', ref, '--amount', '250.00')).code).toBe(0);
    const over = await kasir('refund', ...common('day'), '--ref', ref, '--amount', '600.00');
    expect([over.code, over.err]).toEqual([
      2,
      ['kasir refund: REFUND_EXCEEDS_REMAINING: The refund is more than what is left to refund (Rp500).'],
    ]);
    expect((await kasir('refund', ...common('day'), '--ref', ref, '--amount', '500.00')).code).toBe(0);
    const nothing = await kasir('refund', ...common('day'), '--ref', ref, '--amount', '1.00');
    expect([nothing.code, nothing.err]).toEqual([
      2,
      [
        'kasir refund: REFUND_EXCEEDS_REMAINING: Nothing is left to refund: the whole amount has been (or is being) refunded.',
      ],
    ]);
  });

  it('shows a payment refunded in full as such in status, history and report', async () => {
    const status = await kasir('status', ...common('day'), '--ref', ref);
    expect(status.json).toMatchObject({
      state: 'PAID',
      refunded: '750.00',
      refundedInFull: true,
      message: { en: 'Paid, then refunded in full (Rp750) to the customer; nothing is left to refund.' },
    });
    const history = (await kasir('history', ...common('day'))).stdout.split('\n');
    expect(history.find((line) => line.includes(ref))).toMatch(/Rp750 {2}PAID, refunded in full$/);
    const report = await kasir('report', ...common('day'));
    expect(report.stdout).toMatch(/ {4}refunded in full +1 {2}Rp750\n/);
  });

  it('lists refunds under their payment in history, text and JSON', async () => {
    const lines = (await kasir('history', ...common('day'))).stdout.split('\n');
    const at = lines.findIndex((line) => line.includes(ref));
    expect(lines.slice(at + 1, at + 3)).toEqual([
      expect.stringMatching(/ {4}refund \d{26} {2} +Rp250 {2}REFUNDED$/),
      expect.stringMatching(/ {4}refund \d{26} {2} +Rp500 {2}REFUNDED$/),
    ]);
    const json = await kasir('history', ...common('day'), '--json');
    const item = (json.json.items as { partnerReferenceNo: string }[]).find(
      (i) => i.partnerReferenceNo === ref,
    );
    expect(item).toMatchObject({
      refunded: '750.00',
      refundedInFull: true,
      refunds: [
        { amount: '250.00', state: 'REFUNDED' },
        { amount: '500.00', state: 'REFUNDED' },
      ],
    });
  });

  it('shows times in WIB, the same instant in JSON and in text', async () => {
    expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(Math.abs(Date.parse(createdAt) - Date.now())).toBeLessThan(10 * 60_000);
    const [, y, mo, d, time] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(createdAt) ?? [];
    const line = (await kasir('history', ...common('day'))).stdout.split('\n').find((l) => l.includes(ref));
    expect(line?.startsWith(`${d}-${mo}-${y} ${time} WIB  ${ref}`)).toBe(true);
  });

  it('uses one money format, Rupiah, in history and report text', async () => {
    const text = `${(await kasir('history', ...common('day'))).stdout}${(await kasir('report', ...common('day'))).stdout}`;
    expect(text).toContain('Rp750');
    expect(text).not.toMatch(/IDR|\d\.\d\d\b/);
  });

  it('shows the journaled amounts of status --events as amounts, not minor units', async () => {
    const events = (await kasir('status', ...common('day'), '--ref', ref, '--events')).json.events as {
      kind: string;
      operation: string;
      detail: { amount?: string };
    }[];
    expect(events.filter((e) => e.kind === 'created').map((e) => [e.operation, e.detail.amount])).toEqual([
      ['payment', '750.00'],
      ['refund', '250.00'],
      ['refund', '500.00'],
    ]);
  });

  it('prints the code of the query that decided, not the first answer (202 then query 00)', async () => {
    const run = await kasir('pay', ...common('decided'), '--qr', qr(), '--amount', '10002.00');
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({
      state: 'PAID',
      settledBy: 'query',
      responseCode: '2006100',
      latestTransactionStatus: '00',
    });
  });

  it('prints the failed query that decided a payment not paid (202 then query 06)', async () => {
    const run = await kasir('pay', ...common('decided'), '--qr', qr(), '--amount', '10003.00');
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({
      state: 'FAILED',
      settledBy: 'query',
      responseCode: '2006100',
      latestTransactionStatus: '06',
    });
  });
});

describe('a provider that cannot be reached (item 20)', () => {
  it('says so, and that the QR was never used', async () => {
    writeFileSync(
      join(dir.path, 'down.json'),
      JSON.stringify({ ...profile, baseUrl: 'http://127.0.0.1:9' }),
      {
        mode: 0o600,
      },
    );
    const run = await kasir(
      'pay',
      '--config',
      'down.json',
      '--data-dir',
      'down-data',
      '--qr',
      qr(),
      '--amount',
      '10000.00',
    );
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ state: 'FAILED', settledBy: 'not-sent' });
    expect(run.err).toEqual([
      "kasir: The provider cannot be reached (The provider did not answer the token request. Check the internet connection and the provider URL.). Nothing was sent: the customer was not charged and their QR was not used. Check the connection and the profile's baseUrl, then pay again.",
    ]);
    expect(run.stderr).not.toMatch(/new QR/);
  });
});

describe('report, CSV and the signature debugger (item 21)', () => {
  it("reports today's business day (WIB) without --date", async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const run = await kasir('report', ...common(), '--json');
    expect([run.code, run.json.date]).toEqual([0, today]);
    expect(run.json.paid).toMatchObject({ count: expect.any(Number) });
  });

  it("writes history --csv as the app's export: its columns, CRLF lines, amounts as 750.00", async () => {
    const run = await kasir('history', ...common('day'), '--csv');
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(`${CSV_COLUMNS.map((name) => `"${name}"`).join(',')}\r\n`)).toBe(true);
    expect(run.stdout.endsWith('\r\n')).toBe(true);
    const rows = run.stdout.slice(0, -2).split('\r\n');
    const json = (await kasir('history', ...common('day'), '--json')).json.items as {
      partnerReferenceNo: string;
      amount: string;
    }[];
    expect(rows).toHaveLength(json.length + 1);
    const sale = json.find((i) => i.amount === '750.00');
    expect(rows.find((r) => r.includes(sale?.partnerReferenceNo ?? '?'))).toMatch(
      /,"750\.00","IDR","PAID","paid","750\.00","2006000","[^"]*","\d{4}","provider"$/,
    );
  });

  // The secret and the token from files, as the usage recommends: argv would add its own warnings.
  const signTransaction = (inputs: { path: string; token: string; timestamp: string }) => {
    writeFileSync(join(dir.path, 'secret.txt'), 'S3cr3t\n', { mode: 0o600 });
    writeFileSync(join(dir.path, 'token.txt'), `${inputs.token}\n`, { mode: 0o600 });
    return kasir(
      ...['sign', 'transaction', '--method', 'POST', '--secret-file', 'secret.txt'],
      ...['--path', inputs.path, '--token-file', 'token.txt', '--timestamp', inputs.timestamp],
    );
  };

  it('warns about a "Bearer " token, a path without its slash and a timestamp SNAP does not use', async () => {
    const run = await signTransaction({
      path: 'v1.0/qr/qr-cpm-payment',
      token: 'Bearer eyJhbGciOi.secret-part',
      timestamp: '2024-05-02 14:00:00',
    });
    expect(run.code).toBe(0);
    expect(run.err).toEqual([
      'kasir sign transaction: warning: --token starts with "Bearer "; the string to sign takes the access token without it',
      'kasir sign transaction: warning: --path does not start with "/"; it is the relative path as sent, e.g. /v1.0/qr/qr-cpm-payment',
      'kasir sign transaction: warning: --timestamp is not a SNAP timestamp (yyyy-MM-ddTHH:mm:ss with an offset, e.g. 2024-05-02T14:00:00+07:00)',
    ]);
    expect(run.stderr).not.toContain('secret-part');
    expect(run.json).toHaveProperty('signature');
  });

  it('warns about nothing when the inputs are what SNAP signs', async () => {
    const run = await signTransaction({
      path: '/v1.0/qr/qr-cpm-payment',
      token: 'eyJhbGciOi',
      timestamp: '2024-05-02T14:00:00+07:00',
    });
    expect([run.code, run.stderr]).toEqual([0, '']);
  });
});

describe('the sandbox in the background (item 22)', () => {
  interface Running {
    child: ReturnType<typeof spawn>;
    first: Promise<{ baseUrl: string; profile: string }>;
    exited: Promise<{ code: number | null; stderr: string }>;
  }

  function startSandboxProcess(profileDir: string): Running {
    const child = spawn(BIN, ['sandbox', '--port', '0', '--profile-dir', profileDir], { cwd: dir.path, env });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const first = new Promise<{ baseUrl: string; profile: string }>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const line = stdout.split('\n')[0];
        if (stdout.includes('\n') && line !== undefined) done(JSON.parse(line));
      });
      child.on('error', fail);
    });
    const exited = new Promise<{ code: number | null; stderr: string }>((done) => {
      child.on('close', (code) => done({ code, stderr }));
    });
    return { child, first, exited };
  }

  async function waitFor(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    if (!check()) throw new Error('timed out waiting');
  }

  it('stops cleanly on SIGTERM (what `kill %1` sends)', async () => {
    const sandboxProcess = startSandboxProcess('sbx-stop');
    const { baseUrl } = await sandboxProcess.first;
    expect((await fetch(`${baseUrl}/sandbox/ledger`)).status).toBe(200);
    sandboxProcess.child.kill('SIGTERM');
    const exit = await sandboxProcess.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toMatch(/kasir sandbox: stopped\n$/);
    await expect(fetch(`${baseUrl}/sandbox/ledger`)).rejects.toThrow();
  });

  it('starts empty after a restart: a payment in flight then recovers as not found', async () => {
    const first = startSandboxProcess('sbx-restart');
    const { baseUrl, profile: profileFile } = await first.first;
    // Not found is final only once the request's own timeout has passed (and before the deadline's
    // cancel): keep the timeout short.
    const fast = { queryDelaysMs: [50], deadlineMs: 5_000, settleMs: 5_000, confirmNotFoundMs: 20 };
    const shorten = () => {
      const written = JSON.parse(readFileSync(profileFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(profileFile, JSON.stringify({ ...written, timeoutMs: 1_000, resolution: fast }), {
        mode: 0o600,
      });
    };
    shorten();
    const text = (await (await fetch(`${baseUrl}/sandbox/wallet/qr`, { method: 'POST' })).json()) as {
      qrContent: string;
    };
    // 10004.00 answers only after 20 s: the payment is still on the wire when its process is killed.
    const paying = spawn(
      BIN,
      [
        'pay',
        '--config',
        profileFile,
        '--data-dir',
        'restart-data',
        '--qr',
        text.qrContent,
        '--amount',
        '10004.00',
      ],
      { cwd: dir.path, env },
    );
    const journalFile = join(dir.path, 'restart-data', 'journal.sqlite');
    const sent = () => {
      if (!existsSync(journalFile)) return false;
      try {
        const db = new DatabaseSync(journalFile, { readOnly: true, timeout: 1_000 });
        try {
          return db.prepare("SELECT count(*) AS n FROM events WHERE kind = 'send'").get()?.n === 1;
        } finally {
          db.close();
        }
      } catch {
        return false; // still being created
      }
    };
    await waitFor(sent);
    paying.kill('SIGKILL');
    first.child.kill('SIGTERM');
    await first.exited;

    const second = startSandboxProcess('sbx-restart');
    await second.first;
    try {
      // The restarted sandbox rewrote the profile (new port, new demo keys).
      shorten();
      const recovered = await spawnRun(
        BIN,
        ['recover', '--config', profileFile, '--data-dir', 'restart-data'],
        dir.path,
      );
      expect(recovered.code).toBe(0);
      expect(recovered.json.payments).toMatchObject([
        {
          state: 'FAILED',
          settledBy: 'query',
          responseCode: '4046101',
          responseMessage: 'Transaction Not Found',
        },
      ]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
