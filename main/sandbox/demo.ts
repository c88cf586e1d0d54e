// What the app's main process needs when no real provider is configured: a sandbox on a free
// loopback port with a fresh demo partner, and the client settings that talk to it.

import type { SnapClientConfig } from '../snap/client';
import type { DemoPartner } from './partners';
import { createDemoPartner } from './partners';
import { DEFAULT_TERMINAL_TIMEOUT_MS } from './profile';
import type { SandboxHandle, SandboxOptions } from './server';
import { startSandbox } from './server';

export interface DemoSandbox {
  sandbox: SandboxHandle;
  demo: DemoPartner;
  /** Ready for createQrCpmClient: this sandbox's URL and the demo partner's credentials. */
  clientConfig: SnapClientConfig;
}

export async function startDemoSandbox(
  options: Omit<SandboxOptions, 'partners'> & { notifyUrl?: string; timeoutMs?: number } = {},
): Promise<DemoSandbox> {
  const { notifyUrl, timeoutMs, ...sandboxOptions } = options;
  const demo = await createDemoPartner(notifyUrl === undefined ? {} : { notifyUrl });
  const sandbox = await startSandbox({ ...sandboxOptions, partners: [demo.partner] });
  return {
    sandbox,
    demo,
    clientConfig: {
      baseUrl: sandbox.baseUrl,
      pathPrefix: sandbox.pathPrefix,
      clientKey: demo.partner.clientKey,
      clientSecret: demo.partner.clientSecret,
      privateKey: demo.privateKeyPem,
      partnerId: demo.partner.clientKey,
      channelId: demo.partner.channelId ?? '95221',
      timeoutMs: timeoutMs ?? DEFAULT_TERMINAL_TIMEOUT_MS,
    },
  };
}
