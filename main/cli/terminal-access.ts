// How a `kasir` command gets at a terminal: every one takes the terminal profile (--config) and the
// data directory holding the journal (--data-dir), and checks all its input (flags, profile, keys,
// data directory) before the journal is opened, so bad input exits 2 with one line and changes
// nothing. Commands that may reach the provider open the whole terminal and may create the data
// directory; commands that only read open the journal read-only and never create anything, so a
// mistyped --data-dir is named instead of becoming a second, empty journal.

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JOURNAL_FILE_NAME, Journal } from '../payments/journal';
import type { OpenedTerminal } from '../payments/open-terminal';
import { openTerminal, prepareDataDir } from '../payments/open-terminal';
import { utcOffsetMinutes } from '../snap/headers';
import { nodeHttpFetch } from '../snap/http-transport';
import type { TerminalProfile } from '../terminal-profile';
import { loadTerminalProfile, terminalConfigOf } from '../terminal-profile';
import type { CliIo, FlagSpec } from './framework';
import { parseFlags, requireFlag, UsageError } from './framework';

export const COMMON_FLAGS = { config: { type: 'string' }, 'data-dir': { type: 'string' } } as const;
export const COMMON_USAGE = '--config FILE --data-dir DIR';

export type Values = Record<string, string | boolean | undefined>;

/** A file where the data directory (or a folder above it) should be is named as such. */
function refuseFileInTheWay(dir: string): void {
  for (let path = dir; ; path = dirname(path)) {
    if (existsSync(path)) {
      if (!statSync(path).isDirectory()) {
        throw new UsageError(`--data-dir: ${path} is a file, not a folder`);
      }
      return;
    }
    if (dirname(path) === path) return;
  }
}

interface Prepared<T> {
  input: T;
  values: Values;
  profile: TerminalProfile;
  dataDir: string;
}

function prepare<T>(argv: string[], io: CliIo, flags: FlagSpec, check: (values: Values) => T): Prepared<T> {
  const { values } = parseFlags(argv, { ...COMMON_FLAGS, ...flags });
  const config = requireFlag(values, 'config');
  const dataDirFlag = requireFlag(values, 'data-dir');
  const input = check(values);
  const profile = loadTerminalProfile(resolve(io.cwd, config));
  const dataDir = resolve(io.cwd, dataDirFlag);
  refuseFileInTheWay(dataDir);
  return { input, values, profile, dataDir };
}

/**
 * Parses flags and validates everything that needs no journal (`check` runs after the flags parse),
 * then opens the whole terminal, creating its data directory if needed. `payments: 'only'` leaves
 * PPOB closed (and its code unloaded) for a command that touches payments alone; otherwise the
 * purchase engine opens too when the profile has a "ppob" section.
 */
export async function withTerminal<T>(
  argv: string[],
  io: CliIo,
  flags: FlagSpec,
  check: (values: Values) => T,
  work: (
    terminal: OpenedTerminal & { profile: TerminalProfile },
    input: T,
    values: Values,
  ) => Promise<number>,
  options: { payments?: 'only' } = {},
): Promise<number> {
  const { input, values, profile, dataDir } = prepare(argv, io, flags, check);
  prepareDataDir(dataDir, (line) => io.stderr(`kasir: ${line}`));
  const config = terminalConfigOf(profile, dataDir);
  const withPpob = config.ppob !== undefined && options.payments !== 'only';
  const terminal = {
    // node:http, not fetch: a short-lived process would spend ~30 ms loading fetch (http-transport.ts).
    ...openTerminal(withPpob ? config : { ...config, ppob: undefined }, {
      fetch: nodeHttpFetch,
      log: (line) => io.stderr(`kasir: ${line}`),
      ...(withPpob ? { openPpob: (await import('../ppob/open-ppob')).openPpob } : {}),
    }),
    profile,
  };
  try {
    return await work(terminal, input, values);
  } finally {
    if (io.exitsWhenDone) closeForExit(terminal, io);
    else terminal.close();
  }
}

/**
 * The command's outcome stands whatever happens here: a failed fsync (a disk error) leaves the
 * newest records in the journal, only not yet safe from a power cut, and recovery asks the provider
 * again if they are lost.
 */
function closeForExit(terminal: OpenedTerminal, io: CliIo): void {
  try {
    terminal.closeForExit();
  } catch (error) {
    io.stderr(
      `kasir: the journal's newest records could not be flushed to disk (${error instanceof Error ? error.message : String(error)}); they are kept, and if a power cut loses them, \`kasir recover\` asks the provider again.`,
    );
  }
}

export interface JournalToRead {
  journal: Journal;
  profile: TerminalProfile;
}

/** Like withTerminal, for commands that only read: an existing journal, opened read-only. */
export async function withJournalToRead<T>(
  argv: string[],
  io: CliIo,
  flags: FlagSpec,
  check: (values: Values) => T,
  work: (terminal: JournalToRead, input: T, values: Values) => Promise<number>,
): Promise<number> {
  const { input, values, profile, dataDir } = prepare(argv, io, flags, check);
  const file = join(dataDir, JOURNAL_FILE_NAME);
  if (!existsSync(file)) {
    throw new UsageError(
      `no journal at ${dataDir}; check --data-dir (it is the folder payments were taken with)`,
    );
  }
  const journal = Journal.openReadOnly(file, { utcOffsetMinutes: utcOffsetMinutes(profile.utcOffset) });
  try {
    return await work({ journal, profile }, input, values);
  } finally {
    journal.close();
  }
}
