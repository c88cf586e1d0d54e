import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';

function dispatcherWith(info: Handlers['app:info']) {
  const errors: unknown[] = [];
  // Only app:info is exercised here; the other channels are covered with the services behind them.
  const handlers = { 'app:info': info } as Partial<Handlers> as Handlers;
  const dispatch = createDispatcher(handlers, { onInternalError: (_c, e) => errors.push(e) });
  return { dispatch, errors };
}

const info = {
  name: 'Kasir CPM',
  version: '1.0.0',
  backend: 'sandbox',
  language: 'id',
  utcOffsetMinutes: 420,
  demoPin: null,
  customerScreen: false,
} as const;
const goodInfo: Handlers['app:info'] = async () => info;

describe('the IPC dispatcher', () => {
  it('answers a valid request with the handler value', async () => {
    const { dispatch } = dispatcherWith(goodInfo);
    await expect(dispatch('app:info', undefined)).resolves.toEqual({
      ok: true,
      value: info,
    });
  });

  it.each([['app:nope'], [42], [null], [{ toString: () => 'app:info' }], ['__proto__'], ['constructor']])(
    'refuses the unknown channel %j',
    async (channel) => {
      const { dispatch } = dispatcherWith(goodInfo);
      await expect(dispatch(channel, undefined)).resolves.toMatchObject({
        ok: false,
        error: { code: 'IPC_UNKNOWN_CHANNEL' },
      });
    },
  );

  it('refuses a payload the contract does not allow, without calling the handler', async () => {
    let called = false;
    const { dispatch } = dispatcherWith(async () => {
      called = true;
      return goodInfo(undefined);
    });
    const result = await dispatch('app:info', { amount: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_BAD_PAYLOAD' } });
    expect(called).toBe(false);
  });

  it('answers a payload with a 10 MB unknown key in a few hundred bytes, not by echoing the key', async () => {
    const { dispatch } = dispatcherWith(goodInfo);
    // A strict object names the keys it does not know in its message; this one is 10 MB long.
    const result = await dispatch('app:language:set', { language: 'id', ['k'.repeat(10 * 1024 * 1024)]: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_BAD_PAYLOAD' } });
    expect(JSON.stringify(result).length).toBeLessThan(2_000);
  });

  it('passes a KasirError through as its code and bilingual message', async () => {
    const { dispatch } = dispatcherWith(async () => {
      throw new KasirError({
        code: 'TERMINAL_BUSY',
        message: { id: 'Sedang sibuk', en: 'Busy' },
        raw: { secret: 'x' },
      });
    });
    await expect(dispatch('app:info', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'TERMINAL_BUSY', message: { id: 'Sedang sibuk', en: 'Busy' } },
    });
  });

  it('hides an unexpected error behind INTERNAL and reports it to the support log', async () => {
    const { dispatch, errors } = dispatcherWith(async () => {
      throw new Error('database path /home/x leaked');
    });
    const result = await dispatch('app:info', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/home/x');
    expect(errors).toHaveLength(1);
  });

  it('strips fields the contract does not name from a response', async () => {
    const { dispatch } = dispatcherWith(async () => ({
      ...(await goodInfo(undefined)),
      clientSecret: 'should-never-cross',
    }));
    const result = await dispatch('app:info', undefined);
    expect(JSON.stringify(result)).not.toContain('should-never-cross');
  });

  it('refuses to send a response that breaks the contract', async () => {
    const { dispatch } = dispatcherWith(async () => ({ name: 'Kasir CPM' }) as never);
    await expect(dispatch('app:info', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_BAD_RESPONSE' },
    });
  });
});
