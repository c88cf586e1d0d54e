// What a terminal keeps about its merchant server, beside its journal: where the server is, the
// terminal's credential (a secret: the file is private to this user, and only main reads it), the
// last hint it applied (the live cursor) and how far the server was last known to hold each stream
// (so the sync badge can say "N pending" while offline). Written atomically: a crash mid-write
// leaves the previous version.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KasirError } from '../errors';
import type { DocumentStore } from '../settings/document-store';
import { createJsonFileStore } from '../settings/document-store';

export const LINK_FILE_NAME = 'server-link.json';

export const ServerLinkSchema = z.object({
  version: z.literal(1),
  serverUrl: z.url({ protocol: /^https?$/ }),
  terminalKey: z.string().min(1),
  token: z.string().min(32),
  shop: z.string(),
  label: z.string(),
  enrolledAt: z.number().int(),
  liveCursor: z.number().int().nonnegative(),
  synced: z.record(z.string(), z.number().int().nonnegative()),
});
export type ServerLinkRecord = z.infer<typeof ServerLinkSchema>;

export class LinkStore {
  readonly file: string;
  private readonly document: DocumentStore;

  constructor(dir: string) {
    this.file = join(dir, LINK_FILE_NAME);
    this.document = createJsonFileStore(this.file);
  }

  /** The link, or undefined when this terminal was never enrolled. A damaged file is an error. */
  read(): ServerLinkRecord | undefined {
    let json: unknown;
    try {
      json = this.document.read();
    } catch (error) {
      throw damaged(this.file, error);
    }
    if (json === undefined) return undefined;
    const parsed = ServerLinkSchema.safeParse(json);
    if (!parsed.success) throw damaged(this.file, parsed.error);
    return parsed.data;
  }

  write(link: ServerLinkRecord): void {
    this.document.write(link);
  }

  /** Applies `change` to the current link (no-op when not enrolled) and writes it. */
  update(change: (link: ServerLinkRecord) => ServerLinkRecord): ServerLinkRecord | undefined {
    const current = this.read();
    if (!current) return undefined;
    const next = change(current);
    this.write(next);
    return next;
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

function damaged(file: string, cause: unknown): KasirError {
  return new KasirError({
    code: 'SERVER_LINK_DAMAGED',
    message: {
      id: `File tautan server rusak (${file}). Daftarkan terminal lagi ke server.`,
      en: `The server link file is damaged (${file}). Enrol the terminal with the server again.`,
    },
    cause,
  });
}
