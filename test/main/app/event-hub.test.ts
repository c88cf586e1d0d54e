import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../main/app/event-hub';
import type { EventPayload } from '../../../preload/contract';

describe('events to the renderer', () => {
  it('delivers an event that matches the contract', () => {
    const hub = createEventHub();
    const seen: unknown[] = [];
    hub.subscribe((event, payload) => seen.push([event, payload]));
    hub.emit('app:changed', { topic: 'settings' });
    expect(seen).toEqual([['app:changed', { topic: 'settings' }]]);
  });

  it('strips fields the contract does not name', () => {
    const hub = createEventHub();
    const seen: unknown[] = [];
    hub.subscribe((_event, payload) => seen.push(payload));
    hub.emit('app:changed', {
      topic: 'settings',
      clientSecret: 'never-cross',
    } as EventPayload<'app:changed'>);
    expect(JSON.stringify(seen)).not.toContain('never-cross');
  });

  it('drops an event that breaks the contract and says so in the log', () => {
    const logged: string[] = [];
    const hub = createEventHub((message) => logged.push(message));
    const seen: unknown[] = [];
    hub.subscribe((_event, payload) => seen.push(payload));
    hub.emit('app:changed', { topic: 42 } as unknown as EventPayload<'app:changed'>);
    expect(seen).toEqual([]);
    expect(logged).toEqual(['event app:changed does not match the contract; not sent']);
  });

  it('stops delivering to a listener that unsubscribed', () => {
    const hub = createEventHub();
    const seen: unknown[] = [];
    const off = hub.subscribe((_event, payload) => seen.push(payload));
    off();
    hub.emit('app:changed', { topic: 'settings' });
    expect(seen).toEqual([]);
  });
});
