// Builds the renderer exactly as it ships (CSP included) and serves it with Vite's preview server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, preview } from 'vite';
import { rendererCsp } from '../../../renderer/csp';

export interface RendererServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRenderer(): Promise<RendererServer> {
  const outDir = mkdtempSync(join(tmpdir(), 'kasir-renderer-'));
  const root = resolve(import.meta.dirname, '../../../renderer');
  const common = {
    root,
    configFile: false as const,
    logLevel: 'error' as const,
    plugins: [react(), rendererCsp()],
  };
  await build({ ...common, base: './', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    ...common,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const address = server.resolvedUrls?.local[0];
  if (!address) throw new Error('Vite preview did not report a URL');
  return {
    url: address,
    close: () => server.close(),
  };
}
