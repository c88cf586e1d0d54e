// What the vault needs from an encryption backend. In the app this is Electron's safeStorage (the OS
// keychain, DPAPI, or libsecret/kwallet; main/shell/secrets.ts); tests and the e2e bridge pass a key
// cipher; plain Node without either gets the unavailable cipher, which stores nothing.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface CipherBackend {
  /** Whether strings can be encrypted at all right now. */
  available: boolean;
  /** Which store holds the key: 'keychain', 'dpapi', 'gnome_libsecret', 'kwallet5', 'basic_text', … */
  kind: string;
  /**
   * False when the key protecting the ciphertext sits next to it in the clear (Linux 'basic_text'):
   * anyone who can read the user's files can read the secrets.
   */
  protected: boolean;
}

export interface Decrypted {
  value: string;
  /** The backend's key changed or got stronger: write the value again to re-protect it. */
  shouldReEncrypt: boolean;
}

export interface SecretCipher {
  backend(): Promise<CipherBackend>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(cipherText: Buffer): Promise<Decrypted>;
}

function unavailable(): never {
  throw new Error('No secret storage backend is available');
}

/** No backend: the vault reports itself unavailable and refuses to store anything. */
export const unavailableCipher: SecretCipher = {
  backend: async () => ({ available: false, kind: 'none', protected: false }),
  encrypt: async () => unavailable(),
  decrypt: async () => unavailable(),
};

/**
 * AES-256-GCM under a key held by the caller. For tests and the e2e bridge, which have no OS keychain;
 * `kind`/`protected` let a test stand in for any backend (e.g. Linux 'basic_text').
 */
export function createKeyCipher(
  key: Buffer,
  backend: Omit<CipherBackend, 'available'> = { kind: 'test-key', protected: true },
): SecretCipher {
  if (key.length !== 32) throw new RangeError('createKeyCipher needs a 32-byte key');
  return {
    backend: async () => ({ available: true, ...backend }),
    async encrypt(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(cipherText) {
      const decipher = createDecipheriv('aes-256-gcm', key, cipherText.subarray(0, 12));
      decipher.setAuthTag(cipherText.subarray(12, 28));
      const value = Buffer.concat([decipher.update(cipherText.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
      return { value, shouldReEncrypt: false };
    },
  };
}
