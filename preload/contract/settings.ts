// Settings, credentials and the supervisor PIN over IPC. Secrets go one way only: the renderer may send
// a client secret or a PIN in a request, but no response carries a secret, a private key, a PIN hash or
// a token; keys are shown as fingerprints (and our own public key as PEM, to register with the provider).
//
// Field errors are message keys ('v.required', 'v.tooLong:36'), so main and the renderer validate with
// these same schemas and the renderer words the error in the cashier's language.
import { z } from 'zod';
import { LanguageSchema } from './app';
import { isAllowedBaseUrl } from './base-url';
import { fieldError as err } from './field-error';
import { PpobPricingSchema } from './ppob';
import { CHANNEL_ID_MAX_LENGTH, DEFAULT_PROVIDER, ProviderNameSchema } from './providers';
import { LocalizedTextSchema } from './result';
import { SupervisorPinSchema } from './supervisor';
import { TimeoutsSchema } from './timeouts';

export const SANDBOX_PROFILE_ID = 'sandbox';

export const ProfileIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, err('v.profileId'));
/** 'sandbox' or a SNAP profile's id. */
export const ActiveProfileIdSchema = ProfileIdSchema;

const required = (max: number) =>
  z
    .string()
    .trim()
    .min(1, err('v.required'))
    .max(max, err(`v.tooLong:${max}`));
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, err(`v.tooLong:${max}`));
/** Values that go into HTTP headers: printable ASCII, no spaces. */
const headerValue = (max: number) => required(max).regex(/^[\x21-\x7e]+$/, err('v.headerValue'));

export const BaseUrlSchema = required(200).refine(isAllowedBaseUrl, err('v.baseUrl'));
export const PathPrefixSchema = optional(100).regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, err('v.pathPrefix'));
export const UtcOffsetFieldSchema = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, err('v.utcOffset'));
export type { Timeouts } from './timeouts';

/** The non-secret fields of a SNAP provider profile, as the integrator types them. */
export const ProfileFieldsSchema = z
  .strictObject({
    name: required(60),
    /** The provider preset (paths, signature kind, CHANNEL-ID…); profiles saved before presets are the standard. */
    provider: ProviderNameSchema.default(DEFAULT_PROVIDER),
    baseUrl: BaseUrlSchema,
    /** Empty: the preset's prefix. */
    pathPrefix: PathPrefixSchema,
    clientKey: headerValue(100),
    partnerId: headerValue(36),
    /** Empty: the preset's CHANNEL-ID; its length limit (5 for the standard) is checked when it is used. */
    channelId: optional(64).regex(/^[\x21-\x7e]*$/, err('v.headerValue')),
    merchantId: required(64),
    subMerchantId: optional(32),
    terminalId: required(32),
    utcOffset: UtcOffsetFieldSchema,
    timeouts: TimeoutsSchema,
  })
  .superRefine((fields, ctx) => {
    const max = CHANNEL_ID_MAX_LENGTH[fields.provider];
    if (fields.channelId.length > max) {
      ctx.addIssue({ code: 'custom', path: ['channelId'], message: `v.tooLong:${max}` });
    }
  });
export type ProfileFields = z.infer<typeof ProfileFieldsSchema>;

export const ClientSecretSchema = z.string().min(1, err('v.required')).max(256, err('v.tooLong:256'));

export const PinSchema = z.string().regex(/^\d{6,12}$/, err('v.pinFormat'));

/**
 * The supervisor's PIN on a change to where payments go or with what credentials. Needed once a PIN
 * has been set (before that, setting up is open); main checks it, counts it and never keeps it.
 */
const Supervised = { supervisorPin: PinSchema.optional() };

export const SaveProfileRequestSchema = z.strictObject({
  /** Absent for a new profile. */
  id: ProfileIdSchema.optional(),
  fields: ProfileFieldsSchema,
  /** Write-only: absent keeps the stored secret. */
  clientSecret: ClientSecretSchema.optional(),
  ...Supervised,
});
export type SaveProfileRequest = z.input<typeof SaveProfileRequestSchema>;

