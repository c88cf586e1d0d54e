// IPC is answered only for our own renderer: the top frame of our window, showing our own page.

export interface FrameLike {
  url: string;
  parent: unknown;
}

/** `rendererUrl` is the file:// URL of out/renderer/index.html, or the dev server's URL in development. */
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
  if (expected.protocol === 'file:') return actual.pathname === expected.pathname;
  return actual.origin === expected.origin;
}
