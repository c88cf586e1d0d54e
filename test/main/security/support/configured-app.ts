// An app core set up the way a merchant's would be: a SNAP provider profile with a client secret, our
// private key, the provider's public key and a supervisor PIN, next to the sandbox. Every secret is
// real-looking and listed, so a test can search anything that leaves main for them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppCore } from '../../../../main/app/core';
import { createAppCore } from '../../../../main/app/core';
import { createJsonFileStore } from '../../../../main/settings/document-store';
import { installBinding, profileBinding } from '../../../../main/settings/profile-binding';
import type { SettingsDocument } from '../../../../main/settings/schema';
import { createKeyCipher } from '../../../../main/vault/cipher';
import type { SecretName } from '../../../../main/vault/vault';
import { openVault } from '../../../../main/vault/vault';
import type { IpcResult } from '../../../../preload/contract';
import { startTokenServer, type TokenServer } from '../../settings/support/token-server';

const keysDir = join(import.meta.dirname, '../../../fixtures/keys');
export const PRIVATE_KEY_FILE = join(keysDir, 'midtrans-sample-private.pem');
export const PRIVATE_KEY_PEM = readFileSync(PRIVATE_KEY_FILE, 'utf8');
export const PUBLIC_KEY_PEM = readFileSync(join(keysDir, 'midtrans-sample-public.pem'), 'utf8');

export const CLIENT_KEY = '82150823919040624621823174737537';
export const CLIENT_SECRET = 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS';
export const SPARE_CLIENT_SECRET = 'Qm4Tz7Wc1Ky9Hp3Rv6Nd8Lf2Bs5Xj0Ga';
export const SUPERVISOR_PIN = '73915846';
export const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI4MjE1MDgyMzkxOTA0MDYyNDYyMTgyMzE3NDczNzUzNyJ9.c2ln';

export const PROFILE_FIELDS = {
  name: 'Penyedia Uji',
  baseUrl: 'http://127.0.0.1:1',
  pathPrefix: '/snap',
  clientKey: CLIENT_KEY,
  partnerId: CLIENT_KEY,
  channelId: '95221',
  merchantId: '00007100010926',
  subMerchantId: '310928924949487',
  terminalId: '6476378',
  utcOffset: '+07:00',
  timeouts: { tokenMs: 5000, paymentMs: 30000, queryMs: 10000, cancelMs: 15000, refundMs: 30000 },
};

export const CHEAP_SCRYPT = { logN: 10, r: 8, p: 1 };

export interface ConfiguredApp {
  core: AppCore;
  dataDir: string;
  profileId: string;
  /** A second complete SNAP profile, never active. */
  spareProfileId: string;
  server: TokenServer;
  /** The provider's key pair (we hold only its public half). */
  providerPublicKeyPem: string;
  /** Every secret in the vault right now, decrypted. */
  vaultSecrets(): Promise<string[]>;
  /** Closes the core and starts a new one on the same data folder and keyring (an app restart). */
  restart(): Promise<AppCore>;
  close(): Promise<void>;
}

/** The value of a successful IPC answer (typed by the caller); a failed one throws with its error. */
export async function expectOk<T = unknown>(result: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`IPC call failed: ${JSON.stringify(settled.error)}`);
  return settled.value as T;
}

export async function configuredApp(options: { activate?: boolean } = {}): Promise<ConfiguredApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kasir-configured-'));
  const provider = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const providerPublicKeyPem = String(provider.publicKey.export({ type: 'spki', format: 'pem' }));
  const providerKeyFile = join(dataDir, '..', `${dataDir.split('/').pop()}-provider.pem`);
  writeFileSync(providerKeyFile, providerPublicKeyPem);

  const server = await startTokenServer({
    clients: { [CLIENT_KEY]: PUBLIC_KEY_PEM },
    token: ACCESS_TOKEN,
    prefix: '/snap',
  });
  const cipher = createKeyCipher(randomBytes(32));
  const start = () =>
    createAppCore({
      dataDir,
      security: {
        cipher,
        pickPemFile: async (kind) => (kind === 'private' ? PRIVATE_KEY_FILE : providerKeyFile),
        scrypt: CHEAP_SCRYPT,
      },
    });
  let core = await start();
  const saved = await expectOk<{ profileId: string }>(
    core.dispatch('settings:profile:save', {
      fields: { ...PROFILE_FIELDS, baseUrl: server.url },
      clientSecret: CLIENT_SECRET,
    }),
  );
  const profileId = saved.profileId;
  await expectOk(core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }));
  await expectOk(
    core.dispatch('settings:key:import', { profileId, kind: 'provider-public', replace: false }),
  );
  const spare = await expectOk<{ profileId: string }>(
    core.dispatch('settings:profile:save', {
      fields: { ...PROFILE_FIELDS, name: 'Cadangan', baseUrl: server.url },
      clientSecret: SPARE_CLIENT_SECRET,
    }),
  );
  await expectOk(core.dispatch('settings:key:generate', { profileId: spare.profileId, replace: false }));
  await expectOk(core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
  if (options.activate !== false) {
    await expectOk(core.dispatch('settings:profile:activate', { profileId, supervisorPin: SUPERVISOR_PIN }));
  }
  return {
    get core() {
      return core;
    },
    dataDir,
    profileId,
    spareProfileId: spare.profileId,
    server,
    providerPublicKeyPem,
    async vaultSecrets() {
      const stored = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8')) as {
        entries: Record<string, { ciphertext: string }>;
      };
      const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as SettingsDocument;
      const vault = openVault({
        store: createJsonFileStore(join(dataDir, 'vault.json')),
        cipher,
        now: Date.now,
      });
      // Each entry opens only with what it is bound to: its profile as saved, or nothing (the PIN).
      const bindingOf = (name: string) => {
        const profile = settings.profiles.find((p) => name.startsWith(`snap/${p.id}/`));
        const install = settings.installId ?? '';
        return profile ? profileBinding(install, profile) : installBinding(install);
      };
      return Promise.all(
        Object.keys(stored.entries).map(async (name) => {
          const value = await vault.get(name as SecretName, bindingOf(name));
          if (value === undefined) throw new Error(`no ${name}`);
          return value;
        }),
      );
    },
    async restart() {
      await core.close();
      core = await start();
      return core;
    },
    async close() {
      await core.close();
      await server.close();
    },
  };
}
