// Who may call the sandbox: partners with a client key, a client secret (for HMAC transaction
// signatures) and the public half of their RSA key (for the token signature).

import type { KeyObject } from 'node:crypto';
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { ProviderRules } from '../snap/provider-presets';
import { PROVIDER_PRESETS } from '../snap/provider-presets';
import { channelIdFor } from '../snap/provider-wire';
import { KeyFormatError, loadPublicKey } from '../snap/signature';

const generateKeyPairAsync = promisify(generateKeyPair);

export const PartnerConfigSchema = z.strictObject({
  // It is also the X-PARTNER-ID the partner sends, hence the header's 36-character limit.
  clientKey: z.string().min(1).max(36),
  clientSecret: z.string().min(16, { error: 'clientSecret must be at least 16 characters' }),
  publicKeyPem: z.string().refine(isPublicKeyPem, { error: 'publicKeyPem is not a readable PEM public key' }),
  // At most 5 characters for the standard; DANA's "<partnerId>-SERVER" is longer.
  channelId: z.string().min(1).max(64).optional(),
  merchantId: z.string().min(1).max(64).optional(),
  notifyUrl: z.url({ protocol: /^https?$/, error: 'notifyUrl must be an http(s) URL' }).optional(),
});
export type PartnerConfig = z.infer<typeof PartnerConfigSchema>;

/** Partners of the PPOB simulators (Klikoo B2B, DOKU Biller) in a --config file. */
export const PpobPartnersConfigSchema = z.strictObject({
  klikoo: z
    .array(
      z.strictObject({
        clientId: z.string().min(1).max(128),
        clientSecret: z.string().min(16, { error: 'clientSecret must be at least 16 characters' }),
        publicKeyPem: z
          .string()
          .refine(isPublicKeyPem, { error: 'publicKeyPem is not a readable PEM public key' }),
        callbackUrl: z.url({ protocol: /^https?$/, error: 'callbackUrl must be an http(s) URL' }).optional(),
      }),
    )
    .default([]),
  doku: z
    .array(
      z.strictObject({
        clientId: z.string().min(1).max(128),
        secretKey: z.string().min(16, { error: 'secretKey must be at least 16 characters' }),
      }),
    )
    .default([]),
});

export const SandboxConfigSchema = z.strictObject({
  partners: z.array(PartnerConfigSchema).min(1, { error: 'partners must list at least one partner' }),
  ppob: PpobPartnersConfigSchema.optional(),
});
export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;

function isPublicKeyPem(text: string): boolean {
  try {
    loadPublicKey(text);
    return true;
  } catch (error) {
    if (error instanceof KeyFormatError) return false;
    throw error;
  }
}

export interface Partner {
  config: PartnerConfig;
  publicKey: KeyObject;
}

export class PartnerRegistry {
  private readonly byClientKey = new Map<string, Partner>();

  constructor(partners: readonly PartnerConfig[]) {
    for (const config of partners) {
      const parsed = PartnerConfigSchema.parse(config);
      if (this.byClientKey.has(parsed.clientKey)) {
        throw new Error(`Two partners share the client key ${parsed.clientKey}`);
      }
      this.byClientKey.set(parsed.clientKey, {
        config: parsed,
        publicKey: loadPublicKey(parsed.publicKeyPem),
      });
    }
  }

  get(clientKey: string): Partner | undefined {
    return this.byClientKey.get(clientKey);
  }

  list(): PartnerConfig[] {
    return [...this.byClientKey.values()].map((p) => p.config);
  }
}

export interface DemoPartner {
  partner: PartnerConfig;
  /** PKCS#8 PEM: the terminal signs its token requests with it. Keep it out of logs. */
  privateKeyPem: string;
  subMerchantId: string;
  terminalId: string;
}

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * A fresh partner with its own RSA-2048 key pair and random credentials, for demos and tests; its
 * CHANNEL-ID is the one the given provider rules (the standard's by default) expect.
 */
export async function createDemoPartner(
  options: { notifyUrl?: string; rules?: ProviderRules } = {},
): Promise<DemoPartner> {
  const keys = await generateRsaKeyPair();
  const clientKey = `sandbox-${randomBytes(6).toString('hex')}`;
  const partner: PartnerConfig = {
    clientKey,
    clientSecret: randomBytes(32).toString('base64url'),
    publicKeyPem: keys.publicKeyPem,
    channelId: channelIdFor(options.rules ?? PROVIDER_PRESETS.aspi, clientKey),
    merchantId: '00007100010926',
    ...(options.notifyUrl === undefined ? {} : { notifyUrl: options.notifyUrl }),
  };
  return {
    partner,
    privateKeyPem: keys.privateKeyPem,
    subMerchantId: '310928924949487',
    terminalId: 'SBX00001',
  };
}
