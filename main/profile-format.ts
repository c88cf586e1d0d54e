// The terminal profile's file format: one JSON file naming the provider, the credentials and this
// terminal, read by the CLI (main/terminal-profile.ts) and written by `kasir sandbox`
// (main/sandbox/profile.ts) through this one schema, so the two can never disagree.
//
// {"baseUrl","provider","clientKey","clientSecret","privateKeyFile","providerPublicKeyFile",
//  "partnerId","channelId","merchantId","subMerchantId","terminalId","timeoutMs"}
// "provider" names the provider preset (default aspi, the standard) and "rules" overrides any of its
// rules; pathPrefix, channelId, utcOffset and timeoutMs, when given, override the preset's too.
// providerPublicKeyFile, partnerId (default clientKey), subMerchantId, externalStoreId and
// "resolution" (the engine's query/cancel policy) are optional. Relative key paths resolve against
// the folder of the profile's real file (a symlinked profile's keys sit next to what it points to).
// Plain http is allowed to this computer only, the rule the Settings screen applies.
//
// "ppob" (optional) sells digital products: {"klikoo": {"baseUrl","clientId","clientSecret" or
// "clientSecretFile","privateKeyFile","timeoutMs"?,"paths"?}, "dokuBiller": {"baseUrl","clientId",
// "secretKey" or "secretKeyFile","timeoutMs"?,"paths"?}, "defaultMargin"? ("1500.00"), "resolution"?}.

import { z } from 'zod';
import { isAllowedBaseUrl } from '../preload/contract/base-url';
import { ResolutionPolicySchema } from './payments/policy';
import { DokuPathsSchema } from './ppob/doku/paths';
import { KlikooPathsSchema } from './ppob/klikoo/paths';
import { PurchasePolicySchema } from './ppob/policy';
import { UtcOffsetSchema } from './snap/headers';
import { ProviderNameSchema, ProviderRulesOverrideSchema } from './snap/provider-presets';

/** Every provider address in a profile: https, or plain http to this computer only. */
export const BaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL' })
  .refine(isAllowedBaseUrl, 'https, or plain http to this computer only (localhost, 127.0.0.1, [::1])');

/** Exactly one of an inline secret and a file holding it. */
function oneOf(a: string, b: string) {
  return (value: Record<string, unknown>) => (value[a] === undefined) !== (value[b] === undefined);
}

export const PpobProfileSchema = z.strictObject({
  klikoo: z
    .strictObject({
      baseUrl: BaseUrlSchema,
      clientId: z.string().min(1).max(128),
      clientSecret: z.string().min(1).optional(),
      clientSecretFile: z.string().min(1).optional(),
      privateKeyFile: z.string().min(1),
      timeoutMs: z.number().int().min(100).max(300_000).optional(),
      paths: KlikooPathsSchema.partial().optional(),
    })
    .refine(oneOf('clientSecret', 'clientSecretFile'), {
      error: 'give clientSecret or clientSecretFile (one of them)',
    })
    .optional(),
  dokuBiller: z
    .strictObject({
      baseUrl: BaseUrlSchema,
      clientId: z.string().min(1).max(128),
      secretKey: z.string().min(1).optional(),
      secretKeyFile: z.string().min(1).optional(),
      timeoutMs: z.number().int().min(100).max(300_000).optional(),
      paths: DokuPathsSchema.partial().optional(),
    })
    .refine(oneOf('secretKey', 'secretKeyFile'), { error: 'give secretKey or secretKeyFile (one of them)' })
    .optional(),
  /** Added to the buy price when a sale names no selling price, e.g. "1500.00". */
  defaultMargin: z
    .string()
    .regex(/^(0|[1-9]\d{0,15})\.00$/, { error: 'whole Rupiah with two decimals, e.g. 1500.00' })
    .optional(),
  resolution: PurchasePolicySchema.partial().optional(),
});

export const TerminalProfileSchema = z.strictObject({
  baseUrl: BaseUrlSchema,
  provider: ProviderNameSchema.optional(),
  rules: ProviderRulesOverrideSchema.optional(),
  pathPrefix: z.string().max(200).optional(),
  clientKey: z.string().min(1).max(36),
  clientSecret: z.string().min(1),
  privateKeyFile: z.string().min(1),
  providerPublicKeyFile: z.string().min(1).optional(),
  partnerId: z.string().min(1).max(36).optional(),
  // The preset's limit (5 for the standard) is checked once the preset is known.
  channelId: z.string().min(1).max(64).optional(),
  merchantId: z.string().min(1).max(64),
  subMerchantId: z.string().max(32).optional(),
  externalStoreId: z.string().min(1).max(64).optional(),
  terminalId: z.string().min(1).max(32),
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
  utcOffset: UtcOffsetSchema.optional(),
  resolution: ResolutionPolicySchema.partial().optional(),
  ppob: PpobProfileSchema.optional(),
});
export type TerminalProfileFile = z.input<typeof TerminalProfileSchema>;
