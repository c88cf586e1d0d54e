// Once a supervisor PIN is set, nothing about where payments go changes without it: each change
// channel refuses without the PIN and with a wrong one (which counts), changes nothing on disk
// meanwhile, and, with the PIN, is audited with who acted and what changed, never the secret. And a
// profile re-pointed by editing the settings file behind the app's back cannot pay.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { AuditEntry } from '../../../preload/contract/settings';
import {
  CHEAP_SCRYPT,
  CLIENT_SECRET,
  type ConfiguredApp,
  configuredApp,
  expectOk,
  PROFILE_FIELDS,
  SPARE_CLIENT_SECRET,
  SUPERVISOR_PIN,
} from '../security/support/configured-app';

let app: ConfiguredApp | undefined;
let core: AppCore | undefined;

afterEach(async () => {
  await app?.close();
  await core?.close();
  app = undefined;
  core = undefined;
});

/** Every file in the data folder and its bytes: equal before and after means nothing was written. */
function snapshot(dataDir: string): string {
  return readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('-wal') && !entry.name.endsWith('-shm'))
    .filter((entry) => entry.name !== 'audit.sqlite')
    .map((entry) => {
      const bytes = readFileSync(join(entry.parentPath, entry.name));
      return `${entry.name}:${createHash('sha256').update(bytes).digest('hex')}`;
    })
    .sort()
    .join('\n');
}

async function auditEntries(target: AppCore): Promise<AuditEntry[]> {
  return (await expectOk<{ entries: AuditEntry[] }>(target.dispatch('settings:audit:list', undefined)))
    .entries;
}

type Change = [string, (configured: ConfiguredApp) => Record<string, unknown>];

const CHANGES: Change[] = [
  [
    'settings:profile:save',
    (c) => ({ id: c.profileId, fields: { ...PROFILE_FIELDS, baseUrl: 'https://pays-anything.example' } }),
  ],
  ['settings:profile:activate', (c) => ({ profileId: c.spareProfileId })],
  ['settings:profile:delete', (c) => ({ profileId: c.spareProfileId })],
  ['settings:key:generate', (c) => ({ profileId: c.profileId, replace: true })],
  ['settings:key:import', (c) => ({ profileId: c.profileId, kind: 'provider-public', replace: true })],
  ['settings:vault:accept-unprotected', () => ({ accept: true })],
];

