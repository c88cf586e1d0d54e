// The tiny command framework behind `kasir`. Each command group lives in its own module and registers
// here, so commands are added without touching each other. Exit codes are part of the contract:
// 0 ok, 1 a definite negative answer (FAILED, invalid signature), 2 bad input, 3 outcome still unknown.

import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  readonly code = 'USAGE';
}

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Working directory that relative paths in flags resolve against. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** Words that select the command, e.g. ['sign', 'token']. */
  path: string[];
  summary: string;
  usage: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: an unknown flag or a missing value is a UsageError (exit 2), never a guess. */
export function parseFlags<T extends FlagSpec>(
  argv: string[],
  options: T,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    };
  } catch (error) {
    // Node's own message quotes a stray argument, which may be a secret or a QR given without its flag.
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('a value was given without its --flag in front of it; see --help');
    }
    throw new UsageError((error as Error).message);
  }
}

export function requireFlag(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`Missing required flag --${name}`);
  return value;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
