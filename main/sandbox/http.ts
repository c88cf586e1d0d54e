// HTTP plumbing: read a bounded body, write SNAP-shaped JSON. Every answer the sandbox gives, even to
// garbage, is JSON with a responseCode (never an HTML error page, never a crash).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { responseCodeOf } from './failures';
import { snapTimestamp } from './time';

/** Bodies above this are refused with 413 (SNAP bodies are a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Past this the sandbox stops draining an oversized body and drops the connection. */
const MAX_DRAIN_BYTES = 4 * 1024 * 1024;

export type BodyRead = { kind: 'ok'; raw: string } | { kind: 'tooLarge' } | { kind: 'aborted' };

/** Reads the whole body. An oversized body is drained (so the client can read the 413) but not kept. */
export function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      resolve({ kind: 'tooLarge' });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(tooLarge ? { kind: 'tooLarge' } : { kind: 'ok', raw: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  now: Date,
  closeAfter = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-TIMESTAMP': snapTimestamp(now),
    ...(closeAfter ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

/** A deliberately broken answer (fault injection): declared JSON, cut off mid-object. */
export function sendRaw(res: ServerResponse, status: number, text: string, now: Date): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-TIMESTAMP': snapTimestamp(now),
  });
  res.end(text);
}

export function snapErrorBody(status: number, serviceCode: string, caseCode: string, message: string) {
  return { responseCode: responseCodeOf(status, serviceCode, caseCode), responseMessage: message };
}

/** A header's single value (Node joins repeated headers; a repeated SNAP header is malformed anyway). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(', ');
  return value;
}
