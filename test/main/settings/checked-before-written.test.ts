// A settings change that cannot be kept leaves nothing behind. Every save that writes the vault and the
// settings file judges the whole change first: refused, it stores no secret, writes no file and records
// nothing as done, and answers a code with the reason (a 21st profile says the limit). When a write
// fails after the vault was written (a full disk), the secrets go back as they were, and an answer says
// so whenever something could not be undone. Each against the real app core with its real files; a
// full disk is the settings or vault document refusing its writes.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import type { DocumentStore } from '../../../main/settings/document-store';
import { createJsonFileStore } from '../../../main/settings/document-store';
import { keyFingerprint } from '../../../main/settings/keys';
import { MAX_PROFILES } from '../../../main/settings/schema';
import type { DocumentName } from '../../../main/settings/security';
import { openSettingsStore } from '../../../main/settings/settings-store';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { IpcResult } from '../../../preload/contract';
import type { AuditEntry, SettingsView } from '../../../preload/contract/settings';
import {
  CHEAP_SCRYPT,
  CLIENT_SECRET,
  expectOk,
  PRIVATE_KEY_FILE,
  PROFILE_FIELDS,
  SPARE_CLIENT_SECRET,
  SUPERVISOR_PIN,
} from '../security/support/configured-app';

type KeyKind = 'private' | 'provider-public';

interface Till {
  core: AppCore;
  dataDir: string;
  /** Complete (client secret, our key, the provider's key) and active. */
  profileId: string;
  /** A second profile with a client secret only, never active. */
  spareProfileId: string;
  /** Imports this PEM for the active profile, replacing its key, with the PIN, as Settings would. */
  importKey(kind: KeyKind, pem: string): Promise<IpcResult<unknown>>;
  /** From now on every write of this document fails as on a full disk. */
  failWrites(name: DocumentName): void;
}

let till: Till | undefined;
afterEach(async () => {
  await till?.core.close();
  till = undefined;
});

const keyDir = mkdtempSync(join(tmpdir(), 'kasir-keys-'));

function pemFile(name: string, pem: string): string {
  const path = join(keyDir, `${name}-${randomBytes(4).toString('hex')}.pem`);
  writeFileSync(path, pem);
  return path;
}

const providerKeyPem = () =>
  String(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }),
  );

/** A valid RSA key of 48,000 bits (random numbers, never used to sign): its public PEM is 8,230 characters. */
function oversizedRsa(): { privatePem: string; publicPem: string } {
  const number = (bytes: number) => {
    const value = randomBytes(bytes);
    value[0] = (value[0] ?? 0) | 0x80;
    value[bytes - 1] = (value[bytes - 1] ?? 0) | 1;
    return value.toString('base64url');
  };
  const key = createPrivateKey({
    key: {
      kty: 'RSA',
      n: number(6000),
      e: 'AQAB',
      d: number(5990),
      p: number(3000),
      q: number(3000),
      dp: number(2990),
      dq: number(2990),
      qi: number(2990),
    },
    format: 'jwk',
  });
  return {
    privatePem: String(key.export({ type: 'pkcs8', format: 'pem' })),
    publicPem: String(createPublicKey(key).export({ type: 'spki', format: 'pem' })),
  };
}

async function openTill(options: { pin?: boolean } = {}): Promise<Till> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kasir-checked-'));
  const failing = new Set<DocumentName>();
  const documents = (name: DocumentName): DocumentStore => {
    const file = createJsonFileStore(join(dataDir, `${name}.json`));
    return {
      path: file.path,
      read: () => file.read(),
      write(document) {
        if (failing.has(name)) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        file.write(document);
      },
    };
  };
  const keyFiles = { private: PRIVATE_KEY_FILE, 'provider-public': pemFile('provider', providerKeyPem()) };
  const core = await createAppCore({
    dataDir,
    security: {
      cipher: createKeyCipher(randomBytes(32)),
      scrypt: CHEAP_SCRYPT,
      documents,
      pickPemFile: async (kind) => keyFiles[kind],
    },
  });
  const save = (fields: object, clientSecret: string) =>
    expectOk<{ profileId: string }>(core.dispatch('settings:profile:save', { fields, clientSecret }));
  const { profileId } = await save(PROFILE_FIELDS, CLIENT_SECRET);
  for (const kind of ['private', 'provider-public'] as const) {
    await expectOk(core.dispatch('settings:key:import', { profileId, kind, replace: false }));
  }
  await expectOk(core.dispatch('settings:profile:activate', { profileId }));
  const spare = await save({ ...PROFILE_FIELDS, name: 'Cadangan' }, SPARE_CLIENT_SECRET);
  if (options.pin !== false) {
    await expectOk(core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
  }
  return {
    core,
    dataDir,
    profileId,
    spareProfileId: spare.profileId,
    importKey(kind, pem) {
      keyFiles[kind] = pemFile(kind, pem);
      return core.dispatch('settings:key:import', {
        profileId,
        kind,
        replace: true,
        supervisorPin: SUPERVISOR_PIN,
      });
    },
    failWrites: (name) => failing.add(name),
  };
}

