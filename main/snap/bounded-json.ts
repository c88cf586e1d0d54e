// Limits on what a provider may send us before we parse it. An answer is read at most up to a size
// cap and its JSON nesting is measured without recursion before JSON.parse, so a hostile or broken
// provider (a 300 MB body, an object nested 20,000 deep) becomes an unknown outcome that the engine
// resolves by query, never a stack overflow or an exhausted heap that wedges the terminal. An object
// that names a key twice is refused too: which of its two values is the provider's word is a guess.

import type { HttpResponse } from './http-transport';

/** The largest provider answer we read: SNAP answers are a few kilobytes. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/** The deepest JSON nesting we parse: SNAP bodies are three or four levels deep. */
export const MAX_JSON_DEPTH = 64;
/** How much of a provider's (redacted) body a journal event or an error keeps for support. */
export const MAX_KEPT_BODY_CHARS = 16 * 1024;

export type BoundedText = { ok: true; text: string } | { ok: false; bytes: number };

/**
 * Reads a response body as UTF-8, at most `limit` bytes. Past the limit the rest is not read (the
 * stream is cancelled) and the result says how many bytes had arrived.
 */
export async function readBoundedText(
  response: Pick<HttpResponse, 'headers' | 'body'>,
  limit = MAX_ANSWER_BYTES,
): Promise<BoundedText> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, bytes: declared };
  }
  const body = response.body;
  if (body === null) return { ok: true, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytes: size };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') };
}

/**
 * Reads an incoming request's body (Node's IncomingMessage) as UTF-8, at most `limit` bytes. Past
 * it nothing more is read: the request is paused and the result says how many bytes had arrived;
 * the caller answers (413) and closes the connection.
 */
export function readBoundedRequest(req: NodeJS.ReadableStream, limit: number): Promise<BoundedText> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        resolve({ ok: false, bytes: size });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** True when `text`, read as JSON, nests objects or arrays deeper than `maxDepth`. Never recurses. */
export function exceedsJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * The first key that an object of `text` (valid JSON) names twice, or undefined. JSON.parse keeps
 * the last of two equal keys, so `{"responseCode":"5006000","responseCode":"2006000"}` would read as
 * a success while the provider also said failure: an answer that says two things is broken. Keys
 * compare as JSON.parse reads them ("a" and "\u0061" are one key). Never recurses.
 */
export function duplicateJsonKey(text: string): string | undefined {
  // One entry per open container: the keys an object has named so far, or null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        if (d === 0x5c) {
          escaped = true;
          i++;
        }
      }
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const raw = text.slice(start, i + 1);
        const key = escaped ? String(JSON.parse(raw)) : raw.slice(1, -1);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
    } else if (c === 0x7b) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      open.push(null);
      expectKey = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}

export type BoundedJson =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'too-deep' | 'not-json' }
  | { ok: false; reason: 'duplicate-key'; key: string };

/** Why a body was not read, in a provider error's words ("a body that is …"). */
export function unreadableJson(json: Exclude<BoundedJson, { ok: true }>): string {
  if (json.reason === 'too-deep') return 'nested too deep';
  if (json.reason === 'duplicate-key') return `ambiguous: it names "${json.key}" twice`;
  return 'not JSON';
}

/** JSON.parse behind the depth limit, refusing an object that names a key twice. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  if (exceedsJsonDepth(text, maxDepth)) return { ok: false, reason: 'too-deep' };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  const key = duplicateJsonKey(text);
  return key === undefined ? { ok: true, value } : { ok: false, reason: 'duplicate-key', key };
}

/** A body cut to what support needs, saying how much was left out. */
export function keptBody(text: string, limit = MAX_KEPT_BODY_CHARS): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}…[${text.length - limit} more characters not kept]`;
}
