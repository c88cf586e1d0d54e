// Supervisor PIN hashing: scrypt with a fresh random salt per PIN, parameters stored with the hash so
// they can be raised later without invalidating PINs already set. A short numeric PIN is weak on its
// own; the hash is also encrypted in the vault and wrong entries are rate-limited (supervisor-pin.ts).

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of scrypt's N (cost). */
  logN: number;
  r: number;
  p: number;
}

/** 32 MiB and about 0.2 s per check on a modest PC: slow to brute-force, unnoticeable to a supervisor. */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
const HASH_PATTERN = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      pin.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** "scrypt$logN$r$p$salt$hash" (salt and hash in base64). */
export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, params);
  return `scrypt$${params.logN}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPinHash(pin: string, stored: string): Promise<boolean> {
  const match = HASH_PATTERN.exec(stored);
  if (!match) return false;
  const [, logN, r, p, salt, hash] = match;
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  // A tampered vault must not make a PIN check eat gigabytes or minutes.
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 16 || params.p < 1 || params.p > 4) {
    return false;
  }
  const expected = Buffer.from(hash ?? '', 'base64');
  const actual = await derive(pin, Buffer.from(salt ?? '', 'base64'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
