// The IPC contract: every channel the renderer may call, with its request and response schemas.
// Main validates each request against it; the preload exposes exactly these channels; the renderer
// gets its types from here. Domain files add their channels; this file only merges them.
import type { z } from 'zod';
import { appChannels } from './app';
import { customerChannels } from './customer';
import { paymentChannels } from './payments';
import { ppobChannels } from './ppob';
import type { IpcResult } from './result';
import { serverLinkChannels } from './server-link';
import { settingsChannels } from './settings';

export const channels = {
  ...appChannels,
  ...customerChannels,
  ...paymentChannels,
  ...ppobChannels,
  ...settingsChannels,
  ...serverLinkChannels,
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>;

export const channelNames = Object.keys(channels) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export type { EventName, EventPayload } from './events';
/** Events main pushes to the renderer (no request/response, main → renderer only). */
export { eventNames, events, isEvent } from './events';

export interface KasirApi {
  invoke<C extends Channel>(
    channel: C,
    ...payload: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends import('./events').EventName>(
    event: E,
    listener: (payload: import('./events').EventPayload<E>) => void,
  ): () => void;
}

export type { IpcError, IpcResult } from './result';
