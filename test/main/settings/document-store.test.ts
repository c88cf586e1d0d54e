import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonFileStore, DocumentUnreadableError } from '../../../main/settings/document-store';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'kasir-doc-')), 'settings.json');

describe('the JSON document file', () => {
  it('reads nothing before the first write', () => {
    expect(createJsonFileStore(fileIn()).read()).toBeUndefined();
  });

  it('reads back what it wrote', () => {
    const store = createJsonFileStore(fileIn());
    store.write({ version: 1, language: 'en' });
    expect(store.read()).toEqual({ version: 1, language: 'en' });
  });

  it('is readable by its owner only', () => {
    const file = fileIn();
    createJsonFileStore(file).write({ version: 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind', () => {
    const file = fileIn();
    createJsonFileStore(file).write({ version: 1 });
    expect(readdirSync(join(file, '..'))).toEqual(['settings.json']);
  });

  it('accepts a byte-order mark an editor put in front', () => {
    const file = fileIn();
    writeFileSync(file, '\uFEFF{"version":1}');
    expect(createJsonFileStore(file).read()).toEqual({ version: 1 });
  });

  it('reports a file that is not JSON without quoting its contents', () => {
    const file = fileIn();
    writeFileSync(file, '{"clientSecret": "s3cr3t-value",');
    const read = () => createJsonFileStore(file).read();
    expect(read).toThrow(DocumentUnreadableError);
    expect(read).not.toThrow(/s3cr3t/);
  });
});
