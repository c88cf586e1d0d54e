import type { ErrorCode } from '../errors';
// Incoming payment notify (service 79), provider → us. Trust comes only from the provider's
// asymmetric signature over the raw body exactly as received (re-serialising a parsed body would
// change the bytes and break verification); then the body must match the notify schema.
// Each failure carries the SNAP answer to send back, so the HTTP endpoint stays a thin shell.

import type { KeyObject } from 'node:crypto';
import { KasirError } from '../errors';
import { exceedsJsonDepth, keptBody, parseBoundedJson } from './bounded-json';
import type { Clock } from './headers';
import { isSnapTimestamp, parseSnapTimestamp } from './headers';
import { BodyNotJsonError } from './minify';
import type { NotifyRequest, NotifyResponse } from './schemas';
import { describeIssues, NotifyRequestSchema, requestProblems, successCode } from './schemas';
import { verifyService } from './signature';
import { redactBody } from './wire-log';

export interface IncomingNotify {
  method: string;
  /** The request path exactly as received, with any query string (Node's `req.url`). */
  path: string;
  /** Header names in any case; Node's IncomingHttpHeaders fits. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes as received, decoded as UTF-8. */
  rawBody: string;
}

export interface NotifyVerifyOptions {
  /** The provider's public key (SPKI or PKCS#1 PEM). */
  publicKey: KeyObject | string;
  /** With a clock, a notify whose X-TIMESTAMP is further than this from now is refused (replay guard). */
  maxClockSkewMs?: number;
  clock?: Clock;
}

export type NotifyResult =
  | {
      ok: true;
      body: NotifyRequest;
      timestamp: string;
      externalId?: string;
      stringToSign: string;
      answer: NotifyResponse;
    }
  | { ok: false; error: KasirError; answer: NotifyResponse; httpStatus: number };

function header(headers: IncomingNotify['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function refuse(
  httpStatus: number,
  caseCode: string,
  responseMessage: string,
  error: { code: ErrorCode; id: string; en: string },
  raw: string,
): NotifyResult {
  return {
    ok: false,
    httpStatus,
    answer: { responseCode: `${httpStatus}79${caseCode}`, responseMessage },
    error: new KasirError({ code: error.code, message: { id: error.id, en: error.en }, raw }),
  };
}

export function verifyNotify(input: IncomingNotify, options: NotifyVerifyOptions): NotifyResult {
  if (exceedsJsonDepth(input.rawBody)) {
    // Refused before any parse, minify or redaction could walk it.
    return refuse(
      400,
      '01',
      'Invalid Field Format body',
      {
        code: 'SNAP_NOTIFY_BODY_INVALID',
        id: 'Notifikasi ditolak: isinya bersarang terlalu dalam.',
        en: 'Notification refused: its body is nested too deep.',
      },
      `[notify body of ${input.rawBody.length} characters nested too deep: not kept]`,
    );
  }
  const raw = keptBody(redactBody(input.rawBody));
  const timestamp = header(input.headers, 'x-timestamp');
  const signature = header(input.headers, 'x-signature');
  if (timestamp === undefined || !isSnapTimestamp(timestamp)) {
    return refuse(
      400,
      '02',
      'Invalid Mandatory Field X-TIMESTAMP',
      {
        code: 'SNAP_NOTIFY_TIMESTAMP_INVALID',
        id: 'Notifikasi ditolak: X-TIMESTAMP tidak ada atau formatnya salah.',
        en: 'Notification refused: X-TIMESTAMP is missing or malformed.',
      },
      raw,
    );
  }
  if (signature === undefined || signature === '') {
    return refuse(
      400,
      '02',
      'Invalid Mandatory Field X-SIGNATURE',
      {
        code: 'SNAP_NOTIFY_SIGNATURE_MISSING',
        id: 'Notifikasi ditolak: X-SIGNATURE tidak ada.',
        en: 'Notification refused: X-SIGNATURE is missing.',
      },
      raw,
    );
  }

  let verified: { stringToSign: string; valid: boolean };
  try {
    verified = verifyService({
      method: input.method,
      path: input.path,
      timestamp,
      rawBody: input.rawBody,
      publicKey: options.publicKey,
      signature,
    });
  } catch (error) {
    if (!(error instanceof BodyNotJsonError)) throw error;
    return refuse(
      400,
      '00',
      'Bad Request',
      {
        code: 'SNAP_NOTIFY_BODY_NOT_JSON',
        id: 'Notifikasi ditolak: isi pesan bukan JSON.',
        en: 'Notification refused: the body is not JSON.',
      },
      raw,
    );
  }
  if (!verified.valid) {
    return refuse(
      401,
      '00',
      'Unauthorized. Signature',
      {
        code: 'SNAP_NOTIFY_SIGNATURE_INVALID',
        id: 'Notifikasi ditolak: tanda tangan tidak cocok dengan kunci publik penyedia.',
        en: "Notification refused: the signature does not match the provider's public key.",
      },
      raw,
    );
  }

  if (options.clock !== undefined && options.maxClockSkewMs !== undefined) {
    const sent = parseSnapTimestamp(timestamp);
    if (sent === undefined || Math.abs(options.clock().getTime() - sent.getTime()) > options.maxClockSkewMs) {
      return refuse(
        401,
        '00',
        'Unauthorized. Timestamp',
        {
          code: 'SNAP_NOTIFY_STALE',
          id: 'Notifikasi ditolak: waktu pengiriman terlalu jauh dari jam kasir. Periksa jam komputer.',
          en: "Notification refused: its timestamp is too far from this terminal's clock. Check the computer clock.",
        },
        raw,
      );
    }
  }

  const read = parseBoundedJson(input.rawBody);
  if (!read.ok && read.reason === 'duplicate-key') {
    // Signed or not, a notification that names a field twice says two things: neither is believed.
    return refuse(
      400,
      '01',
      'Invalid Field Format body',
      {
        code: 'SNAP_NOTIFY_BODY_INVALID',
        id: `Notifikasi ditolak: isinya menyebut ${read.key} dua kali.`,
        en: `Notification refused: its body names ${read.key} twice.`,
      },
      raw,
    );
  }
  // Not JSON (an empty body): the schema below names what is missing.
  const json = read.ok ? read.value : undefined;
  const parsed = NotifyRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problem = requestProblems(json, parsed.error)[0];
    const missing = problem?.kind === 'missing';
    const field = problem?.field ?? 'body';
    return refuse(
      400,
      missing ? '02' : '01',
      `${missing ? 'Invalid Mandatory Field' : 'Invalid Field Format'} ${field}`,
      {
        code: 'SNAP_NOTIFY_BODY_INVALID',
        id: `Notifikasi ditolak: isinya tidak sesuai spesifikasi (${describeIssues(parsed.error)}).`,
        en: `Notification refused: its body breaks the specification (${describeIssues(parsed.error)}).`,
      },
      raw,
    );
  }

  const externalId = header(input.headers, 'x-external-id');
  return {
    ok: true,
    body: parsed.data,
    timestamp,
    ...(externalId === undefined ? {} : { externalId }),
    stringToSign: verified.stringToSign,
    answer: { responseCode: successCode('notify'), responseMessage: 'Successful' },
  };
}
