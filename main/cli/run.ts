import { KasirError } from '../errors';
import { allCommands, commandGroups, groupFor } from './commands';
import type { CliIo, Command } from './framework';
import { UsageError } from './framework';

export async function helpText(version: string): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.path.join(' ').length), 10);
  const lines = commands.map((c) => `  kasir ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `kasir ${version} — Kasir CPM headless core (QRIS CPM over SNAP BI)`,
    '',
    'Usage: kasir <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    "  --help       show this help (or a command's usage: kasir <command> --help)",
    '  --version    print the version',
    '',
    'Exit codes: 0 ok, 1 definite failure, 2 bad input, 3 outcome not yet known.',
  ].join('\n');
}

async function findCommand(argv: string[]): Promise<{ command: Command; rest: string[] } | undefined> {
  const group = groupFor(argv);
  if (!group) return undefined;
  // Longest match first, so `sign token` wins over a hypothetical `sign`.
  const sorted = [...(await group.load())].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, i) => argv[i] === word)) {
      return { command, rest: argv.slice(command.path.length) };
    }
  }
  return undefined;
}

/**
 * The "unknown command" line. It repeats at most the first word, and only when it looks like a command
 * name: what follows may be a client secret, a token or a customer's QR, and stderr ends up in
 * terminals and CI logs.
 */
function unknownCommand(argv: string[]): string {
  const first = argv[0] ?? '';
  const group = commandGroups.flatMap((g) => g.paths).filter((p) => p.length > 1 && p[0] === first);
  if (group.length > 0) {
    const known = group.map((p) => p.join(' ')).join(', ');
    return `kasir: unknown command "${first} …"; "${first}" has: ${known}. Run "kasir --help" for the list.`;
  }
  const named = /^[a-z][a-z-]{0,23}$/.test(first) ? ` "${first}"` : '';
  return `kasir: unknown command${named}. Run "kasir --help" for the list.`;
}

export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(await helpText(version));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout(version);
    return 0;
  }
  const found = await findCommand(argv);
  if (!found) {
    io.stderr(unknownCommand(argv));
    return 2;
  }
  if (found.rest.includes('--help')) {
    io.stdout(found.command.usage);
    return 0;
  }
  try {
    io.onRun?.(found.command.path.join(' '));
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kasir ${found.command.path.join(' ')}: ${error.message}`);
      return 2;
    }
    if (error instanceof KasirError) {
      io.stderr(`kasir ${found.command.path.join(' ')}: ${error.code}: ${error.messages.en}`);
      return 2;
    }
    throw error;
  }
}
