#!/usr/bin/env -S node --min-semi-space-size=16
// `kasir` as npm installs it (package.json "bin"; `npx kasir …`, `npm run -s kasir -- …`). It checks
// the Node version before loading anything else: the core needs node:sqlite, and an older Node would
// die with a stack trace ("No such built-in module") instead of saying what to install.
// Plain JavaScript with no newer syntax, so that even an old Node gets as far as the check.
// The young generation starts at 16 MB (the shebang; npm's bin link runs it): a command allocates
// ~15 MB while its modules' schemas are built, and V8's default 1 MB start cost ~20 ms of
// collections per command, a seventh of a `kasir pay`. V8 takes this flag only at start-up.

import module from 'node:module';

// Node's modules through require, not `import { … } from 'node:fs'`: an ES-module import reads every
// export of the builtin, and its lazy ones (fs.promises, …) load modules no command needs (~5 ms).
const require = module.createRequire(import.meta.url);
const { readFileSync } = require('node:fs');

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

// The version needs none of the CLI: answered here, it costs no more than starting Node.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${manifest.version}\n`);
  process.exit(0);
}

// Node 22 announces node:sqlite as experimental on every run; that line is noise on a CLI whose
// stderr scripts read. Every other warning is printed as usual.
const emitWarning = process.emitWarning;
process.emitWarning = function filtered(warning, ...rest) {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('SQLite')) return;
  // The CLI bundle's import() of Vite (scripts/build-cli.mjs): Node's own loader, as from any module.
  if (type === 'ExperimentalWarning' && String(warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
  return emitWarning.call(process, warning, ...rest);
};

// The CLI runs from its bundle (out/cli/kasir.cjs, built by scripts/build-cli.mjs at `npm install` and
// again whenever main/ changed since): no TypeScript compiled at run time. KASIR_CLI_FROM_SOURCE=1
// runs the sources through tsx instead (a developer's choice, or the fallback when the bundle cannot
// be built).
function fromSource() {
  return import('tsx/esm/api').then(
    async ({ register }) => {
      register();
      const cli = await import('../main/cli/main.ts');
      await cli.exitWith((await cli.main(args)).code);
    },
    (error) => {
      process.stderr.write(
        `kasir: cannot start (${error instanceof Error ? error.message.split('\n')[0] : error}); run "npm install" in the project folder first.\n`,
      );
      process.exit(2);
    },
  );
}

async function fromBundle() {
  const build = await import('../scripts/build-cli.mjs');
  if (!build.cliIsFresh()) await build.buildCli();
  const loaded = build.loadCli();
  const cli = loaded.exports;
  const readyMs = process.uptime() * 1000;
  const { code, ran } = await cli.main(args);
  // A command that ran to its end (0 or 1) leaves its compiled functions for the next start.
  const kept = ran !== undefined && (code === 0 || code === 1) && loaded.keepCodeCache(ran);
  // For support: what a slow start spent its time on.
  if (process.env.KASIR_TRACE_START === '1') {
    process.stderr.write(
      `kasir: start-up: code cache ${loaded.cache}${kept ? ', written anew' : ''}; the command began ${readyMs.toFixed(0)} ms after Node started\n`,
    );
  }
  await cli.exitWith(code);
}

if (process.env.KASIR_CLI_FROM_SOURCE === '1') {
  fromSource();
} else {
  // From here on, the CLI's own error handling and exit codes apply.
  fromBundle().catch((error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('esbuild'))
      return fromSource();
    throw error;
  });
}
