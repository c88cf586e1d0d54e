// The `kasir` CLI's bundle: building it into out/cli/, knowing whether it is older than its sources,
// and loading it. bin/kasir.js loads this module at every command: it rebuilds a stale bundle first
// (`npm install` builds it once through the "prepare" script), then runs it. No TypeScript is
// compiled at run time.
//
// One CommonJS file (out/cli/kasir.cjs): each command group's modules are evaluated only when one of
// its commands runs (esbuild keeps a lazily imported module's top level in an init function), and
// the file is compiled through node:vm with a V8 code cache written after a command has run. Unlike
// Node's own compile cache, which is taken right after compiling, that cache holds every function
// the command called, not only the top level: without it V8 compiles each of them again at every
// start, a fifth of a `kasir pay` on loopback. The cache is this bundle's and this Node's alone
// (its hashes are checked at load; V8 refuses another version's or other flags'), and is written
// whole or not at all.
import { createRequire } from 'node:module';

// Through require: an ES-module import of node:fs reads its lazy exports too (fs.promises …), which
// load modules no command needs.
const require = createRequire(import.meta.url);
const {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = join(root, 'out', 'cli');
export const CLI_BUNDLE = join(CLI_OUT, 'kasir.cjs');
const STAMP = join(CLI_OUT, '.built');

/** The newest modification time of the CLI's sources (main/, the contract it shares in preload/, package.json). */
export function newestSource(base = root) {
  let newest = statSync(join(base, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(base, 'main'));
  walk(join(base, 'preload'));
  return newest;
}

/** True when out/cli holds a bundle built from the sources as they are now. */
export function cliIsFresh(base = root) {
  try {
    statSync(join(base, 'out', 'cli', 'kasir.cjs'));
    return Number(readFileSync(join(base, 'out', 'cli', '.built'), 'utf8')) >= newestSource(base);
  } catch {
    return false;
  }
}

/**
 * Zod's namespace re-exports every language's error messages (`z.locales`, half of zod's code), which
 * a bundler cannot drop from `import { z }`. The CLI never switches zod's language (English is set
 * by zod's schemas module itself), so the index is replaced by an empty module: every command starts
 * without parsing and evaluating half a megabyte it never uses.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`)
        ? { path: 'zod-locales', namespace: 'empty' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * Zod's namespace also carries its JSON Schema converters (`z.toJSONSchema`, `z.fromJSONSchema`), which
 * the CLI never calls and whose modules build tables at load (~2 ms of every command). The two
 * re-exports are cut from zod's index for the bundle; zod is pinned, and a release that words them
 * differently fails the build here rather than quietly keeping them.
 */
const ZOD_JSON_SCHEMA_EXPORTS = [
  'export { toJSONSchema } from "../core/json-schema-processors.js";',
  'export { fromJSONSchema } from "./from-json-schema.js";',
];
const withoutZodJsonSchema = {
  name: 'without-zod-json-schema',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      for (const line of ZOD_JSON_SCHEMA_EXPORTS) {
        if (!contents.includes(line)) {
          throw new Error(`zod's ${args.path} no longer has «${line}»: update build-cli.mjs`);
        }
        contents = contents.replace(line, '');
      }
      return { contents, loader: 'js' };
    });
  },
};

/** Files a replaced bundle left behind (earlier layouts, stale caches) are kept this long. */
const KEEP_OLD_FILES_MS = 10 * 60_000;

