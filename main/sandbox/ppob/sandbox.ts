// startPpobSandbox: the Klikoo B2B and DOKU Biller simulators, each on its own loopback port (as the
// two providers have their own hosts), in the process that runs them: `kasir sandbox`, the tests,
// and later the app's default backend. createDemoPpobPartners makes the credentials a demo terminal
// profile carries.

import { randomBytes } from 'node:crypto';
import type { RsaKeyPair } from '../partners';
import { generateRsaKeyPair } from '../partners';
import type { DokuSandbox, DokuSandboxPartner } from './doku-sim';
import { startDokuSandbox } from './doku-sim';
import type { KlikooSandbox, KlikooSandboxPartner } from './klikoo-sim';
import { startKlikooSandbox } from './klikoo-sim';
import type { PpobSimOptions } from './options';
import { DEFAULT_PPOB_SIM_OPTIONS } from './options';

export interface PpobSandboxOptions extends Partial<Omit<PpobSimOptions, 'callbackFetch'>> {
  host?: string;
  klikooPort?: number;
  dokuPort?: number;
  klikooPartners?: readonly KlikooSandboxPartner[];
  dokuPartners?: readonly DokuSandboxPartner[];
  callbackFetch?: typeof fetch;
}

export interface PpobSandboxHandle {
  klikoo: KlikooSandbox;
  doku: DokuSandbox;
  close(): Promise<void>;
}

export async function startPpobSandbox(options: PpobSandboxOptions = {}): Promise<PpobSandboxHandle> {
  const sim: PpobSimOptions = {
    ...DEFAULT_PPOB_SIM_OPTIONS,
    clock: () => new Date(),
    log: () => {},
    callbackFetch: options.callbackFetch ?? globalThis.fetch,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const host = options.host ?? '127.0.0.1';
  const klikoo = await startKlikooSandbox(options.klikooPartners ?? [], {
    ...sim,
    host,
    port: options.klikooPort ?? 0,
  });
  let doku: DokuSandbox;
  try {
    doku = await startDokuSandbox(options.dokuPartners ?? [], { ...sim, host, port: options.dokuPort ?? 0 });
  } catch (error) {
    await klikoo.close();
    throw error;
  }
  return {
    klikoo,
    doku,
    close: async () => {
      await Promise.all([klikoo.close(), doku.close()]);
    },
  };
}

export interface DemoPpobPartners {
  klikoo: KlikooSandboxPartner & { keys: RsaKeyPair };
  doku: DokuSandboxPartner;
}

/** Fresh demo credentials: a Klikoo client with its own RSA-2048 key pair, a DOKU client and secret. */
export async function createDemoPpobPartners(
  options: { callbackUrl?: string; keys?: RsaKeyPair } = {},
): Promise<DemoPpobPartners> {
  const keys = options.keys ?? (await generateRsaKeyPair());
  return {
    klikoo: {
      clientId: `klikoo-sbx-${randomBytes(4).toString('hex')}`,
      clientSecret: randomBytes(24).toString('base64url'),
      publicKeyPem: keys.publicKeyPem,
      keys,
      ...(options.callbackUrl === undefined ? {} : { callbackUrl: options.callbackUrl }),
    },
    doku: {
      clientId: `MCH-SBX-${randomBytes(4).toString('hex').toUpperCase()}`,
      secretKey: `SK-${randomBytes(24).toString('base64url')}`,
    },
  };
}
