// Serves the back-office page's files, with a strict Content-Security-Policy: the page may talk
// only to this server and run only its own scripts.

import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { BackofficeBundle } from './backoffice-bundle';
import { sendText } from './http';

export const BACKOFFICE_PATH = '/backoffice/';

export const BACKOFFICE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export async function serveBackoffice(
  bundle: BackofficeBundle,
  pathname: string,
  res: ServerResponse,
): Promise<void> {
  const dir = await bundle.dir();
  const relativePath = pathname.slice(BACKOFFICE_PATH.length) || 'index.html';
  const file = normalize(join(dir, relativePath));
  if (!file.startsWith(dir + sep)) return sendText(res, 404, 'text/plain', 'not found');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return sendText(res, 404, 'text/plain', 'not found');
  }
  res.setHeader('Content-Security-Policy', BACKOFFICE_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  sendText(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
}
