// How the SNAP client reaches a provider: the part of fetch it uses, as a type, and an
// implementation of that part on node:http(s). The app uses the platform's fetch; the `kasir` CLI
// uses this one, because a short-lived process pays ~30 ms to load fetch's HTTP stack on its first
// request, which is most of a `kasir pay` on loopback. Both behave the same for the client: a
// redirect is refused (a signed money request is never re-sent elsewhere), a timeout aborts through
// the signal, and the body is a stream the client reads up to its size limit.
//
// The body is read through the part of a web ReadableStream the client uses (`HttpBody`), which this
// transport gives straight over Node's response stream: converting it to a web stream would load
// Node's web streams (~2–3 ms of a command's start-up) for nothing.

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

/** What the client reads of a response body; a web ReadableStream<Uint8Array> is one. */
export interface HttpBody {
  getReader(): {
    read(): Promise<{ done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array }>;
    cancel(): Promise<void>;
  };
  cancel(): Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: HttpBody | null;
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
      resolve({
        status,
        headers: {
          get: (name) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
        },
        body: bodyOf(res),
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });

/** A reader over Node's response stream; cancelling it destroys the stream (and its socket). */
function bodyOf(res: import('node:http').IncomingMessage): HttpBody {
  const cancel = async (): Promise<void> => {
    res.destroy();
  };
  return {
    getReader: () => {
      const chunks = res[Symbol.asyncIterator]();
      return {
        read: async () => {
          const next = await chunks.next();
          return next.done ? { done: true } : { done: false, value: next.value as Buffer };
        },
        cancel,
      };
    },
    cancel,
  };
}
