// What a terminal keeps about its merchant server, beside its journal: where the server is, the
// terminal's credential (a secret: the file is private to this user, and only main reads it), the
// last hint it applied (the live cursor) and how far the server was last known to hold each stream
// (so the sync badge can say "N pending" while offline). Written atomically: a crash mid-write
// leaves the previous version.

import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KasirError } from '../errors';

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

  constructor(dir: string) {
    this.file = join(dir, LINK_FILE_NAME);
  }

  /** The link, or undefined when this terminal was never enrolled. A damaged file is an error. */
  read(): ServerLinkRecord | undefined {
    if (!existsSync(this.file)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw damaged(this.file, error);
    }
    const parsed = ServerLinkSchema.safeParse(json);
    if (!parsed.success) throw damaged(this.file, parsed.error);
    return parsed.data;
  }

  write(link: ServerLinkRecord): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(link, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
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
