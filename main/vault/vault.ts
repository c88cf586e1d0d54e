import type { ErrorCode } from '../errors';
// The vault: secrets (client secrets, private keys, the supervisor PIN hash) encrypted by the OS's
// secret store through a SecretCipher, ciphertext kept in a document store. Nothing here ever returns
// a secret to anything but main-process code, and nothing logs one.
//
// Linux without a keyring ('basic_text') encrypts with a key stored in the clear next to the data:
// the vault says so and refuses to store until the user has explicitly accepted that.

import { z } from 'zod';
import type { VaultStatus } from '../../preload/contract/settings';
import { KasirError } from '../errors';
import type { DocumentStore } from '../settings/document-store';
import type { LoadProblem } from '../settings/load-document';
import { loadDocument } from '../settings/load-document';
import type { SecretCipher } from './cipher';

export const VAULT_VERSION = 1;

const SecretNameSchema = z
  .string()
  .regex(/^(supervisorPin|snap\/[a-z0-9][a-z0-9-]{0,39}\/(clientSecret|privateKey))$/);
export type SecretName = 'supervisorPin' | `snap/${string}/clientSecret` | `snap/${string}/privateKey`;

export const PinGuardSchema = z.strictObject({
  /** Wrong entries since the last lock (or the last right one). */
  failures: z.number().int().min(0),
  lockedUntil: z.number().nullable(),
  /** Locks since the last right entry; each one lasts twice as long as the one before. */
  lockouts: z.number().int().min(0),
});
export type PinGuard = z.infer<typeof PinGuardSchema>;

export const VaultDocumentSchema = z.strictObject({
  version: z.literal(VAULT_VERSION),
  unprotectedAccepted: z.strictObject({ backend: z.string(), at: z.number() }).nullable(),
  entries: z.record(
    SecretNameSchema,
    z.strictObject({
      ciphertext: z.base64(),
      backend: z.string(),
      storedAt: z.number(),
    }),
  ),
  pinGuard: PinGuardSchema,
});
export type VaultDocument = z.infer<typeof VaultDocumentSchema>;

export function emptyVault(): VaultDocument {
  return {
    version: VAULT_VERSION,
    unprotectedAccepted: null,
    entries: {},
    pinGuard: { failures: 0, lockedUntil: null, lockouts: 0 },
  };
}

export interface Vault {
  /** The vault file found broken at start (kept aside), if it was. */
  readonly problem: LoadProblem | null;
  status(): Promise<VaultStatus>;
  /** The explicit choice to store secrets on a backend that does not protect them. */
  acceptUnprotected(): Promise<VaultStatus>;
  /** Throws the vault's own explanation when a secret could not be stored now. */
  requireStorable(): Promise<VaultStatus>;
  has(name: SecretName): boolean;
  get(name: SecretName): Promise<string | undefined>;
  put(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): void;
  pinGuard(): PinGuard;
  setPinGuard(guard: PinGuard): void;
}

export interface VaultDeps {
  store: DocumentStore;
  cipher: SecretCipher;
  now: () => number;
}

function vaultError(code: ErrorCode, id: string, en: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, cause });
}

export function openVault(deps: VaultDeps): Vault {
  const loaded = loadDocument(
    {
      kind: 'vault',
      schema: VaultDocumentSchema,
      currentVersion: VAULT_VERSION,
      migrations: [],
      fresh: emptyVault,
    },
    deps.store,
    deps.now(),
  );
  let document = loaded.value;

  function save(next: VaultDocument): void {
    deps.store.write(next);
    document = next;
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
      return Object.hasOwn(document.entries, name);
    },
    async get(name) {
      const entry = document.entries[name];
      if (!entry) return undefined;
      let decrypted: Awaited<ReturnType<SecretCipher['decrypt']>>;
      try {
        decrypted = await deps.cipher.decrypt(Buffer.from(entry.ciphertext, 'base64'));
      } catch (error) {
        throw vaultError(
          'VAULT_DECRYPT_FAILED',
          'Rahasia tersimpan tidak dapat dibuka (kunci penyimpanan sistem berubah atau akun pengguna lain). Masukkan ulang client secret, kunci privat dan PIN di Pengaturan.',
          "A stored secret cannot be decrypted (the system's secret store changed, or this is another user account). Enter the client secret, private key and PIN again in Settings.",
          error,
        );
      }
      if (decrypted.shouldReEncrypt) {
        const ciphertext = await deps.cipher.encrypt(decrypted.value);
        const backend = await deps.cipher.backend();
        save({
          ...document,
          entries: {
            ...document.entries,
            [name]: {
              ciphertext: ciphertext.toString('base64'),
              backend: backend.kind,
              storedAt: deps.now(),
            },
          },
        });
      }
      return decrypted.value;
    },
    requireStorable,
    async put(name, value) {
      const current = await requireStorable();
      const ciphertext = await deps.cipher.encrypt(value);
      save({
        ...document,
        entries: {
          ...document.entries,
          [name]: {
            ciphertext: ciphertext.toString('base64'),
            backend: current.backend,
            storedAt: deps.now(),
          },
        },
      });
    },
    delete(name) {
      if (!Object.hasOwn(document.entries, name)) return;
      const entries = { ...document.entries };
      delete entries[name];
      save({ ...document, entries });
    },
    pinGuard() {
      return document.pinGuard;
    },
    setPinGuard(guard) {
      save({ ...document, pinGuard: PinGuardSchema.parse(guard) });
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
