import type { BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronPrinter, PRINT_WINDOW_OPTIONS } from '../../../main/shell/printing';

function fakeWindows(printSucceeds = true) {
  const made: {
    options: BrowserWindowConstructorOptions;
    url?: string;
    print?: WebContentsPrintOptions;
    destroyed: boolean;
  }[] = [];
  const factory = (options: BrowserWindowConstructorOptions) => {
    const record: (typeof made)[number] = { options, destroyed: false };
    made.push(record);
    return {
      loadURL: async (url: string) => {
        record.url = url;
      },
      destroy: () => {
        record.destroyed = true;
      },
      isDestroyed: () => record.destroyed,
      webContents: {
        print: (options: WebContentsPrintOptions, callback: (success: boolean, reason: string) => void) => {
          record.print = options;
          callback(printSucceeds, printSucceeds ? '' : 'cancelled');
        },
      },
    };
  };
  return { made, factory: factory as unknown as Parameters<typeof createElectronPrinter>[0] };
}

describe('printing a receipt with Electron', () => {
  it('loads the receipt page into a hidden window with JavaScript off, prints it, and closes the window', async () => {
    const { made, factory } = fakeWindows();
    const printed = await createElectronPrinter(factory).print('<p>Rp10.000</p>', {
      deviceName: 'TM-T82',
      paperWidthMm: 80,
    });
    expect(printed).toBe(true);
    expect(made).toHaveLength(1);
    expect(made[0]?.options).toEqual(PRINT_WINDOW_OPTIONS);
    expect(made[0]?.options.show).toBe(false);
    expect(made[0]?.options.webPreferences?.javascript).toBe(false);
    expect(made[0]?.url).toBe(`data:text/html;charset=utf-8,${encodeURIComponent('<p>Rp10.000</p>')}`);
    expect(made[0]?.print).toMatchObject({ silent: true, deviceName: 'TM-T82' });
    expect(made[0]?.destroyed).toBe(true);
  });

  it('asks with the system dialog when no receipt printer is set up', async () => {
    const { made, factory } = fakeWindows();
    await createElectronPrinter(factory).print('<p></p>', { paperWidthMm: 58 });
    expect(made[0]?.print?.silent).toBe(false);
    expect(made[0]?.print).not.toHaveProperty('deviceName');
  });

  it('reports a print that did not happen', async () => {
    const { made, factory } = fakeWindows(false);
    expect(await createElectronPrinter(factory).print('<p></p>', { paperWidthMm: 58 })).toBe(false);
    expect(made[0]?.destroyed).toBe(true);
  });
});
