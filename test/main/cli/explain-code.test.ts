import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../main/cli/framework';
import { runCli } from '../../../main/cli/run';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function kasir(...argv: string[]): Promise<{ exit: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    cwd: repoRoot,
    env: {},
  };
  const exit = await runCli(argv, io, '0.0.0-test');
  return { exit, stdout, stderr };
}

describe('kasir explain-code', () => {
  it('prints a SNAP code as one JSON object and exits 0', async () => {
    const { exit, stdout, stderr } = await kasir('explain-code', '4036014');
    expect(exit).toBe(0);
    expect(stderr).toEqual([]);
    expect(stdout).toHaveLength(1);
    expect(JSON.parse(stdout[0] ?? '')).toEqual({
      family: 'snap',
      code: '4036014',
      httpStatus: 403,
      service: { code: '60', name: 'CPM Payment' },
      caseCode: '14',
      message: 'Insufficient Funds',
      description: 'Insufficient Funds',
      category: 'business',
      known: true,
      action: 'stop',
    });
  });

  it('prints a DOKU code with httpStatus and service null', async () => {
    const { exit, stdout } = await kasir('explain-code', '5586');
    expect(exit).toBe(0);
    expect(JSON.parse(stdout[0] ?? '')).toMatchObject({
      family: 'doku',
      httpStatus: null,
      service: null,
      category: 'in-progress',
      action: 'query',
    });
  });

  it('takes the family from --family, before or after the code', async () => {
    const before = await kasir('explain-code', '--family', 'klikoo', '401010001');
    const after = await kasir('explain-code', '401010001', '--family=klikoo');
    expect(before.exit).toBe(0);
    expect(JSON.parse(before.stdout[0] ?? '')).toMatchObject({ family: 'klikoo', service: { name: 'Auth' } });
    expect(after.stdout).toEqual(before.stdout);
  });

  it('exits 2 with one stderr line for a malformed code', async () => {
    const { exit, stdout, stderr } = await kasir('explain-code', '12345');
    expect(exit).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      'kasir explain-code: RESPONSE_CODE_FORMAT: "12345" is not a valid response code: expected 7 digits (SNAP), 9 digits (Klikoo) or 4 characters (DOKU Biller).',
    ]);
  });

  it('exits 2 when the code does not fit the given family', async () => {
    const { exit, stderr } = await kasir('explain-code', '2006000', '--family', 'doku');
    expect(exit).toBe(2);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain('a DOKU Biller code is 4 characters XXYY');
  });

  it.each([
    [[], 'expected exactly one CODE, got 0'],
    [['2006000', '2026000'], 'expected exactly one CODE, got 2'],
    [['2006000', '--family', 'bca'], '--family must be one of snap, klikoo, doku (got "bca")'],
    [['2006000', '--family'], '--family needs a value'],
    [['2006000', '--verbose'], "Unknown option '--verbose'"],
  ])('exits 2 on bad usage %j', async (argv, expected) => {
    const { exit, stdout, stderr } = await kasir('explain-code', ...argv);
    expect(exit).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(expected);
  });

  it('runs as a real process: node main/cli.ts explain-code 2026000', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', 'explain-code', '2026000'],
      { cwd: repoRoot },
    );
    expect(JSON.parse(stdout)).toMatchObject({ code: '2026000', category: 'in-progress', action: 'query' });
  });
});
