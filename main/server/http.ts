import type { ErrorCode } from '../errors';
// The server's HTTP plumbing: bounded bodies, JSON answers, bearer credentials, and the security
// headers every answer carries. Handlers stay thin: parse, call a store, answer.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { KasirError } from '../errors';
import { parseBoundedJson, readBoundedRequest } from '../snap/bounded-json';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType });
  res.end(body);
}

/** An error answer in the server's own shape: a code, and the message in both languages. */
export function sendError(res: ServerResponse, status: number, error: KasirError): void {
  sendJson(res, status, { error: { code: error.code, message: error.messages } });
}

export function serverError(code: ErrorCode, id: string, en: string, raw?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw });
}

/** Thrown by a handler to answer with `status` and the error (a refusal, never a crash). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: KasirError,
  ) {
    super(error.messages.en);
  }
}

export function refuse(status: number, code: ErrorCode, id: string, en: string): HttpRefusal {
  return new HttpRefusal(status, serverError(code, id, en));
}

/** Reads at most `limit` bytes; a larger body is refused with 413 and the connection closed. */
export async function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string> {
  const read = await readBoundedRequest(req, limit);
  if (!read.ok) {
    res.setHeader('Connection', 'close');
    throw refuse(
      413,
      'SERVER_BODY_TOO_LARGE',
      `Isi permintaan lebih dari ${limit} byte.`,
      `The request body is larger than ${limit} bytes.`,
    );
  }
  return read.text;
}

/** A JSON body checked by `schema`: anything else is a 400 naming what is wrong. */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  schema: S,
): Promise<z.output<S>> {
  const parsed = parseBoundedJson(await readBody(req, res, limit));
  if (!parsed.ok) {
    throw refuse(
      400,
      'SERVER_BODY_INVALID',
      'Isi permintaan bukan JSON yang valid.',
      'The request body is not valid JSON.',
    );
  }
  const checked = schema.safeParse(parsed.value);
  if (!checked.success) {
    const where = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw refuse(
      400,
      'SERVER_BODY_INVALID',
      `Isi permintaan tidak valid (${where}).`,
      `The request body is not valid (${where}).`,
    );
  }
  return checked.data;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/.exec(header.trim());
  return match?.[1];
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
