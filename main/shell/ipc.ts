// Wires the contract's channels to ipcMain. Thin on purpose: trust check, then the dispatcher.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames } from '../../preload/contract';
import type { IpcResult } from '../../preload/contract/result';
import type { Dispatch } from '../ipc/dispatcher';
import type { FrameLike } from './trust';
import { isTrustedFrame } from './trust';

const FORBIDDEN: IpcResult<never> = {
  ok: false,
  error: {
    code: 'IPC_FORBIDDEN',
    message: {
      id: 'Permintaan ditolak: bukan dari aplikasi ini.',
      en: 'Request refused: not from this app.',
    },
  },
};

/**
 * `channelsFor`: the channels a sender (by web contents id) may call, when it may not call them all
 * (the customer display's window shows; it never acts).
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  rendererUrl: () => string,
  channelsFor: (webContentsId: number) => readonly string[] | undefined = () => undefined,
): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedFrame(event.senderFrame as FrameLike | null, rendererUrl())) return FORBIDDEN;
      const allowed = event.sender === undefined ? undefined : channelsFor(event.sender.id);
      if (allowed !== undefined && !allowed.includes(channel)) return FORBIDDEN;
      return dispatch(channel, payload);
    });
  }
}