export const ScannerSettingsSchema = z
  .strictObject({
    mode: z.enum(['wedge', 'serial', 'webcam']),
    /** Keys closer together than this are a scanner, not a person typing. */
    wedgeMaxKeyIntervalMs: z
      .number(err('v.number'))
      .int(err('v.integer'))
      .min(5, err('v.range:5-200'))
      .max(200, err('v.range:5-200')),
    wedgeTerminator: z.enum(['Enter', 'Tab']),
    serialPath: optional(200),
    serialBaudRate: z.union([
      z.literal(9600),
      z.literal(19200),
      z.literal(38400),
      z.literal(57600),
      z.literal(115200),
    ]),
    webcamDeviceId: optional(200),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'serial' && value.serialPath === '') {
      ctx.addIssue({ code: 'custom', path: ['serialPath'], message: 'v.required' });
    }
  });
export type ScannerSettings = z.infer<typeof ScannerSettingsSchema>;

export const PrinterSettingsSchema = z
  .strictObject({
    enabled: z.boolean(),
    deviceName: optional(200),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]),
    customerCopy: z.boolean(),
  })
  .superRefine((value, ctx) => {
    if (value.enabled && value.deviceName === '') {
      ctx.addIssue({ code: 'custom', path: ['deviceName'], message: 'v.required' });
    }
  });
export type PrinterSettings = z.infer<typeof PrinterSettingsSchema>;

export const GeneralSettingsSchema = z.strictObject({
  language: LanguageSchema,
  /** The provider the built-in sandbox plays when no real provider is active. */
  sandboxVariant: ProviderNameSchema.default(DEFAULT_PROVIDER),
  scanner: ScannerSettingsSchema,
  printer: PrinterSettingsSchema,
});
export type GeneralSettings = z.infer<typeof GeneralSettingsSchema>;

export const KeyInfoSchema = z.object({
  algorithm: z.literal('RSA'),
  bits: z.number().int(),
  /** First 16 hex digits of SHA-256 over the public key's SPKI DER. */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});
export type KeyInfo = z.infer<typeof KeyInfoSchema>;

export const ProfileViewSchema = z.object({
  id: ProfileIdSchema,
  fields: ProfileFieldsSchema,
  clientSecretSet: z.boolean(),
  /** Our signing key (its public half's fingerprint). */
  privateKey: KeyInfoSchema.nullable(),
  /** The provider's key, which verifies its notifications. */
  providerPublicKey: KeyInfoSchema.nullable(),
  /** What is still needed before the profile can be made active. */
  missing: z.array(z.enum(['clientSecret', 'privateKey'])),
});
export type ProfileView = z.infer<typeof ProfileViewSchema>;

