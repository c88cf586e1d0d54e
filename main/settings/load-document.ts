// Opening a document that a person may have edited by hand. Whatever is wrong with it (not JSON, a
// field out of range, written by a newer Kasir), the app still starts: the bad file is renamed next to
// the original, never deleted, the app carries on from defaults, and the problem is reported in words
// an integrator can act on.

import { existsSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import type { LocalizedText } from '../errors';
import type { DocumentStore } from './document-store';
import { DocumentUnreadableError } from './document-store';

export type DocumentKind = 'settings' | 'vault';

export type LoadProblemCode = 'FILE_CORRUPT' | 'FILE_INVALID' | 'FILE_NEWER';

export interface LoadProblem {
  file: DocumentKind;
  code: `${Uppercase<DocumentKind>}_${LoadProblemCode}`;
  message: LocalizedText;
  /** Where the bad file now is. */
  keptAs: string;
  /** Which fields were wrong ("profiles.0.baseUrl: v.baseUrl"), for FILE_INVALID. */
  issues: string[];
}

export interface Migration {
  /** The version this migration reads; it returns the document at `from + 1`. */
  from: number;
  up(document: Record<string, unknown>): Record<string, unknown>;
}

export interface DocumentSpec<T> {
  kind: DocumentKind;
  schema: z.ZodType<T>;
  currentVersion: number;
  migrations: readonly Migration[];
  fresh(): T;
}

export interface Loaded<T> {
  value: T;
  problem: LoadProblem | null;
}

/** Renames `path` to `<path>.broken-<UTC time>[-n]` and returns the new name. */
export function keepAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.broken-${stamp}`;
  for (let n = 1; existsSync(target); n += 1) target = `${path}.broken-${stamp}-${n}`;
  renameSync(path, target);
  return target;
}

const NAMES: Record<DocumentKind, LocalizedText> = {
  settings: { id: 'File pengaturan', en: 'The settings file' },
  vault: { id: 'File brankas rahasia', en: 'The secrets vault file' },
};

const CONSEQUENCE: Record<DocumentKind, LocalizedText> = {
  settings: {
    id: 'Aplikasi berjalan dengan pengaturan awal dalam mode SANDBOX. Periksa file lama atau atur ulang di Pengaturan.',
    en: 'The app is running with default settings in SANDBOX mode. Check the old file or set up again in Settings.',
  },
  vault: {
    id: 'Rahasia yang tersimpan (client secret, kunci privat, PIN supervisor) tidak dapat dipakai; masukkan ulang di Pengaturan.',
    en: 'Stored secrets (client secret, private key, supervisor PIN) cannot be used; enter them again in Settings.',
  },
};

function problemMessage(kind: DocumentKind, code: LoadProblemCode, keptAs: string): LocalizedText {
  const name = NAMES[kind];
  const consequence = CONSEQUENCE[kind];
  const what: LocalizedText =
    code === 'FILE_CORRUPT'
      ? { id: 'rusak (bukan JSON yang valid)', en: 'is damaged (not valid JSON)' }
      : code === 'FILE_NEWER'
        ? {
            id: 'dibuat oleh versi Kasir CPM yang lebih baru',
            en: 'was written by a newer version of Kasir CPM',
          }
        : { id: 'berisi nilai yang tidak valid', en: 'contains values that are not valid' };
  return {
    id: `${name.id} ${what.id}. File itu disimpan sebagai ${keptAs}. ${consequence.id}`,
    en: `${name.en} ${what.en}. It was kept as ${keptAs}. ${consequence.en}`,
  };
}

type Parsed<T> =
  | { ok: true; value: T; migrated: boolean }
  | { ok: false; code: LoadProblemCode; issues: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Migrates (a document without a version is version 0) and validates a raw document. */
export function parseDocument<T>(spec: DocumentSpec<T>, raw: unknown): Parsed<T> {
  if (!isRecord(raw)) return { ok: false, code: 'FILE_INVALID', issues: ['(document): v.object'] };
  const stated = raw.version ?? 0;
  if (typeof stated !== 'number' || !Number.isInteger(stated) || stated < 0) {
    return { ok: false, code: 'FILE_INVALID', issues: ['version: v.integer'] };
  }
  if (stated > spec.currentVersion) return { ok: false, code: 'FILE_NEWER', issues: [] };
  let document = raw;
  for (let version = stated; version < spec.currentVersion; version += 1) {
    const migration = spec.migrations.find((m) => m.from === version);
    if (!migration)
      return { ok: false, code: 'FILE_INVALID', issues: [`version: no migration from ${version}`] };
    document = migration.up(document);
  }
  const checked = spec.schema.safeParse(document);
  if (!checked.success) {
    return {
      ok: false,
      code: 'FILE_INVALID',
      issues: checked.error.issues
        .slice(0, 20)
        .map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`),
    };
  }
  return { ok: true, value: checked.data, migrated: stated !== spec.currentVersion };
}

export function loadDocument<T>(spec: DocumentSpec<T>, store: DocumentStore, now: number): Loaded<T> {
  let raw: unknown;
  let parsed: Parsed<T>;
  try {
    raw = store.read();
    if (raw === undefined) return { value: spec.fresh(), problem: null };
    parsed = parseDocument(spec, raw);
  } catch (error) {
    if (!(error instanceof DocumentUnreadableError)) throw error;
    parsed = { ok: false, code: 'FILE_CORRUPT', issues: [] };
  }
  if (parsed.ok) {
    if (parsed.migrated) store.write(parsed.value as Record<string, unknown>);
    return { value: parsed.value, problem: null };
  }
  const keptAs = keepAside(store.path, now);
  return {
    value: spec.fresh(),
    problem: {
      file: spec.kind,
      code: `${spec.kind.toUpperCase() as Uppercase<DocumentKind>}_${parsed.code}`,
      message: problemMessage(spec.kind, parsed.code, keptAs),
      keptAs,
      issues: parsed.issues,
    },
  };
}
