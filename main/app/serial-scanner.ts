// A serial (USB-CDC / RS-232) QR scanner, read in main with serialport and forwarded raw: the
// renderer splits the bytes into scans (renderer/scanner/serial-frames) and checks each like any
// other scan. A port that drops (cable pulled, scanner power-cycled) is reopened every few seconds.
import type { LocalizedText } from '../errors';

export interface SerialPortLike {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'open' | 'close', listener: () => void): unknown;
  close(callback?: (error: Error | null) => void): void;
  readonly isOpen: boolean;
}

export type OpenSerialPort = (options: { path: string; baudRate: number }) => Promise<SerialPortLike>;

export interface SerialScannerHandlers {
  onData(chunk: Uint8Array): void;
  onStatus(connected: boolean, message: LocalizedText | null): void;
}

export interface SerialScanner {
  close(): Promise<void>;
}

export const REOPEN_AFTER_MS = 5000;

/** serialport, loaded only when a serial scanner is configured (its native binding is optional). */
export const openWithSerialport: OpenSerialPort = async ({ path, baudRate }) => {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ path, baudRate });
};

function notConnected(path: string): LocalizedText {
  return {
    id: `Pemindai serial di ${path} tidak terhubung. Periksa kabel dan port di Pengaturan; sistem mencoba lagi.`,
    en: `The serial scanner on ${path} is not connected. Check the cable and the port in Settings; retrying.`,
  };
}

export function startSerialScanner(
  config: { path: string; baudRate: number },
  handlers: SerialScannerHandlers,
  open: OpenSerialPort = openWithSerialport,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout },
): SerialScanner {
  let port: SerialPortLike | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const scheduleReopen = () => {
    if (stopped || retry !== undefined) return;
    retry = timers.set(() => {
      retry = undefined;
      void connect();
    }, REOPEN_AFTER_MS);
  };

  async function connect(): Promise<void> {
    try {
      const opened = await open(config);
      if (stopped) {
        opened.close();
        return;
      }
      port = opened;
      opened.on('data', (chunk) => handlers.onData(new Uint8Array(chunk)));
      opened.on('open', () => handlers.onStatus(true, null));
      opened.on('error', () => {
        handlers.onStatus(false, notConnected(config.path));
        scheduleReopen();
      });
      opened.on('close', () => {
        if (stopped) return;
        handlers.onStatus(false, notConnected(config.path));
        scheduleReopen();
      });
    } catch {
      handlers.onStatus(false, notConnected(config.path));
      scheduleReopen();
    }
  }

  void connect();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        if (retry !== undefined) timers.clear(retry);
        if (port?.isOpen) port.close(() => resolve());
        else resolve();
      }),
  };
}
