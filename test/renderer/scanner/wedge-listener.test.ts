import { describe, expect, it } from 'vitest';
import type { WedgeScan } from '../../../renderer/scanner/wedge';
import type { WedgeTimer } from '../../../renderer/scanner/wedge-listener';
import { createWedgeListener } from '../../../renderer/scanner/wedge-listener';

/** A clock and timer that move only when the test says so. */
function manualTime() {
  let now = 0;
  let nextId = 0;
  const tasks = new Map<number, { at: number; callback: () => void }>();
  const timer: WedgeTimer = {
    set: (callback, delayMs) => {
      tasks.set(++nextId, { at: now + delayMs, callback });
      return nextId;
    },
    clear: (handle) => {
      tasks.delete(handle as number);
    },
  };
  const advanceTo = (time: number) => {
    for (;;) {
      const due = [...tasks.entries()].filter(([, t]) => t.at <= time).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      tasks.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = time;
  };
  return { now: () => now, timer, advanceTo, pendingTasks: () => tasks.size };
}

function setup() {
  const time = manualTime();
  const scans: WedgeScan[] = [];
  const typed: string[][] = [];
  const listener = createWedgeListener({
    now: time.now,
    timer: time.timer,
    onScan: (scan) => scans.push(scan),
    onTyping: (keys) => typed.push(keys),
  });
  const press = (key: string, at: number) => {
    time.advanceTo(at);
    return listener.handleKey({ key, timeStamp: at });
  };
  return { time, scans, typed, listener, press };
}

describe('the wedge listener', () => {
  it('asks for preventDefault on keys it holds and on the scan suffix', () => {
    const { press, scans } = setup();
    const taken = [...'hQVDUFYwMQ=='].map((key, i) => press(key, 1000 + i * 3));
    expect(taken.every(Boolean)).toBe(true);
    expect(press('Enter', 1040)).toBe(true);
    expect(scans).toEqual([{ kind: 'scan', text: 'hQVDUFYwMQ==', terminated: true, suffix: 'Enter' }]);
  });

  it('hands a typed key back when its timer fires', () => {
    const { press, typed, time } = setup();
    press('7', 1000);
    expect(typed).toEqual([]);
    time.advanceTo(1030);
    expect(typed).toEqual([['7']]);
  });

  it('lets Enter through for a person and keeps no timer running when idle', () => {
    const { press, time } = setup();
    press('7', 1000);
    time.advanceTo(1200);
    expect(press('Enter', 1200)).toBe(false);
    expect(time.pendingTasks()).toBe(0);
  });

  it('reports an incomplete scan when the burst stops without a suffix', () => {
    const { press, scans, time } = setup();
    [...'hQVDUFYwMWETTweg'].forEach((key, i) => {
      press(key, 1000 + i * 2);
    });
    time.advanceTo(1500);
    expect(scans).toEqual([{ kind: 'scan', text: 'hQVDUFYwMWETTweg', terminated: false }]);
  });

  it('flush decides held keys at once', () => {
    const { press, typed, listener } = setup();
    press('1', 1000);
    listener.flush();
    expect(typed).toEqual([['1']]);
  });

  it('stamps a key on its own clock when the event counts from the epoch, so the timer waits its real 30 ms', () => {
    const time = manualTime();
    const typed: string[][] = [];
    const delays: number[] = [];
    const timed = createWedgeListener({
      now: time.now,
      timer: {
        set: (callback, delayMs) => {
          delays.push(delayMs);
          return time.timer.set(callback, delayMs);
        },
        clear: time.timer.clear,
      },
      onScan: () => {},
      onTyping: (keys) => typed.push(keys),
    });
    time.advanceTo(1000);
    timed.handleKey({ key: '7', timeStamp: Date.parse('2026-12-01T14:55:00Z') });
    expect(delays).toEqual([30]);
    time.advanceTo(1029);
    expect(typed).toEqual([]);
    time.advanceTo(1030);
    expect(typed).toEqual([['7']]);
  });

  it('after dispose it takes no keys and fires no timers', () => {
    const { press, typed, listener, time } = setup();
    press('1', 1000);
    listener.dispose();
    expect(press('2', 1005)).toBe(false);
    time.advanceTo(2000);
    expect(typed).toEqual([]);
  });
});
