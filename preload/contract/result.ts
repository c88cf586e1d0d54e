import { z } from 'zod';
import { ERROR_CODES } from './error-codes';

export const LocalizedTextSchema = z.object({ id: z.string(), en: z.string() });

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]);

export const IpcErrorSchema = z.object({
  /** One of the closed set in error-codes.ts: one code per rule, the same in every layer. */
  code: ErrorCodeSchema,
  message: LocalizedTextSchema,
  /** Field-level detail for bad payloads (paths and reasons), never secrets. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type IpcError = z.infer<typeof IpcErrorSchema>;

/** Every IPC answer is a value or a typed error: nothing is thrown across the bridge (Electron mangles errors). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
