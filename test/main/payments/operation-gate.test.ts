import { describe, expect, it } from 'vitest';
import { KasirError } from '../../../main/errors';
import { Listeners, OperationGate } from '../../../main/payments/operation-gate';
import type { TerminalLock } from '../../../main/payments/terminal-lock';

function countingLock() {
  const state = { held: 0, taken: 0 };
  const lock = (): TerminalLock => {
    state.held += 1;
    state.taken += 1;
    return {
      terminalId: 'T1',
      release: () => {
        state.held -= 1;
      },
    };
  };
  return { state, lock };
}

const busy = () => new KasirError({ code: 'TERMINAL_BUSY', message: { id: 'sibuk', en: 'busy' } });

describe('one operation at a time', () => {
  it('refuses a second operation while the first runs, without taking the lock for it', async () => {
    const { state, lock } = countingLock();
    const gate = new OperationGate(lock, busy);
    const first = Promise.withResolvers<void>();
    const running = gate.run(() => first.promise);
    await expect(gate.run(async () => 'second')).rejects.toMatchObject({ code: 'TERMINAL_BUSY' });
    expect(state).toEqual({ held: 1, taken: 1 });
    first.resolve();
    await running;
    expect(state.held).toBe(0);
    await expect(gate.run(async () => 'third')).resolves.toBe('third');
  });

  it('is busy from the first synchronous step of the work, and free again after it failed', async () => {
    const gate = new OperationGate(countingLock().lock, busy);
    let seen: boolean | undefined;
    await expect(
      gate.run(async () => {
        seen = gate.busy;
        throw new Error('provider down');
      }),
    ).rejects.toThrow('provider down');
    expect(seen).toBe(true);
    expect(gate.busy).toBe(false);
  });

  it('frees the terminal when the lock cannot be taken (another process holds it)', async () => {
    const gate = new OperationGate(() => {
      throw busy();
    }, busy);
    await expect(gate.run(async () => 1)).rejects.toMatchObject({ code: 'TERMINAL_BUSY' });
    expect(gate.busy).toBe(false);
  });

  it('wakes a resolver waiting on its operation, and forgets the focus once the work ends', async () => {
    const gate = new OperationGate(countingLock().lock, busy);
    const done = gate.run(async () => {
      gate.focus = 7;
      await gate.wait(7);
      return 'woken';
    });
    await Promise.resolve();
    expect(gate.focus).toBe(7);
    gate.wake(7);
    await expect(done).resolves.toBe('woken');
    expect(gate.focus).toBeUndefined();
  });
});

describe('live events', () => {
  it('reaches every listener even when one throws, and logs the one that threw', () => {
    const lines: string[] = [];
    const listeners = new Listeners<number>((line) => lines.push(line), 'a state listener');
    const got: number[] = [];
    listeners.add(() => {
      throw new Error('screen gone');
    });
    const unsubscribe = listeners.add((n) => got.push(n));
    listeners.emit(1);
    unsubscribe();
    listeners.emit(2);
    expect(got).toEqual([1]);
    expect(lines).toEqual(['a state listener failed: screen gone', 'a state listener failed: screen gone']);
  });
});
