// The only bridge between the sandboxed renderer and main: one frozen object, window.kasir.
import { contextBridge, ipcRenderer } from 'electron';
import { createKasirApi } from './api';
import { EVENT_CHANNEL } from './channel-names';

const api = createKasirApi({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(listener) {
    const handler = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

contextBridge.exposeInMainWorld('kasir', api);
