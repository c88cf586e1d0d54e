// The customer display on a second screen. The cashier's window owns the sale (amount, payment, the
// sandbox's customer QR) and hands what the customer should see to main; main passes it to the
// customer window, which only shows it. Nothing here is secret: the QR is the module matrix the
// customer scans from, the payment the same view the cashier sees.
import { z } from 'zod';
import { CustomerQrSchema, MinorSchema, PaymentViewSchema } from './payments';
import { LocalizedTextSchema } from './result';

export const CustomerDisplayStateSchema = z.object({
  /** The amount being typed, before a payment exists. */
  amountMinor: MinorSchema,
  payment: PaymentViewSchema.nullable(),
  /** The sandbox's generated customer QR (service 59); null in a shop, where the customer brings one. */
  qr: CustomerQrSchema.nullable(),
  qrError: LocalizedTextSchema.nullable(),
  /** The panel stands in for a customer's phone (sandbox): it says DEMO and offers the QR. */
  demo: z.boolean(),
});
export type CustomerDisplayState = z.infer<typeof CustomerDisplayStateSchema>;

const NoPayload = z.undefined();

export const customerChannels = {
  /** The cashier's window: this is what the customer should see now. */
  'customer:show': { request: CustomerDisplayStateSchema, response: z.null() },
  /** The customer window, when it opens: the last state shown, if any (then the event of the same name). */
  'customer:state': { request: NoPayload, response: CustomerDisplayStateSchema.nullable() },
} as const;

/** The only channels a customer window may call: it shows, it never acts. */
export const CUSTOMER_WINDOW_CHANNELS: readonly string[] = ['customer:state', 'app:info'];

/** The only events a customer window is sent (never, say, a serial scanner's raw bytes). */
export const CUSTOMER_WINDOW_EVENTS: readonly string[] = ['customer:state', 'app:changed'];

export const customerEvents = {
  /** What the customer display should show, pushed to every window whenever the cashier's sale moves. */
  'customer:state': CustomerDisplayStateSchema,
} as const;
