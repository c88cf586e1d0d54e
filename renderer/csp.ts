// The renderer's Content-Security-Policy, injected into index.html at build time (the app:// protocol
// also sends it as a header). Dev mode (HMR) needs inline scripts and a websocket, so the policy is
// applied to what ships and to what e2e tests load.
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../preload/contract/content-security-policy';

export function rendererCsp(): Plugin {
  return {
    name: 'kasir-renderer-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}
