#!/usr/bin/env node
// `kasir`: the headless core on the command line. Started by bin/kasir.js (`npx kasir <args>`), which
// checks the Node version first.
import { runCli } from './cli/run';
import { appVersion } from './version';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
  },
  appVersion(),
);
process.exitCode = code;
