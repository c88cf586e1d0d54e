// The terminal's link to the merchant server, as the cashier's screens see it: the sync badge
// (connected / N pending / error) and the Settings section that enrols the terminal with a
// one-time code. The credential the server hands out never crosses IPC.
import { z } from 'zod';
import { NoPayload } from './app';
import { LocalizedTextSchema } from './result';

export const ServerLinkStateSchema = z.enum([
  /** Not enrolled with any server: nothing to show but the way to enrol. */
  'not-enrolled',
  'connecting',
  /** Live delivery open and the outbox empty or sending. */
  'connected',
  /** The server cannot be reached: everything waits safely in the journal. */
  'offline',
  /** The server refuses this terminal (revoked): enrol again. */
  'refused',
  /** Something needs a person (a damaged link file, a journal that is not the one the server knows). */
  'error',
]);
export type ServerLinkState = z.infer<typeof ServerLinkStateSchema>;

export const ServerLinkStatusSchema = z.object({
  state: ServerLinkStateSchema,
  server: z.string().nullable(),
  shop: z.string().nullable(),
  label: z.string().nullable(),
  /** Journal entries the server does not hold yet. */
  pending: z.number().int().nonnegative(),
  lastSyncAt: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: LocalizedTextSchema }).nullable(),
});
export type ServerLinkStatus = z.infer<typeof ServerLinkStatusSchema>;

export const EnrolInputSchema = z.strictObject({
  serverUrl: z
    .url({ protocol: /^https?$/, error: 'An http(s) address, e.g. https://kasir.example.com' })
    // A user name or password in the address would be stored with the link and shown in every error.
    .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), {
      error: 'An address without a user name or password in it',
    }),
  code: z.string().trim().min(4, { error: 'The code shown on the server' }).max(64),
});

export const serverLinkChannels = {
  'server:status': { request: NoPayload, response: ServerLinkStatusSchema },
  'server:enrol': { request: EnrolInputSchema, response: ServerLinkStatusSchema },
  'server:forget': { request: NoPayload, response: ServerLinkStatusSchema },
} as const;

export const serverLinkEvents = {
  /** The link's state or its pending count changed. */
  'server:status': ServerLinkStatusSchema,
} as const;
