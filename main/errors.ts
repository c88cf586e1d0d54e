// One error shape for the whole product: a stable code for machines and support, a message a cashier
// can read in either language, and the provider's raw answer (already redacted) for the support ticket.

import type { ErrorCode } from '../preload/contract/error-codes';

export type { ErrorCode } from '../preload/contract/error-codes';

export interface LocalizedText {
  id: string;
  en: string;
}

export interface KasirErrorInit {
  code: ErrorCode;
  message: LocalizedText;
  raw?: unknown;
  cause?: unknown;
}

export class KasirError extends Error {
  readonly code: ErrorCode;
  readonly messages: LocalizedText;
  readonly raw: unknown;

  constructor(init: KasirErrorInit) {
    super(init.message.en, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KasirError';
    this.code = init.code;
    this.messages = init.message;
    this.raw = init.raw;
  }

  /**
   * The plain-data form for journal rows and support output. Deliberately not `toJSON`: test runners and
   * loggers read `message` off a serialised error and expect a string there.
   */
  toPlain(): { code: ErrorCode; message: LocalizedText; raw?: unknown } {
    return this.raw === undefined
      ? { code: this.code, message: this.messages }
      : { code: this.code, message: this.messages, raw: this.raw };
  }
}

export function isKasirError(value: unknown): value is KasirError {
  return value instanceof KasirError;
}
