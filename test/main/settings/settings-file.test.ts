// A settings file that is damaged or hand-edited wrongly: a clear error, the app still starts (in
// sandbox mode), and the bad file is kept aside, renamed, never deleted. Checked on both stores: the
// JSON file of plain Node and electron-store (conf, the file engine under it) of the app.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAppCore } from '../../../main/app/core';
import type { DocumentStore } from '../../../main/settings/document-store';
import { createJsonFileStore } from '../../../main/settings/document-store';
import type { ConfConstructor } from '../../../main/settings/electron-store-document';
import { electronStoreDocument } from '../../../main/settings/electron-store-document';
import { keepAside } from '../../../main/settings/load-document';
import { defaultSettings } from '../../../main/settings/schema';
import { openSettingsStore } from '../../../main/settings/settings-store';

// electron-store needs Electron's app; conf is the store it wraps, named the way electron-store names it.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf {
      constructor(options: { name: string }) {
        super({ ...options, configName: options.name } as never);
      }
    },
  };
});
const { default: ElectronStore } = await import('electron-store');

const NOW = Date.UTC(2025, 0, 6, 3, 0, 0);

const backends: Array<[string, (dir: string) => DocumentStore]> = [
  ['a JSON file', (dir) => createJsonFileStore(join(dir, 'settings.json'))],
  [
    'electron-store',
    (dir) => electronStoreDocument(ElectronStore as unknown as ConfConstructor, dir, 'settings'),
  ],
];

const validProfile = {
  id: 'p-dana',
  fields: {
    name: 'Provider',
    baseUrl: 'https://api.provider.example',
    pathPrefix: '/snap',
    clientKey: '82150823919040624621823174737537',
    partnerId: '82150823919040624621823174737537',
    channelId: '95221',
    merchantId: '00007100010926',
    subMerchantId: '310928924949487',
    terminalId: '6476378',
    utcOffset: '+07:00',
    timeouts: { tokenMs: 10000, paymentMs: 30000, queryMs: 10000, cancelMs: 15000, refundMs: 30000 },
  },
  ownPublicKeyPem: null,
  providerPublicKeyPem: null,
};

