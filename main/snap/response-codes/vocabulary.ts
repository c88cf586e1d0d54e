// The words the three response-code tables (SNAP, Klikoo, DOKU) and their decoder share: families,
// actions, categories. Apart from both so the tables need not import the decoder that reads them.
import { z } from 'zod';

export const responseCodeFamilySchema = z.enum(['snap', 'klikoo', 'doku']);
export type ResponseCodeFamily = z.infer<typeof responseCodeFamilySchema>;

export const responseCodeActionSchema = z.enum([
  'done',
  'query',
  'retry',
  're-authenticate',
  'fix-input',
  'stop',
]);
export type ResponseCodeAction = z.infer<typeof responseCodeActionSchema>;

/** The spec's categories, except that 202 (filed under "Success") is in-progress. */
export const snapCategorySchema = z.enum([
  'success',
  'in-progress',
  'system',
  'message',
  'business',
  'unknown',
]);
export type SnapCategory = z.infer<typeof snapCategorySchema>;

/** Klikoo has no category column: its cases sit "under the category of the HTTP Code". */
export const klikooCategorySchema = z.enum([
  'success',
  'bad-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'client-error',
  'server-error',
  'not-implemented',
  'service-unavailable',
  'unknown',
]);
export type KlikooCategory = z.infer<typeof klikooCategorySchema>;

/** DOKU's XX categories (U0/U1 user, IT integration, SY system, UE unmapped) plus its two success codes. */
export const dokuCategorySchema = z.enum([
  'success',
  'in-progress',
  'user-error',
  'integration-error',
  'system-error',
  'unmapped',
  'unknown',
]);
export type DokuCategory = z.infer<typeof dokuCategorySchema>;

/** The DOKU table's State column: which calls may answer with a code. */
export const dokuStateSchema = z.enum(['Inquiry', 'Payment', 'Advice']);
export type DokuState = z.infer<typeof dokuStateSchema>;
