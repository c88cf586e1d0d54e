import type { ErrorCode } from '../errors';
// RSA keys for SNAP: our signing key (imported from PEM or generated here) and the provider's public
// key. A key is only ever shown as a fingerprint; of our own key the public half is shown as PEM so
// the integrator can register it with the provider.

import type { KeyObject } from 'node:crypto';
import { createHash, createPublicKey, generateKeyPair, X509Certificate } from 'node:crypto';
import type { KeyInfo } from '../../preload/contract/settings';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import { FileReadError, readRegularFile } from '../files/read-regular-file';
import { KeyFormatError, loadPrivateKey, loadPublicKey } from '../snap/signature';

export const MIN_RSA_BITS = 2048;
export const MAX_PEM_FILE_BYTES = 64 * 1024;

function keyError(code: ErrorCode, message: LocalizedText, cause?: unknown): KasirError {
  return new KasirError({ code, message, cause });
}

/** SHA-256 over the public key's SPKI DER, first 16 hex digits: the same for a key pair's two halves. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function keyInfo(key: KeyObject): KeyInfo {
  return {
    algorithm: 'RSA',
    bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
    fingerprint: keyFingerprint(key),
  };
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return String(publicKey.export({ type: 'spki', format: 'pem' }));
}

function requireStrongRsa(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw keyError('KEY_NOT_RSA', {
      id: `Kunci ini bukan RSA (${key.asymmetricKeyType ?? '?'}). SNAP BI memakai kunci RSA.`,
      en: `This key is not RSA (${key.asymmetricKeyType ?? '?'}). SNAP BI uses RSA keys.`,
    });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw keyError('KEY_TOO_SHORT', {
      id: `Kunci RSA ini hanya ${bits} bit; minimal ${MIN_RSA_BITS} bit.`,
      en: `This RSA key is only ${bits} bits; at least ${MIN_RSA_BITS} bits are needed.`,
    });
  }
}

/** A PKCS#8 or PKCS#1 PEM private key, as text; returns it normalised to PKCS#8 for storage. */
export function parsePrivateKeyPem(text: string): { key: KeyObject; pkcs8Pem: string } {
  if (/ENCRYPTED PRIVATE KEY|Proc-Type:\s*4,ENCRYPTED/.test(text)) {
    throw keyError('KEY_ENCRYPTED', {
      id: 'Kunci privat ini dilindungi kata sandi. Buka dulu dengan: openssl pkcs8 -in kunci.pem -out kunci-terbuka.pem',
      en: 'This private key is password-protected. Decrypt it first: openssl pkcs8 -in key.pem -out key-plain.pem',
    });
  }
  if (!/PRIVATE KEY-----/.test(text) && /PUBLIC KEY-----|CERTIFICATE-----/.test(text)) {
    throw keyError('KEY_NOT_PRIVATE', {
      id: 'File ini berisi kunci publik atau sertifikat, bukan kunci privat.',
      en: 'This file holds a public key or a certificate, not a private key.',
    });
  }
  let key: KeyObject;
  try {
    key = loadPrivateKey(text);
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error;
    throw keyError(
      'KEY_FORMAT',
      {
        id: 'File ini bukan kunci privat PEM (BEGIN PRIVATE KEY atau BEGIN RSA PRIVATE KEY).',
        en: 'This file is not a PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).',
      },
      error,
    );
  }
  requireStrongRsa(key);
  return { key, pkcs8Pem: String(key.export({ type: 'pkcs8', format: 'pem' })) };
}

/** A PEM public key (SPKI or PKCS#1) or an X.509 certificate; returns the key as SPKI PEM. */
export function parsePublicKeyPem(text: string): { key: KeyObject; spkiPem: string } {
  if (/PRIVATE KEY-----/.test(text)) {
    throw keyError('KEY_NOT_PUBLIC', {
      id: 'File ini berisi kunci PRIVAT. Yang diperlukan adalah kunci publik penyedia; jangan bagikan kunci privat.',
      en: 'This file holds a PRIVATE key. The provider’s public key is needed here; never share a private key.',
    });
  }
  let key: KeyObject;
  try {
    const certificate = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/.exec(text);
    key = certificate ? new X509Certificate(certificate[0]).publicKey : loadPublicKey(text);
  } catch (error) {
    throw keyError(
      'KEY_FORMAT',
      {
        id: 'File ini bukan kunci publik PEM (BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY atau BEGIN CERTIFICATE).',
        en: 'This file is not a PEM public key (BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY or BEGIN CERTIFICATE).',
      },
      error,
    );
  }
  requireStrongRsa(key);
  return { key, spkiPem: publicKeyPem(key) };
}

/**
 * Reads a small text file chosen in the file dialog; a key file is never large, and never a FIFO or
 * a device (which would hang the main process).
 */
export async function readPemFile(path: string): Promise<string> {
  try {
    return readRegularFile(path, MAX_PEM_FILE_BYTES).text;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.problem === 'too_large') {
      throw keyError('KEY_FILE_TOO_LARGE', {
        id: 'File ini terlalu besar untuk sebuah kunci PEM. Pilih file .pem kuncinya.',
        en: 'This file is too large to be a PEM key. Choose the key’s .pem file.',
      });
    }
    if (error.problem === 'not_regular') {
      throw keyError('KEY_FILE_NOT_REGULAR', {
        id: 'Ini bukan file biasa (folder, FIFO atau perangkat). Pilih file .pem kuncinya.',
        en: 'This is not a regular file (a folder, a FIFO or a device). Choose the key’s .pem file.',
      });
    }
    throw keyError(
      'KEY_FILE_UNREADABLE',
      {
        id: `File kunci tidak dapat dibaca (${error.errno ?? 'error'}).`,
        en: `The key file cannot be read (${error.errno ?? 'error'}).`,
      },
      error,
    );
  }
}

export function generateRsaKeyPair(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: MIN_RSA_BITS, publicExponent: 0x10001 },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ privateKey, publicKey })),
    );
  });
}