describe.each(backends)('the settings file in %s', (_name, makeStore) => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-settings-'));
    return { dir, store: makeStore(dir), file: join(dir, 'settings.json') };
  };

  it('starts from defaults, in sandbox mode, without writing, when there is no file', () => {
    const { store, file } = setup();
    const settings = openSettingsStore(store, () => NOW);
    expect(settings.current()).toEqual(defaultSettings());
    expect(settings.problem).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps what it wrote across a restart', () => {
    const { store, dir } = setup();
    openSettingsStore(store, () => NOW).update((doc) => ({ ...doc, language: 'en' }));
    expect(openSettingsStore(makeStore(dir), () => NOW).current().language).toBe('en');
  });

  it('is readable by its owner only', () => {
    const { store, file } = setup();
    openSettingsStore(store, () => NOW).update((doc) => ({ ...doc, language: 'en' }));
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('keeps a damaged file aside, byte for byte, and starts in sandbox mode', () => {
    const { store, file } = setup();
    const damaged = '{"version":1,"language":"en","activeProfileId":"p-da';
    writeFileSync(file, damaged);
    const settings = openSettingsStore(store, () => NOW);
    expect(settings.problem).toMatchObject({ file: 'settings', code: 'SETTINGS_FILE_CORRUPT' });
    const keptAs = settings.problem?.keptAs ?? '';
    expect(keptAs).toBe(`${file}.broken-2025-01-06T03-00-00-000Z`);
    expect(readFileSync(keptAs, 'utf8')).toBe(damaged);
    expect(settings.current().activeProfileId).toBe('sandbox');
    expect(settings.problem?.message.en).toBe(
      `The settings file is damaged (not valid JSON). It was kept as ${keptAs}. The app is running with default settings in SANDBOX mode. Check the old file or set up again in Settings.`,
    );
  });

  it('names the fields a hand edit got wrong', () => {
    const { store, file } = setup();
    const edited = {
      ...defaultSettings(),
      language: 'fr',
      activeProfileId: 'p-dana',
      profiles: [
        { ...validProfile, fields: { ...validProfile.fields, baseUrl: 'http://api.provider.example' } },
      ],
    };
    writeFileSync(file, JSON.stringify(edited, null, 2));
    const settings = openSettingsStore(store, () => NOW);
    expect(settings.problem).toMatchObject({ code: 'SETTINGS_FILE_INVALID' });
    expect(settings.problem?.issues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^language: /), 'profiles.0.fields.baseUrl: v.baseUrl']),
    );
    expect(settings.current().activeProfileId).toBe('sandbox');
    expect(JSON.parse(readFileSync(settings.problem?.keptAs ?? '', 'utf8'))).toEqual(edited);
  });

  it('refuses an active profile that does not exist', () => {
    const { store, file } = setup();
    writeFileSync(file, JSON.stringify({ ...defaultSettings(), activeProfileId: 'p-gone' }));
    expect(openSettingsStore(store, () => NOW).problem?.issues).toEqual([
      'activeProfileId: v.unknownProfile',
    ]);
  });

  it('refuses, and keeps, a file written by a newer version', () => {
    const { store, file } = setup();
    writeFileSync(file, JSON.stringify({ ...defaultSettings(), version: 7 }));
    const settings = openSettingsStore(store, () => NOW);
    expect(settings.problem).toMatchObject({ code: 'SETTINGS_FILE_NEWER' });
    expect(existsSync(settings.problem?.keptAs ?? '')).toBe(true);
  });

  it('takes a hand-written file without a version, fills in the rest and writes it back versioned', () => {
    const { store, file } = setup();
    writeFileSync(
      file,
      JSON.stringify({ language: 'en', printer: { enabled: true, deviceName: 'EPSON TM-T82' } }),
    );
    const settings = openSettingsStore(store, () => NOW);
    expect(settings.problem).toBeNull();
    expect(settings.current()).toMatchObject({
      version: 1,
      language: 'en',
      printer: { enabled: true, deviceName: 'EPSON TM-T82', paperWidthMm: 58 },
      activeProfileId: 'sandbox',
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, language: 'en' });
  });

  it('writes a fresh file after the broken one was moved aside', () => {
    const { store, file, dir } = setup();
    writeFileSync(file, 'not json');
    openSettingsStore(store, () => NOW).update((doc) => ({ ...doc, language: 'en' }));
    expect(openSettingsStore(makeStore(dir), () => NOW)).toMatchObject({ problem: null });
  });
});

describe('keeping a file aside', () => {
  it('never overwrites a file kept earlier in the same millisecond', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-aside-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, 'first');
    const first = keepAside(file, NOW);
    writeFileSync(file, 'second');
    const second = keepAside(file, NOW);
    expect(second).not.toBe(first);
    expect(readFileSync(first, 'utf8')).toBe('first');
    expect(readFileSync(second, 'utf8')).toBe('second');
  });
});

describe('the app with a broken settings file', () => {
  it('still starts, in sandbox mode, and shows the problem in Settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-app-'));
    writeFileSync(join(dir, 'settings.json'), '{"version":1,');
    const logged: string[] = [];
    const core = await createAppCore({
      dataDir: dir,
      now: () => NOW,
      log: (message) => logged.push(message),
    });
    await expect(core.dispatch('app:info', undefined)).resolves.toMatchObject({
      ok: true,
      value: { backend: 'sandbox' },
    });
    const settings = await core.dispatch('settings:get', undefined);
    expect(settings).toMatchObject({
      ok: true,
      value: { activeProfileId: 'sandbox', problems: [{ code: 'SETTINGS_FILE_CORRUPT' }] },
    });
    expect(logged[0]).toContain('The settings file is damaged');
    await core.close();
  });
});
