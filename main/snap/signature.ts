// The three SNAP BI signatures. Every function returns the exact string it signed,
// because "what did you sign?" is the first question in every signature-mismatch support call.

import type { KeyObject } from 'node:crypto';
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { minifyJsonBody } from './minify';

export class KeyFormatError extends Error {
  readonly code = 'KEY_FORMAT';
}

export interface Signed {
  stringToSign: string;
  signature: string;
}

/**
 * Keys are often pasted from provider portals or sample code with text around them (a JS string
 * wrapper, an email signature): take the first PEM block of the wanted kind and ignore the rest.
 */
function extractPem(text: string, kind: 'PRIVATE KEY' | 'PUBLIC KEY'): string | undefined {
  const match = new RegExp(`-----BEGIN (RSA )?${kind}-----[A-Za-z0-9+/=\\s]+-----END \\1?${kind}-----`).exec(
    text,
  );
  return match?.[0];
}

/** Accepts PKCS#8 ("BEGIN PRIVATE KEY") and PKCS#1 ("BEGIN RSA PRIVATE KEY") PEM. */
export function loadPrivateKey(text: string): KeyObject {
  const pem = extractPem(text, 'PRIVATE KEY');
  if (!pem) {
    throw new KeyFormatError('Not a PEM private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)');
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new KeyFormatError(`The private key could not be read: ${(error as Error).message}`);
  }
}

/** Accepts SPKI ("BEGIN PUBLIC KEY") and PKCS#1 ("BEGIN RSA PUBLIC KEY") PEM. */
export function loadPublicKey(text: string): KeyObject {
  const pem = extractPem(text, 'PUBLIC KEY');
  if (!pem) {
    throw new KeyFormatError('Not a PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)');
  }
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new KeyFormatError(`The public key could not be read: ${(error as Error).message}`);
  }
}

function asPrivateKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? loadPrivateKey(key) : key;
}

function asPublicKey(key: KeyObject | string): KeyObject {
  return typeof key === 'string' ? loadPublicKey(key) : key;
}

/** lowerhex(SHA-256(minify(body))); an empty body hashes the empty string. */
export function bodyDigest(rawBody: string): string {
  return createHash('sha256').update(minifyJsonBody(rawBody), 'utf8').digest('hex');
}

export function tokenStringToSign(clientKey: string, timestamp: string): string {
  return `${clientKey}|${timestamp}`;
}

/** B2B access token (service 73): SHA256withRSA(privateKey, clientKey|X-TIMESTAMP), PKCS#1 v1.5. */
export function signToken(input: {
  clientKey: string;
  timestamp: string;
  privateKey: KeyObject | string;
}): Signed {
  const stringToSign = tokenStringToSign(input.clientKey, input.timestamp);
  const signature = sign(
    'sha256',
    Buffer.from(stringToSign, 'utf8'),
    asPrivateKey(input.privateKey),
  ).toString('base64');
  return { stringToSign, signature };
}

export function verifyToken(input: {
  clientKey: string;
  timestamp: string;
  publicKey: KeyObject | string;
  signature: string;
}): boolean {
  return rsaVerify(tokenStringToSign(input.clientKey, input.timestamp), input.publicKey, input.signature);
}

export interface TransactionSignInput {
  method: string;
  /** The relative path exactly as sent, including any query string. */
  path: string;
  /** The B2B access token without "Bearer ". */
  accessToken: string;
  clientSecret: string;
  timestamp: string;
  rawBody: string;
}

export function transactionStringToSign(input: Omit<TransactionSignInput, 'clientSecret'>): string {
  return `${input.method.toUpperCase()}:${input.path}:${input.accessToken}:${bodyDigest(input.rawBody)}:${input.timestamp}`;
}

/** Symmetric transaction signature: base64(HMAC-SHA512(clientSecret, METHOD:path:token:hash:timestamp)). */
export function signTransaction(input: TransactionSignInput): Signed {
  const stringToSign = transactionStringToSign(input);
  const signature = createHmac('sha512', input.clientSecret).update(stringToSign, 'utf8').digest('base64');
  return { stringToSign, signature };
}

/** Constant-time check of a symmetric signature (the sandbox and any future inbound symmetric call use it). */
export function verifyTransaction(input: TransactionSignInput & { signature: string }): boolean {
  const expected = Buffer.from(signTransaction(input).signature, 'base64');
  const given = Buffer.from(input.signature, 'base64');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface ServiceSignInput {
  method: string;
  path: string;
  timestamp: string;
  rawBody: string;
}

export function serviceStringToSign(input: ServiceSignInput): string {
  return `${input.method.toUpperCase()}:${input.path}:${bodyDigest(input.rawBody)}:${input.timestamp}`;
}

/** Asymmetric service signature (provider → us, e.g. notify 79): SHA256withRSA over METHOD:path:hash:timestamp. */
export function signService(input: ServiceSignInput & { privateKey: KeyObject | string }): Signed {
  const stringToSign = serviceStringToSign(input);
  const signature = sign(
    'sha256',
    Buffer.from(stringToSign, 'utf8'),
    asPrivateKey(input.privateKey),
  ).toString('base64');
  return { stringToSign, signature };
}

export function verifyService(
  input: ServiceSignInput & { publicKey: KeyObject | string; signature: string },
): { stringToSign: string; valid: boolean } {
  const stringToSign = serviceStringToSign(input);
  return { stringToSign, valid: rsaVerify(stringToSign, input.publicKey, input.signature) };
}

function rsaVerify(stringToSign: string, publicKey: KeyObject | string, signatureB64: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(signatureB64) || signatureB64.length === 0) return false;
  try {
    return verify(
      'sha256',
      Buffer.from(stringToSign, 'utf8'),
      asPublicKey(publicKey),
      Buffer.from(signatureB64, 'base64'),
    );
  } catch {
    return false;
  }
}
