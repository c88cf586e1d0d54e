// The table of contents of `kasir`: which words select which group of commands, and where the group
// lives. A group's module (and everything it needs: zod, SQLite, crypto) is imported only when one of
// its commands runs, so `kasir --version` or `kasir pay` loads what it uses and nothing else. The
// group's own module names each command's words again; a test keeps the two lists equal.
import type { Command } from './framework';

export interface CommandGroup {
  paths: readonly (readonly string[])[];
  load: () => Promise<readonly Command[]>;
}

export const commandGroups: readonly CommandGroup[] = [
  {
    paths: [['explain-code']],
    load: async () => (await import('./explain-code')).explainCodeCommands,
  },
  {
    paths: [
      ['sign', 'token'],
      ['sign', 'transaction'],
      ['sign', 'service'],
      ['verify', 'service'],
    ],
    load: async () => (await import('./sign')).signCommands,
  },
  { paths: [['sandbox']], load: async () => (await import('./sandbox')).sandboxCommands },
  {
    paths: [['pay'], ['cancel'], ['refund'], ['decide'], ['recover']],
    load: async () => (await import('./payments')).paymentCommands,
  },
  {
    paths: [
      ['ppob', 'products'],
      ['ppob', 'inquiry'],
      ['ppob', 'buy'],
      ['ppob', 'status'],
      ['ppob', 'balance'],
      ['ppob', 'decide'],
    ],
    load: async () => (await import('./ppob')).ppobCommands,
  },
  {
    paths: [['status'], ['history'], ['report'], ['check']],
    load: async () => (await import('./reads')).readCommands,
  },
  {
    paths: [['server'], ['server', 'code'], ['enroll'], ['sync']],
    load: async () => (await import('./server')).serverCommands,
  },
];

/** Every command, in help order (loads every group). */
export async function allCommands(): Promise<Command[]> {
  const groups = await Promise.all(commandGroups.map((group) => group.load()));
  return groups.flat();
}

/** The group whose words the arguments start with (longest match first), if any. */
export function groupFor(argv: readonly string[]): CommandGroup | undefined {
  let best: { group: CommandGroup; length: number } | undefined;
  for (const group of commandGroups) {
    for (const path of group.paths) {
      if (path.every((word, i) => argv[i] === word) && path.length > (best?.length ?? 0)) {
        best = { group, length: path.length };
      }
    }
  }
  return best?.group;
}
