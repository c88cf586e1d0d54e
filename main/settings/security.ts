import type { ErrorCode } from '../errors';
// Settings, credentials and the supervisor PIN, put together for the app core: the stores, the vault,
// the audit log, the IPC handlers of the settings channels, and the two accessors the rest of main
// uses: getActiveProvider() (the profile with its secrets, main-only) and verifySupervisorPin().
//
// Plain Node throughout. The Electron pieces (safeStorage, electron-store, the file dialog) arrive as
// options from main/index.ts; without them the documents are JSON files in dataDir, there is no
// secret storage (nothing secret can be saved) and no file dialog.

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Language } from '../../preload/contract/app';
import type { ProviderName } from '../../preload/contract/providers';
import type {
  ProfileFields,
  ProfileView,
  SettingsView,
  settingsChannels,
} from '../../preload/contract/settings';
import { SANDBOX_PROFILE_ID } from '../../preload/contract/settings';
import { KasirError } from '../errors';
import { SNAP_SERVICES } from '../snap/schemas';
import { loadPrivateKey, loadPublicKey } from '../snap/signature';
import { joinUrl } from '../snap/token-client';
import type { SecretCipher } from '../vault/cipher';
import { unavailableCipher } from '../vault/cipher';
import type { ScryptParams } from '../vault/pin-hash';
import type { PinCheck, PinPolicy, PinUse } from '../vault/supervisor-pin';
import { createSupervisorPin } from '../vault/supervisor-pin';
import type { SecretName } from '../vault/vault';
import { openVault } from '../vault/vault';
import type { AuditLog } from './audit-log';
import { AUDIT_FILE_NAME, openAuditLog } from './audit-log';
import { testConnection } from './connection-test';
import type { DocumentStore } from './document-store';
import { createJsonFileStore } from './document-store';
import {
  generateRsaKeyPair,
  keyInfo,
  parsePrivateKeyPem,
  parsePublicKeyPem,
  publicKeyPem,
  readPemFile,
} from './keys';
import type { LoadProblem } from './load-document';
import type { StoredProfile } from './schema';
import { openSettingsStore } from './settings-store';

export type DocumentName = 'settings' | 'vault';

/** Asks the user for a PEM file; resolves to its path, or undefined when they cancel. */
export type PemPicker = (kind: 'private' | 'provider-public') => Promise<string | undefined>;

export interface SecurityOptions {
  dataDir: string;
  /** Where the settings and vault documents live; JSON files in dataDir by default. */
  documents?: (name: DocumentName) => DocumentStore;
  /** Encrypts vault secrets; Electron's safeStorage in the app. Default: none (nothing secret is stored). */
  cipher?: SecretCipher;
  pickPemFile?: PemPicker;
  fetch?: typeof fetch;
  now?: () => number;
  scrypt?: ScryptParams;
  pinPolicy?: PinPolicy;
  /** Called after every settings change, so the renderer can refresh. */
  onChange?: () => void;
}

/** A SNAP provider profile with everything needed to call it. Main-process only: never send over IPC. */
export interface SnapProviderProfile extends ProfileFields {
  id: string;
  clientSecret: string;
  privateKey: KeyObject;
  /** Verifies the provider's notifications; null until imported. */
  providerPublicKey: KeyObject | null;
}

export type ActiveProvider =
  | { kind: 'sandbox'; variant?: ProviderName }
  | { kind: 'snap'; profile: SnapProviderProfile };

type SettingsChannels = typeof settingsChannels;
export type SettingsHandlers = {
  [C in keyof SettingsChannels]: (
    payload: z.output<SettingsChannels[C]['request']>,
  ) => Promise<z.output<SettingsChannels[C]['response']>>;
};

export interface Security {
  handlers: SettingsHandlers;
  /** Checks the supervisor PIN (lockout and audit included). Say what it authorises in `use`. */
  verifySupervisorPin(pin: string, use?: PinUse): Promise<PinCheck>;
  /** The provider payments go to, with secrets; throws PROVIDER_INCOMPLETE if a secret is missing. */
  getActiveProvider(): Promise<ActiveProvider>;
  language(): Language;
  backend(): 'sandbox' | 'provider';
  /** Files found broken at start and kept aside. */
  problems(): LoadProblem[];
  audit: AuditLog;
  close(): void;
}

