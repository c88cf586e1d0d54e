// The vault: secrets (client secrets, private keys, the supervisor PIN record) kept in a document
// store, each one sealed so that it is good only where it was written. Nothing here ever returns a
// secret to anything but main-process code, and nothing logs one.
//
// Every entry is AES-256-GCM under the vault's own random key, with the vault's id, the entry's name
// and what the caller binds it to (a provider profile's endpoint) as associated data. The vault key
// itself is encrypted by the OS's secret store (a SecretCipher: the keychain, DPAPI, libsecret). So a
// ciphertext copied from another vault, or moved to another name, or kept while its profile was
// re-pointed by editing the settings file, fails to open instead of being believed.
//
// Linux without a keyring ('basic_text') encrypts with a key stored in the clear next to the data:
// the vault says so and refuses to store until the user has explicitly accepted that.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { VaultStatus } from '../../preload/contract/settings';
import type { ErrorCode } from '../errors';
import { KasirError } from '../errors';
import type { DocumentStore } from '../settings/document-store';
import type { LoadProblem, Migration } from '../settings/load-document';
import { keepAside, loadDocument } from '../settings/load-document';
import type { SecretCipher } from './cipher';

export const VAULT_VERSION = 2;

const SecretNameSchema = z
  .string()
  .regex(/^(supervisorPin|snap\/[a-z0-9][a-z0-9-]{0,39}\/(clientSecret|privateKey))$/);
export type SecretName = 'supervisorPin' | `snap/${string}/clientSecret` | `snap/${string}/privateKey`;

const EntrySchema = z.strictObject({ ciphertext: z.base64(), storedAt: z.number() });

/** An entry written by version 1, encrypted by the OS secret store alone, bound to nothing. */
const LegacyEntrySchema = z.strictObject({
  ciphertext: z.base64(),
  backend: z.string(),
  storedAt: z.number(),
});

export const VaultDocumentSchema = z.strictObject({
  version: z.literal(VAULT_VERSION),
  /** This vault's random id, part of every entry's associated data. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  unprotectedAccepted: z.strictObject({ backend: z.string(), at: z.number() }).nullable(),
  /** The vault's AES key, encrypted by the OS secret store; null until the first secret is stored. */
  key: z.strictObject({ ciphertext: z.base64(), backend: z.string(), storedAt: z.number() }).nullable(),
  entries: z.record(SecretNameSchema, EntrySchema),
  /** Version 1 client secrets and keys, sealed into `entries` the first time each is read. */
  legacy: z.record(SecretNameSchema, LegacyEntrySchema).optional(),
});
export type VaultDocument = z.infer<typeof VaultDocumentSchema>;

const newVaultId = () => randomBytes(16).toString('hex');

export function emptyVault(): VaultDocument {
  return { version: VAULT_VERSION, id: newVaultId(), unprotectedAccepted: null, key: null, entries: {} };
}

/**
 * Version 1 kept entries encrypted by the OS secret store alone, which is what let a PIN copied from
 * another vault pass. Its client secrets and keys are carried over to be sealed on first use; its
 * PIN and lockout counter are not (a PIN must be set again: see supervisor-pin.ts).
 */
const VAULT_MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    up(document) {
      const entries =
        typeof document.entries === 'object' && document.entries !== null ? document.entries : {};
      const legacy = Object.fromEntries(Object.entries(entries).filter(([name]) => name !== 'supervisorPin'));
      return {
        version: 2,
        id: newVaultId(),
        unprotectedAccepted: document.unprotectedAccepted ?? null,
        key: null,
        entries: {},
        legacy,
      };
    },
  },
];

export interface Vault {
  /** The vault file found broken at start (kept aside), if it was. */
  readonly problem: LoadProblem | null;
  status(): Promise<VaultStatus>;
  /** The explicit choice to store secrets on a backend that does not protect them. */
  acceptUnprotected(): Promise<VaultStatus>;
  /** Throws the vault's own explanation when a secret could not be stored now. */
  requireStorable(): Promise<VaultStatus>;
  has(name: SecretName): boolean;
  /**
   * The secret, or undefined when there is none. `binding` must be what it was stored with. Throws
   * VAULT_DECRYPT_FAILED when the vault's key cannot be opened (another OS user, a new keyring) and
   * VAULT_ENTRY_REJECTED when the entry does not open here, under this name, with this binding.
   */
  get(name: SecretName, binding?: string): Promise<string | undefined>;
  put(name: SecretName, value: string, binding?: string): Promise<void>;
  delete(name: SecretName): void;
  /** Whether the vault's key opens (true too when there is no key yet). */
  readable(): Promise<boolean>;
  /**
   * Keeps the vault file aside and starts an empty vault with a new key (after a supervisor proved
   * who they are, when the old one cannot be opened). Returns where the old file was kept.
   */
  reset(): string | null;
}

