// The names of the provider presets (the rules themselves live in main/snap/provider-presets.ts): plain
// constants, so the renderer can list them in the Settings dropdown without reaching into main/, and
// the settings schema, the CLI profile and the presets module can never disagree about the list.
import { z } from 'zod';

export const PROVIDER_NAMES = ['aspi', 'dana', 'bri', 'bca', 'shopeepay', 'doku'] as const;

export const ProviderNameSchema = z.enum(PROVIDER_NAMES, { error: 'v.provider' });
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/** The ASPI standard as our spec file describes it: what a profile without "provider" talks. */
export const DEFAULT_PROVIDER: ProviderName = 'aspi';

/** What the dropdown shows; the same in both languages (they are names). */
export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = {
  aspi: 'ASPI SNAP',
  dana: 'DANA',
  bri: 'BRI',
  bca: 'BCA',
  shopeepay: 'ShopeePay',
  doku: 'DOKU',
};

/**
 * The longest CHANNEL-ID each provider takes: the standard's is 5 characters, DANA's is
 * "<partnerId>-SERVER". Here so the Settings form can say so while it is typed; the presets read it
 * from here.
 */
export const CHANNEL_ID_MAX_LENGTH: Readonly<Record<ProviderName, number>> = {
  aspi: 5,
  dana: 64,
  bri: 5,
  bca: 5,
  shopeepay: 5,
  doku: 5,
};
