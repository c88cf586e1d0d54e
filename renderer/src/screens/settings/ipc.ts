// The settings channels from the Settings screen: answers as values, errors as IpcError, never thrown.
import type { Channel, IpcError, RequestOf, ResponseOf } from '../../../../preload/contract';
import { kasir } from '../../kasir';

export type Answer<C extends Channel> = { ok: true; value: ResponseOf<C> } | { ok: false; error: IpcError };

const UNREACHABLE: IpcError = {
  code: 'IPC_UNREACHABLE',
  message: {
    id: 'Tidak bisa terhubung ke inti aplikasi. Tutup dan buka kembali aplikasi.',
    en: 'Cannot reach the app core. Close and reopen the app.',
  },
};

export async function call<C extends Channel>(
  channel: C,
  ...payload: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
): Promise<Answer<C>> {
  try {
    return await kasir().invoke(channel, ...payload);
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}
