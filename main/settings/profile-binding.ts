// What ties a provider profile's secrets to the profile as the supervisor set it up. The settings
// file is plain JSON that anyone with this account can edit; the vault is not. Sealing the client
// secret and the private key with a digest of where they may be used (the provider's address, our
// identity at it, the key that checks its notifications) means an edited address or provider key
// leaves the profile unable to pay, instead of quietly sending payments (and taking notifications)
// somewhere else. Changes made through Settings, with the PIN, seal the secrets again.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { ScryptParams } from '../vault/pin-hash';
import { hashPin, verifyPinHash } from '../vault/pin-hash';
import type { StoredProfile } from './schema';

/** What the supervisor PIN record is sealed with: this install, not a vault copied from another one. */
export function installBinding(installId: string): string {
  return `install:${installId}`;
}

/**
 * The fields that say where a profile's secrets are used: the preset (it decides the paths and the
 * signature scheme), the address, and our identity there. The display name and timeouts are not.
 */
const BOUND_FIELDS = [
  'provider',
  'baseUrl',
  'pathPrefix',
  'clientKey',
  'partnerId',
  'channelId',
  'merchantId',
  'subMerchantId',
  'terminalId',
] as const;

/** The digest a profile's secrets are sealed with: this install, the profile's endpoint and provider key. */
export function profileBinding(installId: string, profile: StoredProfile): string {
  const bound = [
    installId,
    profile.id,
    ...BOUND_FIELDS.map((name) => profile.fields[name]),
    profile.providerPublicKeyPem,
  ];
  return `profile:${createHash('sha256').update(JSON.stringify(bound)).digest('hex')}`;
}

const checkInput = (profileId: string, clientSecret: string) =>
  `kasir-client-secret\n${profileId}\n${clientSecret}`;

/** A slow salted hash of the client secret, to recognise it later without keeping it. */
export function clientSecretCheck(
  profileId: string,
  clientSecret: string,
  params?: ScryptParams,
): Promise<string> {
  return hashPin(checkInput(profileId, clientSecret), params);
}

export function matchesClientSecretCheck(
  profileId: string,
  clientSecret: string,
  check: string,
): Promise<boolean> {
  return verifyPinHash(checkInput(profileId, clientSecret), check);
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
