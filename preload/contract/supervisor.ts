// A supervisor's approval as every channel that needs one takes it: the PIN (checked in main, never
// stored or echoed) and the reason, which the journal and the audit keep and a reader must understand.
import { z } from 'zod';
import { hasHiddenCharacters, visibleLength } from './visible-text';

export const SupervisorPinSchema = z.string().regex(/^\d{4,12}$/, { error: 'A PIN of 4 to 12 digits' });

/** At least three characters that show: zero-width or control characters are not a reason. */
export const SupervisorReasonSchema = z
  .string()
  .trim()
  .max(200, { error: 'A reason of at most 200 characters' })
  .refine((reason) => !hasHiddenCharacters(reason), {
    error: 'A reason without hidden, control or reordering characters',
  })
  .refine((reason) => visibleLength(reason) >= 3, { error: 'A reason of at least 3 letters or digits' });

export const SupervisorApprovalSchema = { pin: SupervisorPinSchema, reason: SupervisorReasonSchema };
