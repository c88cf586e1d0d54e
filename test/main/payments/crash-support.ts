// What the crash tests (payments, and PPOB purchases) share: a deterministic generator so a failing
// run can be replayed, a cashier child process run until it finishes or is killed, and the kill
// switch a child arms from KASIR_CRASH_AT="point:n" (SIGKILL itself the n-th time it reaches a point).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { runCli } from '../../../main/cli/run';

const root = resolve(import.meta.dirname, '../../..');

/** A small deterministic generator, so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Runs one cashier process (`script`, through tsx) with `env`; resolves with the signal that ended it
 * (null when it finished). It may stop on its own only by finishing, or with a refusal `allowed` names.
 */
export function runCrashChild(
  script: string,
  env: Record<string, string>,
  options: { killAfterMs?: number | undefined; allowed?: RegExp } = {},
): Promise<NodeJS.Signals | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timers = [
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs),
      setTimeout(() => child.kill('SIGKILL'), 40_000),
    ];
    child.on('exit', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      if (signal === null && code !== 0 && !(options.allowed?.test(stderr) ?? false)) {
        fail(new Error(`child exited ${code}: ${stderr}`));
        return;
      }
      done(signal);
    });
  });
}

/** The child's side: `reach(name)` SIGKILLs the process the n-th time it reaches KASIR_CRASH_AT's point. */
export function killSwitch(crashAt = process.env.KASIR_CRASH_AT ?? ''): (name: string) => void {
  const split = crashAt.lastIndexOf(':');
  const point = split < 0 ? crashAt : crashAt.slice(0, split);
  const nth = split < 0 ? 1 : Number(crashAt.slice(split + 1));
  let hits = 0;
  return (name) => {
    if (name === point && ++hits >= nth) process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * Runs `children` cashier processes, the i-th killed at `points[i % points.length]` (its 1st to
 * `maxNth`-th time there) or, for "random", at a random instant; returns how many were killed.
 */
export async function killAtEveryPoint<J>(options: {
  children: number;
  points: readonly string[];
  random: () => number;
  maxNth: number;
  jobs: () => J[];
  run: (crashAt: string, jobs: J[], killAfterMs?: number) => Promise<NodeJS.Signals | null>;
}): Promise<number> {
  let kills = 0;
  for (let i = 0; i < options.children; i++) {
    const point = options.points[i % options.points.length] ?? 'random';
    const jobs = options.jobs();
    const signal =
      point === 'random'
        ? await options.run('', jobs, 300 + Math.floor(options.random() * 1_500))
        : await options.run(`${point}:${1 + Math.floor(options.random() * options.maxNth)}`, jobs);
    if (signal === 'SIGKILL') kills += 1;
  }
  return kills;
}

/** `kasir recover` on the crashed data directory, in this process: its exit code and stderr lines. */
export async function recoverWithCli(
  profile: string,
  dataDir: string,
  cwd: string,
): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await runCli(
    ['recover', '--config', profile, '--data-dir', dataDir],
    { stdout: () => {}, stderr: (l) => err.push(l), cwd, env: {} },
    'test',
  );
  return { code, err };
}
