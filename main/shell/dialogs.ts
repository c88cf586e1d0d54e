// The native file dialog for PEM import. Main opens it and reads the file itself, so a key's path and
// contents never pass through the renderer.
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { PemPicker } from '../settings/security';

const TITLES = {
  private: 'Kunci privat (PEM) / Private key (PEM)',
  'provider-public': 'Kunci publik penyedia (PEM) / Provider public key (PEM)',
} as const;

export function pemFilePicker(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  parentWindow: () => BrowserWindow | null,
): PemPicker {
  return async (kind) => {
    const options: OpenDialogOptions = {
      title: TITLES[kind],
      properties: ['openFile', 'dontAddToRecent'],
      filters: [
        { name: 'PEM', extensions: ['pem', 'key', 'crt', 'cer', 'pub', 'txt'] },
        { name: '*', extensions: ['*'] },
      ],
    };
    const parent = parentWindow();
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  };
}
