// Real `kasir` processes for the server's end-to-end tests: started through the installed bin,
// their first stdout line read as JSON, their stderr kept for when a test fails.

import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../bin/kasir.js');

export interface KasirProcess {
  child: ChildProcess;
  first: Record<string, unknown>;
  stderr: () => string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to clean up. */
  kill(): Promise<void>;
}

export function startKasir(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<KasirProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const handle = (first: Record<string, unknown>): KasirProcess => ({
    child,
    first,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kasir ${args[0]} did not start in 60 s:\n${err}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0 && timer) {
        clearTimeout(timer);
        try {
          resolveStart(handle(JSON.parse(out.slice(0, newline)) as Record<string, unknown>));
        } catch {
          reject(new Error(`kasir ${args[0]}: first line is not JSON: ${out.slice(0, newline)}\n${err}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kasir ${args[0]} exited (${code}) before its first line:\n${err}`));
    });
  });
}

/** Runs a short `kasir` command to its end: its exit code, stdout and stderr. */
export function runKasir(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}