export const VaultStatusSchema = z.object({
  available: z.boolean(),
  backend: z.string(),
  protected: z.boolean(),
  /** The user chose to store secrets although the backend does not protect them. */
  unprotectedAccepted: z.boolean(),
  canStore: z.boolean(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

export const PinStatusSchema = z.object({
  set: z.boolean(),
  /** Epoch ms until which every PIN entry is refused, or null. */
  lockedUntil: z.number().nullable(),
  failedAttempts: z.number().int(),
  /**
   * A PIN was set here but its vault entry is gone or does not open: a new PIN needs the client
   * secret of one of `profiles` (the active one; any, while the sandbox is active). An empty list:
   * no profile can check it, and the new PIN is set unverified (and audited so).
   */
  recovery: z
    .object({
      reason: z.enum(['missing', 'unreadable']),
      profiles: z.array(z.object({ id: ProfileIdSchema, name: z.string() })),
    })
    .nullable(),
});
export type PinStatus = z.infer<typeof PinStatusSchema>;

export const LoadProblemSchema = z.object({
  file: z.enum(['settings', 'vault']),
  code: z.string(),
  message: LocalizedTextSchema,
  keptAs: z.string(),
  issues: z.array(z.string()),
});
export type LoadProblemView = z.infer<typeof LoadProblemSchema>;

export const SettingsViewSchema = z.object({
  language: LanguageSchema,
  sandboxVariant: ProviderNameSchema,
  activeProfileId: ActiveProfileIdSchema,
  profiles: z.array(ProfileViewSchema),
  scanner: ScannerSettingsSchema,
  printer: PrinterSettingsSchema,
  vault: VaultStatusSchema,
  pin: PinStatusSchema,
  /** Files found broken at start (kept aside); empty normally. */
  problems: z.array(LoadProblemSchema),
  /** The owner's prices for digital products (PPOB) and the deposit warning thresholds. */
  ppob: PpobPricingSchema,
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const ConnectionOutcomeSchema = z.enum([
  'ok',
  'clock_skew',
  'unknown_client',
  'signature_mismatch',
  'refused',
  'malformed',
  'tls',
  'network',
  'timeout',
  'incomplete',
]);
export type ConnectionOutcome = z.infer<typeof ConnectionOutcomeSchema>;

export const ConnectionTestResultSchema = z.object({
  ok: z.boolean(),
  outcome: ConnectionOutcomeSchema,
  message: LocalizedTextSchema,
  url: z.string(),
  httpStatus: z.number().int().nullable(),
  responseCode: z.string().nullable(),
  responseMessage: z.string().nullable(),
  /** The X-TIMESTAMP we sent and "clientKey|X-TIMESTAMP", the exact string we signed. */
  timestamp: z.string().nullable(),
  stringToSign: z.string().nullable(),
  /** The public key the provider must hold for our signatures to verify. */
  publicKeyFingerprint: z.string().nullable(),
  /** Provider clock minus ours, from its Date header (1 s resolution). */
  clockSkewMs: z.number().nullable(),
  /** ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, … */
  networkCode: z.string().nullable(),
  expiresInSeconds: z.number().nullable(),
  elapsedMs: z.number(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const PublicKeyResultSchema = z.object({
  /** Our public key (SPKI PEM), to send to the provider. Never the private key. */
  publicKeyPem: z.string(),
  key: KeyInfoSchema,
});
export type PublicKeyResult = z.infer<typeof PublicKeyResultSchema>;

export const KeyImportResultSchema = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({ cancelled: z.literal(false), key: KeyInfoSchema, settings: SettingsViewSchema }),
]);
export type KeyImportResult = z.infer<typeof KeyImportResultSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  action: z.string(),
  outcome: z.string(),
  purpose: z.string().nullable(),
  reference: z.string().nullable(),
  detail: z.string().nullable(),
  /** Who acted: 'supervisor' when the PIN was checked; null on rows from before this was recorded. */
  actor: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const NoPayload = z.undefined();
const ProfileRef = z.strictObject({ profileId: ProfileIdSchema });
const ProfileChange = z.strictObject({ profileId: ProfileIdSchema, ...Supervised });

export const settingsChannels = {
  'settings:get': { request: NoPayload, response: SettingsViewSchema },
  'settings:general:save': { request: GeneralSettingsSchema, response: SettingsViewSchema },
  'settings:profile:save': {
    request: SaveProfileRequestSchema,
    response: z.object({ profileId: ProfileIdSchema, settings: SettingsViewSchema }),
  },
  'settings:profile:delete': { request: ProfileChange, response: SettingsViewSchema },
  'settings:profile:activate': {
    request: z.strictObject({ profileId: ActiveProfileIdSchema, ...Supervised }),
    response: SettingsViewSchema,
  },
  'settings:profile:test': { request: ProfileRef, response: ConnectionTestResultSchema },
  'settings:key:generate': {
    request: z.strictObject({ profileId: ProfileIdSchema, replace: z.boolean(), ...Supervised }),
    response: PublicKeyResultSchema.extend({ settings: SettingsViewSchema }),
  },
  'settings:key:import': {
    request: z.strictObject({
      profileId: ProfileIdSchema,
      kind: z.enum(['private', 'provider-public']),
      replace: z.boolean(),
      ...Supervised,
    }),
    response: KeyImportResultSchema,
  },
  'settings:key:public': { request: ProfileRef, response: PublicKeyResultSchema },
  'settings:vault:accept-unprotected': {
    request: z.strictObject({ accept: z.literal(true), ...Supervised }),
    response: SettingsViewSchema,
  },
  'settings:pin:set': {
    request: z.strictObject({
      // Digits, like every PIN: a malformed one is a bad request, not a wrong attempt toward the lockout.
      currentPin: SupervisorPinSchema.optional(),
      newPin: PinSchema,
      /** In place of the current PIN when the PIN was lost: a client secret only the integrator knows. */
      recovery: z.strictObject({ profileId: ProfileIdSchema, clientSecret: ClientSecretSchema }).optional(),
    }),
    response: SettingsViewSchema,
  },
  /** The owner's PPOB prices: what the shop earns, so behind the PIN like where payments go. */
  'settings:ppob:save': {
    request: z.strictObject({ pricing: PpobPricingSchema, ...Supervised }),
    response: SettingsViewSchema,
  },
  'settings:audit:list': {
    request: NoPayload,
    response: z.object({ entries: z.array(AuditEntrySchema) }),
  },
} as const;
