// Klikoo's paths: a profile setting, read with the profile by every command, so apart from the rest
// of the wire (wire.ts), which only a command that talks to Klikoo loads.

import { z } from 'zod';
import { ProviderPathSchema } from '../provider-path';

export const KlikooPathsSchema = z.strictObject({
  token: ProviderPathSchema,
  products: ProviderPathSchema,
  inquiryPrepaid: ProviderPathSchema,
  inquiryPostpaid: ProviderPathSchema,
  /** Not in Klikoo's public docs: confirm with their sandbox. */
  buy: ProviderPathSchema,
  /** `{transaction_id}` is replaced by the transaction's id. */
  detail: ProviderPathSchema.includes('{transaction_id}'),
  history: ProviderPathSchema,
  balance: ProviderPathSchema,
});
export type KlikooPaths = z.infer<typeof KlikooPathsSchema>;

export const DEFAULT_KLIKOO_PATHS: KlikooPaths = {
  token: '/v1/open-api/access-token',
  products: '/v1/open-api/products',
  inquiryPrepaid: '/v1/open-api/products/inquiry',
  inquiryPostpaid: '/v1/open-api/transactions/inquiry-postpaid',
  buy: '/v1/open-api/transactions',
  detail: '/v1/open-api/transactions/{transaction_id}',
  history: '/v1/open-api/transactions',
  balance: '/v1/open-api/balance',
};
