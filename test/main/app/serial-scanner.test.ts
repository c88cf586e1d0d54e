import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { REOPEN_AFTER_MS, type SerialPortLike, startSerialScanner } from '../../../main/app/serial-scanner';
import type { LocalizedText } from '../../../main/errors';

class FakePort extends EventEmitter implements SerialPortLike {
  isOpen = true;
  close(callback?: (error: Error | null) => void) {
    this.isOpen = false;
    callback?.(null);
  }
}

function manualTimers() {
  const pending: { at: number; run: () => void }[] = [];
  return {
    timers: {
      set: ((run: () => void, ms: number) => {
        pending.push({ at: ms, run });
        return pending.length as unknown as ReturnType<typeof setTimeout>;
      }) as unknown as typeof setTimeout,
      clear: (() => undefined) as typeof clearTimeout,
    },
    runAll: () => {
      for (const task of pending.splice(0)) task.run();
    },
    delays: () => pending.map((t) => t.at),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the serial scanner', () => {
  it('forwards the bytes of the configured port as they come', async () => {
    const port = new FakePort();
    const opened: unknown[] = [];
    const chunks: Uint8Array[] = [];
    const scanner = startSerialScanner(
      { path: '/dev/ttyACM0', baudRate: 115200 },
      { onData: (chunk) => chunks.push(chunk), onStatus: () => undefined },
      async (options) => {
        opened.push(options);
        return port;
      },
    );
    await flush();
    port.emit('data', Buffer.from('hQVD'));
    port.emit('data', Buffer.from('UFYw\r\n'));
    expect(opened).toEqual([{ path: '/dev/ttyACM0', baudRate: 115200 }]);
    expect(Buffer.concat(chunks).toString()).toBe('hQVDUFYw\r\n');
    await scanner.close();
    expect(port.isOpen).toBe(false);
  });

  it('says the scanner is not connected when the port cannot be opened, and tries again', async () => {
    const statuses: [boolean, LocalizedText | null][] = [];
    const time = manualTimers();
    let attempts = 0;
    const port = new FakePort();
    startSerialScanner(
      { path: 'COM3', baudRate: 9600 },
      { onData: () => undefined, onStatus: (connected, message) => statuses.push([connected, message]) },
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('ENOENT');
        return port;
      },
      time.timers,
    );
    await flush();
    expect(statuses[0]?.[0]).toBe(false);
    expect(statuses[0]?.[1]?.id).toContain('COM3');
    expect(time.delays()).toEqual([REOPEN_AFTER_MS]);
    time.runAll();
    await flush();
    expect(attempts).toBe(2);
  });

  it('reopens a port that closed under it (cable pulled)', async () => {
    const time = manualTimers();
    const ports = [new FakePort(), new FakePort()];
    let attempts = 0;
    startSerialScanner(
      { path: '/dev/ttyUSB0', baudRate: 9600 },
      { onData: () => undefined, onStatus: () => undefined },
      async () => ports[attempts++] as FakePort,
      time.timers,
    );
    await flush();
    ports[0]?.emit('close');
    time.runAll();
    await flush();
    expect(attempts).toBe(2);
  });
});
