// `kasir`'s entry: runs one command and says how it ended. bin/kasir.js runs it from the CLI's bundle
// (scripts/build-cli.mjs), main/cli.ts from the sources; both end the process through `exitWith`.
import './zod-config';
import { appVersion } from '../version';
import { runCli } from './run';
import { MAX_STDIN_BYTES, readStdin } from './stdin';

/**
 * Runs the command `argv` names on this process's streams; resolves to its exit code and the words
 * of the command that ran, if one did (bin/kasir.js keeps the code cache by them).
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
): Promise<{ code: number; ran: string | undefined }> {
  // A reader that went away (`kasir history | head`) takes the rest of the output, never the
  // command: a payment under way still ends in the journal, as it would with the output kept.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreClosedPipe);
  let ran: string | undefined;
  const code = await runCli(
    [...argv],
    {
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
      cwd: process.cwd(),
      env: process.env,
      exitsWhenDone: true,
      readStdin: () => readStdin(process.stdin, MAX_STDIN_BYTES),
      onRun: (command) => {
        ran = command;
      },
    },
    appVersion(),
  );
  return { code, ran };
}

/**
 * Ends the process once its output is out, without waiting for the event loop to drain: Node's
 * teardown would close the journal a command left open, and SQLite's close checkpoints (see
 * exitsWhenDone in framework.ts). Every command has awaited its own work and cleanup by now.
 */
export async function exitWith(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => stream.write('', () => done()));
}
