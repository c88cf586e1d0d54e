// The terminal profile `kasir sandbox` writes for a demo partner: everything the app and the CLI
// need to talk to this sandbox. It holds a client secret and points at a private key, so the
// folder is 0700 and every file 0600.

import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { removeLeftoverTemporaries } from '../files/temporaries';
import { TerminalProfileSchema } from '../profile-format';
import type { ProviderName, ProviderRules } from '../snap/provider-presets';
import { PROVIDER_PRESETS } from '../snap/provider-presets';
import type { DemoPartner } from './partners';

/**
 * What the sandbox writes: the reader's own format (main/profile-format.ts), with the fields the
 * sandbox always fills in required, so a profile it writes is one the CLI and the app accept.
 */
export const SandboxProfileSchema = TerminalProfileSchema.required({
  provider: true,
  pathPrefix: true,
  providerPublicKeyFile: true,
  partnerId: true,
  channelId: true,
  subMerchantId: true,
  timeoutMs: true,
});
export type SandboxProfile = z.infer<typeof SandboxProfileSchema>;

export const PROFILE_FILE_NAME = 'terminal-profile.json';
export const PRIVATE_KEY_FILE_NAME = 'partner-private-key.pem';
export const PROVIDER_PUBLIC_KEY_FILE_NAME = 'provider-public-key.pem';
export const KLIKOO_PRIVATE_KEY_FILE_NAME = 'klikoo-private-key.pem';
/**
 * The standard preset's payment timeout: shorter than the lateAnswer fault's default delay (20 s),
 * so that fault really is a timeout.
 */
export const DEFAULT_TERMINAL_TIMEOUT_MS = PROVIDER_PRESETS.aspi.timeouts.paymentMs;
/** The demo store named on every request of a provider that requires one. */
export const DEMO_EXTERNAL_STORE_ID = 'SBX-STORE-01';

export interface TerminalProfileInput {
  baseUrl: string;
  /** The preset the sandbox plays and its rules (the standard when absent). */
  provider?: ProviderName;
  rules?: ProviderRules;
  pathPrefix?: string;
  demo: DemoPartner;
  providerPublicKeyPem: string;
  timeoutMs?: number;
  /** The PPOB simulators and their demo partners, when they run too. */
  ppob?: {
    klikoo: { baseUrl: string; clientId: string; clientSecret: string; privateKeyPem: string };
    doku: { baseUrl: string; clientId: string; secretKey: string };
  };
}

export interface WrittenProfile {
  profileFile: string;
  privateKeyFile: string;
  providerPublicKeyFile: string;
  profile: SandboxProfile;
}

export async function writeTerminalProfile(
  dir: string,
  input: TerminalProfileInput,
): Promise<WrittenProfile> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const privateKeyFile = join(folder, PRIVATE_KEY_FILE_NAME);
  const providerPublicKeyFile = join(folder, PROVIDER_PUBLIC_KEY_FILE_NAME);
  const profileFile = join(folder, PROFILE_FILE_NAME);
  const { partner } = input.demo;
  const rules = input.rules ?? PROVIDER_PRESETS[input.provider ?? 'aspi'];
  const needsStore = Object.values(rules.requiredFields).some((fields) =>
    fields?.includes('externalStoreId'),
  );
  const profile = SandboxProfileSchema.parse({
    baseUrl: input.baseUrl,
    provider: input.provider ?? 'aspi',
    pathPrefix: input.pathPrefix ?? rules.pathPrefix,
    clientKey: partner.clientKey,
    clientSecret: partner.clientSecret,
    privateKeyFile,
    providerPublicKeyFile,
    partnerId: partner.clientKey,
    channelId: partner.channelId ?? '95221',
    merchantId: partner.merchantId ?? '00007100010926',
    subMerchantId: input.demo.subMerchantId,
    terminalId: input.demo.terminalId,
    ...(needsStore ? { externalStoreId: DEMO_EXTERNAL_STORE_ID } : {}),
    timeoutMs: input.timeoutMs ?? rules.timeouts.paymentMs,
    ...(input.ppob === undefined
      ? {}
      : {
          ppob: {
            klikoo: {
              baseUrl: input.ppob.klikoo.baseUrl,
              clientId: input.ppob.klikoo.clientId,
              clientSecret: input.ppob.klikoo.clientSecret,
              privateKeyFile: join(folder, KLIKOO_PRIVATE_KEY_FILE_NAME),
            },
            dokuBiller: input.ppob.doku,
          },
        }),
  });
  if (input.ppob !== undefined) {
    await writePrivateFile(join(folder, KLIKOO_PRIVATE_KEY_FILE_NAME), input.ppob.klikoo.privateKeyPem);
  }
  await writePrivateFile(privateKeyFile, input.demo.privateKeyPem);
  await writePrivateFile(providerPublicKeyFile, input.providerPublicKeyPem);
  await writePrivateFile(profileFile, `${JSON.stringify(profile, null, 2)}\n`);
  return { profileFile, privateKeyFile, providerPublicKeyFile, profile };
}

/**
 * Written to a fresh temporary file created 0600 and renamed into place: the secret is never in a
 * file with looser permissions, even when an older profile with other permissions is replaced.
 */
async function writePrivateFile(file: string, text: string): Promise<void> {
  removeLeftoverTemporaries(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'w' });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
