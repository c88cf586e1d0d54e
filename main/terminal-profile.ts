import type { ErrorCode } from './errors';
// The CLI's terminal profile: one JSON file naming the provider, the credentials and this terminal.
// It holds a client secret and points at a private key, so it is refused when group or others can
// read it (or the key), and no error about it ever repeats a secret: messages name fields and files,
// never values.
//
// {"baseUrl","provider","clientKey","clientSecret","privateKeyFile","providerPublicKeyFile",
//  "partnerId","channelId","merchantId","subMerchantId","terminalId","timeoutMs"}
// "provider" names the provider preset (default aspi, the standard) and "rules" overrides any of its
// rules; pathPrefix, channelId, utcOffset and timeoutMs, when given, override the preset's too.
// providerPublicKeyFile, partnerId (default clientKey), subMerchantId, externalStoreId and
// "resolution" (the engine's query/cancel policy) are optional. Relative key paths resolve against
// the folder of the profile's real file (a symlinked profile's keys sit next to what it points to).
// Plain http is allowed to this computer only, the rule the Settings screen applies; the profile and
// its keys must be regular files (a FIFO would hang).
//
// "ppob" (optional) sells digital products: {"klikoo": {"baseUrl","clientId","clientSecret" or
// "clientSecretFile","privateKeyFile","timeoutMs"?,"paths"?}, "dokuBiller": {"baseUrl","clientId",
// "secretKey" or "secretKeyFile","timeoutMs"?,"paths"?}, "defaultMargin"? ("1500.00"), "resolution"?}.

import type { KeyObject } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isAllowedBaseUrl } from '../preload/contract/settings';
import { KasirError } from './errors';
import type { RegularFile } from './files/read-regular-file';
import { FileReadError, readRegularFile } from './files/read-regular-file';
import { parseSnapAmount } from './money/amount';
import type { TerminalConfig } from './payments/open-terminal';
import { ResolutionPolicySchema } from './payments/policy';
import { DokuPathsSchema } from './ppob/doku/adapter';
import { KlikooPathsSchema } from './ppob/klikoo/wire';
import type { PpobConfig } from './ppob/open-ppob';
import { PurchasePolicySchema } from './ppob/policy';
import { UtcOffsetSchema } from './snap/headers';
import type { ProviderName, ProviderRules } from './snap/provider-presets';
import { ProviderNameSchema, ProviderRulesOverrideSchema } from './snap/provider-presets';
import { channelIdFor, rulesFor } from './snap/provider-wire';
import { KeyFormatError, loadPrivateKey, loadPublicKey } from './snap/signature';

/** Every provider address in a profile: https, or plain http to this computer only. */
const BaseUrlSchema = z
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

/** The PPOB calls' timeout when the profile gives none: a PLN token may take a while at the biller. */
export const DEFAULT_PPOB_TIMEOUT_MS = 30_000;

/** A profile is a few hundred bytes and a PEM key a few kilobytes: anything much bigger is not one. */
const MAX_FILE_BYTES = 256 * 1024;

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

export interface TerminalProfile {
  file: string;
  baseUrl: string;
  provider: ProviderName;
  /** The preset with this profile's overrides: what the client and the engine work by. */
  rules: ProviderRules;
  pathPrefix: string;
  clientKey: string;
  clientSecret: string;
  partnerId: string;
  channelId: string;
  merchantId: string;
  subMerchantId: string | undefined;
  externalStoreId: string | undefined;
  terminalId: string;
  timeoutMs: number;
  utcOffset: string;
  resolution: z.input<typeof ResolutionPolicySchema>;
  privateKeyFile: string;
  privateKey: KeyObject;
  providerPublicKeyFile: string | undefined;
  providerPublicKey: KeyObject | undefined;
  /** The PPOB section with its secrets and keys read; undefined when the profile sells no PPOB. */
  ppob: PpobConfig | undefined;
}

export interface LoadProfileOptions {
  /** Refuse files readable by group or others (default: on, except on Windows which has no such bits). */
  checkPermissions?: boolean;
}

function profileError(code: ErrorCode, id: string, en: string, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, cause });
}

function readProblem(error: FileReadError, what: { id: string; en: string }): KasirError {
  const file = error.path;
  switch (error.problem) {
    case 'missing':
      return profileError(
        'PROFILE_FILE_MISSING',
        `${what.id} tidak ditemukan: ${file}`,
        `${what.en} not found: ${file}`,
        error,
      );
    case 'not_regular':
      return profileError(
        'PROFILE_FILE_NOT_REGULAR',
        `${what.id} ${file} bukan file biasa (folder, FIFO atau perangkat). Tunjuk file JSON/PEM-nya.`,
        `${what.en} ${file} is not a regular file (a folder, a FIFO or a device). Point to the JSON/PEM file itself.`,
      );
    case 'too_large':
      return profileError(
        'PROFILE_FILE_TOO_LARGE',
        `${what.id} ${file} terlalu besar (lebih dari ${MAX_FILE_BYTES / 1024} KiB).`,
        `${what.en} ${file} is too large (over ${MAX_FILE_BYTES / 1024} KiB).`,
      );
    case 'unreadable':
      return profileError(
        'PROFILE_FILE_UNREADABLE',
        `${what.id} tidak dapat dibaca: ${file}`,
        `${what.en} cannot be read: ${file}`,
        error,
      );
  }
}

