// Builds the `kasir` CLI into out/cli/: one ES module bundle per command group (esbuild's code
// splitting), so `kasir pay` loads the payment code and nothing else, and no TypeScript is compiled
// at run time. bin/kasir.js calls buildCli() when the bundle is missing or older than the sources;
// `npm install` runs it once through the "prepare" script.
import { createRequire } from 'node:module';

// Through require: bin/kasir.js loads this module at every command, and an ES-module import of node:fs
// reads its lazy exports too (see builtinsWithoutLazyExports below).
const require = createRequire(import.meta.url);
const {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = join(root, 'out', 'cli');
export const CLI_ENTRY = join(CLI_OUT, 'kasir.mjs');
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

const plainExports = new Map();

/**
 * A builtin's exports that are plain values, listed by a fresh Node (this process, esbuild's, may
 * have read some lazy ones already, and a read one looks plain); once per builtin and build.
 */
function plainExportsOf(name) {
  const known = plainExports.get(name);
  if (known) return known;
  const script = `const m = process.getBuiltinModule(${JSON.stringify(name)});
    process.stdout.write(JSON.stringify(Object.keys(m).filter((key) => {
      const d = Object.getOwnPropertyDescriptor(m, key);
      return d !== undefined && !d.get && /^[A-Za-z_$][\\w$]*$/.test(key) && key !== 'default';
    })));`;
  // Required here, not at the top: every command loads this module, few build.
  const { execFileSync } = require('node:child_process');
  const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  plainExports.set(name, names);
  return names;
}

/**
 * The names `file` imports from `builtin` (`import { a, b as c } from 'node:x'`), or null when it
 * takes the module any other way too (a namespace or default import, a re-export): then it gets all.
 */
export function namedImportsOf(file, builtin) {
  const source = readFileSync(file, 'utf8');
  const quoted = builtin.replace(/[/]/g, '\\/');
  // Statements start a line (a comment that mentions an import is not one); none spans a semicolon.
  const statements = new RegExp(`^[ \\t]*(?:import|export)\\b[^;]*?\\bfrom\\s*['"]${quoted}['"]`, 'gm');
  const named = /^\s*import\s+(type\s+)?\{([^}]*)\}\s*from/;
  const names = new Set();
  for (const [statement] of source.matchAll(statements)) {
    const match = named.exec(statement);
    if (!match) return null;
    if (match[1]) continue; // import type { … }: erased, never loaded
    for (const specifier of match[2].split(',')) {
      const name = specifier.trim().split(/\s+as\s+/)[0];
      if (name && !name.startsWith('type ')) names.add(name);
    }
  }
  return names.size > 0 ? [...names] : null;
}

/**
 * Node's own modules with only what a module uses: an ES-module import of `node:fs` or `node:util`
 * reads every export, and the lazy ones (`fs.promises`, `crypto.webcrypto`, `util.diff`, …) then
 * load modules the command never uses, several ms at every start. Each `node:*` import is served by
 * a module of its own, for that importer, that takes the builtin as `process.getBuiltinModule`
 * gives it and re-exports the names the importer imports; an import without names (a dynamic
 * `import('node:https')`) gets the builtin's plain exports.
 */
const builtinsWithoutLazyExports = {
  name: 'builtins-without-lazy-exports',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      // A dynamic import() takes the whole module, whatever the importer names elsewhere.
      const importer = args.kind === 'dynamic-import' ? undefined : args.importer;
      return {
        path: `${args.path}?for=${importer ?? '*'}`,
        namespace: 'builtin',
        pluginData: { builtin: args.path, importer },
      };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const { builtin, importer } = args.pluginData;
      const names = (importer ? namedImportsOf(importer, builtin) : null) ?? plainExportsOf(builtin);
      return {
        loader: 'js',
        contents: [
          `const m = process.getBuiltinModule(${JSON.stringify(builtin)});`,
          'export default m;',
          ...names.map((name) => `export const ${name} = m.${name};`),
        ].join('\n'),
      };
    });
  },
};

/** Chunks a replaced bundle left behind are kept this long, for processes still running from them. */
const KEEP_OLD_CHUNKS_MS = 10 * 60_000;

export async function buildCli() {
  const { build } = await import('esbuild');
  const started = newestSource();
  const staging = `${CLI_OUT}.staging.${process.pid}.${Date.now()}`;
  try {
    await build({
      entryPoints: { kasir: join(root, 'main', 'cli.ts') },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      entryNames: '[name]',
      chunkNames: '[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      sourcemap: 'linked',
      // Less to parse at every start; names are kept, so stack traces still read.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'warning',
      // Loaded from node_modules at run time: PGlite finds its WebAssembly beside its own files, pg
      // has an optional native binding, and Vite (a development tool) only builds the back office.
      external: ['@electric-sql/pglite', 'pg', 'pg-native', 'vite', '@vitejs/plugin-react'],
      banner: { js: '// Built by scripts/build-cli.mjs from main/; edit the sources, not this file.' },
      plugins: [withoutZodLocales, builtinsWithoutLazyExports],
    });
    mkdirSync(CLI_OUT, { recursive: true });
    // Chunk names carry their content's hash, so moving them in beside the old ones never breaks a
    // process still running the old bundle; the entry is swapped last, in one rename.
    const files = readdirSync(staging);
    for (const name of files) if (name !== 'kasir.mjs') renameSync(join(staging, name), join(CLI_OUT, name));
    renameSync(join(staging, 'kasir.mjs'), CLI_ENTRY);
    const kept = new Set(files);
    const now = Date.now();
    for (const name of readdirSync(CLI_OUT)) {
      const path = join(CLI_OUT, name);
      if (!kept.has(name) && name !== '.built' && now - statSync(path).mtimeMs > KEEP_OLD_CHUNKS_MS) {
        rmSync(path, { force: true });
      }
    }
    const stamp = `${STAMP}.${process.pid}`;
    writeFileSync(stamp, String(started));
    renameSync(stamp, STAMP);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
