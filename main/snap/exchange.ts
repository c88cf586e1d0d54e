// One HTTP exchange with a provider, the way every money request is made: a timeout through the
// signal, no redirect followed (a signed request is never re-sent elsewhere), and the answer read
// only up to a size limit (bounded-json.ts). It never throws: what happened is the result, so a
// caller cannot mistake "we could not read the answer" for "nothing was sent".

import { MAX_ANSWER_BYTES, readBoundedText } from './bounded-json';
import type { HttpFetch, HttpResponse } from './http-transport';

export type Exchange =
  | { kind: 'response'; status: number; text: string; headers: HttpResponse['headers'] }
  | { kind: 'too-large'; status: number; bytes: number }
  | { kind: 'failed'; reason: 'timeout' | 'network'; detail: string };

export async function exchange(
  fetch: HttpFetch,
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
  limit = MAX_ANSWER_BYTES,
): Promise<Exchange> {
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { ...init, signal, redirect: 'error' });
    const read = await readBoundedText(response, limit);
    if (!read.ok) return { kind: 'too-large', status: response.status, bytes: read.bytes };
    return { kind: 'response', status: response.status, text: read.text, headers: response.headers };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    return timedOut
      ? { kind: 'failed', reason: 'timeout', detail: `No answer within ${timeoutMs} ms` }
      : {
          kind: 'failed',
          reason: 'network',
          detail: `Network error: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
        };
  }
}
