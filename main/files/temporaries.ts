// Atomic writes go to a temporary file next to the real one, then rename over it. A crash or a full
// disk between the two leaves the temporary behind: harmless, but it may hold a copy of the secrets
// vault and it piles up. Each store sweeps away the ones left next to its file when it opens.

import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The temporaries our writers and electron-store's (atomically) leave next to `file`. */
function temporaryPattern(file: string): RegExp {
  const name = basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ours: <name>.<12 hex>.tmp and <name>.<pid>.tmp; atomically: <name>.tmp-<10 digits><6 hex>
  return new RegExp(`^${name}\\.(?:[0-9a-f]{12}\\.tmp|\\d{1,10}\\.tmp|tmp-\\d{10}[0-9a-f]{6})$`);
}

/** Removes leftover temporaries of `file`; returns their names. A folder that is not there has none. */
export function removeLeftoverTemporaries(file: string): string[] {
  const pattern = temporaryPattern(file);
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const leftovers = names.filter((name) => pattern.test(name));
  for (const name of leftovers) rmSync(join(dirname(file), name), { force: true });
  return leftovers;
}
