#!/usr/bin/env node
// `kasir` as npm installs it (package.json "bin"; `npx kasir …`, `npm run -s kasir -- …`). It checks
// the Node version before loading anything else: the core needs node:sqlite, and an older Node would
// die with a stack trace ("No such built-in module") instead of saying what to install.
// Plain JavaScript with no newer syntax, so that even an old Node gets as far as the check.

import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(manifest.engines.node);
const minimum = wanted.slice(1).map((part) => Number(part || 0));
const running = process.versions.node.split('.').map(Number);

function olderThan(version, floor) {
  for (let i = 0; i < 3; i++) {
    if (version[i] !== floor[i]) return version[i] < floor[i];
  }
  return false;
}

if (olderThan(running, minimum)) {
  process.stderr.write(
    `kasir: needs Node.js ${minimum.join('.')} or newer, this is Node.js ${process.versions.node}; install Node 24 (see "Set up and run" in the README) and run it again.\n`,
  );
  // 2 like any refused input: nothing was read, sent or journaled.
  process.exit(2);
}

// Node 22 announces node:sqlite as experimental on every run; that line is noise on a CLI whose
// stderr scripts read. Every other warning is printed as usual.
const emitWarning = process.emitWarning;
process.emitWarning = function filtered(warning, ...rest) {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('SQLite')) return;
  return emitWarning.call(process, warning, ...rest);
};

import('tsx/esm/api').then(
  ({ register }) => {
    register();
    // From here on, the CLI's own error handling and exit codes apply.
    return import('../main/cli.ts');
  },
  (error) => {
    process.stderr.write(
      `kasir: cannot start (${error instanceof Error ? error.message.split('\n')[0] : error}); run "npm install" in the project folder first.\n`,
    );
    process.exit(2);
  },
);
