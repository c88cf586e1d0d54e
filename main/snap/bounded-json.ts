// Limits on what a provider may send us before we parse it. An answer is read at most up to a size
// cap and its JSON nesting is measured without recursion before JSON.parse, so a hostile or broken
// provider (a 300 MB body, an object nested 20,000 deep) becomes an unknown outcome that the engine
// resolves by query, never a stack overflow or an exhausted heap that wedges the terminal.

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

export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'too-deep' | 'not-json' };

/** JSON.parse behind the depth limit. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  if (exceedsJsonDepth(text, maxDepth)) return { ok: false, reason: 'too-deep' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}

/** A body cut to what support needs, saying how much was left out. */
export function keptBody(text: string, limit = MAX_KEPT_BODY_CHARS): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}…[${text.length - limit} more characters not kept]`;
}
