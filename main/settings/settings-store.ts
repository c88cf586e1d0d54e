// The settings document in memory, loaded once (with migrations, and a broken file kept aside) and
// written whole after every change that passes the schema. Nothing is written unless something changed.

import type { DocumentStore } from './document-store';
import type { LoadProblem } from './load-document';
import { loadDocument } from './load-document';
import type { SettingsDocument } from './schema';
import { defaultSettings, SETTINGS_MIGRATIONS, SETTINGS_VERSION, SettingsDocumentSchema } from './schema';

export interface SettingsStore {
  /** The settings file found broken at start (kept aside), if it was. */
  readonly problem: LoadProblem | null;
  current(): SettingsDocument;
  /** Applies a change, validates the result and writes it; a change that fails the schema throws. */
  update(change: (document: SettingsDocument) => SettingsDocument): SettingsDocument;
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
  return {
    problem: loaded.problem,
    current: () => document,
    update(change) {
      const next = SettingsDocumentSchema.parse(change(document));
      store.write(next);
      document = next;
      return next;
    },
  };
}
