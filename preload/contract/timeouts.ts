// A provider's request timeouts, as the settings screen and the terminal profile both check them: in a
// module of their own, so the profile's reader (every `kasir` command) builds these and not the
// settings screen's schemas. Field errors are message keys, as in settings.ts.
import { z } from 'zod';
import { fieldError as err } from './field-error';

export const TimeoutMsSchema = z
  .number(err('v.number'))
  .int(err('v.integer'))
  .min(1000, err('v.timeoutRange'))
  .max(120_000, err('v.timeoutRange'));

export const TimeoutsSchema = z.strictObject({
  tokenMs: TimeoutMsSchema,
  paymentMs: TimeoutMsSchema,
  queryMs: TimeoutMsSchema,
  cancelMs: TimeoutMsSchema,
  refundMs: TimeoutMsSchema,
});
export type Timeouts = z.infer<typeof TimeoutsSchema>;