export interface VaultDeps {
  store: DocumentStore;
  cipher: SecretCipher;
  now: () => number;
}

function vaultError(code: ErrorCode, id: string, en: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, cause });
}

const KeyBlobSchema = z.strictObject({ vault: z.string(), key: z.base64() });

function associatedData(vaultId: string, name: SecretName, binding: string): Buffer {
  return Buffer.from(`kasir-vault/${VAULT_VERSION}\n${vaultId}\n${name}\n${binding}`, 'utf8');
}

function seal(key: Buffer, aad: Buffer, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, aad: Buffer, ciphertext: string): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

export function openVault(deps: VaultDeps): Vault {
  const loaded = loadDocument(
    {
      kind: 'vault',
      schema: VaultDocumentSchema,
      currentVersion: VAULT_VERSION,
      migrations: VAULT_MIGRATIONS,
      fresh: emptyVault,
    },
    deps.store,
    deps.now(),
  );
  let document = loaded.value;
  let vaultKey: Promise<Buffer> | undefined;

  function save(next: VaultDocument): void {
    deps.store.write(next);
    document = next;
  }

  function decryptFailed(cause?: unknown): KasirError {
    return vaultError(
      'VAULT_DECRYPT_FAILED',
      'Brankas rahasia tidak dapat dibuka di sini (kunci penyimpanan sistem berubah, akun pengguna lain, atau file brankas dari komputer lain). Masukkan ulang client secret, kunci privat dan PIN di Pengaturan.',
      "The secrets vault cannot be opened here (the system's secret store changed, this is another user account, or the vault file came from another computer). Enter the client secret, private key and PIN again in Settings.",
      cause,
    );
  }

  async function unwrap(wrapped: NonNullable<VaultDocument['key']>, vaultId: string): Promise<Buffer> {
    let decrypted: Awaited<ReturnType<SecretCipher['decrypt']>>;
    try {
      decrypted = await deps.cipher.decrypt(Buffer.from(wrapped.ciphertext, 'base64'));
    } catch (error) {
      throw decryptFailed(error);
    }
    let blob: z.infer<typeof KeyBlobSchema>;
    try {
      blob = KeyBlobSchema.parse(JSON.parse(decrypted.value));
    } catch (error) {
      throw decryptFailed(error);
    }
    // A key that opens but belongs to another vault: the id beside it was edited to match.
    if (blob.vault !== vaultId) throw decryptFailed();
    const key = Buffer.from(blob.key, 'base64');
    if (key.length !== 32) throw decryptFailed();
    if (decrypted.shouldReEncrypt) {
      const backend = await deps.cipher.backend();
      const ciphertext = await deps.cipher.encrypt(decrypted.value);
      save({
        ...document,
        key: { ciphertext: ciphertext.toString('base64'), backend: backend.kind, storedAt: deps.now() },
      });
    }
    return key;
  }

  async function createKey(): Promise<Buffer> {
    const current = await requireStorable();
    const key = randomBytes(32);
    const wrapped = await deps.cipher.encrypt(
      JSON.stringify({ vault: document.id, key: key.toString('base64') }),
    );
    save({
      ...document,
      key: { ciphertext: wrapped.toString('base64'), backend: current.backend, storedAt: deps.now() },
    });
    return key;
  }

  /**
   * The vault key, opened once per run (or made, and stored, on first need when `create`). Callers
   * at the same time share one attempt, so two first secrets never make two keys.
   */
  function keyFor(create: boolean): Promise<Buffer | undefined> {
    if (vaultKey) return vaultKey;
    if (document.key === null && !create) return Promise.resolve(undefined);
    const attempt = document.key === null ? createKey() : unwrap(document.key, document.id);
    vaultKey = attempt;
    // A failure is not remembered: the keyring may be unlocked by the next try.
    attempt.catch(() => {
      if (vaultKey === attempt) vaultKey = undefined;
    });
    return attempt;
  }

  async function status(): Promise<VaultStatus> {
    const backend = await deps.cipher.backend();
    const unprotectedAccepted = document.unprotectedAccepted?.backend === backend.kind;
    return {
      available: backend.available,
      backend: backend.kind,
      protected: backend.available && backend.protected,
      unprotectedAccepted,
      canStore: backend.available && (backend.protected || unprotectedAccepted),
    };
  }

  async function requireStorable(): Promise<VaultStatus> {
    const current = await status();
    if (!current.available) throw unavailableError();
    if (!current.canStore) {
      throw vaultError(
        'VAULT_UNPROTECTED_NOT_ACCEPTED',
        `Penyimpanan rahasia di komputer ini (${current.backend}) TIDAK melindungi rahasia: siapa pun yang dapat membaca file Anda dapat membacanya. Pasang gnome-keyring atau KWallet, atau setujui penyimpanan tanpa perlindungan di Pengaturan.`,
        `Secret storage on this computer (${current.backend}) does NOT protect secrets: anyone who can read your files can read them. Install gnome-keyring or KWallet, or accept unprotected storage in Settings.`,
      );
    }
    return current;
  }

  async function put(name: SecretName, value: string, binding = ''): Promise<void> {
    await requireStorable();
    const key = await keyFor(true);
    if (!key) throw unavailableError();
    const { [name]: _replaced, ...legacy } = document.legacy ?? {};
    save({
      ...document,
      entries: {
        ...document.entries,
        [name]: {
          ciphertext: seal(key, associatedData(document.id, name, binding), value),
          storedAt: deps.now(),
        },
      },
      ...(document.legacy ? { legacy } : {}),
    });
  }

  /** A version 1 entry: opened by the OS secret store alone, then sealed under `binding` for good. */
  async function adoptLegacy(name: SecretName, binding: string): Promise<string | undefined> {
    const entry = document.legacy?.[name];
    if (!entry) return undefined;
    let value: string;
    try {
      value = (await deps.cipher.decrypt(Buffer.from(entry.ciphertext, 'base64'))).value;
    } catch (error) {
      throw decryptFailed(error);
    }
    await put(name, value, binding);
    return value;
  }

  return {
    problem: loaded.problem,
    status,
    async acceptUnprotected() {
      const backend = await deps.cipher.backend();
      if (!backend.available) throw unavailableError();
      if (!backend.protected) {
        save({ ...document, unprotectedAccepted: { backend: backend.kind, at: deps.now() } });
      }
      return status();
    },
    has(name) {
      return Object.hasOwn(document.entries, name) || Object.hasOwn(document.legacy ?? {}, name);
    },
    async get(name, binding = '') {
      const entry = document.entries[name];
      if (!entry) return adoptLegacy(name, binding);
      const key = await keyFor(false);
      if (!key) throw decryptFailed();
      try {
        return open(key, associatedData(document.id, name, binding), entry.ciphertext);
      } catch (error) {
        throw vaultError(
          'VAULT_ENTRY_REJECTED',
          'Rahasia tersimpan tidak cocok dengan tempatnya: disalin dari brankas lain, atau profilnya diubah di luar aplikasi. Masukkan ulang rahasia itu di Pengaturan (perlu PIN supervisor).',
          'A stored secret does not match where it is: it was copied from another vault, or its profile was changed outside the app. Enter that secret again in Settings (the supervisor PIN is needed).',
          error,
        );
      }
    },
    requireStorable,
    put,
    delete(name) {
      if (!Object.hasOwn(document.entries, name) && !Object.hasOwn(document.legacy ?? {}, name)) return;
      const { [name]: _entry, ...entries } = document.entries;
      const { [name]: _old, ...legacy } = document.legacy ?? {};
      save({ ...document, entries, ...(document.legacy ? { legacy } : {}) });
    },
    async readable() {
      try {
        await keyFor(false);
        return true;
      } catch {
        return false;
      }
    },
    reset() {
      let keptAs: string | null = null;
      try {
        keptAs = keepAside(deps.store.path, deps.now());
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      vaultKey = undefined;
      save({ ...emptyVault(), unprotectedAccepted: document.unprotectedAccepted });
      return keptAs;
    },
  };
}

function unavailableError(): KasirError {
  return vaultError(
    'VAULT_UNAVAILABLE',
    'Penyimpanan rahasia sistem tidak tersedia, jadi rahasia tidak dapat disimpan. Di Linux, pasang dan buka gnome-keyring atau KWallet, lalu mulai ulang aplikasi.',
    "The system's secret storage is not available, so secrets cannot be saved. On Linux, install and unlock gnome-keyring or KWallet, then restart the app.",
  );
}
