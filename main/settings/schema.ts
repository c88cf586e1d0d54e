// The settings document as stored (electron-store in the app, a JSON file elsewhere): a version, the
// general settings and the SNAP provider profiles without their secrets, which live in the vault.

import { z } from 'zod';
import { LanguageSchema } from '../../preload/contract/app';
import {
  DEFAULT_PPOB_PRICING,
  PpobPricingSchema,
  pricingAmountsOverLimit,
} from '../../preload/contract/ppob';
import { DEFAULT_PROVIDER, ProviderNameSchema } from '../../preload/contract/providers';
import type { GeneralSettings, Timeouts } from '../../preload/contract/settings';
import {
  PrinterSettingsSchema,
  ProfileFieldsSchema,
  ProfileIdSchema,
  SANDBOX_PROFILE_ID,
  ScannerSettingsSchema,
} from '../../preload/contract/settings';
import type { Migration } from './load-document';

export const SETTINGS_VERSION = 1;

/** The most provider profiles the settings hold. */
export const MAX_PROFILES = 20;

const PemText = z.string().max(8000, { error: 'v.tooLong:8000' });

export const StoredProfileSchema = z.strictObject({
  id: ProfileIdSchema.refine((id) => id !== SANDBOX_PROFILE_ID, { error: 'v.profileIdReserved' }),
  fields: ProfileFieldsSchema,
  /** Our public key, kept here (it is public) so showing it needs no decryption. */
  ownPublicKeyPem: PemText.nullable(),
  /** The provider's public key, for verifying its notifications. */
  providerPublicKeyPem: PemText.nullable(),
  /**
   * scrypt of the client secret (with the profile id), kept outside the vault: when the vault is lost,
   * it checks the secret a supervisor enters to set a new PIN. Absent on profiles saved before it.
   */
  clientSecretCheck: z.string().max(300).nullable().optional(),
});
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

export const SettingsDocumentSchema = z
  .strictObject({
    version: z.literal(SETTINGS_VERSION),
    language: LanguageSchema,
    // Added after version 1 shipped: a document without it is the standard.
    sandboxVariant: ProviderNameSchema.default(DEFAULT_PROVIDER),
    activeProfileId: ProfileIdSchema,
    profiles: z.array(StoredProfileSchema).max(MAX_PROFILES, { error: `v.tooMany:${MAX_PROFILES}` }),
    scanner: ScannerSettingsSchema,
    printer: PrinterSettingsSchema,
    /** The owner's PPOB prices and deposit thresholds; added after version 1 (absent: none set). */
    ppob: PpobPricingSchema.superRefine((pricing, ctx) => {
      // As the save refuses them (security.ts): here for a file edited by hand.
      for (const amount of pricingAmountsOverLimit(pricing)) {
        ctx.addIssue({ code: 'custom', path: amount.path, message: 'v.amountMax' });
      }
    }).default(DEFAULT_PPOB_PRICING),
    /** When a supervisor PIN was first set here: a vault without one is then a lost PIN, not a new till. */
    pinSetAt: z.number().nullable().optional(),
    /**
     * This install's random id, made with the first secret. Every secret is sealed to it, so a vault
     * file copied in from another install (or kept while these settings were replaced) does not open.
     */
    installId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional(),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.profiles.forEach((profile, index) => {
      if (ids.has(profile.id))
        ctx.addIssue({ code: 'custom', path: ['profiles', index, 'id'], message: 'v.duplicate' });
      ids.add(profile.id);
    });
    if (doc.activeProfileId !== SANDBOX_PROFILE_ID && !ids.has(doc.activeProfileId)) {
      ctx.addIssue({ code: 'custom', path: ['activeProfileId'], message: 'v.unknownProfile' });
    }
  });
export type SettingsDocument = z.infer<typeof SettingsDocumentSchema>;

export const DEFAULT_TIMEOUTS: Timeouts = {
  tokenMs: 10_000,
  paymentMs: 30_000,
  queryMs: 10_000,
  cancelMs: 15_000,
  refundMs: 30_000,
};

export function defaultGeneralSettings(): GeneralSettings {
  return {
    language: 'id',
    sandboxVariant: DEFAULT_PROVIDER,
    scanner: {
      mode: 'wedge',
      wedgeMaxKeyIntervalMs: 35,
      wedgeTerminator: 'Enter',
      serialPath: '',
      serialBaudRate: 9600,
      webcamDeviceId: '',
    },
    printer: { enabled: false, deviceName: '', paperWidthMm: 58, customerCopy: false },
  };
}

export function defaultSettings(): SettingsDocument {
  return {
    version: SETTINGS_VERSION,
    activeProfileId: SANDBOX_PROFILE_ID,
    profiles: [],
    ...defaultGeneralSettings(),
    ppob: DEFAULT_PPOB_PRICING,
  };
}

export const SETTINGS_MIGRATIONS: readonly Migration[] = [
  {
    // A document without "version" was written by hand (the README shows the shape): take the
    // sections it names, default the rest, and let the schema judge the result.
    from: 0,
    up(document) {
      const defaults = defaultSettings();
      const general = defaultGeneralSettings();
      const section = (name: 'scanner' | 'printer') => {
        const given = document[name];
        return typeof given === 'object' && given !== null ? { ...general[name], ...given } : general[name];
      };
      return {
        ...defaults,
        ...document,
        version: 1,
        scanner: section('scanner'),
        printer: section('printer'),
      };
    },
  },
];
