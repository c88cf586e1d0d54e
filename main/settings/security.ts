import type { ErrorCode, LocalizedText } from '../errors';
// Settings, credentials and the supervisor PIN, put together for the app core: the stores, the vault,
// the audit log, the IPC handlers of the settings channels, and the two accessors the rest of main
// uses: getActiveProvider() (the profile with its secrets, main-only) and verifySupervisorPin().
// Once a PIN is set, every change to where payments go needs it (supervisor-gate.ts) and is audited
// with who made it and what changed; a profile's secrets are sealed to the profile as saved
// (profile-binding.ts); a PIN lost with the vault is set again only with a client secret.
//
// Plain Node throughout. The Electron pieces (safeStorage, electron-store, the file dialog) arrive as
// options from main/index.ts; without them the documents are JSON files in dataDir, there is no
// secret storage (nothing secret can be saved) and no file dialog.

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Language } from '../../preload/contract/app';
import type { PpobPricing } from '../../preload/contract/ppob';
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
import type { AuditInput, AuditLog } from './audit-log';
import { AUDIT_FILE_NAME, openAuditLog } from './audit-log';
import { changedKeys, describePricingChange, describeProfileChange } from './change-detail';
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
import { requirePricingWithinLimit } from './pricing-limit';
import {
  clientSecretCheck,
  installBinding,
  matchesClientSecretCheck,
  profileBinding,
  sameSecret,
} from './profile-binding';
import type { SettingsDocument, StoredProfile } from './schema';
import { MAX_PROFILES } from './schema';
import type { SettingsChange } from './settings-store';
import { openSettingsStore } from './settings-store';
import { createSupervisorGate } from './supervisor-gate';

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
  /** The owner's PPOB prices and deposit thresholds, as saved. */
  ppobPricing(): PpobPricing;
  backend(): 'sandbox' | 'provider';
  /** Files found broken at start and kept aside. */
  problems(): LoadProblem[];
  audit: AuditLog;
  close(): void;
}

const PIN_SECRET_NAME: SecretName = 'supervisorPin';
const clientSecretName = (id: string): SecretName => `snap/${id}/clientSecret`;
const privateKeyName = (id: string): SecretName => `snap/${id}/privateKey`;

function settingsError(code: ErrorCode, id: string, en: string): KasirError {
  return new KasirError({ code, message: { id, en } });
}

function profileNotFound(id: string): KasirError {
  return settingsError('PROFILE_NOT_FOUND', `Profil "${id}" tidak ada.`, `There is no profile "${id}".`);
}

function tooManyProfiles(): KasirError {
  return settingsError(
    'PROFILE_LIMIT_REACHED',
    `Sudah ada ${MAX_PROFILES} profil penyedia, jumlah terbanyak yang dapat disimpan. Hapus profil yang tidak dipakai dulu. Profil baru tidak disimpan.`,
    `There are already ${MAX_PROFILES} provider profiles, the most that can be saved. Delete one that is not used first. The new profile was not saved.`,
  );
}

/** What a vault entry held before a change wrote it, to put it back if the settings cannot follow. */
type PriorSecret = { kind: 'absent' } | { kind: 'value'; value: string } | { kind: 'unreadable' };

