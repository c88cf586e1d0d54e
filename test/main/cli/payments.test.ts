// The headless cashier against the sandbox (and, for the outcomes the sandbox never leaves unknown,
// a scripted provider), through runCli as a user runs it, plus one real subprocess.
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { parseSnapAmount } from '../../../main/money/amount';
import { qrFingerprint } from '../../../main/payments/references';
import type { TerminalProfileFile } from '../../../main/profile-format';
import type { SandboxHandle } from '../../../main/sandbox/server';
import type { ScriptedProvider } from '../payments/scripted-provider';
import {
  cancelled,
  error,
  PRIVATE_KEY_PEM,
  paid,
  refunded,
  startScriptedProvider,
  status,
} from '../payments/scripted-provider';
import type { CliRig } from './support';
import { fingerprint, startCliRig } from './support';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

interface Run {
  code: number;
  out: string[];
  err: string[];
  json: Record<string, unknown>;
}

let dir: { path: string; remove: () => void };
let sandbox: SandboxHandle;
let profileFile: string;
let secret: string;

async function kasir(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir.path, env: {} },
    '0.0.0-test',
  );
  let json: Record<string, unknown> = {};
  try {
    json = out.length === 1 ? (JSON.parse(out[0] ?? '') as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { code, out, err, json };
}

function writeProfile(name: string, profile: Record<string, unknown>, mode = 0o600): string {
  const file = join(dir.path, name);
  writeFileSync(file, JSON.stringify(profile, null, 2), { mode });
  chmodSync(file, mode);
  return file;
}

let baseProfile: TerminalProfileFile;

let rig: CliRig;

beforeAll(async () => {
  rig = await startCliRig('kasir-cli-payments-', {
    terminalId: 'CLI-T1',
    timeoutMs: 300,
    resolution: { queryDelaysMs: [20, 50], deadlineMs: 1_000, settleMs: 1_000, confirmNotFoundMs: 20 },
  });
  ({ dir, sandbox, profile: baseProfile } = rig);
  secret = baseProfile.clientSecret;
  profileFile = join(dir.path, 'terminal.json');
});

afterAll(async () => {
  await rig.close();
});

const common = () => ['--config', 'terminal.json', '--data-dir', 'data'];

describe('kasir pay', () => {
  it('prints one JSON object with the references and state, and exits 0 when paid', async () => {
    const run = await kasir('pay', ...common(), '--qr', sandbox.issueQr().qrContent, '--amount', '10000.00');
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    expect(Object.keys(run.json)).toEqual([
      'partnerReferenceNo',
      'referenceNo',
      'state',
      'settledBy',
      'responseCode',
      'responseMessage',
      'latestTransactionStatus',
    ]);
    expect(run.json).toMatchObject({ state: 'PAID', settledBy: 'payment', responseCode: '2006000' });
    const charged = sandbox
      .ledger()
      .transactions.find((t) => t.partnerReferenceNo === run.json.partnerReferenceNo);
    expect(charged?.state).toBe('SUCCESS');
  });

  it('pays a QR given without its base64 padding as the QR it is: sent and fingerprinted padded, as the counter does', async () => {
    const issued = sandbox.issueQr().qrContent;
    expect(issued.endsWith('=')).toBe(true);
    const run = await kasir('pay', ...common(), '--qr', issued.replace(/=+$/, ''), '--amount', '10000.00');
    expect([run.code, run.json.state]).toEqual([0, 'PAID']);
    const journal = new DatabaseSync(join(dir.path, 'data', 'journal.sqlite'), { readOnly: true });
    try {
      const row = journal
        .prepare('SELECT qr_fingerprint FROM payments WHERE partner_reference_no = ?')
        .get(String(run.json.partnerReferenceNo));
      expect(row?.qr_fingerprint).toBe(qrFingerprint(issued));
    } finally {
      journal.close();
    }
  });

  it('exits 1 when the payment definitely failed', async () => {
    const run = await kasir('pay', ...common(), '--qr', sandbox.issueQr().qrContent, '--amount', '10001.00');
    expect([run.code, run.json.state]).toEqual([1, 'FAILED']);
  });

  it('resolves a lost answer before answering (a dropped connection: charged)', async () => {
    const run = await kasir('pay', ...common(), '--qr', sandbox.issueQr().qrContent, '--amount', '10006.00');
    expect([run.code, run.json.state]).toEqual([0, 'PAID']);
  });
});

describe('status, refund, cancel, history and report', () => {
  let ref: string;
  beforeAll(async () => {
    ref = String(
      (await kasir('pay', ...common(), '--qr', sandbox.issueQr().qrContent, '--amount', '750.00')).json
        .partnerReferenceNo,
    );
  });

  it('shows a payment with its refunds, exiting 0 for a paid one', async () => {
    const run = await kasir('status', ...common(), '--ref', ref);
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ partnerReferenceNo: ref, state: 'PAID', amount: '750.00', refunds: [] });
  });

  it('exits 2 for a reference the journal does not have', async () => {
    const run = await kasir('status', ...common(), '--ref', 'NO-SUCH-REF');
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
  });

  it('refunds part of a payment, then refuses more than what is left', async () => {
    const part = await kasir(
      'refund',
      ...common(),
      '--ref',
      ref,
      '--amount',
      '250.00',
      '--reason',
      'damaged box',
    );
    expect([part.code, part.json.state, part.json.amount]).toEqual([0, 'REFUNDED', '250.00']);
    const over = await kasir('refund', ...common(), '--ref', ref, '--amount', '500.01');
    expect(over.code).toBe(2);
    expect(over.err[0]).toMatch(/REFUND_EXCEEDS_REMAINING/);
  });

  it('cancels a paid payment the same day, exiting 0', async () => {
    const paid = await kasir('pay', ...common(), '--qr', sandbox.issueQr().qrContent, '--amount', '120.00');
    const run = await kasir(
      'cancel',
      ...common(),
      '--ref',
      String(paid.json.partnerReferenceNo),
      '--reason',
      'void',
    );
    expect([run.code, run.json.state]).toEqual([0, 'CANCELLED']);
  });

  it('lists history newest first as JSON, and only the given day with --date', async () => {
    const run = await kasir('history', ...common(), '--json');
    const items = run.json.items as { partnerReferenceNo: string; id: number; businessDate: string }[];
    expect(run.code).toBe(0);
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    const day = items[0]?.businessDate ?? '';
    const none = await kasir('history', ...common(), '--date', '1999-01-01', '--json');
    expect(none.json.items).toEqual([]);
    expect(
      ((await kasir('history', ...common(), '--date', day, '--json')).json.items as unknown[]).length,
    ).toBe(items.length);
  });

  it('reports the day: counts and totals by state, refunds, net, unresolved', async () => {
    const day = String(
      ((await kasir('history', ...common(), '--json')).json.items as { businessDate: string }[])[0]
        ?.businessDate,
    );
    const run = await kasir('report', ...common(), '--date', day, '--json');
    const paid = (run.json.paid as { total: string }).total;
    const refunded = ((run.json.refunds as Record<string, { total: string }>).REFUNDED ?? { total: '0.00' })
      .total;
    expect(run.code).toBe(0);
    expect(parseSnapAmount(String(run.json.net))).toBe(parseSnapAmount(paid) - parseSnapAmount(refunded));
    expect(run.json.unresolved).toEqual({ payments: [], refunds: [] });
    const human = await kasir('report', ...common(), '--date', day);
    expect(human.out.join('\n')).toMatch(/nothing unresolved/);
  });
});

