// The back-office page is a React build (renderer/backoffice). A built copy is served when there is
// one (`npm run build` writes out/backoffice); running from source, it is built with Vite on the
// first visit into the server's data folder and rebuilt only when the page's sources change.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The project's folder, from wherever this module runs (its source, or the CLI's bundle in out/cli). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'renderer', 'backoffice', 'index.html'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

export const REPO_ROOT = projectRoot(import.meta.dirname);
export const BACKOFFICE_ROOT = join(REPO_ROOT, 'renderer/backoffice');
export const PREBUILT_BACKOFFICE = join(REPO_ROOT, 'out/backoffice');

export interface BackofficeBundle {
  /** A folder holding index.html and its assets. */
  dir(): Promise<string>;
}

export function prebuiltBundle(dir: string): BackofficeBundle {
  return { dir: async () => dir };
}

/** A hash of every source the page is built from: the renderer's files and the shared contract. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const base of ['renderer', 'preload/contract']) {
    const root = join(REPO_ROOT, base);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => !name.includes('node_modules'))
      .map((name) => join(root, name))
      .filter((file) => statSync(file).isFile())
      .sort();
    for (const file of files) hash.update(relative(REPO_ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds the page with Vite (a development dependency) into `cacheDir`, once per source version. */
export async function buildBackoffice(outDir: string): Promise<void> {
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  await build({
    root: BACKOFFICE_ROOT,
    base: './',
    configFile: false,
    logLevel: 'error',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: true },
  });
}

export function onDemandBundle(cacheDir: string, log: (line: string) => void): BackofficeBundle {
  let building: Promise<string> | undefined;
  return {
    dir() {
      building ??= (async () => {
        const target = join(cacheDir, `backoffice-${sourceHash()}`);
        if (existsSync(join(target, 'index.html'))) return target;
        log('building the back-office page (once per version)…');
        try {
          await buildBackoffice(target);
        } catch (error) {
          rmSync(target, { recursive: true, force: true });
          building = undefined;
          throw error;
        }
        return target;
      })();
      return building;
    },
  };
}

/** The built page when there is one, else one built on demand. */
export function defaultBundle(cacheDir: string, log: (line: string) => void): BackofficeBundle {
  return existsSync(join(PREBUILT_BACKOFFICE, 'index.html'))
    ? prebuiltBundle(PREBUILT_BACKOFFICE)
    : onDemandBundle(cacheDir, log);
}
