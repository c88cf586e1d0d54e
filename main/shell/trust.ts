// IPC is answered only for our own renderer: the top frame of our window, showing our own page.

export interface FrameLike {
  url: string;
  parent: unknown;
}

/**
 * `rendererUrl` is app://kasir/index.html (main/shell/app-protocol.ts), or the dev server's URL in
 * development. A custom scheme has no origin in the URL standard ("null" for every one of them), so
 * for app:// and file:// the host and the path must both be ours.
 */
export function isTrustedFrame(frame: FrameLike | null | undefined, rendererUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(frame.url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (actual.protocol !== expected.protocol) return false;
  if (expected.protocol === 'file:' || expected.protocol === 'app:') {
    return actual.host === expected.host && actual.pathname === expected.pathname;
  }
  return actual.origin === expected.origin;
}