describe('bad input: exit 2, one clear line, nothing journaled', () => {
  let before: string;
  beforeEach(() => {
    before = fingerprint(join(dir.path, 'data'));
  });

  async function refused(...argv: string[]): Promise<Run> {
    const run = await kasir(...argv);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.out).toHaveLength(0);
    expect(run.err.join('')).not.toContain(secret);
    expect(fingerprint(join(dir.path, 'data'))).toBe(before);
    return run;
  }

  const qr = () => sandbox.issueQr().qrContent;

  it('an unknown flag', async () => {
    expect((await refused('pay', ...common(), '--qr', qr(), '--amout', '1.00')).err[0]).toMatch(/amout/);
  });

  it.each(['10000', '10.5', '-1.00', '1e5', '10,000.00'])('a malformed amount (%s)', async (amount) => {
    expect((await refused('pay', ...common(), '--qr', qr(), '--amount', amount)).err[0]).toMatch(/--amount/);
  });

  it('an amount of nothing, to pay or to refund', async () => {
    const items = (await kasir('history', ...common(), '--json')).json.items as {
      state: string;
      partnerReferenceNo: string;
    }[];
    const paid = items.find((p) => p.state === 'PAID')?.partnerReferenceNo ?? '';
    before = fingerprint(join(dir.path, 'data'));
    expect((await refused('pay', ...common(), '--qr', qr(), '--amount', '0.00')).err[0]).toMatch(/--amount/);
    expect((await refused('refund', ...common(), '--ref', paid, '--amount', '0.00')).err[0]).toMatch(
      /--amount/,
    );
  });

  it('a missing --config', async () => {
    await refused('pay', '--data-dir', 'data', '--qr', qr(), '--amount', '1.00');
  });

  it('a config file that does not exist', async () => {
    expect(
      (await refused('pay', '--config', 'nope.json', '--data-dir', 'data', '--qr', qr(), '--amount', '1.00'))
        .err[0],
    ).toMatch(/PROFILE_FILE_MISSING/);
  });

  it('a profile that is not JSON', async () => {
    writeFileSync(join(dir.path, 'broken.json'), '{"baseUrl": ', { mode: 0o600 });
    await refused('pay', '--config', 'broken.json', '--data-dir', 'data', '--qr', qr(), '--amount', '1.00');
  });

  it('a profile missing a field or with an unknown one, named without its value', async () => {
    const { merchantId: _dropped, ...missing } = baseProfile;
    writeProfile('missing.json', missing);
    expect(
      (
        await refused(
          'pay',
          '--config',
          'missing.json',
          '--data-dir',
          'data',
          '--qr',
          qr(),
          '--amount',
          '1.00',
        )
      ).err[0],
    ).toMatch(/merchantId/);
    writeProfile('extra.json', { ...baseProfile, clientSecet: 'typo' });
    expect(
      (await refused('pay', '--config', 'extra.json', '--data-dir', 'data', '--qr', qr(), '--amount', '1.00'))
        .err[0],
    ).toMatch(/clientSecet/);
  });

  it('a profile or key file readable by group or others', async () => {
    writeProfile('open.json', baseProfile, 0o644);
    expect(
      (await refused('pay', '--config', 'open.json', '--data-dir', 'data', '--qr', qr(), '--amount', '1.00'))
        .err[0],
    ).toMatch(/chmod 600/);
    writeFileSync(join(dir.path, 'open-key.pem'), PRIVATE_KEY_PEM, { mode: 0o640 });
    chmodSync(join(dir.path, 'open-key.pem'), 0o640);
    writeProfile('open-key.json', { ...baseProfile, privateKeyFile: 'open-key.pem' });
    expect(
      (
        await refused(
          'pay',
          '--config',
          'open-key.json',
          '--data-dir',
          'data',
          '--qr',
          qr(),
          '--amount',
          '1.00',
        )
      ).err[0],
    ).toMatch(/PROFILE_PERMISSIONS/);
  });

  it('a data directory below a file', async () => {
    writeFileSync(join(dir.path, 'a-file'), 'in the way');
    expect(
      (
        await refused(
          'pay',
          '--config',
          'terminal.json',
          '--data-dir',
          'a-file/data',
          '--qr',
          qr(),
          '--amount',
          '1.00',
        )
      ).err[0],
    ).toMatch(/a-file is a file, not a folder/);
  });

  it('a malformed --date', async () => {
    await refused('report', ...common(), '--date', '2024-02-30');
  });
});

