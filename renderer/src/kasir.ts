import type { KasirApi } from '../../preload/contract';

declare global {
  interface Window {
    kasir: KasirApi;
  }
}

/** The bridge to main. Provided by the preload in Electron and by the test bridge in e2e runs. */
export function kasir(): KasirApi {
  return window.kasir;
}