const clientSecretName = (id: string): SecretName => `snap/${id}/clientSecret`;
const privateKeyName = (id: string): SecretName => `snap/${id}/privateKey`;

function settingsError(code: ErrorCode, id: string, en: string): KasirError {
  return new KasirError({ code, message: { id, en } });
}

function profileNotFound(id: string): KasirError {
  return settingsError('PROFILE_NOT_FOUND', `Profil "${id}" tidak ada.`, `There is no profile "${id}".`);
}

export function createSecurity(options: SecurityOptions): Security {
  const now = options.now ?? Date.now;
  const documents =
    options.documents ?? ((name) => createJsonFileStore(join(options.dataDir, `${name}.json`)));
  const cipher = options.cipher ?? unavailableCipher;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const changed = () => options.onChange?.();

  const settings = openSettingsStore(documents('settings'), now);
  const vault = openVault({ store: documents('vault'), cipher, now });
  const audit = openAuditLog(join(options.dataDir, AUDIT_FILE_NAME), now);
  const pin = createSupervisorPin({
    vault,
    audit,
    now,
    ...(options.pinPolicy ? { policy: options.pinPolicy } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });

  function findProfile(id: string): StoredProfile {
    const profile = settings.current().profiles.find((p) => p.id === id);
    if (!profile) throw profileNotFound(id);
    return profile;
  }

  function missingOf(profile: StoredProfile): ProfileView['missing'] {
    const missing: ProfileView['missing'] = [];
    if (!vault.has(clientSecretName(profile.id))) missing.push('clientSecret');
    if (!vault.has(privateKeyName(profile.id)) || profile.ownPublicKeyPem === null)
      missing.push('privateKey');
    return missing;
  }

  function profileView(profile: StoredProfile): ProfileView {
    const hasKey = vault.has(privateKeyName(profile.id)) && profile.ownPublicKeyPem !== null;
    return {
      id: profile.id,
      fields: profile.fields,
      clientSecretSet: vault.has(clientSecretName(profile.id)),
      privateKey: hasKey && profile.ownPublicKeyPem ? keyInfo(loadPublicKey(profile.ownPublicKeyPem)) : null,
      providerPublicKey: profile.providerPublicKeyPem
        ? keyInfo(loadPublicKey(profile.providerPublicKeyPem))
        : null,
      missing: missingOf(profile),
    };
  }

  async function view(): Promise<SettingsView> {
    const document = settings.current();
    return {
      language: document.language,
      sandboxVariant: document.sandboxVariant,
      activeProfileId: document.activeProfileId,
      profiles: document.profiles.map(profileView),
      scanner: document.scanner,
      printer: document.printer,
      vault: await vault.status(),
      pin: pin.status(),
      problems: problems(),
    };
  }

  function problems(): LoadProblem[] {
    return [settings.problem, vault.problem].filter((p): p is LoadProblem => p !== null);
  }

  function incomplete(profile: StoredProfile, missing: ProfileView['missing']): KasirError {
    const names = missing.map((m) => (m === 'clientSecret' ? 'client secret' : 'private key')).join(', ');
    return settingsError(
      'PROFILE_INCOMPLETE',
      `Profil "${profile.fields.name}" belum lengkap: ${names} belum diisi.`,
      `Profile "${profile.fields.name}" is not complete: ${names} missing.`,
    );
  }

  async function snapProfile(profile: StoredProfile): Promise<SnapProviderProfile> {
    const missing = missingOf(profile);
    const clientSecret = await vault.get(clientSecretName(profile.id));
    const privatePem = await vault.get(privateKeyName(profile.id));
    if (missing.length > 0 || clientSecret === undefined || privatePem === undefined) {
      throw incomplete(profile, missing);
    }
    return {
      id: profile.id,
      ...profile.fields,
      clientSecret,
      privateKey: loadPrivateKey(privatePem),
      providerPublicKey: profile.providerPublicKeyPem ? loadPublicKey(profile.providerPublicKeyPem) : null,
    };
  }

  function requireReplaceable(profile: StoredProfile, kind: 'private' | 'provider-public', replace: boolean) {
    const present =
      kind === 'private' ? vault.has(privateKeyName(profile.id)) : profile.providerPublicKeyPem !== null;
    if (present && !replace) {
      throw settingsError(
        'KEY_EXISTS',
        kind === 'private'
          ? 'Profil ini sudah punya kunci privat. Menggantinya berarti kunci publik baru harus didaftarkan ulang ke penyedia.'
          : 'Profil ini sudah punya kunci publik penyedia.',
        kind === 'private'
          ? 'This profile already has a private key. Replacing it means registering the new public key with the provider again.'
          : 'This profile already has the provider’s public key.',
      );
    }
  }

  async function storePrivateKey(
    profile: StoredProfile,
    key: KeyObject,
    pkcs8Pem: string,
    how: 'generate' | 'import',
  ) {
    await vault.put(privateKeyName(profile.id), pkcs8Pem);
    settings.update((doc) => ({
      ...doc,
      profiles: doc.profiles.map((p) =>
        p.id === profile.id ? { ...p, ownPublicKeyPem: publicKeyPem(key) } : p,
      ),
    }));
    audit.append({
      action: how === 'generate' ? 'key.generate' : 'key.import',
      outcome: 'ok',
      reference: profile.id,
      detail: `private key ${keyInfo(key).fingerprint}`,
    });
    changed();
  }

  const handlers: SettingsHandlers = {
    'settings:get': () => view(),

    async 'settings:general:save'(general) {
      settings.update((doc) => ({ ...doc, ...general }));
      changed();
      return view();
    },

    async 'settings:profile:save'({ id, fields, clientSecret }) {
      const profileId = id ?? `p-${randomBytes(4).toString('hex')}`;
      const existing = settings.current().profiles.find((p) => p.id === profileId);
      if (id !== undefined && !existing) throw profileNotFound(id);
      // The secret first: if the vault refuses it, nothing about the profile has changed yet.
      if (clientSecret !== undefined) {
        await vault.put(clientSecretName(profileId), clientSecret);
        audit.append({
          action: 'secret.store',
          outcome: 'ok',
          reference: profileId,
          detail: 'client secret',
        });
      }
      settings.update((doc) => ({
        ...doc,
        profiles: existing
          ? doc.profiles.map((p) => (p.id === profileId ? { ...p, fields } : p))
          : [...doc.profiles, { id: profileId, fields, ownPublicKeyPem: null, providerPublicKeyPem: null }],
      }));
      audit.append({
        action: 'profile.save',
        outcome: existing ? 'updated' : 'created',
        reference: profileId,
      });
      changed();
      return { profileId, settings: await view() };
    },

    async 'settings:profile:delete'({ profileId }) {
      findProfile(profileId);
      if (settings.current().activeProfileId === profileId) {
        throw settingsError(
          'PROFILE_ACTIVE',
          'Profil yang sedang aktif tidak dapat dihapus. Aktifkan profil lain (misalnya Sandbox) dulu.',
          'The active profile cannot be deleted. Make another profile (such as Sandbox) active first.',
        );
      }
      settings.update((doc) => ({ ...doc, profiles: doc.profiles.filter((p) => p.id !== profileId) }));
      vault.delete(clientSecretName(profileId));
      vault.delete(privateKeyName(profileId));
      audit.append({ action: 'profile.delete', outcome: 'ok', reference: profileId });
      changed();
      return view();
    },

    async 'settings:profile:activate'({ profileId }) {
      // Decrypting the secrets now finds a broken vault here rather than at the first payment.
      if (profileId !== SANDBOX_PROFILE_ID) await snapProfile(findProfile(profileId));
      settings.update((doc) => ({ ...doc, activeProfileId: profileId }));
      audit.append({ action: 'profile.activate', outcome: 'ok', reference: profileId });
      changed();
      return view();
    },

    async 'settings:profile:test'({ profileId }) {
      const profile = findProfile(profileId);
      const missing = missingOf(profile);
      const privatePem = missing.includes('privateKey')
        ? undefined
        : await vault.get(privateKeyName(profileId));
      if (privatePem === undefined) {
        const error = incomplete(profile, missing.length > 0 ? missing : ['privateKey']);
        return {
          ok: false,
          outcome: 'incomplete',
          message: error.messages,
          url: joinUrl(profile.fields.baseUrl, profile.fields.pathPrefix, SNAP_SERVICES.tokenB2b.path).href,
          httpStatus: null,
          responseCode: null,
          responseMessage: null,
          timestamp: null,
          stringToSign: null,
          publicKeyFingerprint: null,
          clockSkewMs: null,
          networkCode: null,
          expiresInSeconds: null,
          elapsedMs: 0,
        };
      }
      return testConnection(
        {
          baseUrl: profile.fields.baseUrl,
          provider: profile.fields.provider,
          pathPrefix: profile.fields.pathPrefix,
          clientKey: profile.fields.clientKey,
          privateKey: loadPrivateKey(privatePem),
          utcOffset: profile.fields.utcOffset,
          timeoutMs: profile.fields.timeouts.tokenMs,
        },
        { fetch: fetchImpl, clock: () => new Date(now()) },
      );
    },

    async 'settings:key:generate'({ profileId, replace }) {
      const profile = findProfile(profileId);
      requireReplaceable(profile, 'private', replace);
      await vault.requireStorable();
      const { privateKey } = await generateRsaKeyPair();
      await storePrivateKey(
        profile,
        privateKey,
        String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
        'generate',
      );
      return { publicKeyPem: publicKeyPem(privateKey), key: keyInfo(privateKey), settings: await view() };
    },

    async 'settings:key:import'({ profileId, kind, replace }) {
      const profile = findProfile(profileId);
      requireReplaceable(profile, kind, replace);
      if (!options.pickPemFile) {
        throw settingsError(
          'DIALOG_UNAVAILABLE',
          'Dialog pemilihan file tidak tersedia di sini.',
          'No file dialog is available here.',
        );
      }
      const path = await options.pickPemFile(kind);
      if (path === undefined) return { cancelled: true };
      const text = await readPemFile(path);
      if (kind === 'private') {
        const { key, pkcs8Pem } = parsePrivateKeyPem(text);
        await storePrivateKey(profile, key, pkcs8Pem, 'import');
        return { cancelled: false, key: keyInfo(key), settings: await view() };
      }
      const { key, spkiPem } = parsePublicKeyPem(text);
      settings.update((doc) => ({
        ...doc,
        profiles: doc.profiles.map((p) => (p.id === profileId ? { ...p, providerPublicKeyPem: spkiPem } : p)),
      }));
      audit.append({
        action: 'key.import',
        outcome: 'ok',
        reference: profileId,
        detail: `provider public key ${keyInfo(key).fingerprint}`,
      });
      changed();
      return { cancelled: false, key: keyInfo(key), settings: await view() };
    },

    async 'settings:key:public'({ profileId }) {
      const profile = findProfile(profileId);
      if (profile.ownPublicKeyPem === null || !vault.has(privateKeyName(profileId))) {
        throw settingsError(
          'KEY_MISSING',
          'Profil ini belum punya kunci. Buat pasangan kunci atau impor kunci privat dulu.',
          'This profile has no key yet. Generate a key pair or import a private key first.',
        );
      }
      const key = loadPublicKey(profile.ownPublicKeyPem);
      return { publicKeyPem: publicKeyPem(key), key: keyInfo(key) };
    },

    async 'settings:vault:accept-unprotected'() {
      const status = await vault.acceptUnprotected();
      audit.append({ action: 'vault.accept-unprotected', outcome: 'ok', detail: status.backend });
      changed();
      return view();
    },

    async 'settings:pin:set'({ currentPin, newPin }) {
      await pin.set({ currentPin, newPin });
      changed();
      return view();
    },

    async 'settings:audit:list'() {
      return { entries: audit.recent(200) };
    },
  };

  return {
    handlers,
    verifySupervisorPin: (value, use = { purpose: 'unspecified' }) => pin.verify(value, use),
    async getActiveProvider() {
      const { activeProfileId } = settings.current();
      if (activeProfileId === SANDBOX_PROFILE_ID) {
        return { kind: 'sandbox', variant: settings.current().sandboxVariant };
      }
      return { kind: 'snap', profile: await snapProfile(findProfile(activeProfileId)) };
    },
    language: () => settings.current().language,
    backend: () => (settings.current().activeProfileId === SANDBOX_PROFILE_ID ? 'sandbox' : 'provider'),
    problems,
    audit,
    close: () => audit.close(),
  };
}
