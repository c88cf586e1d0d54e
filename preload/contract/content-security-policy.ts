// The renderer page's Content-Security-Policy: put into index.html at build time (renderer/csp.ts)
// and sent again as a response header by the app:// protocol that serves the page (main/shell/
// app-protocol.ts), so the page is under it however it is loaded. Shared, like the IPC contract,
// because both sides must agree on it.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self' blob:",
].join('; ');