/** The settings file and the vault file as they are now. */
function filesOf(target: Till) {
  return {
    settings: readFileSync(join(target.dataDir, 'settings.json'), 'utf8'),
    vault: readFileSync(join(target.dataDir, 'vault.json'), 'utf8'),
  };
}

async function auditOf(target: Till): Promise<AuditEntry[]> {
  return (await expectOk<{ entries: AuditEntry[] }>(target.core.dispatch('settings:audit:list', undefined)))
    .entries;
}

/** What the audit log gained since `before`, as action and outcome. */
async function recordedSince(target: Till, before: AuditEntry[]): Promise<string[]> {
  const seen = new Set(before.map((entry) => entry.id));
  return (await auditOf(target))
    .filter((entry) => !seen.has(entry.id))
    .map((entry) => `${entry.action} ${entry.outcome}`);
}

function refusal(result: IpcResult<unknown>) {
  if (result.ok) throw new Error('the change went through');
  return result.error;
}

const settingsOf = (target: Till) => expectOk<SettingsView>(target.core.dispatch('settings:get', undefined));
const publicKeyOf = async (target: Till) =>
  (
    await expectOk<{ key: { fingerprint: string } }>(
      target.core.dispatch('settings:key:public', { profileId: target.profileId }),
    )
  ).key.fingerprint;

describe('a provider profile beyond the limit', () => {
  async function tillWithAllProfiles(): Promise<Till> {
    const full = await openTill();
    for (let n = 2; n < MAX_PROFILES; n += 1) {
      await expectOk(
        full.core.dispatch('settings:profile:save', {
          fields: { ...PROFILE_FIELDS, name: `Profil ${n}` },
          supervisorPin: SUPERVISOR_PIN,
        }),
      );
    }
    expect((await settingsOf(full)).profiles).toHaveLength(MAX_PROFILES);
    return full;
  }

  const oneMore = (target: Till) =>
    target.core.dispatch('settings:profile:save', {
      fields: { ...PROFILE_FIELDS, name: 'Satu lagi' },
      clientSecret: 'a-secret-for-no-profile',
      supervisorPin: SUPERVISOR_PIN,
    });

  it('is refused with PROFILE_LIMIT_REACHED, saying how many profiles the settings hold', async () => {
    till = await tillWithAllProfiles();
    const error = refusal(await oneMore(till));
    expect(error.code).toBe('PROFILE_LIMIT_REACHED');
    expect(error.message.id).toContain(`${MAX_PROFILES} profil penyedia`);
    expect(error.message.en).toContain(`${MAX_PROFILES} provider profiles`);
  });

  it('stores no secret, writes no file and records nothing, not even the PIN check', async () => {
    till = await tillWithAllProfiles();
    const [files, audit] = [filesOf(till), await auditOf(till)];
    await oneMore(till);
    expect(filesOf(till)).toEqual(files);
    expect(await recordedSince(till, audit)).toEqual([]);
  });
});

describe('a key too long for the settings file', () => {
  const KEYS: Array<[string, KeyKind, (key: ReturnType<typeof oversizedRsa>) => string]> = [
    [
      'from the provider, to which the profile’s secrets would be sealed,',
      'provider-public',
      (k) => k.publicPem,
    ],
    ['of our own, which would take the place of the key in the vault,', 'private', (k) => k.privatePem],
  ];

  // The files as they were: nothing of the key is kept, and the profile's secrets open as before.
  it.each(KEYS)('%s is refused before anything is written', async (_whose, kind, pemOf) => {
    till = await openTill();
    const pem = pemOf(oversizedRsa());
    const [files, audit] = [filesOf(till), await auditOf(till)];
    const error = refusal(await till.importKey(kind, pem));
    expect(error).toMatchObject({
      code: 'SETTINGS_INVALID',
      message: { en: expect.stringContaining('8000') },
    });
    expect(filesOf(till)).toEqual(files);
    expect(await recordedSince(till, audit)).toEqual(['pin.verify ok']);
  });
});

