import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BodyNotJsonError, minifyJsonBody } from '../../../main/snap/minify';
import {
  bodyDigest,
  KeyFormatError,
  loadPrivateKey,
  signService,
  signToken,
  signTransaction,
  verifyService,
  verifyTransaction,
} from '../../../main/snap/signature';
import {
  notificationVector,
  samplePrivateKeyPem,
  samplePublicKeyPem,
  symmetricVector,
  tokenVector,
} from './vectors';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const pkcs1PrivatePem = createPrivateKey(samplePrivateKeyPem)
  .export({ type: 'pkcs1', format: 'pem' })
  .toString();
const pkcs1PublicPem = createPublicKey(samplePublicKeyPem)
  .export({ type: 'pkcs1', format: 'pem' })
  .toString();

describe('published Midtrans vectors', () => {
  it('reproduces the B2B token signature for G1234325-SNAP', () => {
    const { stringToSign, signature } = signToken({
      clientKey: tokenVector.clientKey,
      timestamp: tokenVector.timestamp,
      privateKey: samplePrivateKeyPem,
    });
    expect(stringToSign).toBe('G1234325-SNAP|2024-03-01T08:27:49.024Z');
    expect(signature.startsWith(tokenVector.signatureStart)).toBe(true);
    expect(signature.endsWith(tokenVector.signatureEnd)).toBe(true);
  });

  it('reproduces the symmetric signature over the pretty-printed demo body', () => {
    const { signature } = signTransaction(symmetricVector);
    expect(signature).toBe(symmetricVector.signature);
  });

  it('builds the symmetric string to sign from the minified body digest', () => {
    const { stringToSign } = signTransaction(symmetricVector);
    const minified = JSON.stringify(JSON.parse(symmetricVector.rawBody));
    expect(stringToSign).toBe(
      `POST:/v1.0/qr/qr-mpm-generate:myaccesstoken:${sha256(minified)}:2024-03-05T10:37:16.196Z`,
    );
  });

  it('verifies the published notification signature with the sample public key', () => {
    const result = verifyService({ ...notificationVector, publicKey: samplePublicKeyPem });
    expect(result).toEqual({ stringToSign: notificationVector.stringToSign, valid: true });
  });

  it('signs the notification string with the sample private key to the published signature', () => {
    const { stringToSign, signature } = signService({
      ...notificationVector,
      privateKey: samplePrivateKeyPem,
    });
    expect(stringToSign).toBe(notificationVector.stringToSign);
    expect(signature).toBe(notificationVector.signature);
  });
});

