import { describe, expect, it } from 'vitest';
import { hashPin, verifyPinHash } from '../../../main/vault/pin-hash';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('supervisor PIN hashing', () => {
  it('verifies the PIN it hashed', async () => {
    const hash = await hashPin('482913', CHEAP);
    await expect(verifyPinHash('482913', hash)).resolves.toBe(true);
  });

  it('rejects another PIN', async () => {
    const hash = await hashPin('482913', CHEAP);
    await expect(verifyPinHash('482914', hash)).resolves.toBe(false);
  });

  it('salts every hash, so one PIN hashes differently each time', async () => {
    expect(await hashPin('482913', CHEAP)).not.toBe(await hashPin('482913', CHEAP));
  });

  it('stores scrypt and its parameters with the hash, and never the PIN', async () => {
    const hash = await hashPin('482913', CHEAP);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(hash).not.toContain('482913');
  });

  it('uses scrypt at N = 2^15 by default', async () => {
    expect(await hashPin('482913')).toMatch(/^scrypt\$15\$8\$1\$/);
  });

  it('treats a damaged stored hash as a mismatch', async () => {
    await expect(verifyPinHash('482913', 'sha1$abc')).resolves.toBe(false);
  });

  it('refuses a stored hash whose cost parameters were tampered with, without running them', async () => {
    const hash = await hashPin('482913', CHEAP);
    await expect(verifyPinHash('482913', hash.replace(/^scrypt\$10\$/, 'scrypt$30$'))).resolves.toBe(false);
  });
});