describe('a settings file the disk refuses to write', () => {
  it('leaves no client secret in the vault for a new profile it could not save', async () => {
    till = await openTill();
    const [files, audit] = [filesOf(till), await auditOf(till)];
    till.failWrites('settings');
    const error = refusal(
      await till.core.dispatch('settings:profile:save', {
        fields: { ...PROFILE_FIELDS, name: 'Baru' },
        clientSecret: 'a-secret-for-no-profile',
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    expect(error).toMatchObject({
      code: 'SETTINGS_WRITE_FAILED',
      message: { en: expect.stringContaining('ENOSPC') },
    });
    expect(filesOf(till)).toEqual(files);
    expect(await recordedSince(till, audit)).toEqual(['pin.verify ok']);
  });

  it('keeps our key as it was when the new one’s public half cannot be saved with the profile', async () => {
    till = await openTill();
    const shown = await publicKeyOf(till);
    till.failWrites('settings');
    const error = refusal(
      await till.core.dispatch('settings:key:generate', {
        profileId: till.profileId,
        replace: true,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    expect(error.code).toBe('SETTINGS_WRITE_FAILED');
    expect(await publicKeyOf(till)).toBe(shown);
    const active = await till.core.security.getActiveProvider();
    if (active.kind !== 'snap') throw new Error('the profile is not active');
    expect(keyFingerprint(active.profile.privateKey)).toBe(shown);
  });

  it('leaves the secrets sealed to the profile as saved when a new provider key cannot be saved', async () => {
    till = await openTill();
    till.failWrites('settings');
    const error = refusal(await till.importKey('provider-public', providerKeyPem()));
    expect(error.code).toBe('SETTINGS_WRITE_FAILED');
    await expect(till.core.security.getActiveProvider()).resolves.toMatchObject({
      profile: { clientSecret: CLIENT_SECRET },
    });
  });

  it('does not set a first PIN it could not record, and says so', async () => {
    till = await openTill({ pin: false });
    const vaultBefore = filesOf(till).vault;
    till.failWrites('settings');
    const error = refusal(await till.core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
    expect(error).toMatchObject({
      code: 'SETTINGS_WRITE_FAILED',
      message: { en: expect.stringContaining('The supervisor PIN was not set') },
    });
    expect((await settingsOf(till)).pin.set).toBe(false);
    expect(filesOf(till).vault).toBe(vaultBefore);
  });
});

describe('a vault the disk refuses to write', () => {
  it('still deletes the profile, and the answer says its secrets stayed in the vault', async () => {
    till = await openTill();
    till.failWrites('vault');
    const error = refusal(
      await till.core.dispatch('settings:profile:delete', {
        profileId: till.spareProfileId,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    expect(error).toMatchObject({
      code: 'SETTINGS_WRITE_FAILED',
      message: {
        en: expect.stringMatching(/was deleted, but its secrets could not be removed from the vault/),
      },
    });
    expect((await settingsOf(till)).profiles.map((p) => p.id)).toEqual([till.profileId]);
  });
});

describe('the settings store', () => {
  const NOW = Date.UTC(2026, 0, 5);

  it('refuses a change the schema does not pass with SETTINGS_INVALID, writing nothing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kasir-store-')), 'settings.json');
    const store = openSettingsStore(createJsonFileStore(path), () => NOW);
    store.update((doc) => ({ ...doc, language: 'en' }));
    const written = readFileSync(path, 'utf8');
    expect(() => store.update((doc) => ({ ...doc, activeProfileId: 'p-nowhere' }))).toThrow(
      expect.objectContaining({ code: 'SETTINGS_INVALID' }),
    );
    expect(readFileSync(path, 'utf8')).toBe(written);
    expect(store.current().activeProfileId).toBe('sandbox');
  });

  it('answers SETTINGS_WRITE_FAILED when the disk refuses, keeping the settings as they were', () => {
    const file = createJsonFileStore(join(mkdtempSync(join(tmpdir(), 'kasir-store-')), 'settings.json'));
    const store = openSettingsStore(
      {
        path: file.path,
        read: () => file.read(),
        write: () => {
          throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
        },
      },
      () => NOW,
    );
    expect(() => store.update((doc) => ({ ...doc, language: 'en' }))).toThrow(
      expect.objectContaining({ code: 'SETTINGS_WRITE_FAILED', message: expect.stringContaining('EROFS') }),
    );
    expect(store.current().language).toBe('id');
  });
});