function readPrivateFile(file: string, what: { id: string; en: string }, checkPermissions: boolean): string {
  let read: RegularFile;
  try {
    read = readRegularFile(file, MAX_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) throw readProblem(error, what);
    throw error;
  }
  const { mode } = read.stats;
  if (checkPermissions && (mode & 0o077) !== 0) {
    throw profileError(
      'PROFILE_PERMISSIONS',
      `${what.id} ${file} dapat dibaca pengguna lain (mode ${(mode & 0o777).toString(8)}). Jalankan: chmod 600 "${file}"`,
      `${what.en} ${file} is readable by group or others (mode ${(mode & 0o777).toString(8)}). Run: chmod 600 "${file}"`,
    );
  }
  return read.text;
}

/** The file a path finally names, symlinks followed: its folder is where relative key paths start. */
function realFile(path: string, what: { id: string; en: string }): string {
  try {
    return realpathSync(path);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw readProblem(
      new FileReadError(path, errno === 'ENOENT' ? 'missing' : 'unreadable', errno, error),
      what,
    );
  }
}

/** Loads, validates and checks a profile and its keys; every failure is a KasirError naming the file. */
export function loadTerminalProfile(file: string, options: LoadProfileOptions = {}): TerminalProfile {
  const checkPermissions = options.checkPermissions ?? process.platform !== 'win32';
  const path = resolve(file);
  const what = { id: 'Profil terminal', en: 'The terminal profile' };
  const real = realFile(path, what);
  const text = readPrivateFile(real, what, checkPermissions);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw profileError(
      'PROFILE_INVALID',
      `Profil terminal ${path} bukan JSON yang valid.`,
      `The terminal profile ${path} is not valid JSON.`,
    );
  }
  const parsed = TerminalProfileSchema.safeParse(json);
  if (!parsed.success) {
    // Field names and what is wrong with them, never the values (one of them is a secret).
    const fields = parsed.error.issues
      .map((issue) => {
        const at = issue.path.length === 0 ? 'profile' : issue.path.map(String).join('.');
        const keys = issue.code === 'unrecognized_keys' ? ` ${issue.keys.join(', ')}` : '';
        return `${at}${keys}: ${issue.message}`;
      })
      .join('; ');
    throw profileError(
      'PROFILE_INVALID',
      `Profil terminal ${path} tidak valid: ${fields}.`,
      `The terminal profile ${path} is not valid: ${fields}.`,
    );
  }
  const p = parsed.data;
  const rules = resolveRules(path, p);
  const partnerId = p.partnerId ?? p.clientKey;
  const channelId = p.channelId ?? channelIdFor(rules, partnerId);
  if (channelId.length > rules.channelIdMaxLength) {
    throw profileError(
      'PROFILE_INVALID',
      `Profil terminal ${path} tidak valid: channelId paling banyak ${rules.channelIdMaxLength} karakter untuk penyedia ${p.provider ?? 'aspi'}.`,
      `The terminal profile ${path} is not valid: channelId: at most ${rules.channelIdMaxLength} characters for provider ${p.provider ?? 'aspi'}.`,
    );
  }
  const folder = dirname(real);
  const near = (name: string) => (isAbsolute(name) ? name : resolve(folder, name));

  const privateKeyFile = near(p.privateKeyFile);
  const privateKey = readKey(privateKeyFile, 'private', checkPermissions);
  const providerPublicKeyFile =
    p.providerPublicKeyFile === undefined ? undefined : near(p.providerPublicKeyFile);
  const providerPublicKey =
    providerPublicKeyFile === undefined ? undefined : readKey(providerPublicKeyFile, 'public', false);

  return {
    file: path,
    baseUrl: p.baseUrl,
    provider: p.provider ?? 'aspi',
    rules,
    pathPrefix: rules.pathPrefix,
    clientKey: p.clientKey,
    clientSecret: p.clientSecret,
    partnerId,
    channelId,
    merchantId: p.merchantId,
    subMerchantId: p.subMerchantId === undefined || p.subMerchantId === '' ? undefined : p.subMerchantId,
    externalStoreId: p.externalStoreId,
    terminalId: p.terminalId,
    // One timeout for every call, as the CLI has always had; the preset's payment timeout by default.
    timeoutMs: p.timeoutMs ?? rules.timeouts.paymentMs,
    utcOffset: rules.utcOffset,
    resolution: p.resolution ?? {},
    privateKeyFile,
    privateKey,
    providerPublicKeyFile,
    providerPublicKey,
    ppob:
      p.ppob === undefined
        ? undefined
        : ppobConfigOf(p.ppob, near, checkPermissions, p.utcOffset ?? rules.utcOffset),
  };
}

