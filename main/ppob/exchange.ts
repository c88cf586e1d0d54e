// What the Klikoo and DOKU Biller clients do the same way with every call: send it through the
// bounded exchange (main/snap/exchange.ts) with the wire log around it, and read the answer's head —
// bounded JSON, the provider's code and message — before anything else looks at it. What could not
// be read is an unknown outcome, never a failure: the request may have been acted on.

import type { z } from 'zod';
import { keptBody, parseBoundedJson, unreadableJson } from '../snap/bounded-json';
import { exchange } from '../snap/exchange';
import type { HttpFetch } from '../snap/http-transport';
import type { WireLog } from '../snap/wire-log';
import { redactBody } from '../snap/wire-log';

export type Unread = {
  kind: 'unread';
  reason: 'timeout' | 'network' | 'server-error' | 'malformed';
  detail: string;
  httpStatus?: number;
  raw?: string;
};

export type Answered<H> = { kind: 'head'; httpStatus: number; head: H; json: unknown; raw: string };

/** Sends one call and reads its answer's head with `headSchema`; logs the request and what came back. */
export async function sendAndReadHead<H>(
  deps: { fetch: HttpFetch; wireLog: WireLog },
  call: {
    provider: string;
    service: string;
    method: 'GET' | 'POST';
    url: URL;
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
  },
  headSchema: z.ZodType<H>,
): Promise<Answered<H> | Unread> {
  const { service, url } = call;
  deps.wireLog({
    direction: 'request',
    service,
    method: call.method,
    url: url.href,
    headers: call.headers,
    ...(call.body === '' ? {} : { body: call.body }),
  });
  const startedAt = Date.now();
  const sent = await exchange(
    deps.fetch,
    url,
    { method: call.method, headers: call.headers, ...(call.method === 'POST' ? { body: call.body } : {}) },
    call.timeoutMs,
  );
  const durationMs = Date.now() - startedAt;
  if (sent.kind === 'failed') {
    deps.wireLog({ direction: 'failure', service, url: url.href, note: sent.detail, durationMs });
    return { kind: 'unread', reason: sent.reason, detail: sent.detail };
  }
  if (sent.kind === 'too-large') {
    deps.wireLog({
      direction: 'failure',
      service,
      url: url.href,
      note: `answer of ${sent.bytes} bytes not read`,
      durationMs,
    });
    return {
      kind: 'unread',
      reason: 'malformed',
      detail: `HTTP ${sent.status} with an answer larger than the limit`,
      httpStatus: sent.status,
    };
  }
  deps.wireLog({
    direction: 'response',
    service,
    url: url.href,
    status: sent.status,
    body: sent.text,
    durationMs,
  });
  const status = sent.status;
  const json = parseBoundedJson(sent.text);
  const raw =
    json.ok || json.reason !== 'too-deep'
      ? keptBody(redactBody(sent.text))
      : `[answer of ${sent.text.length} characters nested too deep: not kept]`;
  const unread = (reason: Unread['reason'], detail: string): Unread => ({
    kind: 'unread',
    reason,
    detail,
    httpStatus: status,
    raw,
  });
  if (!json.ok) {
    if (status >= 500)
      return unread('server-error', `HTTP ${status} from ${call.provider} without a readable body`);
    return unread('malformed', `HTTP ${status} with a body that is ${unreadableJson(json)}`);
  }
  const head = headSchema.safeParse(json.value);
  if (!head.success) {
    if (status >= 500)
      return unread('server-error', `HTTP ${status} from ${call.provider} without a response code`);
    return unread('malformed', `HTTP ${status} with an answer that has no ${call.provider} response code`);
  }
  return { kind: 'head', httpStatus: status, head: head.data, json: json.value, raw };
}