describe('a settings change once a supervisor PIN is set', () => {
  it.each(CHANGES)('%s is refused without the PIN, changing nothing', async (channel, payload) => {
    app = await configuredApp();
    const before = snapshot(app.dataDir);
    await expect(app.core.dispatch(channel, payload(app))).resolves.toMatchObject({
      ok: false,
      error: { code: 'PIN_REQUIRED' },
    });
    expect(snapshot(app.dataDir)).toBe(before);
  });

  it.each(CHANGES)(
    '%s is refused with a wrong PIN, which counts against the lockout',
    async (channel, payload) => {
      app = await configuredApp();
      const result = await app.core.dispatch(channel, { ...payload(app), supervisorPin: '10293847' });
      expect(result).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } });
      const settings = await expectOk<{ pin: { failedAttempts: number } }>(
        app.core.dispatch('settings:get', undefined),
      );
      expect(settings.pin.failedAttempts).toBe(1);
      expect((await auditEntries(app.core))[0]).toMatchObject({
        action: 'pin.verify',
        outcome: 'wrong',
        purpose: channel.split(':').slice(1).join('.'),
      });
    },
  );

  it.each(CHANGES)(
    '%s goes through with the PIN and is audited as the supervisor’s',
    async (channel, payload) => {
      app = await configuredApp();
      await expectOk(app.core.dispatch(channel, { ...payload(app), supervisorPin: SUPERVISOR_PIN }));
      const change = (await auditEntries(app.core)).find((entry) => entry.action !== 'pin.verify');
      expect(change).toMatchObject({ actor: 'supervisor', outcome: expect.stringMatching(/ok|updated/) });
    },
  );

  it('keeps a cashier from pointing the terminal at a host that answers 2006000', async () => {
    app = await configuredApp();
    const moved = { ...PROFILE_FIELDS, baseUrl: 'https://pays-anything.example' };
    await app.core.dispatch('settings:profile:save', { id: app.profileId, fields: moved });
    await expect(app.core.security.getActiveProvider()).resolves.toMatchObject({
      profile: { baseUrl: app.server.url },
    });
  });

  it('records what changed, old and new, and that the secret changed, but never the secret', async () => {
    app = await configuredApp();
    const fields = {
      ...PROFILE_FIELDS,
      baseUrl: 'https://api.provider.example',
      merchantId: '00007100010927',
    };
    await expectOk(
      app.core.dispatch('settings:profile:save', {
        id: app.profileId,
        fields,
        clientSecret: SPARE_CLIENT_SECRET,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    const entries = await auditEntries(app.core);
    const save = entries.find((entry) => entry.action === 'profile.save');
    expect(save).toMatchObject({ actor: 'supervisor', outcome: 'updated', reference: app.profileId });
    expect(save?.detail).toContain(`baseUrl: "${app.server.url}" → "https://api.provider.example"`);
    expect(save?.detail).toContain('merchantId: "00007100010926" → "00007100010927"');
    expect(save?.detail).toContain('client secret replaced');
    expect(JSON.stringify(entries)).not.toContain(SPARE_CLIENT_SECRET);
    expect(JSON.stringify(entries)).not.toContain(CLIENT_SECRET);
  });

  it('keeps the secrets usable after a change made with the PIN', async () => {
    app = await configuredApp();
    const fields = { ...PROFILE_FIELDS, baseUrl: app.server.url, merchantId: '00007100010927' };
    await expectOk(
      app.core.dispatch('settings:profile:save', {
        id: app.profileId,
        fields,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    await app.restart();
    await expect(app.core.security.getActiveProvider()).resolves.toMatchObject({
      profile: { merchantId: '00007100010927', clientSecret: CLIENT_SECRET },
    });
  });
});

describe('before any supervisor PIN is set', () => {
  it('lets the first setup through, recorded as made before a PIN existed', async () => {
    core = await createAppCore({
      dataDir: mkdtempSync(join(tmpdir(), 'kasir-setup-')),
      security: { cipher: createKeyCipher(randomBytes(32)), scrypt: CHEAP_SCRYPT },
    });
    await expectOk(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    );
    expect((await auditEntries(core))[0]).toMatchObject({ action: 'profile.save', actor: 'no PIN set yet' });
  });
});

describe('a profile changed by editing the settings file', () => {
  function editSettings(dataDir: string, change: (profile: Record<string, unknown>) => void): void {
    const file = join(dataDir, 'settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, unknown>[] };
    for (const profile of settings.profiles) change(profile);
    writeFileSync(file, JSON.stringify(settings));
  }

  it('cannot pay: its secrets no longer open once its address was re-pointed', async () => {
    app = await configuredApp();
    editSettings(app.dataDir, (profile) => {
      (profile.fields as Record<string, unknown>).baseUrl = 'https://pays-anything.example';
    });
    await app.restart();
    await expect(app.core.security.getActiveProvider()).rejects.toMatchObject({
      code: 'VAULT_ENTRY_REJECTED',
    });
  });

  it('cannot pay once the provider key that checks notifications was swapped', async () => {
    app = await configuredApp();
    const { generateKeyPairSync } = await import('node:crypto');
    const forged = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    editSettings(app.dataDir, (profile) => {
      profile.providerPublicKeyPem = String(forged.export({ type: 'spki', format: 'pem' }));
    });
    await app.restart();
    await expect(app.core.security.getActiveProvider()).rejects.toMatchObject({
      code: 'VAULT_ENTRY_REJECTED',
    });
  });
});
