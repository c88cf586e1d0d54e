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
  /**
   * The process ends when the command does (the real `kasir`, not a test calling runCli): it exits
   * at once (`exitWith`, main/cli/main.ts) and leaves the journal open (OpenedTerminal.closeForExit).
   * Closing it would checkpoint the WAL into the database file — a second fsync'd write on every
   * command — while the next open simply reads the WAL.
   */
  exitsWhenDone?: boolean;
  /** Told the command's words ("pay", "ppob buy") as its run begins (not for --help or a refused name). */
  onRun?: (command: string) => void;
  /** All of standard input, for a flag given as "-" (a secret piped in rather than typed in argv). */
  readStdin?: () => Promise<string>;
}

export interface Command {
  /** Words that select the command, e.g. ['sign', 'token']. */
  path: string[];
  summary: string;
  usage: string;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * A string flag followed by a value that starts with one dash ("--amount -5") is ambiguous to Node's
 * parser, which then refuses it in three lines. No kasir command has short flags, so such a value is
 * the flag's value: it reaches the flag's own check and gets that check's one-line reason.
 */
function attachDashValues(argv: string[], options: FlagSpec): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-(?!-)/.test(next)
    ) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  return args;
}

/** Node's parser errors, in one line each, never quoting a value (it may be a secret or a QR). */
function usageErrorFrom(error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new UsageError('a value was given without its --flag in front of it; see --help');
  }
  const flag = /^Option '(--[a-z-]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    return new UsageError(
      message.includes('does not take an argument')
        ? `${flag} takes no value`
        : `${flag} needs a value (one that starts with "--" goes as ${flag}=VALUE)`,
    );
  }
  return new UsageError(message.split('\n')[0] ?? message);
}

/**
 * Strict flag parsing: an unknown flag, a missing value or a flag given twice is a UsageError
 * (exit 2), never a guess: which of two --amount values the user meant is not ours to pick.
 */
export function parseFlags<T extends FlagSpec>(
  argv: string[],
  options: T,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed: {
    values: Record<string, unknown>;
    positionals: string[];
    tokens: { kind: string; name?: string }[];
  };
  try {
    parsed = parseArgs({
      args: attachDashValues(argv, options),
      options,
      strict: true,
      allowPositionals,
      tokens: true,
    });
  } catch (error) {
    throw usageErrorFrom(error);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} was given more than once; give it once`);
    seen.add(token.name);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

export function requireFlag(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`Missing required flag --${name}`);
  return value;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
