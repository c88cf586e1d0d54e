import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateRsaKeyPair,
  keyFingerprint,
  keyInfo,
  parsePrivateKeyPem,
  parsePublicKeyPem,
  readPemFile,
} from '../../../main/settings/keys';
import { loadPublicKey } from '../../../main/snap/signature';

const fixtures = join(import.meta.dirname, '../../fixtures/keys');
const privatePem = readFileSync(join(fixtures, 'midtrans-sample-private.pem'), 'utf8');
const publicPem = readFileSync(join(fixtures, 'midtrans-sample-public.pem'), 'utf8');
const certificatePem = readFileSync(join(import.meta.dirname, 'fixtures/tls-127.0.0.1-cert.pem'), 'utf8');

const spkiSha256 = (pem: string) =>
  createHash('sha256')
    .update(loadPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

describe('key fingerprints', () => {
  it('are the first 16 hex digits of SHA-256 over the SPKI DER', () => {
    expect(keyFingerprint(loadPublicKey(publicPem))).toBe(spkiSha256(publicPem).slice(0, 16));
  });

  it('are the same for the private and the public half of a pair', () => {
    expect(keyFingerprint(parsePrivateKeyPem(privatePem).key)).toBe(keyFingerprint(loadPublicKey(publicPem)));
  });

  it('describe the key without its material', () => {
    const info = keyInfo(parsePrivateKeyPem(privatePem).key);
    expect(info).toEqual({ algorithm: 'RSA', bits: 2048, fingerprint: spkiSha256(publicPem).slice(0, 16) });
  });
});

describe('importing a private key', () => {
  const pair = parsePrivateKeyPem(privatePem);

  it('reads PKCS#8 and stores it as PKCS#8', () => {
    expect(pair.pkcs8Pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('reads PKCS#1 ("BEGIN RSA PRIVATE KEY") as the same key', () => {
    const pkcs1 = String(pair.key.export({ type: 'pkcs1', format: 'pem' }));
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(parsePrivateKeyPem(pkcs1).pkcs8Pem).toBe(pair.pkcs8Pem);
  });

  it('asks for a password-protected key to be decrypted first', () => {
    const encrypted = String(
      pair.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'rahasia' }),
    );
    expect(() => parsePrivateKeyPem(encrypted)).toThrow(expect.objectContaining({ code: 'KEY_ENCRYPTED' }));
  });

  it('says so when given a public key instead', () => {
    expect(() => parsePrivateKeyPem(publicPem)).toThrow(expect.objectContaining({ code: 'KEY_NOT_PRIVATE' }));
  });

  it('refuses text that is not a key', () => {
    expect(() => parsePrivateKeyPem('clientSecret=abc')).toThrow(
      expect.objectContaining({ code: 'KEY_FORMAT' }),
    );
  });

  it('refuses an RSA key shorter than 2048 bits', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pem = String(weak.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => parsePrivateKeyPem(pem)).toThrow(expect.objectContaining({ code: 'KEY_TOO_SHORT' }));
  });

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const pem = String(ec.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => parsePrivateKeyPem(pem)).toThrow(expect.objectContaining({ code: 'KEY_NOT_RSA' }));
  });
});

describe("importing the provider's public key", () => {
  it('reads an SPKI public key', () => {
    expect(parsePublicKeyPem(publicPem).spkiPem).toBe(publicPem.replace(/\r\n/g, '\n'));
  });

  it('takes the public key out of an X.509 certificate', () => {
    const { key } = parsePublicKeyPem(certificatePem);
    expect(key.asymmetricKeyType).toBe('rsa');
  });

  it('refuses a private key, which must never be shared', () => {
    expect(() => parsePublicKeyPem(privatePem)).toThrow(expect.objectContaining({ code: 'KEY_NOT_PUBLIC' }));
  });
});

describe('generating a key pair', () => {
  it('makes an RSA-2048 key', async () => {
    const { privateKey } = await generateRsaKeyPair();
    expect(keyInfo(privateKey)).toMatchObject({ algorithm: 'RSA', bits: 2048 });
  });
});

describe('reading the PEM file chosen in the dialog', () => {
  it('refuses a FIFO at once instead of hanging the main process on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-pem-'));
    try {
      execFileSync('mkfifo', [join(dir, 'key.pem')]);
      await expect(readPemFile(join(dir, 'key.pem'))).rejects.toMatchObject({ code: 'KEY_FILE_NOT_REGULAR' });
      await expect(readPemFile(dir)).rejects.toMatchObject({ code: 'KEY_FILE_NOT_REGULAR' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a key file and refuses one far too large to be a key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-pem-'));
    try {
      writeFileSync(join(dir, 'big.pem'), 'x'.repeat(65 * 1024));
      await expect(readPemFile(join(fixtures, 'midtrans-sample-public.pem'))).resolves.toBe(publicPem);
      await expect(readPemFile(join(dir, 'big.pem'))).rejects.toMatchObject({ code: 'KEY_FILE_TOO_LARGE' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
