// The settings document in memory, loaded once (with migrations, and a broken file kept aside) and
// written whole after every change that passes the schema. A change is judged before anything is
// written, so a caller that also writes the vault can check first (check) and write after (update);
// a change that fails the schema, or a file the disk refuses, is a KasirError saying so, never a raw
// ZodError or errno, and leaves the document as it was.

import { formatRupiah, MAX_AMOUNT_MINOR } from '../../preload/contract/rupiah';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { DocumentStore } from './document-store';
import type { LoadProblem } from './load-document';
import { loadDocument } from './load-document';
import type { SettingsDocument } from './schema';
import { defaultSettings, SETTINGS_MIGRATIONS, SETTINGS_VERSION, SettingsDocumentSchema } from './schema';

export type SettingsChange = (document: SettingsDocument) => SettingsDocument;

export interface SettingsStore {
  /** The settings file found broken at start (kept aside), if it was. */
  readonly problem: LoadProblem | null;
  current(): SettingsDocument;
  /** The document a change would make, judged by the schema (SETTINGS_INVALID), without writing it. */
  check(change: SettingsChange): SettingsDocument;
  /**
   * Applies a change, judges the result and writes it. Throws SETTINGS_INVALID when the result fails
   * the schema and SETTINGS_WRITE_FAILED when the file could not be written: either way nothing changed.
   */
  update(change: SettingsChange): SettingsDocument;
}

/** One field's problem in words: the schema's message keys ('v.tooMany:20') as a person reads them. */
function issueText(path: string, key: string): LocalizedText {
  const [name, param] = key.split(':');
  if (name === 'v.tooMany') return { id: `${path}: paling banyak ${param}`, en: `${path}: at most ${param}` };
  if (name === 'v.tooLong')
    return { id: `${path}: paling banyak ${param} karakter`, en: `${path}: at most ${param} characters` };
  if (name === 'v.amountMax') {
    const most = { id: formatRupiah(MAX_AMOUNT_MINOR, 'id'), en: formatRupiah(MAX_AMOUNT_MINOR, 'en') };
    return { id: `${path}: paling banyak ${most.id}`, en: `${path}: at most ${most.en}` };
  }
  return { id: `${path}: ${key}`, en: `${path}: ${key}` };
}

function invalidChange(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): KasirError {
  const texts = issues
    .slice(0, 5)
    .map((issue) => issueText(issue.path.map(String).join('.') || '(settings)', issue.message));
  return new KasirError({
    code: 'SETTINGS_INVALID',
    message: {
      id: `Perubahan pengaturan tidak disimpan karena tidak valid (${texts.map((t) => t.id).join('; ')}). Tidak ada yang diubah.`,
      en: `The settings change was not saved because it is not valid (${texts.map((t) => t.en).join('; ')}). Nothing was changed.`,
    },
  });
}

function writeFailed(path: string, cause: unknown): KasirError {
  const why = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  return new KasirError({
    code: 'SETTINGS_WRITE_FAILED',
    message: {
      id: `File pengaturan ${path} tidak dapat ditulis (${why}). Perubahan tidak disimpan.`,
      en: `The settings file ${path} could not be written (${why}). The change was not saved.`,
    },
    cause,
  });
}

export function openSettingsStore(store: DocumentStore, now: () => number): SettingsStore {
  const loaded = loadDocument(
    {
      kind: 'settings',
      schema: SettingsDocumentSchema,
      currentVersion: SETTINGS_VERSION,
      migrations: SETTINGS_MIGRATIONS,
      fresh: defaultSettings,
    },
    store,
    now(),
  );
  let document = loaded.value;
  function check(change: SettingsChange): SettingsDocument {
    const judged = SettingsDocumentSchema.safeParse(change(document));
    if (!judged.success) throw invalidChange(judged.error.issues);
    return judged.data;
  }
  return {
    problem: loaded.problem,
    current: () => document,
    check,
    update(change) {
      const next = check(change);
      try {
        store.write(next);
      } catch (error) {
        throw writeFailed(store.path, error);
      }
      document = next;
      return next;
    },
  };
}
