// Provider presets: each acquirer publishes its own variant of SNAP QR CPM, and everything that
// differs between them is data here, not `if (provider === …)` in the client or the sandbox. The
// client reads a preset to build and sign its requests; the sandbox reads the same preset to accept
// exactly that shape and refuse the others. A profile picks a preset by name and may override any
// rule of it.
//
// The presets come from the providers' public documentation and SDKs (DANA's from its Node SDK,
// npm `dana-node`); each must be confirmed against the provider's own sandbox before going live.

import { z } from 'zod';
import type { ProviderName } from '../../preload/contract/providers';
import {
  CHANNEL_ID_MAX_LENGTH,
  DEFAULT_PROVIDER,
  PROVIDER_NAMES,
  ProviderNameSchema,
} from '../../preload/contract/providers';
import { TimeoutsSchema } from '../../preload/contract/timeouts';
import { UtcOffsetSchema } from './headers';

export type { ProviderName } from '../../preload/contract/providers';
export { DEFAULT_PROVIDER, PROVIDER_NAMES, ProviderNameSchema };

/** The services a preset can shape: the B2B token and the QR CPM calls. */
export const PRESET_SERVICES = [
  'tokenB2b',
  'generate',
  'payment',
  'query',
  'cancel',
  'refund',
  'notify',
] as const;
export type PresetService = (typeof PRESET_SERVICES)[number];
const BODY_SERVICES = ['generate', 'payment', 'query', 'cancel', 'refund'] as const;
export type BodyService = (typeof BODY_SERVICES)[number];

const PathPartSchema = z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, { error: 'a path such as /snap' });
const VersionSchema = z.string().regex(/^v\d{1,2}\.\d{1,2}$/, { error: 'a version such as v1.0' });

/**
 * A field a provider adds to a request: a fixed value (with other values its server also takes), or
 * the amount of the transaction the request is about, as a SNAP amount string ("10000.00").
 */
const ExtraFieldSchema = z.union([
  z.strictObject({ value: z.string().min(1), alsoAccepted: z.array(z.string().min(1)).optional() }),
  z.strictObject({ from: z.literal('amount') }),
]);
export type ExtraField = z.infer<typeof ExtraFieldSchema>;

/** Dotted body path of an extra field: "serviceCode" or "additionalInfo.serviceCode". */
const FieldPathSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)?$/);

const perBodyService = <T extends z.ZodType>(schema: T) =>
  z.strictObject({
    generate: schema.optional(),
    payment: schema.optional(),
    query: schema.optional(),
    cancel: schema.optional(),
    refund: schema.optional(),
  });

export const ProviderRulesSchema = z.strictObject({
  /** In front of every QR CPM path, and of the token path unless `tokenPath` is set; signed as sent. */
  pathPrefix: PathPartSchema,
  /** After every path: DANA's ".htm". */
  pathSuffix: z.string().regex(/^(\.[a-z]{1,5})?$/, { error: 'empty or an extension such as .htm' }),
  /** The whole token path, when the provider keeps it apart from the QR calls (DOKU). */
  tokenPath: PathPartSchema.min(1).nullable(),
  /** The {version} of each service's path. */
  versions: z.strictObject(
    Object.fromEntries(PRESET_SERVICES.map((service) => [service, VersionSchema])) as Record<
      PresetService,
      typeof VersionSchema
    >,
  ),
  timestamp: z.strictObject({
    /** "local": the terminal's UTC offset (+07:00); "utc": UTC written with Z. */
    zone: z.enum(['local', 'utc']),
    milliseconds: z.boolean(),
    /** The provider refuses any other zone (DOKU documents UTC only); otherwise every ISO form goes. */
    strict: z.boolean(),
  }),
  /**
   * How transaction calls are signed: HMAC-SHA512 with the client secret over
   * METHOD:path:token:sha256(body):timestamp, or SHA256withRSA with our private key over
   * METHOD:path:sha256(body):timestamp (DANA).
   */
  signature: z.enum(['hmac-sha512', 'rsa-sha256']),
  /** Whether transaction calls carry a B2B access token (and so whether one is fetched at all). */
  accessToken: z.boolean(),
  /** The token request body's field: what we send and what the provider takes. */
  tokenBody: z.strictObject({
    send: z.enum(['grantType', 'grant_type']),
    accepted: z.array(z.enum(['grantType', 'grant_type'])).min(1),
  }),
  /** X-EXTERNAL-ID the provider takes: digits only (the standard), or letters, digits and hyphens. */
  externalId: z.enum(['numeric', 'alphanumeric']),
  /** CHANNEL-ID when the profile names none; "{partnerId}" stands for the X-PARTNER-ID. */
  channelId: z.string().min(1).max(64),
  channelIdMaxLength: z.number().int().min(1).max(64),
  /** Longest partnerReferenceNo / partnerRefundNo the provider takes (DANA: 25 for QRIS). */
  referenceMaxLength: z.number().int().min(20).max(64),
  /** Payment expiryTime: seconds from now ("60", the spec's sample) or an ISO-8601 instant. */
  expiryTime: z.strictObject({
    send: z.enum(['seconds', 'iso']),
    accepted: z.array(z.enum(['seconds', 'iso'])).min(1),
  }),
  /** Top-level body fields the spec makes optional and this provider requires. */
  requiredFields: perBodyService(z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/))),
  /** Fields the provider wants beyond the spec, by dotted path. */
  extraFields: perBodyService(z.record(FieldPathSchema, ExtraFieldSchema)),
  /** Per-service timeouts, the same shape (and bounds) as a Settings profile's. */
  timeouts: TimeoutsSchema,
  /** The offset X-TIMESTAMP (zone "local") and the business day use. */
  utcOffset: UtcOffsetSchema,
});
export type ProviderRules = z.infer<typeof ProviderRulesSchema>;

