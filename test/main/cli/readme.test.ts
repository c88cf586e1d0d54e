// The README is how a new user meets the CLI: every command line it shows must be one the CLI takes,
// written the one way that works after `npm install`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../../main/cli/commands';

const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');

/** The lines of the README's code blocks that run the CLI, continuation lines joined. */
function cliLines(): string[] {
  const blocks = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const lines = blocks.flatMap((block) => block.replaceAll('\\\n', ' ').split('\n'));
  return lines.filter((line) => /\bkasir\s/.test(line) && !line.trimStart().startsWith('{'));
}

describe("the README's CLI examples", () => {
  it('are all written `npx kasir …`, never the `npm run kasir --` form that echoes its arguments', () => {
    const lines = cliLines();
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) expect(line).toMatch(/^(\$ )?(QR=\$\(.*\)|npx kasir )/);
    expect(readme).not.toMatch(/npm run kasir\b/);
  });

  it('name commands and flags the CLI has', async () => {
    const commands = await allCommands();
    for (const line of cliLines().filter((l) => l.includes('npx kasir '))) {
      const words = (line.split('npx kasir ')[1] ?? '').split(/\s+/);
      const command = commands
        .filter((c) => c.path.every((word, i) => words[i] === word))
        .sort((a, b) => b.path.length - a.path.length)[0];
      const flags = words.filter((w) => /^\[?--[a-z-]+/.test(w)).map((w) => /--[a-z-]+/.exec(w)?.[0] ?? '');
      if (command === undefined) {
        // Only the global options go without a command.
        expect(
          flags.every((f) => f === '--help' || f === '--version'),
          line,
        ).toBe(true);
        continue;
      }
      for (const flag of flags) {
        if (flag === '--help') continue;
        expect(command.usage, `${line}: ${flag}`).toContain(flag);
      }
    }
  });
});
