// The renderer is served from app://kasir/, a privileged custom scheme, instead of file://. A file://
// page can read any file:// URL and shares one origin with every other file on disk; app://kasir/
// is an origin of its own that serves out/renderer and nothing else, sends the Content-Security-
// Policy as a header (not only as the page's <meta>), and lets the grantFileProtocolExtraPrivileges
// fuse be turned off. Plain Node: Electron's protocol.handle gets the handler from main/index.ts.

import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kasir';
/** The one page the window loads, and the one frame IPC is answered for. */
export const APP_RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Registered before the app is ready: standard (relative URLs, its own origin), secure (camera
 * access, like https), fetch allowed (the scanner's .wasm), and nothing more (no CORS, no service
 * workers, no bypassing the CSP).
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
};

function refusal(status: number, headers: Record<string, string>): Response {
  return new Response(null, { status, headers });
}

/** Serves the files under `root` (out/renderer) for app://kasir/…, with `csp` on every answer. */
export function createAppProtocolHandler(root: string, csp: string): (request: Request) => Promise<Response> {
  const base = resolve(root);
  const common = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, common);
    let url: URL;
    let path: string;
    try {
      url = new URL(request.url);
      path = decodeURIComponent(url.pathname);
    } catch {
      return refusal(400, common);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || path.includes('\0')) {
      return refusal(404, common);
    }
    const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
    const inside = relative(base, file);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      return refusal(404, common);
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refusal(404, common);
    }
    const headers = {
      ...common,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
    };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