describe('minify keeps string contents', () => {
  it('keeps runs of spaces inside values while dropping whitespace between tokens', () => {
    const raw = '{ "merchantName" : "Toko  Budi Jaya" ,\n  "title": " kopi susu " }';
    expect(minifyJsonBody(raw)).toBe('{"merchantName":"Toko  Budi Jaya","title":" kopi susu "}');
  });

  it('keeps non-ASCII characters and hashes them as UTF-8', () => {
    const raw = '{"merchantLocation": "Jl. Braga No. 5, Bandung — Café ☕ 東京"}';
    expect(bodyDigest(raw)).toBe(sha256('{"merchantLocation":"Jl. Braga No. 5, Bandung — Café ☕ 東京"}'));
  });

  it('keeps escaped quotes, backslashes and newlines escaped', () => {
    const raw = '{ "reason": "he said \\"no\\"\\\\ then\\nleft" }';
    expect(minifyJsonBody(raw)).toBe('{"reason":"he said \\"no\\"\\\\ then\\nleft"}');
  });

  it('writes \\u escapes of printable characters as the characters, as the reference implementation does', () => {
    expect(bodyDigest('{"name":"Caf\\u00e9"}')).toBe(bodyDigest('{"name":"Café"}'));
  });

  it('keeps nested arrays, nulls, numbers and booleans in order', () => {
    const raw =
      '{\n "items": [ [1, 2], [], [ {"a": null} ] ],\n "additionalInfo": null, "ok": true, "n": 1.5 }';
    expect(minifyJsonBody(raw)).toBe(
      '{"items":[[1,2],[],[{"a":null}]],"additionalInfo":null,"ok":true,"n":1.5}',
    );
  });

  it('hashes an empty body as the empty string', () => {
    expect(bodyDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses a body that is not JSON', () => {
    expect(() => bodyDigest('{"a":')).toThrow(BodyNotJsonError);
  });

  it('gives the same signature for a pretty-printed and a minified body', () => {
    const minified = { ...symmetricVector, rawBody: JSON.stringify(JSON.parse(symmetricVector.rawBody)) };
    expect(signTransaction(minified).signature).toBe(symmetricVector.signature);
  });
});

describe('string to sign', () => {
  it('signs the path with its query string exactly as given', () => {
    const { stringToSign } = signTransaction({
      ...symmetricVector,
      path: '/snap/v1.0/qr/qr-cpm-query?lang=id&x=1',
    });
    expect(stringToSign.startsWith('POST:/snap/v1.0/qr/qr-cpm-query?lang=id&x=1:myaccesstoken:')).toBe(true);
  });

  it('upper-cases the method', () => {
    const { stringToSign } = signService({
      ...notificationVector,
      method: 'post',
      privateKey: samplePrivateKeyPem,
    });
    expect(stringToSign).toBe(notificationVector.stringToSign);
  });

  it('uses the empty-string digest for an empty service body', () => {
    const { stringToSign } = signService({
      method: 'GET',
      path: '/v1.0/ping',
      timestamp: '2024-05-02T14:43:08+07:00',
      rawBody: '',
      privateKey: samplePrivateKeyPem,
    });
    expect(stringToSign).toBe(
      'GET:/v1.0/ping:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:2024-05-02T14:43:08+07:00',
    );
  });
});

describe('keys', () => {
  it('signs identically with the PKCS#1 form of the private key', () => {
    const pkcs8 = signToken({ ...tokenVector, privateKey: samplePrivateKeyPem });
    const pkcs1 = signToken({ ...tokenVector, privateKey: pkcs1PrivatePem });
    expect(pkcs1PrivatePem).toContain('BEGIN RSA PRIVATE KEY');
    expect(pkcs1.signature).toBe(pkcs8.signature);
  });

  it('verifies with the PKCS#1 form of the public key', () => {
    expect(pkcs1PublicPem).toContain('BEGIN RSA PUBLIC KEY');
    expect(verifyService({ ...notificationVector, publicKey: pkcs1PublicPem }).valid).toBe(true);
  });

  it('finds the PEM block inside pasted text', () => {
    const pasted = `const key = \`${samplePrivateKeyPem}\`; // from the portal`;
    expect(
      signToken({ ...tokenVector, privateKey: pasted }).signature.endsWith(tokenVector.signatureEnd),
    ).toBe(true);
  });

  it('refuses text that holds no PEM private key', () => {
    expect(() => loadPrivateKey(samplePublicKeyPem)).toThrow(KeyFormatError);
  });
});

describe('verification refuses tampering', () => {
  it('fails when one character of the body changes', () => {
    const tampered = notificationVector.rawBody.replace('102800.00', '102800.01');
    expect(
      verifyService({ ...notificationVector, rawBody: tampered, publicKey: samplePublicKeyPem }).valid,
    ).toBe(false);
  });

  it('fails when the timestamp changes', () => {
    const result = verifyService({
      ...notificationVector,
      timestamp: '2024-05-02T14:43:09+07:00',
      publicKey: samplePublicKeyPem,
    });
    expect(result.valid).toBe(false);
  });

  it('fails when the path differs from the one signed', () => {
    const result = verifyService({
      ...notificationVector,
      path: '/v1.0/debit/notify?x=1',
      publicKey: samplePublicKeyPem,
    });
    expect(result.valid).toBe(false);
  });

  it('fails on a signature that is not base64', () => {
    expect(
      verifyService({ ...notificationVector, signature: 'not base64!', publicKey: samplePublicKeyPem }).valid,
    ).toBe(false);
  });

  it('accepts the right symmetric signature and refuses a truncated one', () => {
    expect(verifyTransaction({ ...symmetricVector })).toBe(true);
    expect(verifyTransaction({ ...symmetricVector, signature: symmetricVector.signature.slice(0, 40) })).toBe(
      false,
    );
  });

  it('refuses a symmetric signature made with another secret', () => {
    const other = signTransaction({ ...symmetricVector, clientSecret: 'another' }).signature;
    expect(verifyTransaction({ ...symmetricVector, signature: other })).toBe(false);
  });
});
