// Temporaries of atomic writes never pile up next to the settings and the vault: a store sweeps the
// ones a failed or interrupted write left when it opens, and a write that fails removes its own.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonFileStore } from '../../../main/settings/document-store';
import type { ConfOptions } from '../../../main/settings/electron-store-document';
import { electronStoreDocument } from '../../../main/settings/electron-store-document';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-tmp-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = [
  'vault.json.0f3a9c21be47.tmp', // ours (createJsonFileStore)
  'vault.json.tmp-1750000000a1b2c3', // electron-store's (atomically)
];
const strangers = [
  'vault.json.broken-2026-11-22T00-00-00-000Z',
  'settings.json.0f3a9c21be47.tmp',
  'notes.tmp',
];

function plant(): void {
  for (const name of [...leftovers, ...strangers]) writeFileSync(join(dir, name), 'secret ciphertext');
}

describe('leftover temporaries', () => {
  it('are removed when the JSON file store opens, and nothing else is', () => {
    plant();
    createJsonFileStore(join(dir, 'vault.json'));
    expect(readdirSync(dir).sort()).toEqual([...strangers].sort());
  });

  it('are removed when the electron-store document opens', () => {
    plant();
    class Conf {
      readonly path: string;
      store: Record<string, unknown> = {};
      constructor(options: ConfOptions) {
        this.path = join(options.cwd, `${options.name}.json`);
      }
    }
    electronStoreDocument(Conf, dir, 'vault');
    expect(readdirSync(dir).sort()).toEqual([...strangers].sort());
  });

  it('are not left behind by a write that fails half-way', () => {
    const file = join(dir, 'settings.json');
    const store = createJsonFileStore(file);
    expect(() => store.write({ amount: 10n })).toThrow();
    expect(readdirSync(dir)).toEqual([]);
    store.write({ language: 'id' });
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
