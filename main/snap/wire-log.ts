// The wire log: every SNAP request and answer as it crossed the network, for support tickets and
// signature debugging — with credentials masked and QR contents reduced to a fingerprint, because
// logs get copied into chats and emails. Everything else is kept as sent, so the log stays useful.

import { createHash } from 'node:crypto';
import { MAX_JSON_DEPTH, parseBoundedJson } from './bounded-json';

export const REDACTED = '[redacted]';

/** Names (compared case-insensitively, ignoring "-" and "_") whose values never reach a log. */
const SECRET_NAMES = new Set(
  [
    'authorization',
    'authorization-customer',
    'x-signature',
    'x-client-secret',
    'clientSecret',
    // Klikoo B2B and DOKU Biller (main/ppob) log through the same rule.
    'open-api-signature',
    'signature',
    'secretKey',
    'accessToken',
    'userAccessToken',
    'refreshToken',
    'customerAccessToken',
    'privateKey',
    'password',
    'pin',
  ].map(normalizeName),
);

const QR_NAMES = new Set(['qrContent'].map(normalizeName));

function normalizeName(name: string): string {
  return name.toLowerCase().replaceAll(/[-_]/g, '');
}

/** A short, stable identity for a QR payload: sha256, first 12 hex digits. */
export function qrFingerprint(qrContent: string): string {
  return createHash('sha256').update(qrContent, 'utf8').digest('hex').slice(0, 12);
}

function qrMarker(qrContent: string): string {
  return `[qr sha256:${qrFingerprint(qrContent)} len:${qrContent.length}]`;
}

/** What stands in for a part of a value nested deeper than anything we keep. */
export const TOO_DEEP = '[nested too deep: not kept]';

function redactValue(name: string, value: unknown, depth: number): unknown {
  const key = normalizeName(name);
  if (SECRET_NAMES.has(key)) return value === null || value === undefined ? value : REDACTED;
  if (QR_NAMES.has(key) && typeof value === 'string') return qrMarker(value);
  return redactAt(value, depth);
}

function redactAt(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Recursion is bounded: whatever lies deeper than any real answer is replaced, never walked.
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redactAt(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) out[name] = redactValue(name, inner, depth + 1);
  return out;
}

/** Redacts a parsed JSON value, keeping key order and every other value (to a bounded depth). */
export function redactJson(value: unknown): unknown {
  return redactAt(value, 0);
}

// For bodies that are not JSON (an HTML error page, a truncated answer): mask "name":"value" and
// name=value pairs of the secret names in camelCase, snake_case or kebab-case, and anything that looks
// like a bearer token. A value may run to the end of the text without its closing quote: an answer
// cut off in the middle of a token still holds most of the token.
const SECRET_NAME_TEXT =
  '(?:x[-_]?client[-_]?secret|client[-_]?secret|secret[-_]?key|(?:user[-_]?|customer[-_]?)?access[-_]?token|refresh[-_]?token|private[-_]?key|password|pin|authorization(?:[-_]?customer)?)';
const QUOTED_VALUE = '((?:[^"\\\\]|\\\\.)*)("?)';
const TEXT_PATTERNS: RegExp[] = [
  new RegExp(`("${SECRET_NAME_TEXT}"\\s*:\\s*")${QUOTED_VALUE}`, 'gi'),
  new RegExp(`(\\b${SECRET_NAME_TEXT}=)([^&\\s]*)()`, 'gi'),
  /(Bearer\s+)([A-Za-z0-9._~+/=-]+)()/g,
];
const TEXT_QR_PATTERN = new RegExp(`("qr[-_]?content"\\s*:\\s*")${QUOTED_VALUE}`, 'gi');

function redactText(text: string): string {
  let out = text;
  for (const pattern of TEXT_PATTERNS) out = out.replace(pattern, (_m, a, _v, c) => `${a}${REDACTED}${c}`);
  return out.replace(TEXT_QR_PATTERN, (_m, a, v: string, c) => `${a}${qrMarker(v)}${c}`);
}

/** A raw body as text, redacted; JSON stays JSON (minified), anything else is pattern-masked. */
export function redactBody(raw: string): string {
  if (raw.trim() === '') return raw;
  const parsed = parseBoundedJson(raw);
  return parsed.ok ? JSON.stringify(redactJson(parsed.value)) : redactText(raw);
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_NAMES.has(normalizeName(name)) ? REDACTED : redactText(value);
  }
  return out;
}

export interface WireLogEntry {
  direction: 'request' | 'response' | 'failure';
  /** SNAP service name, e.g. "payment", "tokenB2b". */
  service: string;
  method?: string;
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  /** The raw body; the logger redacts it. */
  body?: string;
  externalId?: string;
  durationMs?: number;
  /** Why a request got no answer (timeout, network error). */
  note?: string;
}

/** Receives entries with secrets in them; implementations must redact (createWireLog does). */
export type WireLog = (entry: WireLogEntry) => void;

export const silentWireLog: WireLog = () => {};

/**
 * The same log, made unable to throw. A request's outcome is what the journal needs; a full disk or a
 * closed stream behind the log must never turn an answered (or sent) request into an exception the
 * caller would read as "nothing was sent".
 */
export function failSafeWireLog(log: WireLog): WireLog {
  return (entry) => {
    try {
      log(entry);
    } catch {
      // The log line is lost; the request and its outcome are not.
    }
  };
}

/** The redacted, serialisable form of an entry. */
export function redactEntry(entry: WireLogEntry): WireLogEntry {
  const out: WireLogEntry = { ...entry };
  if (entry.headers !== undefined) out.headers = redactHeaders(entry.headers);
  if (entry.body !== undefined) out.body = redactBody(entry.body);
  if (entry.url !== undefined) out.url = redactText(entry.url);
  if (entry.note !== undefined) out.note = redactText(entry.note);
  return out;
}

/** A wire log writing one redacted JSON line per entry to `sink` (a file appender, stderr, a test array). */
export function createWireLog(sink: (line: string) => void, clock: () => Date = () => new Date()): WireLog {
  return (entry) => {
    sink(JSON.stringify({ at: clock().toISOString(), ...redactEntry(entry) }));
  };
}
