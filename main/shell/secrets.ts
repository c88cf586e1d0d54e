// Electron's safeStorage as the vault's cipher: the OS keychain on macOS, DPAPI on Windows, libsecret or
// KWallet on Linux. Only the async API (Electron 45 deprecates the sync one). On Linux without a
// keyring Chromium falls back to 'basic_text', a hard-coded key: encrypted in name only, so reported
// as unprotected and the vault asks the user before storing anything.
import type { SafeStorage } from 'electron';
import type { CipherBackend, SecretCipher } from '../vault/cipher';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

const UNPROTECTED_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function safeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  async function backend(): Promise<CipherBackend> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    if (platform === 'linux') {
      const kind = safeStorage.getSelectedStorageBackend();
      return { available, kind, protected: available && !UNPROTECTED_LINUX_BACKENDS.has(kind) };
    }
    return {
      available,
      kind: platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform,
      protected: available,
    };
  }
  return {
    backend,
    encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
    async decrypt(cipherText) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipherText);
      return { value: result, shouldReEncrypt };
    },
  };
}
