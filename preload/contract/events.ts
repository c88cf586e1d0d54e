import { z } from 'zod';
import { customerEvents } from './customer';
import { paymentEvents } from './payments';
import { ppobEvents } from './ppob';
import { serverLinkEvents } from './server-link';

export const events = {
  /** The core's state changed in a way the UI should reflect (a payment moved, settings changed). */
  'app:changed': z.object({ topic: z.string() }),
  ...paymentEvents,
  ...ppobEvents,
  ...customerEvents,
  ...serverLinkEvents,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEvent(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