/** The profile's PPOB section as the assembly takes it: secrets from their files, keys read. */
function ppobConfigOf(
  ppob: z.output<typeof PpobProfileSchema>,
  near: (name: string) => string,
  checkPermissions: boolean,
  utcOffset: string,
): PpobConfig {
  const secret = (
    inline: string | undefined,
    file: string | undefined,
    what: { id: string; en: string },
  ): string => inline ?? readPrivateFile(near(file ?? ''), what, checkPermissions).trim();
  const k = ppob.klikoo;
  const d = ppob.dokuBiller;
  return {
    ...(k === undefined
      ? {}
      : {
          klikoo: {
            baseUrl: k.baseUrl,
            clientId: k.clientId,
            clientSecret: secret(k.clientSecret, k.clientSecretFile, {
              id: 'Client secret Klikoo',
              en: 'The Klikoo client secret',
            }),
            privateKey: readKey(near(k.privateKeyFile), 'private', checkPermissions),
            timeoutMs: k.timeoutMs ?? DEFAULT_PPOB_TIMEOUT_MS,
            ...(k.paths === undefined ? {} : { paths: k.paths }),
            utcOffset,
          },
        }),
    ...(d === undefined
      ? {}
      : {
          doku: {
            baseUrl: d.baseUrl,
            clientId: d.clientId,
            secretKey: secret(d.secretKey, d.secretKeyFile, {
              id: 'Secret key DOKU Biller',
              en: 'The DOKU Biller secret key',
            }),
            timeoutMs: d.timeoutMs ?? DEFAULT_PPOB_TIMEOUT_MS,
            ...(d.paths === undefined ? {} : { paths: d.paths }),
          },
        }),
    ...(ppob.resolution === undefined ? {} : { policy: ppob.resolution }),
    ...(ppob.defaultMargin === undefined ? {} : { defaultMargin: parseSnapAmount(ppob.defaultMargin) }),
  };
}

/** The preset, its "rules" overrides, then the long-standing fields that override it too. */
function resolveRules(path: string, p: z.output<typeof TerminalProfileSchema>): ProviderRules {
  try {
    return rulesFor({
      provider: p.provider,
      rules: p.rules,
      pathPrefix: p.pathPrefix,
      utcOffset: p.utcOffset,
    });
  } catch (error) {
    // Every field was checked above; what remains is a combination the rules refuse (e.g. a prefix).
    const detail = error instanceof z.ZodError ? error.issues.map((i) => i.path.join('.')).join(', ') : '';
    throw profileError(
      'PROFILE_INVALID',
      `Profil terminal ${path} tidak valid: ${detail || 'aturan penyedia'}.`,
      `The terminal profile ${path} is not valid: ${detail || 'provider rules'}.`,
      error,
    );
  }
}

function readKey(file: string, kind: 'private' | 'public', checkPermissions: boolean): KeyObject {
  const what =
    kind === 'private'
      ? { id: 'Kunci privat', en: 'The private key' }
      : { id: 'Kunci publik penyedia', en: "The provider's public key" };
  const text = readPrivateFile(file, what, checkPermissions);
  try {
    return kind === 'private' ? loadPrivateKey(text) : loadPublicKey(text);
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error;
    throw profileError(
      'PROFILE_KEY_INVALID',
      `${what.id} ${file} bukan kunci PEM yang dapat dibaca.`,
      `${what.en} ${file} is not a readable PEM key.`,
    );
  }
}

/** What the one terminal assembly (main/payments/open-terminal.ts) needs, from a CLI profile. */
export function terminalConfigOf(profile: TerminalProfile, dataDir: string): TerminalConfig {
  return {
    dataDir,
    provider: {
      baseUrl: profile.baseUrl,
      provider: profile.provider,
      rules: profile.rules,
      clientKey: profile.clientKey,
      clientSecret: profile.clientSecret,
      privateKey: profile.privateKey,
      partnerId: profile.partnerId,
      channelId: profile.channelId,
      ...(profile.externalStoreId === undefined ? {} : { externalStoreId: profile.externalStoreId }),
      timeoutMs: profile.timeoutMs,
      utcOffset: profile.utcOffset,
    },
    terminal: {
      terminalId: profile.terminalId,
      merchantId: profile.merchantId,
      subMerchantId: profile.subMerchantId,
      requestTimeoutMs: profile.timeoutMs,
      utcOffset: profile.utcOffset,
    },
    policy: profile.resolution,
    referenceMaxLength: profile.rules.referenceMaxLength,
    ...(profile.ppob === undefined ? {} : { ppob: profile.ppob }),
  };
}
