// A provider preset applied to the wire: which path each service has, how X-TIMESTAMP, CHANNEL-ID
// and the token body are written, what a request body looks like for that provider, and the strict
// schema its server holds that body to. The client builds requests with these functions and the
// sandbox checks them with the same ones, so the two read every rule from one place.

import { z } from 'zod';
import type { ProviderName } from '../../preload/contract/providers';
import {
  AlphanumericExternalIdSchema,
  ExternalIdSchema,
  formatTimestampInStyle,
  isSnapTimestamp,
  parseSnapTimestamp,
} from './headers';
import type {
  BodyService,
  ExtraField,
  PresetService,
  ProviderRules,
  ProviderRulesOverride,
} from './provider-presets';
import { resolveProviderRules } from './provider-presets';
import type { CancelRequest, GenerateRequest, PaymentRequest, QueryRequest, RefundRequest } from './schemas';
import { AmountSchema, REQUEST_SCHEMAS, refusedField, SNAP_SERVICES, SnapAmountValueSchema } from './schemas';

/** baseUrl + prefix + path, without doubled or missing slashes. */
export function joinUrl(baseUrl: string, pathPrefix: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}${normalizePathPrefix(pathPrefix)}${path}`);
}

/** "snap/" → "/snap"; "" stays "". */
export function normalizePathPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The settings a profile has always had (prefix, token path, offset) as overrides of its preset. */
export function legacyOverride(settings: {
  pathPrefix?: string | undefined;
  tokenPath?: string | undefined;
  utcOffset?: string | undefined;
}): ProviderRulesOverride {
  return {
    ...(settings.pathPrefix === undefined ? {} : { pathPrefix: normalizePathPrefix(settings.pathPrefix) }),
    ...(settings.tokenPath === undefined ? {} : { tokenPath: settings.tokenPath }),
    ...(settings.utcOffset === undefined ? {} : { utcOffset: settings.utcOffset }),
  };
}

/** The rules a client or sandbox works by: a preset, then its overrides, then the legacy settings. */
export function rulesFor(settings: {
  provider?: ProviderName | undefined;
  rules?: ProviderRulesOverride | undefined;
  pathPrefix?: string | undefined;
  tokenPath?: string | undefined;
  utcOffset?: string | undefined;
}): ProviderRules {
  return resolveProviderRules(settings.provider, settings.rules, legacyOverride(settings));
}

/** The path of a service after the base URL, exactly as sent and signed. */
export function servicePath(rules: ProviderRules, service: PresetService): string {
  if (service === 'tokenB2b' && rules.tokenPath !== null) return rules.tokenPath;
  const withoutVersion = SNAP_SERVICES[service].path.replace(/^\/v\d+\.\d+/, '');
  return `${rules.pathPrefix}/${rules.versions[service]}${withoutVersion}${rules.pathSuffix}`;
}

export function serviceUrl(baseUrl: string, rules: ProviderRules, service: PresetService): URL {
  return joinUrl(baseUrl, '', servicePath(rules, service));
}

export function channelIdFor(rules: ProviderRules, partnerId: string): string {
  return rules.channelId.replaceAll('{partnerId}', partnerId);
}

export function externalIdSchemaFor(rules: ProviderRules): z.ZodType<string> {
  return rules.externalId === 'numeric' ? ExternalIdSchema : AlphanumericExternalIdSchema;
}

export function timestampFor(rules: ProviderRules, at: Date): string {
  return formatTimestampInStyle(at, rules.timestamp, rules.utcOffset);
}

/** Whether this provider takes an X-TIMESTAMP: any SNAP ISO form, unless it insists on one zone. */
export function timestampAccepted(rules: ProviderRules, value: string): boolean {
  if (!isSnapTimestamp(value)) return false;
  if (!rules.timestamp.strict) return true;
  return rules.timestamp.zone === 'utc' ? value.endsWith('Z') : !value.endsWith('Z');
}

export function tokenRequestBody(rules: ProviderRules): Record<string, string> {
  return { [rules.tokenBody.send]: 'client_credentials' };
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** Services whose body has the spec's optional externalStoreId. */
const STORE_SERVICES: ReadonlySet<BodyService> = new Set(['payment', 'query', 'cancel', 'refund']);

/**
 * The body our standard request becomes for this provider: the terminal's store where the request
 * has room for it, its expiryTime form and its extra fields.
 */
export function wireBody<S extends BodyService>(
  rules: ProviderRules,
  service: S,
  request: LogicalRequest[S],
  context: { now: Date; externalStoreId?: string },
): Record<string, unknown> {
  const now = context.now;
  const body: Record<string, unknown> = { ...request };
  if (
    context.externalStoreId !== undefined &&
    STORE_SERVICES.has(service) &&
    body.externalStoreId === undefined
  ) {
    body.externalStoreId = context.externalStoreId;
  }
  let amount: string | undefined;
  if (service === 'query') {
    const parsed = AmountSchema.optional().safeParse(body.amount);
    amount = parsed.success ? parsed.data?.value : undefined;
    delete body.amount;
  }
  if (service === 'payment' && typeof body.expiryTime === 'string') {
    body.expiryTime = expiryTimeFor(rules, body.expiryTime, now);
  }
  for (const [path, spec] of Object.entries(extraFieldsOf(rules, service))) {
    const value = 'value' in spec ? spec.value : amount;
    if (value !== undefined) setAt(body, path, value);
  }
  return body;
}

function extraFieldsOf(rules: ProviderRules, service: BodyService): Record<string, ExtraField> {
  return rules.extraFields[service] ?? {};
}

/** Seconds from now, or an instant in the provider's timestamp style; either form converts to the other. */
function expiryTimeFor(rules: ProviderRules, expiryTime: string, now: Date): string {
  if (rules.expiryTime.send === 'seconds') {
    const instant = parseSnapTimestamp(expiryTime);
    if (instant === undefined) return expiryTime;
    return String(Math.max(1, Math.ceil((instant.getTime() - now.getTime()) / 1000)));
  }
  if (!/^\d{1,9}$/.test(expiryTime)) return expiryTime;
  return timestampFor(rules, new Date(now.getTime() + Number(expiryTime) * 1000));
}

function setAt(body: Record<string, unknown>, path: string, value: string): void {
  const [head = '', child] = path.split('.');
  if (child === undefined) {
    body[head] = value;
    return;
  }
  const parent = body[head];
  body[head] = {
    ...(parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>) : {}),
    [child]: value,
  };
}

/** What the engine hands the client: the standard request (the query may name the payment's amount). */
export interface LogicalRequest {
  generate: GenerateRequest;
  payment: PaymentRequest;
  query: QueryRequest;
  cancel: CancelRequest;
  refund: RefundRequest;
}

/** What goes on the wire: the standard fields (the query without its amount) and the provider's extras. */
export interface WireRequest {
  generate: GenerateRequest & Record<string, unknown>;
  payment: PaymentRequest & Record<string, unknown>;
  query: Omit<QueryRequest, 'amount'> & Record<string, unknown>;
  cancel: CancelRequest & Record<string, unknown>;
  refund: RefundRequest & Record<string, unknown>;
}

/** Fields holding one of our references, which a provider may limit more tightly than the spec's 64. */
const REFERENCE_FIELDS: Readonly<Record<BodyService, readonly string[]>> = {
  generate: ['partnerReferenceNo'],
  payment: ['partnerReferenceNo'],
  query: ['originalPartnerReferenceNo'],
  cancel: ['originalPartnerReferenceNo'],
  refund: ['originalPartnerReferenceNo', 'partnerRefundNo'],
};

type AnyObjectSchema = z.ZodObject<Record<string, z.ZodType>>;
const schemaCache = new WeakMap<ProviderRules, Map<BodyService, z.ZodType>>();

/**
 * The strict schema a provider holds a request body to: the spec's, with its reference limit, its
 * required fields and its extra fields (each refused when missing or different, each named by path).
 */
export function wireRequestSchema<S extends BodyService>(
  rules: ProviderRules,
  service: S,
): z.ZodType<WireRequest[S]> {
  let cached = schemaCache.get(rules);
  if (!cached) {
    cached = new Map();
    schemaCache.set(rules, cached);
  }
  const known = cached.get(service);
  if (known) return known as z.ZodType<WireRequest[S]>;

  const base = REQUEST_SCHEMAS[service] as unknown as AnyObjectSchema;
  const shape = base.shape;
  const changes: Record<string, z.ZodType> = {};
  for (const field of REFERENCE_FIELDS[service]) {
    const schema = shape[field];
    if (schema) changes[field] = shorter(schema, rules.referenceMaxLength);
  }
  for (const field of rules.requiredFields[service] ?? []) {
    const schema = changes[field] ?? shape[field];
    if (schema) changes[field] = mandatory(schema);
  }
  if (service === 'query') changes.amount = refusedField().optional();
  if (service === 'payment') changes.expiryTime = expiryTimeSchema(rules);
  const nested = new Map<string, Record<string, z.ZodType>>();
  for (const [path, spec] of Object.entries(extraFieldsOf(rules, service))) {
    const [head = '', child] = path.split('.');
    if (child === undefined) changes[head] = extraFieldSchema(spec);
    else nested.set(head, { ...nested.get(head), [child]: extraFieldSchema(spec) });
  }
  for (const [parent, children] of nested) changes[parent] = looseObjectOf(children);

  const schema = base.safeExtend(changes) as unknown as z.ZodType<WireRequest[S]>;
  cached.set(service, schema);
  return schema;
}

function shorter(schema: z.ZodType, max: number): z.ZodType {
  if (schema instanceof z.ZodOptional) return shorter(schema.unwrap() as z.ZodType, max).optional();
  if (schema instanceof z.ZodString) return schema.max(max, { error: `At most ${max} characters` });
  return schema;
}

function mandatory(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

function extraFieldSchema(spec: ExtraField): z.ZodType {
  if ('from' in spec) return SnapAmountValueSchema;
  const values = [spec.value, ...(spec.alsoAccepted ?? [])] as [string, ...string[]];
  return z.enum(values, { error: `One of ${values.map((v) => `"${v}"`).join(', ')}` });
}

function looseObjectOf(children: Record<string, z.ZodType>): z.ZodType {
  return z.looseObject(children);
}

function expiryTimeSchema(rules: ProviderRules): z.ZodType {
  const accepted = rules.expiryTime.accepted;
  const what = accepted.map((form) => (form === 'seconds' ? 'seconds' : 'an ISO-8601 instant')).join(' or ');
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be a string') })
    .max(25, { error: 'At most 25 characters' })
    .refine(
      (value) =>
        (accepted.includes('seconds') && /^\d{1,25}$/.test(value)) ||
        (accepted.includes('iso') && isSnapTimestamp(value)),
      { error: `Must be ${what}` },
    );
}
