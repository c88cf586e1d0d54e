// How the SNAP client reaches a provider: the part of fetch it uses, as a type, and an
// implementation of that part on node:http(s). The app uses the platform's fetch; the `kasir` CLI
// uses this one, because a short-lived process pays ~30 ms to load fetch's HTTP stack on its first
// request, which is most of a `kasir pay` on loopback. Both behave the same for the client: a
// redirect is refused (a signed money request is never re-sent elsewhere), a timeout aborts through
// the signal, and the body is a stream the client reads up to its size limit.

import { Readable } from 'node:stream';

// Not `import … from 'node:http'`: the ES-module view of node:http reads every export, and one of
// them loads fetch's HTTP stack, the very thing this module avoids.
const http = process.getBuiltinModule('node:http');
// Loaded at the first https:// request: TLS costs ~6 ms to load, which a loopback sandbox never needs.
let https: typeof import('node:https') | undefined;
function httpsRequest(): typeof import('node:https').request {
  https ??= process.getBuiltinModule('node:https');
  return https.request;
}

export interface HttpInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'error';
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/** The part of fetch the SNAP client needs; the platform's fetch is one. */
export type HttpFetch = (url: URL, init: HttpInit) => Promise<HttpResponse>;

export const nodeHttpFetch: HttpFetch = (url, init) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest() : http.request;
    const req = send(url, { method: init.method, headers: init.headers, signal: init.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (init.redirect === 'error' && status >= 300 && status < 400) {
        res.resume();
        reject(new TypeError(`redirect to ${res.headers.location ?? '?'} refused`));
        return;
      }
      const stream = Readable.toWeb(res) as ReadableStream<Uint8Array>;
      resolve({
        status,
        headers: {
          get: (name) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
        },
        body: stream,
        text: async () => {
          const chunks: Uint8Array[] = [];
          for await (const chunk of stream) chunks.push(chunk);
          return Buffer.concat(chunks).toString('utf8');
        },
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
