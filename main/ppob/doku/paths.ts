// DOKU Biller's paths: a profile setting, read with the profile by every command, so apart from the
// rest of the wire (adapter.ts), which only a command that talks to DOKU loads.

import { z } from 'zod';
import { ProviderPathSchema } from '../provider-path';

export const DokuPathsSchema = z.strictObject({
  products: ProviderPathSchema,
  inquiry: ProviderPathSchema,
  payment: ProviderPathSchema,
  advice: ProviderPathSchema,
  balance: ProviderPathSchema,
});
export type DokuPaths = z.infer<typeof DokuPathsSchema>;

/** Guessed: confirm with DOKU's integration pack. */
export const DEFAULT_DOKU_PATHS: DokuPaths = {
  products: '/doku-biller/v1/products',
  inquiry: '/doku-biller/v1/inquiry',
  payment: '/doku-biller/v1/payment',
  advice: '/doku-biller/v1/advice',
  balance: '/doku-biller/v1/balance',
};
