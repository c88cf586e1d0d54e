import { isErrorCode } from '../../preload/contract/error-codes';
import type { ErrorCode } from '../errors';
// The terminal's HTTP calls to its merchant server. Every answer is read bounded and checked
// against the protocol's schemas; every failure is a KasirError with a code the sync badge and the
// CLI show: unreachable, not enrolled (401: a stranger or a revoked terminal), refused, broken answer.

import type { z } from 'zod';
import { withoutHiddenCharacters } from '../../preload/contract/visible-text';
import { KasirError } from '../errors';
import { parseBoundedJson, readBoundedText } from '../snap/bounded-json';
import type { CursorsAnswer, EnrolAnswer, EnrolRequest, SyncAnswer, SyncBatch } from './protocol';
import {
  AckAnswerSchema,
  CursorsAnswerSchema,
  EnrolAnswerSchema,
  SyncAnswerSchema,
  TERMINAL_API,
} from './protocol';

export interface ServerClientOptions {
  serverUrl: string;
  token?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function linkError(code: ErrorCode, id: string, en: string, raw?: unknown, cause?: unknown): KasirError {
  return new KasirError({ code, message: { id, en }, raw, cause });
}

export function notEnrolled(): KasirError {
  return linkError(
    'TERMINAL_NOT_ENROLLED',
    'Server menolak terminal ini: belum terdaftar atau pendaftarannya dicabut. Daftarkan lagi dengan kode baru.',
    'The server refuses this terminal: it is not enrolled, or its enrolment was revoked. Enrol it again with a new code.',
  );
}

export class ServerClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  readonly serverUrl: string;

  constructor(private readonly options: ServerClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.serverUrl = options.serverUrl.replace(/\/+$/, '');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...(this.options.token === undefined ? {} : { Authorization: `Bearer ${this.options.token}` }),
      ...extra,
    };
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await this.fetch(`${this.serverUrl}${path}`, {
        method,
        headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw linkError(
        'SERVER_UNREACHABLE',
        `Server ${this.serverUrl} tidak dapat dihubungi. Data tetap aman di terminal dan dikirim nanti.`,
        `The server ${this.serverUrl} cannot be reached. Everything stays safe on this terminal and is sent later.`,
        undefined,
        error,
      );
    }
    const read = await readBoundedText(response).catch(() => ({ ok: false as const, bytes: 0 }));
    const json = read.ok ? parseBoundedJson(read.text) : undefined;
    const value = json?.ok ? json.value : undefined;
    if (response.status === 401) throw notEnrolled();
    if (!response.ok) {
      const server = (
        value as { error?: { code?: unknown; message?: { id?: unknown; en?: unknown } } } | undefined
      )?.error;
      // The server speaks the same closed set of codes; anything else is the server's own fault.
      const code = isErrorCode(server?.code) ? server.code : 'SERVER_HTTP_ERROR';
      // The server's own words reach the cashier: shown as text, and no longer than a message is.
      const id =
        typeof server?.message?.id === 'string'
          ? serverWords(server.message.id)
          : `Server menjawab HTTP ${response.status}.`;
      const en =
        typeof server?.message?.en === 'string'
          ? serverWords(server.message.en)
          : `The server answered HTTP ${response.status}.`;
      throw linkError(code, id, en, value);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw linkError(
        'SERVER_ANSWER_INVALID',
        'Jawaban server tidak dapat dibaca. Periksa alamat server (versi yang sama?).',
        "The server's answer cannot be read. Check the server address (the same version?).",
        read.ok ? read.text.slice(0, 2000) : undefined,
      );
    }
    return parsed.data;
  }

  enrol(request: EnrolRequest): Promise<EnrolAnswer> {
    return this.call('POST', TERMINAL_API.enrol, EnrolAnswerSchema, request);
  }

  cursors(): Promise<CursorsAnswer> {
    return this.call('GET', TERMINAL_API.sync, CursorsAnswerSchema);
  }

  upload(batch: SyncBatch): Promise<SyncAnswer> {
    return this.call('POST', TERMINAL_API.sync, SyncAnswerSchema, batch);
  }

  async ack(cursor: number): Promise<void> {
    await this.call('POST', TERMINAL_API.ack, AckAnswerSchema, { cursor });
  }

  /** Opens the live stream after `cursor`; the caller reads the body until it ends or `signal` aborts. */
  async openLive(cursor: number, signal: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.serverUrl}${TERMINAL_API.live}`, {
        headers: this.headers({ Accept: 'text/event-stream', 'Last-Event-ID': String(cursor) }),
        signal,
      });
    } catch (error) {
      throw linkError(
        'SERVER_UNREACHABLE',
        `Server ${this.serverUrl} tidak dapat dihubungi.`,
        `The server ${this.serverUrl} cannot be reached.`,
        undefined,
        error,
      );
    }
    if (response.status === 401) {
      await response.body?.cancel().catch(() => undefined);
      throw notEnrolled();
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw linkError(
        'SERVER_HTTP_ERROR',
        `Server menjawab HTTP ${response.status}.`,
        `The server answered HTTP ${response.status}.`,
        { status: response.status },
      );
    }
    return response;
  }
}

const MAX_SERVER_MESSAGE_CHARS = 300;

function serverWords(text: string): string {
  const shown = withoutHiddenCharacters(text);
  return shown.length <= MAX_SERVER_MESSAGE_CHARS ? shown : `${shown.slice(0, MAX_SERVER_MESSAGE_CHARS)}…`;
}