describe('an outcome that stays unknown', () => {
  let provider: ScriptedProvider;
  beforeAll(async () => {
    provider = await startScriptedProvider();
    writeFileSync(join(dir.path, 'script.pem'), PRIVATE_KEY_PEM, { mode: 0o600 });
    writeProfile('scripted.json', {
      ...baseProfile,
      baseUrl: provider.baseUrl,
      privateKeyFile: 'script.pem',
      resolution: { queryDelaysMs: [10], deadlineMs: 200, settleMs: 200, confirmNotFoundMs: 10 },
    });
  });
  afterAll(async () => {
    await provider.close();
  });
  const scripted = () => ['--config', 'scripted.json', '--data-dir', 'scripted-data'];

  it('exits 3 from pay and status, and settles on recover', async () => {
    const QR = sandbox.issueQr().qrContent;
    const pay = await kasir('pay', ...scripted(), '--qr', QR, '--amount', '10000.00');
    expect([pay.code, pay.json.state]).toEqual([3, 'CANCEL_UNKNOWN']);
    const ref = String(pay.json.partnerReferenceNo);
    expect((await kasir('status', ...scripted(), '--ref', ref)).code).toBe(3);
    provider.on('query', (r) => status(r, '06'));
    const recovered = await kasir('recover', ...scripted());
    expect(recovered.code).toBe(0);
    expect(recovered.json.payments).toMatchObject([{ partnerReferenceNo: ref, state: 'FAILED' }]);
    expect((await kasir('status', ...scripted(), '--ref', ref)).code).toBe(1);
  });

  it('resolves what an earlier run left unfinished before taking the next payment', async () => {
    provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    provider.on('query', () => error(500, '5006101', 'Internal Server Error'));
    const first = await kasir('pay', ...scripted(), '--qr', sandbox.issueQr().qrContent, '--amount', '1.00');
    expect(first.code).toBe(3);
    // Recovery re-sends the lost cancel, which the provider now accepts, and the query confirms it.
    let cancelledYet = false;
    provider.on('query', (r) => status(r, cancelledYet ? '05' : '00'));
    provider.on('cancel', (r) => {
      cancelledYet = true;
      return cancelled(r);
    });
    provider.on('payment', (r) => ({
      status: 200,
      body: {
        responseCode: '2006000',
        responseMessage: 'Successful',
        referenceNo: 'R2',
        partnerReferenceNo: r.body.partnerReferenceNo,
      },
    }));
    const second = await kasir('pay', ...scripted(), '--qr', sandbox.issueQr().qrContent, '--amount', '2.00');
    expect(second.code).toBe(0);
    expect(
      (await kasir('status', ...scripted(), '--ref', String(first.json.partnerReferenceNo))).json.state,
    ).toBe('CANCELLED');
  });

  it('resolves a refund an earlier run left unfinished before taking the next payment', async () => {
    provider.on('payment', (r) => paid(r));
    provider.on('refund', () => ({ drop: true }));
    const sale = await kasir('pay', ...scripted(), '--qr', sandbox.issueQr().qrContent, '--amount', '3.00');
    const ref = String(sale.json.partnerReferenceNo);
    expect(sale.code).toBe(0);
    expect((await kasir('refund', ...scripted(), '--ref', ref, '--amount', '1.00')).code).toBe(3);
    provider.on('refund', (r) => refunded(r));
    const refundsSent = provider.of('refund').length;
    const next = await kasir('pay', ...scripted(), '--qr', sandbox.issueQr().qrContent, '--amount', '4.00');
    expect(next.code).toBe(0);
    expect(provider.of('refund').length).toBe(refundsSent + 1);
    expect((await kasir('status', ...scripted(), '--ref', ref)).json.refunds).toMatchObject([
      { state: 'REFUNDED', amount: '1.00' },
    ]);
  });

  it("records a supervisor's decision on a payment left unresolved, once, with who and why", async () => {
    provider.on('payment', () => error(500, '5006001', 'Internal Server Error'));
    provider.on('query', () => error(500, '5006101', 'Internal Server Error'));
    provider.on('cancel', () => error(500, '5006201', 'Internal Server Error'));
    const decideDir = ['--config', 'scripted.json', '--data-dir', 'decide-data'];
    const sale = await kasir('pay', ...decideDir, '--qr', sandbox.issueQr().qrContent, '--amount', '5.00');
    expect(sale.code).toBe(3);
    const ref = String(sale.json.partnerReferenceNo);

    const withoutReason = await kasir(
      'decide',
      ...decideDir,
      '--ref',
      ref,
      '--outcome',
      'not-paid',
      '--by',
      'SPV Ana',
    );
    expect([withoutReason.code, withoutReason.err]).toEqual([
      2,
      ['kasir decide: Missing required flag --reason'],
    ]);
    const before = fingerprint(join(dir.path, 'decide-data'));
    const badOutcome = await kasir(
      'decide',
      ...decideDir,
      '--ref',
      ref,
      '--outcome',
      'maybe',
      '--reason',
      'r',
      '--by',
      'b',
    );
    expect([badOutcome.code, badOutcome.err]).toEqual([
      2,
      ['kasir decide: --outcome must be "paid" or "not-paid"'],
    ]);
    expect(fingerprint(join(dir.path, 'decide-data'))).toBe(before);

    const decided = await kasir(
      'decide',
      ...decideDir,
      '--ref',
      ref,
      '--outcome',
      'not-paid',
      '--reason',
      'Customer wallet shows no debit',
      '--by',
      'SPV Ana',
    );
    expect(decided.code).toBe(1);
    expect(decided.json).toMatchObject({
      state: 'MANUAL_NOT_PAID',
      reason: 'Customer wallet shows no debit',
      decidedBy: 'SPV Ana',
    });
    const again = await kasir(
      'decide',
      ...decideDir,
      '--ref',
      ref,
      '--outcome',
      'paid',
      '--reason',
      'x',
      '--by',
      'y',
    );
    expect(again.code).toBe(2);
    expect(again.err[0]).toContain('MANUAL_NOT_ALLOWED');
    expect((await kasir('status', ...decideDir, '--ref', ref)).json.state).toBe('MANUAL_NOT_PAID');
  });

  it('exits 3 from cancel when a paid sale’s refused cancel is followed by a 07: unresolved, never "cancelled"', async () => {
    provider.on('payment', (r) => paid(r));
    const dirs = ['--config', 'scripted.json', '--data-dir', 'reversal-data'];
    const sale = await kasir('pay', ...dirs, '--qr', sandbox.issueQr().qrContent, '--amount', '6.00');
    expect(sale.code).toBe(0);
    provider.on('cancel', () => error(405, '4056201', 'Requested Opearation Is Not Allowed'));
    provider.on('query', (r) => status(r, '07'));
    const cancel = await kasir('cancel', ...dirs, '--ref', String(sale.json.partnerReferenceNo));
    expect([cancel.code, cancel.json.state]).toEqual([3, 'CANCEL_UNKNOWN']);
  });

  it('decides a refund left unresolved only after re-sending it, and frees its amount', async () => {
    provider.on('payment', (r) => paid(r));
    provider.on('refund', () => ({ drop: true }));
    provider.on('query', (r) => status(r, '00'));
    const dirs = ['--config', 'scripted.json', '--data-dir', 'refund-decide-data'];
    const sale = await kasir('pay', ...dirs, '--qr', sandbox.issueQr().qrContent, '--amount', '7.00');
    const ref = String(sale.json.partnerReferenceNo);
    const lost = await kasir('refund', ...dirs, '--ref', ref, '--amount', '7.00');
    expect(lost.code).toBe(3);
    const sent = provider.of('refund').length;
    const partnerRefundNo = String(lost.json.partnerRefundNo);
    const decided = await kasir(
      'decide',
      ...dirs,
      '--refund',
      partnerRefundNo,
      '--outcome',
      'not-refunded',
      '--reason',
      'provider portal shows no refund',
      '--by',
      'SPV Ana',
    );
    expect(provider.of('refund').length).toBe(sent + 1);
    expect([decided.code, decided.json.refund]).toEqual([
      1,
      { partnerRefundNo, state: 'MANUAL_NOT_REFUNDED' },
    ]);
  });

  it('exits 3, never 1, when the journal fails after the payment reached the provider', async () => {
    const journal = new DatabaseSync(join(dir.path, 'scripted-data', 'journal.sqlite'));
    provider.on('payment', (r) => paid(r));
    provider.onArrival((request) => {
      // The disk goes away while the request is out: the answer cannot be journaled.
      if (request.service === 'payment') {
        journal.exec(`CREATE TRIGGER disk_gone BEFORE UPDATE OF state ON payments
          WHEN NEW.state <> OLD.state BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
      }
    });
    try {
      const run = await kasir('pay', ...scripted(), '--qr', sandbox.issueQr().qrContent, '--amount', '5.00');
      expect(run.code).toBe(3);
      expect(run.json).toMatchObject({ state: 'SENDING' });
      expect(run.err.join('\n')).toMatch(/disk I\/O error/);
      expect(run.err.join('\n')).toMatch(/kasir recover/);
    } finally {
      provider.onArrival(() => {});
      journal.exec('DROP TRIGGER IF EXISTS disk_gone');
      journal.close();
    }
    provider.on('query', (r) => status(r, '00'));
    expect((await kasir('recover', ...scripted())).json.payments).toMatchObject([{ state: 'PAID' }]);
  });
});

describe('as a real process', () => {
  it('runs `kasir pay` with node and prints the same JSON', async () => {
    // Asynchronously: the sandbox answering it lives in this process's event loop.
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'main/cli.ts'),
        'pay',
        '--config',
        profileFile,
        '--data-dir',
        join(dir.path, 'proc-data'),
        '--qr',
        sandbox.issueQr().qrContent,
        '--amount',
        '15000.00',
      ],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect(stderr).toBe('');
    expect(JSON.parse(stdout.trim())).toMatchObject({ state: 'PAID', responseCode: '2006000' });
  });
});
