// The CLI's terminal profile, read: the file (its format in main/profile-format.ts) validated, its
// secrets and keys loaded, the provider's preset and overrides resolved. It holds a client secret and
// points at a private key, so it is refused when group or others can read it (or the key), and no
// error about it ever repeats a secret: messages name fields and files, never values. Relative key
// paths resolve against the folder of the profile's real file (a symlinked profile's keys sit next to
// what it points to); the profile and its keys must be regular files (a FIFO would hang).

import type { KeyObject } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { ErrorCode } from './errors';
import { KasirError } from './errors';
import type { RegularFile } from './files/read-regular-file';
import { FileReadError, readRegularFile } from './files/read-regular-file';
import { parseSnapAmount } from './money/amount';
import type { TerminalConfig } from './payments/open-terminal';
import type { ResolutionPolicySchema } from './payments/policy';
import type { PpobConfig } from './ppob/open-ppob';
import type { PpobProfileSchema } from './profile-format';
import { TerminalProfileSchema } from './profile-format';
import type { ProviderName, ProviderRules } from './snap/provider-presets';
import { channelIdFor, rulesFor } from './snap/provider-wire';
import { KeyFormatError, loadPrivateKey, loadPublicKey } from './snap/signature';

/** A profile is a few hundred bytes and a PEM key a few kilobytes: anything much bigger is not one. */
const MAX_FILE_BYTES = 256 * 1024;

/** The PPOB calls' timeout when the profile gives none: a PLN token may take a while at the biller. */
export const DEFAULT_PPOB_TIMEOUT_MS = 30_000;

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
