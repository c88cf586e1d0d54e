import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonFileStore } from '../../../main/settings/document-store';
import type { SecretCipher } from '../../../main/vault/cipher';
import { createKeyCipher, unavailableCipher } from '../../../main/vault/cipher';
import { openVault } from '../../../main/vault/vault';

const CLIENT_SECRET = 'c8a5a0f2-7d3e-4b1e-9a51-0b7f3b6a4e21';

function vaultFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'kasir-vault-')), 'vault.json');
}

function open(file: string, cipher: SecretCipher) {
  return openVault({ store: createJsonFileStore(file), cipher, now: () => 1_750_000_000_000 });
}

const key = randomBytes(32);

describe('the vault', () => {
  it('keeps a secret encrypted on disk and gives it back to main', async () => {
    const file = vaultFile();
    const vault = open(file, createKeyCipher(key));
    await vault.put('snap/p-1/clientSecret', CLIENT_SECRET);
    expect(readFileSync(file, 'utf8')).not.toContain(CLIENT_SECRET);
    await expect(open(file, createKeyCipher(key)).get('snap/p-1/clientSecret')).resolves.toBe(CLIENT_SECRET);
  });

  it('writes its file readable by the owner only', async () => {
    const file = vaultFile();
    await open(file, createKeyCipher(key)).put('supervisorPin', 'scrypt$10$8$1$c2FsdA==$aGFzaA==');
    const { statSync } = await import('node:fs');
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses to store anything without a secret storage backend', async () => {
    const vault = open(vaultFile(), unavailableCipher);
    await expect(vault.put('supervisorPin', 'x')).rejects.toMatchObject({ code: 'VAULT_UNAVAILABLE' });
    await expect(vault.status()).resolves.toMatchObject({ available: false, canStore: false });
  });

  it('says plainly that Linux basic_text does not protect secrets and refuses until the user accepts', async () => {
    const cipher = createKeyCipher(key, { kind: 'basic_text', protected: false });
    const vault = open(vaultFile(), cipher);
    await expect(vault.status()).resolves.toEqual({
      available: true,
      backend: 'basic_text',
      protected: false,
      unprotectedAccepted: false,
      canStore: false,
    });
    const refusal = vault.put('snap/p-1/clientSecret', CLIENT_SECRET);
    await expect(refusal).rejects.toMatchObject({ code: 'VAULT_UNPROTECTED_NOT_ACCEPTED' });
    await expect(refusal).rejects.toThrow(/does NOT protect secrets/);
  });

  it('stores on basic_text once the user has explicitly accepted, and remembers the choice', async () => {
    const file = vaultFile();
    const cipher = createKeyCipher(key, { kind: 'basic_text', protected: false });
    await open(file, cipher).acceptUnprotected();
    const reopened = open(file, cipher);
    await expect(reopened.status()).resolves.toMatchObject({ unprotectedAccepted: true, canStore: true });
    await reopened.put('snap/p-1/clientSecret', CLIENT_SECRET);
    await expect(reopened.get('snap/p-1/clientSecret')).resolves.toBe(CLIENT_SECRET);
  });

  it('asks again when the unprotected backend changes', async () => {
    const file = vaultFile();
    await open(file, createKeyCipher(key, { kind: 'basic_text', protected: false })).acceptUnprotected();
    const other = open(file, createKeyCipher(key, { kind: 'unknown', protected: false }));
    await expect(other.status()).resolves.toMatchObject({ unprotectedAccepted: false, canStore: false });
  });

  it('explains a secret that no longer decrypts (keyring changed) instead of failing obscurely', async () => {
    const file = vaultFile();
    await open(file, createKeyCipher(key)).put('snap/p-1/privateKey', 'pem');
    const elsewhere = open(file, createKeyCipher(randomBytes(32)));
    await expect(elsewhere.get('snap/p-1/privateKey')).rejects.toMatchObject({
      code: 'VAULT_DECRYPT_FAILED',
    });
  });

  it('re-encrypts a secret when the backend asks for it', async () => {
    const file = vaultFile();
    const base = createKeyCipher(key);
    await open(file, base).put('snap/p-1/clientSecret', CLIENT_SECRET);
    const before = readFileSync(file, 'utf8');
    const rotating: SecretCipher = {
      ...base,
      decrypt: async (data) => ({ ...(await base.decrypt(data)), shouldReEncrypt: true }),
    };
    await expect(open(file, rotating).get('snap/p-1/clientSecret')).resolves.toBe(CLIENT_SECRET);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });

  it('forgets a deleted secret', async () => {
    const vault = open(vaultFile(), createKeyCipher(key));
    await vault.put('snap/p-1/clientSecret', CLIENT_SECRET);
    vault.delete('snap/p-1/clientSecret');
    expect(vault.has('snap/p-1/clientSecret')).toBe(false);
    await expect(vault.get('snap/p-1/clientSecret')).resolves.toBeUndefined();
  });

  it('keeps a damaged vault file aside and starts empty', async () => {
    const file = vaultFile();
    const { writeFileSync, existsSync } = await import('node:fs');
    writeFileSync(file, '{"version":1,"entries":{"supervisorPin":');
    const vault = open(file, createKeyCipher(key));
    expect(vault.problem).toMatchObject({ file: 'vault', code: 'VAULT_FILE_CORRUPT' });
    expect(existsSync(vault.problem?.keptAs ?? '')).toBe(true);
    expect(vault.has('supervisorPin')).toBe(false);
  });
});