/** What a profile may override: any rule, nested objects key by key. */
export const ProviderRulesOverrideSchema = z
  .strictObject({
    ...ProviderRulesSchema.shape,
    versions: ProviderRulesSchema.shape.versions.partial(),
    timestamp: ProviderRulesSchema.shape.timestamp.partial(),
    tokenBody: ProviderRulesSchema.shape.tokenBody.partial(),
    expiryTime: ProviderRulesSchema.shape.expiryTime.partial(),
    timeouts: ProviderRulesSchema.shape.timeouts.partial(),
  })
  .partial();
export type ProviderRulesOverride = z.infer<typeof ProviderRulesOverrideSchema>;

const V1 = 'v1.0';

/** The standard, as specs/snap-qr-cpm-api.txt describes it. */
const ASPI: ProviderRules = {
  pathPrefix: '',
  pathSuffix: '',
  tokenPath: null,
  versions: { tokenB2b: V1, generate: V1, payment: V1, query: V1, cancel: V1, refund: V1, notify: V1 },
  timestamp: { zone: 'local', milliseconds: false, strict: false },
  signature: 'hmac-sha512',
  accessToken: true,
  // The spec says grantType; some published clients (Midtrans's) send grant_type, and the standard
  // sandbox takes both (with a warning in its log).
  tokenBody: { send: 'grantType', accepted: ['grantType', 'grant_type'] },
  externalId: 'numeric',
  channelId: '95221',
  channelIdMaxLength: CHANNEL_ID_MAX_LENGTH.aspi,
  referenceMaxLength: 64,
  // The table types expiryTime "Numeric … ISO-8601" and the sample sends "60": both readings go.
  expiryTime: { send: 'seconds', accepted: ['seconds', 'iso'] },
  requiredFields: {},
  extraFields: {},
  timeouts: { tokenMs: 10_000, paymentMs: 15_000, queryMs: 10_000, cancelMs: 15_000, refundMs: 15_000 },
  utcOffset: '+07:00',
};

const versionsAll = (version: string, token = V1): ProviderRules['versions'] => ({
  tokenB2b: token,
  generate: version,
  payment: version,
  query: version,
  cancel: version,
  refund: version,
  notify: version,
});

