// Validates every IPC request against the contract before any handler sees it, and every response on
// the way out (unknown keys are stripped, so a handler cannot leak a field the contract does not name).
import type { z } from 'zod';
import type { Channel, IpcResult, RequestOf, ResponseOf } from '../../preload/contract';
import { channels, isChannel } from '../../preload/contract';
import type { IpcError } from '../../preload/contract/result';
import { isKasirError } from '../errors';

export type Handler<C extends Channel> = (
  payload: z.output<(typeof channels)[C]['request']>,
) => Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };
export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface DispatcherOptions {
  /** Where unexpected (non-Kasir) errors go, for support; their details never reach the renderer. */
  onInternalError?: (channel: string, error: unknown) => void;
}

const MAX_ISSUES = 20;
const MAX_ISSUE_CHARS = 200;

function clip(text: string): string {
  return text.length <= MAX_ISSUE_CHARS ? text : `${text.slice(0, MAX_ISSUE_CHARS)}…`;
}

function fail(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return fail({
        code: 'IPC_UNKNOWN_CHANNEL',
        message: { id: 'Permintaan tidak dikenal.', en: 'Unknown request.' },
      });
    }
    const spec = channels[channel];
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      return fail({
        code: 'IPC_BAD_PAYLOAD',
        message: { id: 'Data permintaan tidak valid.', en: 'The request data is not valid.' },
        // Bounded: a hostile payload's keys (10 MB of them) must not come back as a 10 MB answer.
        issues: parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
          path: clip(issue.path.map(String).join('.')),
          message: clip(issue.message),
        })),
      });
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data as RequestOf<typeof channel>);
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        options.onInternalError?.(channel, checked.error);
        return fail({
          code: 'IPC_BAD_RESPONSE',
          message: {
            id: 'Aplikasi mengalami kesalahan internal. Coba lagi atau hubungi dukungan.',
            en: 'The app hit an internal error. Try again or contact support.',
          },
        });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (isKasirError(error)) {
        return fail({ code: error.code, message: error.messages });
      }
      options.onInternalError?.(channel, error);
      return fail({
        code: 'INTERNAL',
        message: {
          id: 'Aplikasi mengalami kesalahan internal. Coba lagi atau hubungi dukungan.',
          en: 'The app hit an internal error. Try again or contact support.',
        },
      });
    }
  };
}