describe('the vault’s seals', () => {
  it('opens an entry only with what it was bound to', async () => {
    const file = vaultFile();
    await open(file, createKeyCipher(key)).put('snap/p-1/clientSecret', CLIENT_SECRET, 'profile:one');
    const reopened = open(file, createKeyCipher(key));
    await expect(reopened.get('snap/p-1/clientSecret', 'profile:one')).resolves.toBe(CLIENT_SECRET);
    await expect(reopened.get('snap/p-1/clientSecret', 'profile:two')).rejects.toMatchObject({
      code: 'VAULT_ENTRY_REJECTED',
    });
  });

  it('keeps no secret under the OS keyring alone: the file holds only its own wrapped key', async () => {
    const file = vaultFile();
    const cipher = createKeyCipher(key);
    await open(file, cipher).put('snap/p-1/clientSecret', CLIENT_SECRET);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: Record<string, { ciphertext: string }>;
    };
    const entry = stored.entries['snap/p-1/clientSecret'];
    await expect(cipher.decrypt(Buffer.from(entry?.ciphertext ?? '', 'base64'))).rejects.toThrow();
  });

  it('carries a version 1 vault’s client secrets and keys over, but not its PIN or lockout counter', async () => {
    const file = vaultFile();
    const cipher = createKeyCipher(key);
    const legacy = async (value: string) => (await cipher.encrypt(value)).toString('base64');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        unprotectedAccepted: null,
        entries: {
          'snap/p-1/clientSecret': {
            ciphertext: await legacy(CLIENT_SECRET),
            backend: 'test-key',
            storedAt: 1,
          },
          supervisorPin: {
            ciphertext: await legacy('scrypt$10$8$1$c2FsdA==$aGFzaA=='),
            backend: 'test-key',
            storedAt: 1,
          },
        },
        pinGuard: { failures: 4, lockedUntil: null, lockouts: 0 },
      }),
    );
    const vault = open(file, cipher);
    expect(vault.problem).toBeNull();
    expect(vault.has('supervisorPin')).toBe(false);
    await expect(vault.get('snap/p-1/clientSecret', 'profile:one')).resolves.toBe(CLIENT_SECRET);
    const upgraded = open(file, cipher);
    await expect(upgraded.get('snap/p-1/clientSecret', 'profile:one')).resolves.toBe(CLIENT_SECRET);
    expect(readFileSync(file, 'utf8')).not.toMatch(/legacy"\s*:\s*\{\s*"snap|pinGuard/);
  });
});
