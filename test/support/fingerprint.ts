import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Names and contents of every file in a data directory: equal before and after means nothing was
 * written. SQLite's -shm file is left out: it is the WAL's shared-memory index, rewritten by any
 * reader or checkpoint, while what was written lives in the database and its WAL.
 */
export function fingerprint(dataDir: string): string {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && !f.name.endsWith('-shm'))
    .map(
      (f) =>
        `${f.name}:${createHash('sha256')
          .update(readFileSync(join(f.parentPath, f.name)))
          .digest('hex')}`,
    )
    .sort()
    .join('\n');
}
