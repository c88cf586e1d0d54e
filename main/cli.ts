#!/usr/bin/env node
// `kasir`: the headless core on the command line. Started by bin/kasir.js (`npx kasir <args>`), which
// checks the Node version first.
import './cli/zod-config';
import { runCli } from './cli/run';
import { MAX_STDIN_BYTES, readStdin } from './cli/stdin';
import { appVersion } from './version';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
    exitsWhenDone: true,
    readStdin: () => readStdin(process.stdin, MAX_STDIN_BYTES),
  },
  appVersion(),
);
process.exitCode = code;
