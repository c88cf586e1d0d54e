/** The one ipcRenderer channel main uses to push events to the renderer. */
export const EVENT_CHANNEL = 'kasir:event';