export const PROVIDER_PRESETS: Readonly<Record<ProviderName, ProviderRules>> = {
  aspi: ASPI,
  // DANA's SDK signs B2B calls with SHA256withRSA over METHOD:path:sha256(body):X-TIMESTAMP and sends
  // no access token; X-EXTERNAL-ID is "sdk" + part of a UUID; CHANNEL-ID is <partnerId>-SERVER; every
  // path ends in .htm. QRIS takes a partnerReferenceNo of at most 25 characters (re-used on retry),
  // answers within 8 s, and its query names the service queried (serviceCode "60").
  dana: {
    ...ASPI,
    pathSuffix: '.htm',
    signature: 'rsa-sha256',
    accessToken: false,
    externalId: 'alphanumeric',
    channelId: '{partnerId}-SERVER',
    channelIdMaxLength: CHANNEL_ID_MAX_LENGTH.dana,
    referenceMaxLength: 25,
    requiredFields: { query: ['merchantId'] },
    extraFields: { query: { serviceCode: { value: '60' } } },
    timeouts: { ...ASPI.timeouts, paymentMs: 8_000 },
  },
  bri: { ...ASPI, pathPrefix: '/snap' },
  // BCA takes only grantType in the token body.
  bca: {
    ...ASPI,
    pathPrefix: '/openapi',
    channelId: '95251',
    tokenBody: { send: 'grantType', accepted: ['grantType'] },
  },
  // ShopeePay: CPM calls are version 1.1, the store is named on every payment, expiryTime is an
  // instant, and its status query names the service queried (60 payment, 80 refund) and the amount.
  shopeepay: {
    ...ASPI,
    versions: versionsAll('v1.1'),
    expiryTime: { send: 'iso', accepted: ['iso'] },
    requiredFields: { payment: ['externalStoreId'] },
    extraFields: {
      query: {
        'additionalInfo.serviceCode': { value: '60', alsoAccepted: ['80'] },
        'additionalInfo.value': { from: 'amount' },
      },
    },
  },
  // DOKU puts its QR calls behind /snap-adapter/b2b, its token at /authorization/v1/..., and
  // documents X-TIMESTAMP in UTC with Z ("2020-09-22T01:51:00Z").
  doku: {
    ...ASPI,
    pathPrefix: '/snap-adapter/b2b',
    tokenPath: '/authorization/v1/access-token/b2b',
    timestamp: { zone: 'utc', milliseconds: false, strict: true },
  },
};

/** One line per preset for the README and the CLI's help: what it changes from the standard. */
export const PRESET_SUMMARIES: Readonly<Record<ProviderName, string>> = {
  aspi: 'the standard (default): /v1.0/qr/…, HMAC-SHA512 with a B2B token, X-TIMESTAMP +07:00, CHANNEL-ID 95221',
  dana: '.htm after every path; SHA256withRSA over METHOD:path:sha256(body):X-TIMESTAMP, no access token; alphanumeric X-EXTERNAL-ID; CHANNEL-ID <partnerId>-SERVER; partnerReferenceNo ≤ 25; 8 s payment timeout; query serviceCode "60"',
  bri: '/snap in front of every path (/snap/v1.0/access-token/b2b)',
  bca: '/openapi in front of every path; CHANNEL-ID 95251; token body grantType only',
  shopeepay:
    'v1.1 CPM paths; externalStoreId mandatory; expiryTime an ISO-8601 instant; query additionalInfo.serviceCode (60/80) and additionalInfo.value',
  doku: '/snap-adapter/b2b in front of QR paths, token at /authorization/v1/access-token/b2b; X-TIMESTAMP in UTC with Z',
};

/**
 * A preset with a profile's overrides applied, later ones winning; nested rules (versions, timeouts,
 * timestamp, token body, expiryTime) are overridden key by key. Throws on an override that breaks the
 * rules' schema; the caller names the file.
 */
export function resolveProviderRules(
  name: ProviderName = DEFAULT_PROVIDER,
  ...overrides: ReadonlyArray<ProviderRulesOverride | undefined>
): ProviderRules {
  let rules: ProviderRules = PROVIDER_PRESETS[name];
  for (const override of overrides) {
    if (override === undefined) continue;
    rules = ProviderRulesSchema.parse({
      ...rules,
      ...withoutUndefined(override),
      versions: { ...rules.versions, ...withoutUndefined(override.versions ?? {}) },
      timestamp: { ...rules.timestamp, ...withoutUndefined(override.timestamp ?? {}) },
      tokenBody: { ...rules.tokenBody, ...withoutUndefined(override.tokenBody ?? {}) },
      expiryTime: { ...rules.expiryTime, ...withoutUndefined(override.expiryTime ?? {}) },
      timeouts: { ...rules.timeouts, ...withoutUndefined(override.timeouts ?? {}) },
    });
  }
  return rules;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function isBodyService(service: PresetService): service is BodyService {
  return (BODY_SERVICES as readonly string[]).includes(service);
}