/** The words of an error that is passed on with more said after it. */
function wordsOf(error: unknown): LocalizedText {
  return error instanceof KasirError
    ? error.messages
    : { id: 'Perubahan tidak dapat disimpan.', en: 'The change could not be saved.' };
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
  /** This install's id, made (and kept in the settings) the first time a secret needs it. */
  function installId(): string {
    const current = settings.current().installId;
    if (current !== undefined) return current;
    const made = randomBytes(16).toString('hex');
    settings.update((doc) => ({ ...doc, installId: made }));
    return made;
  }

  const pin = createSupervisorPin({
    vault,
    audit,
    now,
    binding: () => installBinding(installId()),
    // Two witnesses outside the vault: losing (or emptying) the vault does not erase that a PIN existed.
    pinWasSet: () => typeof settings.current().pinSetAt === 'number' || audit.pinEverSet(),
    notePinSet: (at) => {
      if (typeof settings.current().pinSetAt === 'number') return;
      try {
        settings.update((doc) => ({ ...doc, pinSetAt: at }));
      } catch (error) {
        // The PIN went into the vault first. Without this witness a lost vault would pass for a new
        // till, open to anyone, so the PIN comes out again and the answer says it was not set.
        const said = wordsOf(error);
        try {
          vault.delete(PIN_SECRET_NAME);
        } catch {
          throw new KasirError({
            code: 'SETTINGS_WRITE_FAILED',
            message: {
              id: `${said.id} PIN supervisor tersimpan di brankas, tetapi pengaturan tidak mencatatnya: ganti PIN sekali lagi setelah masalahnya diperbaiki.`,
              en: `${said.en} The supervisor PIN is in the vault, but the settings do not record it: change the PIN once more when the problem is fixed.`,
            },
            cause: error,
          });
        }
        throw new KasirError({
          code: error instanceof KasirError ? error.code : 'SETTINGS_WRITE_FAILED',
          message: {
            id: `${said.id} PIN supervisor tidak diatur.`,
            en: `${said.en} The supervisor PIN was not set.`,
          },
          cause: error,
        });
      }
    },
    ...(options.pinPolicy ? { policy: options.pinPolicy } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });
  const authorize = createSupervisorGate(pin);
  const record = (entry: AuditInput) => audit.append(entry);

  const secretGet = (profile: StoredProfile, name: SecretName) =>
    vault.get(name, profileBinding(installId(), profile));
  const secretPut = (profile: StoredProfile, name: SecretName, value: string) =>
    vault.put(name, value, profileBinding(installId(), profile));

  /**
   * Seals the profile's secrets again after a change to what they are bound to. One that no longer
   * opens (its profile was edited outside the app) stays as it is: it must be entered again.
   */
  async function rebind(
    before: StoredProfile,
    after: StoredProfile,
    writes: SecretWrites,
    skip: SecretName[] = [],
  ): Promise<void> {
    if (profileBinding(installId(), before) === profileBinding(installId(), after)) return;
    for (const name of [clientSecretName(before.id), privateKeyName(before.id)]) {
      if (skip.includes(name) || !vault.has(name)) continue;
      let value: string | undefined;
      try {
        value = await secretGet(before, name);
      } catch {
        continue;
      }
      if (value !== undefined) await writes.put(after, name, value);
    }
  }

  interface SecretWrites {
    put(profile: StoredProfile, name: SecretName, value: string): Promise<void>;
    /** Puts every entry written back as it was (sealed to the owner again, or removed); false if one could not be. */
    undo(): Promise<boolean>;
  }

  /**
   * The vault writes of one change to a profile, each entry's earlier value read first. `owner` is the
   * profile as the settings hold it until the change is saved (undefined for a new one).
   */
  function secretWrites(owner: StoredProfile | undefined): SecretWrites {
    const written = new Map<SecretName, PriorSecret>();
    async function priorOf(name: SecretName): Promise<PriorSecret> {
      if (!vault.has(name)) return { kind: 'absent' };
      if (!owner) return { kind: 'unreadable' };
      try {
        const value = await secretGet(owner, name);
        return value === undefined ? { kind: 'absent' } : { kind: 'value', value };
      } catch {
        return { kind: 'unreadable' };
      }
    }
    return {
      async put(profile, name, value) {
        const prior = written.get(name) ?? (await priorOf(name));
        await secretPut(profile, name, value);
        written.set(name, prior);
      },
      async undo() {
        let all = true;
        for (const [name, prior] of written) {
          try {
            if (prior.kind === 'absent') vault.delete(name);
            else if (prior.kind === 'value' && owner) await secretPut(owner, name, prior.value);
            else all = false;
          } catch {
            all = false;
          }
        }
        return all;
      },
    };
  }

  /**
   * A change that writes secrets and then the settings that go with them. The whole change is judged
   * first (nothing is written when it would not pass), then the vault is written, then the settings;
   * when a write fails, the secrets already written are put back as they were, and when even that
   * fails the error says so, so an answer never claims nothing changed when something did.
   */
  async function sealThenSave(
    owner: StoredProfile | undefined,
    change: SettingsChange,
    seal: (writes: SecretWrites) => Promise<void>,
  ): Promise<void> {
    settings.check(change);
    const writes = secretWrites(owner);
    try {
      await seal(writes);
      settings.update(change);
    } catch (error) {
      if (await writes.undo()) throw error;
      const said = wordsOf(error);
      throw new KasirError({
        code: 'SETTINGS_WRITE_FAILED',
        message: owner
          ? {
              id: `${said.id} Rahasia profil "${owner.fields.name}" di brankas tidak dapat dikembalikan seperti semula: masukkan ulang client secret dan kunci privatnya di Pengaturan.`,
              en: `${said.en} The secrets of profile "${owner.fields.name}" in the vault could not be put back as they were: enter its client secret and private key again in Settings.`,
            }
          : {
              id: `${said.id} Client secret yang sudah masuk ke brankas tidak dapat dihapus lagi; rahasia itu tidak dipakai untuk apa pun.`,
              en: `${said.en} The client secret already put in the vault could not be removed again; it is not used for anything.`,
            },
        cause: error,
      });
    }
  }

  const replacing =
    (next: StoredProfile): SettingsChange =>
    (doc: SettingsDocument) => ({
      ...doc,
      profiles: doc.profiles.map((p) => (p.id === next.id ? next : p)),
    });

  function replaceProfile(next: StoredProfile): void {
    settings.update(replacing(next));
  }

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

  /** Whether the client secret a supervisor enters can be checked against this profile. */
  async function canCheckSecret(profile: StoredProfile): Promise<boolean> {
    if (typeof profile.clientSecretCheck === 'string') return true;
    try {
      return (await secretGet(profile, clientSecretName(profile.id))) !== undefined;
    } catch {
      return false;
    }
  }

  /** The profiles whose client secret may stand in for a lost PIN: the active one, or any in sandbox mode. */
  async function recoveryProfiles(): Promise<StoredProfile[]> {
    const document = settings.current();
    const candidates =
      document.activeProfileId === SANDBOX_PROFILE_ID
        ? document.profiles
        : document.profiles.filter((p) => p.id === document.activeProfileId);
    const checkable: StoredProfile[] = [];
    for (const profile of candidates) if (await canCheckSecret(profile)) checkable.push(profile);
    return checkable;
  }

  async function secretMatches(profile: StoredProfile, clientSecret: string): Promise<boolean> {
    try {
      const stored = await secretGet(profile, clientSecretName(profile.id));
      if (stored !== undefined) return sameSecret(stored, clientSecret);
    } catch {
      // The vault no longer opens: the check kept beside the profile decides.
    }
    return typeof profile.clientSecretCheck === 'string'
      ? matchesClientSecretCheck(profile.id, clientSecret, profile.clientSecretCheck)
      : false;
  }

  async function view(): Promise<SettingsView> {
    const document = settings.current();
    const status = await pin.status();
    return {
      language: document.language,
      sandboxVariant: document.sandboxVariant,
      activeProfileId: document.activeProfileId,
      profiles: document.profiles.map(profileView),
      scanner: document.scanner,
      printer: document.printer,
      vault: await vault.status(),
      pin: {
        set: status.set,
        lockedUntil: status.lockedUntil,
        failedAttempts: status.failedAttempts,
        recovery:
          status.lost === null
            ? null
            : {
                reason: status.lost,
                profiles: (await recoveryProfiles()).map((p) => ({ id: p.id, name: p.fields.name })),
              },
      },
      problems: problems(),
      ppob: document.ppob,
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
    const clientSecret = await secretGet(profile, clientSecretName(profile.id));
    const privatePem = await secretGet(profile, privateKeyName(profile.id));
    if (missing.length > 0 || clientSecret === undefined || privatePem === undefined) {
      throw incomplete(profile, missing);
    }
    // A profile saved before secrets had a check beside them gets one now, while the secret opens.
    if (typeof profile.clientSecretCheck !== 'string') {
      const check = await clientSecretCheck(profile.id, clientSecret, options.scrypt);
      replaceProfile({ ...findProfile(profile.id), clientSecretCheck: check });
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
    actor: string,
  ) {
    const replaced = profile.ownPublicKeyPem
      ? keyInfo(loadPublicKey(profile.ownPublicKeyPem)).fingerprint
      : null;
    const current = findProfile(profile.id);
    // The key and the public half shown for it change together, or neither does.
    await sealThenSave(current, replacing({ ...current, ownPublicKeyPem: publicKeyPem(key) }), (writes) =>
      writes.put(current, privateKeyName(profile.id), pkcs8Pem),
    );
    record({
      action: how === 'generate' ? 'key.generate' : 'key.import',
      outcome: 'ok',
      reference: profile.id,
      actor,
      detail: `private key ${keyInfo(key).fingerprint}${replaced ? `, replacing ${replaced}` : ''}`,
    });
    changed();
  }

  /**
   * A new PIN in place of a lost one: only with the client secret of the active profile (any profile
   * while the sandbox is active), which the integrator holds and a cashier does not. With no profile
   * able to check one, the PIN is set and the log says it was not verified.
   */
  async function recoverPin(
    newPin: string,
    recovery: { profileId: string; clientSecret: string } | undefined,
  ): Promise<void> {
    const eligible = await recoveryProfiles();
    if (eligible.length === 0) {
      await pin.recover({
        newPin,
        verifiedBy: 'not verified: no provider profile could check a client secret',
      });
      return;
    }
    const names = eligible.map((p) => `"${p.fields.name}"`).join(', ');
    const profile = eligible.find((p) => p.id === recovery?.profileId);
    if (!recovery || !profile) {
      record({
        action: 'pin.recover',
        outcome: 'rejected',
        purpose: 'settings',
        detail: 'no client secret given',
      });
      throw settingsError(
        'PIN_RECOVERY_REQUIRED',
        `PIN supervisor pernah diatur, tetapi brankas rahasia hilang atau tidak dapat dibuka. Untuk mengatur PIN baru, masukkan client secret profil ${names}.`,
        `A supervisor PIN was set, but the secrets vault is missing or cannot be opened. To set a new PIN, enter the client secret of profile ${names}.`,
      );
    }
    if (!(await secretMatches(profile, recovery.clientSecret))) {
      record({
        action: 'pin.recover',
        outcome: 'rejected',
        purpose: 'settings',
        reference: profile.id,
        detail: 'wrong client secret',
      });
      throw settingsError(
        'PIN_RECOVERY_SECRET_WRONG',
        `Client secret itu bukan milik profil "${profile.fields.name}". PIN tidak diubah.`,
        `That is not the client secret of profile "${profile.fields.name}". The PIN was not changed.`,
      );
    }
    await pin.recover({ newPin, verifiedBy: `client secret of profile ${profile.id} matched` });
    // The vault may have been started anew: the secret that proved who is asking goes back in.
    const current = findProfile(profile.id);
    let stored: string | undefined;
    try {
      stored = await secretGet(current, clientSecretName(current.id));
    } catch {
      stored = undefined;
    }
    if (stored === undefined) await secretPut(current, clientSecretName(current.id), recovery.clientSecret);
  }

  const handlers: SettingsHandlers = {
    'settings:get': () => view(),

    async 'settings:general:save'(general) {
      const before = settings.current();
      settings.update((doc) => ({ ...doc, ...general }));
      const keys = changedKeys(before, settings.current());
      if (keys.length > 0) {
        // Language, scanner and printer move no money: no PIN, but still on record.
        record({ action: 'settings.general', outcome: 'ok', actor: 'cashier', detail: keys.join(', ') });
      }
      changed();
      return view();
    },

    async 'settings:profile:save'({ id, fields, clientSecret, supervisorPin }) {
      const profileId = id ?? `p-${randomBytes(4).toString('hex')}`;
      const existing = settings.current().profiles.find((p) => p.id === profileId);
      if (id !== undefined && !existing) throw profileNotFound(id);
      const next: StoredProfile = existing
        ? { ...existing, fields }
        : {
            id: profileId,
            fields,
            ownPublicKeyPem: null,
            providerPublicKeyPem: null,
            clientSecretCheck: null,
          };
      const saving: SettingsChange = (doc) => {
        if (existing) return replacing(next)(doc);
        if (doc.profiles.length >= MAX_PROFILES) throw tooManyProfiles();
        return { ...doc, profiles: [...doc.profiles, next] };
      };
      // Judged before the PIN is even asked: a save that cannot be kept writes, and records, nothing.
      settings.check(saving);
      const actor = await authorize(supervisorPin, { purpose: 'profile.save', reference: profileId });
      if (clientSecret !== undefined) {
        next.clientSecretCheck = await clientSecretCheck(profileId, clientSecret, options.scrypt);
      }
      await sealThenSave(existing, saving, async (writes) => {
        if (clientSecret !== undefined) await writes.put(next, clientSecretName(profileId), clientSecret);
        if (existing) {
          await rebind(
            existing,
            next,
            writes,
            clientSecret === undefined ? [] : [clientSecretName(profileId)],
          );
        }
      });
      if (clientSecret !== undefined) {
        record({
          action: 'secret.store',
          outcome: 'ok',
          reference: profileId,
          actor,
          detail: 'client secret',
        });
      }
      record({
        action: 'profile.save',
        outcome: existing ? 'updated' : 'created',
        reference: profileId,
        actor,
        detail: describeProfileChange(
          existing?.fields,
          fields,
          clientSecret === undefined ? 'kept' : 'replaced',
        ),
      });
      changed();
      return { profileId, settings: await view() };
    },

    async 'settings:profile:delete'({ profileId, supervisorPin }) {
      const profile = findProfile(profileId);
      if (settings.current().activeProfileId === profileId) {
        throw settingsError(
          'PROFILE_ACTIVE',
          'Profil yang sedang aktif tidak dapat dihapus. Aktifkan profil lain (misalnya Sandbox) dulu.',
          'The active profile cannot be deleted. Make another profile (such as Sandbox) active first.',
        );
      }
      const actor = await authorize(supervisorPin, { purpose: 'profile.delete', reference: profileId });
      // The profile first: its secrets left behind, should the vault refuse, are never used again,
      // whereas a profile left behind without them would still be offered.
      settings.update((doc) => ({ ...doc, profiles: doc.profiles.filter((p) => p.id !== profileId) }));
      let secretsLeft: unknown;
      try {
        vault.delete(clientSecretName(profileId));
        vault.delete(privateKeyName(profileId));
      } catch (error) {
        secretsLeft = error;
      }
      record({
        action: 'profile.delete',
        outcome: 'ok',
        reference: profileId,
        actor,
        detail: `${JSON.stringify(profile.fields.name)} at ${profile.fields.baseUrl}${secretsLeft === undefined ? '' : '; its secrets could not be removed from the vault'}`,
      });
      changed();
      if (secretsLeft !== undefined) {
        const why = (secretsLeft as NodeJS.ErrnoException).code ?? 'error';
        throw new KasirError({
          code: 'SETTINGS_WRITE_FAILED',
          message: {
            id: `Profil "${profile.fields.name}" sudah dihapus, tetapi rahasianya tidak dapat dihapus dari brankas (${why}). Rahasia itu tetap tersegel dan tidak dipakai lagi.`,
            en: `Profile "${profile.fields.name}" was deleted, but its secrets could not be removed from the vault (${why}). They stay sealed and are no longer used.`,
          },
          cause: secretsLeft,
        });
      }
      return view();
    },

    async 'settings:profile:activate'({ profileId, supervisorPin }) {
      const previous = settings.current().activeProfileId;
      const target = profileId === SANDBOX_PROFILE_ID ? undefined : findProfile(profileId);
      const actor = await authorize(supervisorPin, { purpose: 'profile.activate', reference: profileId });
      // Decrypting the secrets now finds a broken vault here rather than at the first payment.
      if (target) await snapProfile(target);
      settings.update((doc) => ({ ...doc, activeProfileId: profileId }));
      record({
        action: 'profile.activate',
        outcome: 'ok',
        reference: profileId,
        actor,
        detail: `${previous} → ${profileId}${target ? ` (${target.fields.baseUrl})` : ''}`,
      });
      changed();
      return view();
    },

    async 'settings:profile:test'({ profileId }) {
      const profile = findProfile(profileId);
      const missing = missingOf(profile);
      const privatePem = missing.includes('privateKey')
        ? undefined
        : await secretGet(profile, privateKeyName(profileId));
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
          partnerId: profile.fields.partnerId,
          channelId: profile.fields.channelId,
          merchantId: profile.fields.merchantId,
        },
        { fetch: fetchImpl, clock: () => new Date(now()) },
      );
    },

    async 'settings:key:generate'({ profileId, replace, supervisorPin }) {
      const profile = findProfile(profileId);
      requireReplaceable(profile, 'private', replace);
      const actor = await authorize(supervisorPin, { purpose: 'key.generate', reference: profileId });
      await vault.requireStorable();
      const { privateKey } = await generateRsaKeyPair();
      await storePrivateKey(
        profile,
        privateKey,
        String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
        'generate',
        actor,
      );
      return { publicKeyPem: publicKeyPem(privateKey), key: keyInfo(privateKey), settings: await view() };
    },

    async 'settings:key:import'({ profileId, kind, replace, supervisorPin }) {
      const profile = findProfile(profileId);
      requireReplaceable(profile, kind, replace);
      // Before the dialog: without the PIN, not even the file picker opens.
      const actor = await authorize(supervisorPin, { purpose: 'key.import', reference: profileId });
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
        await storePrivateKey(profile, key, pkcs8Pem, 'import', actor);
        return { cancelled: false, key: keyInfo(key), settings: await view() };
      }
      const { key, spkiPem } = parsePublicKeyPem(text);
      const before = findProfile(profileId);
      const next = { ...before, providerPublicKeyPem: spkiPem };
      // The provider's key is part of what the secrets are sealed to (it decides which notifications count).
      await sealThenSave(before, replacing(next), (writes) => rebind(before, next, writes));
      const replaced = before.providerPublicKeyPem
        ? `, replacing ${keyInfo(loadPublicKey(before.providerPublicKeyPem)).fingerprint}`
        : '';
      record({
        action: 'key.import',
        outcome: 'ok',
        reference: profileId,
        actor,
        detail: `provider public key ${keyInfo(key).fingerprint}${replaced}`,
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

    async 'settings:vault:accept-unprotected'({ supervisorPin }) {
      const actor = await authorize(supervisorPin, { purpose: 'vault.accept-unprotected' });
      const status = await vault.acceptUnprotected();
      record({ action: 'vault.accept-unprotected', outcome: 'ok', actor, detail: status.backend });
      changed();
      return view();
    },

    async 'settings:pin:set'({ currentPin, newPin, recovery }) {
      const status = await pin.status();
      if (status.lost === null) {
        await pin.set({ currentPin, newPin });
      } else {
        await recoverPin(newPin, recovery);
      }
      changed();
      return view();
    },

    async 'settings:ppob:save'({ pricing, supervisorPin }) {
      // Judged before the PIN is asked: prices that cannot be kept write, and record, nothing.
      requirePricingWithinLimit(pricing);
      const saving: SettingsChange = (doc) => ({ ...doc, ppob: pricing });
      settings.check(saving);
      const actor = await authorize(supervisorPin, { purpose: 'ppob.pricing' });
      const before = settings.current().ppob;
      settings.update(saving);
      record({
        action: 'ppob.pricing',
        outcome: 'ok',
        actor,
        detail: describePricingChange(before, pricing),
      });
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
    ppobPricing: () => settings.current().ppob,
    backend: () => (settings.current().activeProfileId === SANDBOX_PROFILE_ID ? 'sandbox' : 'provider'),
    problems,
    audit,
    close: () => audit.close(),
  };
}
