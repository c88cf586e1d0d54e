// electron-store behind the DocumentStore interface. The class is passed in by main/index.ts, so this
// module never imports 'electron' itself and the rest of the core stays plain Node.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeLeftoverTemporaries } from '../files/temporaries';
import type { DocumentStore } from './document-store';
import { DocumentUnreadableError } from './document-store';

/** The part of electron-store (conf) this adapter uses. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface ConfOptions {
  cwd: string;
  name: string;
  configFileMode: number;
  clearInvalidConfig: boolean;
  accessPropertiesByDotNotation: boolean;
}

export type ConfConstructor = new (options: ConfOptions) => ConfLike;

function isSyntaxError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SyntaxError';
}

export function electronStoreDocument(Store: ConfConstructor, cwd: string, name: string): DocumentStore {
  const path = join(cwd, `${name}.json`);
  // conf writes through atomically (a temporary, then a rename): sweep what a failed write left.
  removeLeftoverTemporaries(path);
  let instance: ConfLike | undefined;

  // Opened lazily and dropped on a read error: conf reads the file in its constructor, and after the
  // broken file has been moved aside the next open must start from nothing.
  function open(): ConfLike {
    instance ??= new Store({
      cwd,
      name,
      configFileMode: 0o600,
      // Never let conf delete a file it cannot read: the loader keeps it aside for the user.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    });
    return instance;
  }

  return {
    path,
    read() {
      if (!existsSync(path)) return undefined;
      try {
        return open().store;
      } catch (error) {
        instance = undefined;
        if (isSyntaxError(error)) throw new DocumentUnreadableError(path);
        throw error;
      }
    },
    write(document) {
      try {
        open().store = document;
      } catch (error) {
        instance = undefined;
        if (isSyntaxError(error)) throw new DocumentUnreadableError(path);
        throw error;
      }
    },
  };
}