export async function buildCli() {
  const { build } = await import('esbuild');
  const started = newestSource();
  const staging = `${CLI_OUT}.staging.${process.pid}.${Date.now()}`;
  try {
    const result = await build({
      entryPoints: { kasir: join(root, 'main', 'cli', 'main.ts') },
      outdir: staging,
      outExtension: { '.js': '.cjs' },
      entryNames: '[name]',
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      sourcemap: 'linked',
      // Less to parse at every start; names are kept, so stack traces still read.
      minifyWhitespace: true,
      minifySyntax: true,
      // The bundle's folder, where a module asks for its own (the back office finds the project by it).
      define: { 'import.meta.dirname': '__dirname' },
      logLevel: 'silent',
      // Loaded from node_modules at run time (required; Vite through import()): PGlite finds its
      // WebAssembly beside its own files, pg has an optional native binding, and Vite (a development
      // tool) only builds the back office.
      external: ['@electric-sql/pglite', 'pg', 'pg-native', 'vite', '@vitejs/plugin-react'],
      banner: { js: '// Built by scripts/build-cli.mjs from main/; edit the sources, not this file.' },
      plugins: [withoutZodLocales, withoutZodJsonSchema],
    });
    // A warning here is a module the bundle would run differently from its source (import.meta …).
    if (result.warnings.length > 0) {
      throw new Error(
        `the CLI bundle has warnings:\n${result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`).join('\n')}`,
      );
    }
    mkdirSync(CLI_OUT, { recursive: true });
    // The map first, the bundle last, each in one rename: a process starting meanwhile reads either
    // bundle whole (and a running one holds its source in memory).
    renameSync(join(staging, 'kasir.cjs.map'), join(CLI_OUT, 'kasir.cjs.map'));
    renameSync(join(staging, 'kasir.cjs'), CLI_BUNDLE);
    const now = Date.now();
    for (const name of readdirSync(CLI_OUT)) {
      const path = join(CLI_OUT, name);
      if (name === 'kasir.cjs' || name === 'kasir.cjs.map' || name === '.built') continue;
      if (now - statSync(path).mtimeMs > KEEP_OLD_FILES_MS) rmSync(path, { force: true });
    }
    const stamp = `${STAMP}.${process.pid}`;
    writeFileSync(stamp, String(started));
    renameSync(stamp, STAMP);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

const CACHE_MAGIC = 'kasir-cli-v8cache-2';

/**
 * Where the code cache for this Node and these flags lives: V8 refuses a cache made under other
 * flags, so each way of starting Node keeps its own rather than overwriting the other's.
 */
export function codeCacheFile(bundle = CLI_BUNDLE) {
  const variant = `${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  let hash = 5381;
  for (let i = 0; i < variant.length; i++) hash = ((hash * 33) ^ variant.charCodeAt(i)) >>> 0;
  return `${bundle}.${hash.toString(36)}.v8cache`;
}

/**
 * The cache file: a header line — the hash of the bundle it was made from, the hash of V8's part,
 * the commands it has run — and V8's data. V8 itself checks only its version, its flags and the
 * source's length, and takes damaged data of the right size for code (a process dying at every
 * start): so anything whose hashes do not match — another bundle's, a torn, damaged or foreign
 * file — reads as no cache.
 */
function readCodeCache(file, bundleHash, sha256) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(10);
  if (end < 0 || end > 4096) return undefined;
  try {
    const header = JSON.parse(bytes.subarray(0, end).toString('utf8'));
    const data = bytes.subarray(end + 1);
    if (
      header.magic !== CACHE_MAGIC ||
      header.bundle !== bundleHash ||
      !Array.isArray(header.commands) ||
      header.data !== sha256(data)
    ) {
      return undefined;
    }
    return { commands: header.commands.filter((c) => typeof c === 'string'), data };
  } catch {
    return undefined;
  }
}

/** Written whole or not at all: a fresh file of its own, on disk before it takes the cache's name. */
function writeWhole(file, bytes) {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * Compiles and runs the bundle (its modules' top level; a command group's run when it is first
 * imported) and returns its exports with `keepCodeCache(command)`: called once a command has run, it
 * writes a new cache when there was none for this bundle, it was refused, or this command had not run
 * into it yet (its functions are then added). Best effort: a folder that cannot be written keeps no
 * cache, and the CLI runs the same without one.
 */
export function loadCli(bundle = CLI_BUNDLE) {
  const vm = require('node:vm');
  // Every command but the smallest loads node:crypto anyway; the two hashes cost ~1.5 ms.
  const { hash } = require('node:crypto');
  const sha256 = (bytes) => hash('sha256', bytes, 'hex');
  const bytes = readFileSync(bundle);
  const bundleHash = sha256(bytes);
  const cacheFile = codeCacheFile(bundle);
  const cache = readCodeCache(cacheFile, bundleHash, sha256);
  // The CommonJS wrapper on the bundle's first line, so its line numbers (and its map) still match;
  // strict, as its ES-module sources are.
  const source = `(function (exports, require, module, __filename, __dirname) {'use strict';${bytes.toString('utf8')}\n})`;
  const script = new vm.Script(source, {
    filename: bundle,
    ...(cache === undefined ? {} : { cachedData: cache.data }),
    // The bundle's import() of Vite (the back office, built on demand) goes through Node's own loader.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const usable = cache !== undefined && script.cachedDataRejected !== true;
  return {
    exports: module.exports,
    cache: cache === undefined ? 'none' : usable ? 'used' : 'refused',
    keepCodeCache(command) {
      if (usable && (command === undefined || cache.commands.includes(command))) return false;
      try {
        accessSync(dirname(cacheFile), constants.W_OK); // before the work of serialising
      } catch {
        return false;
      }
      const data = script.createCachedData();
      const commands = [...new Set([...(usable ? cache.commands : []), ...(command ? [command] : [])])];
      const header = JSON.stringify({ magic: CACHE_MAGIC, bundle: bundleHash, data: sha256(data), commands });
      return writeWhole(cacheFile, Buffer.concat([Buffer.from(`${header}\n`), data]));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
