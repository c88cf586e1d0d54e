// Electron's safeStorage behind the vault's cipher interface, with a stand-in safeStorage object.
import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from '../../../main/shell/secrets';
import { safeStorageCipher } from '../../../main/shell/secrets';

function fakeSafeStorage(
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
  available = true,
) {
  const calls: string[] = [];
  const storage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text) => {
      calls.push('encryptStringAsync');
      return Buffer.from(`enc:${text}`);
    },
    decryptStringAsync: async (data) => {
      calls.push('decryptStringAsync');
      return { result: data.toString().slice(4), shouldReEncrypt: true };
    },
  };
  return { storage, calls };
}

describe('the safeStorage cipher', () => {
  it.each([
    ['gnome_libsecret', true],
    ['kwallet6', true],
    ['basic_text', false],
    ['unknown', false],
  ] as const)('on Linux reports %s as protected: %s', async (backend, isProtected) => {
    const cipher = safeStorageCipher(fakeSafeStorage(backend).storage, 'linux');
    await expect(cipher.backend()).resolves.toEqual({
      available: true,
      kind: backend,
      protected: isProtected,
    });
  });

  it('names the macOS keychain and Windows DPAPI', async () => {
    await expect(
      safeStorageCipher(fakeSafeStorage('unknown').storage, 'darwin').backend(),
    ).resolves.toMatchObject({
      kind: 'keychain',
      protected: true,
    });
    await expect(
      safeStorageCipher(fakeSafeStorage('unknown').storage, 'win32').backend(),
    ).resolves.toMatchObject({
      kind: 'dpapi',
      protected: true,
    });
  });

  it('is not protected when encryption is unavailable', async () => {
    const cipher = safeStorageCipher(fakeSafeStorage('gnome_libsecret', false).storage, 'linux');
    await expect(cipher.backend()).resolves.toMatchObject({ available: false, protected: false });
  });

  it('uses only the async API and passes on the re-encrypt hint', async () => {
    const { storage, calls } = fakeSafeStorage('gnome_libsecret');
    const cipher = safeStorageCipher(storage, 'linux');
    const encrypted = await cipher.encrypt('secret');
    await expect(cipher.decrypt(encrypted)).resolves.toEqual({ value: 'secret', shouldReEncrypt: true });
    expect(calls).toEqual(['encryptStringAsync', 'decryptStringAsync']);
  });
});
