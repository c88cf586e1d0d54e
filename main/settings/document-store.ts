// One JSON document on disk, read and written whole. The app keeps its documents in electron-store
// (main/settings/electron-store-document.ts); plain Node (tests, the e2e bridge, the CLI) uses the JSON
// file below, which writes the same bytes-on-disk shape so either can open what the other wrote.

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { removeLeftoverTemporaries } from '../files/temporaries';

export interface DocumentStore {
  readonly path: string;
  /** The parsed document, or undefined when there is no file yet. */
  read(): unknown;
  write(document: Record<string, unknown>): void;
}

/** The file is there but is not JSON (truncated, hand-edited with a typo, or not ours). */
export class DocumentUnreadableError extends Error {
  constructor(readonly path: string) {
    // The parser's own message quotes the file around the error, which may be a secret: say only where.
    super(`${path} is not valid JSON`);
    this.name = 'DocumentUnreadableError';
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Parses a document's text; an editor's byte-order mark is not part of the JSON. */
export function parseDocumentText(path: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new DocumentUnreadableError(path);
  }
}

/**
 * Owner-only (0600), written to a temporary file, flushed and renamed over the old one; a temporary
 * left by a write that failed half-way (now or before a crash) is removed.
 */
export function createJsonFileStore(path: string): DocumentStore {
  removeLeftoverTemporaries(path);
  return {
    path,
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      return parseDocumentText(path, text);
    },
    write(document) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        try {
          writeSync(fd, `${JSON.stringify(document, null, '\t')}\n`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    },
  };
}
