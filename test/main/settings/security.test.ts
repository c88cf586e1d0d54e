// The settings channels end to end through the real dispatcher: provider profiles, keys, the vault's
// rules, the PIN, and the accessors the rest of main uses.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { keyFingerprint } from '../../../main/settings/keys';
import { loadPublicKey } from '../../../main/snap/signature';
import { createKeyCipher } from '../../../main/vault/cipher';
import {
  CHEAP_SCRYPT,
  CLIENT_SECRET,
  type ConfiguredApp,
  configuredApp,
  expectOk,
  PRIVATE_KEY_FILE,
  PROFILE_FIELDS,
  PUBLIC_KEY_PEM,
  SUPERVISOR_PIN,
} from '../security/support/configured-app';

const FINGERPRINT = keyFingerprint(loadPublicKey(PUBLIC_KEY_PEM));

async function bareCore(security: Parameters<typeof createAppCore>[0]['security'] = {}) {
  return createAppCore({
    dataDir: mkdtempSync(join(tmpdir(), 'kasir-sec-')),
    security: { cipher: createKeyCipher(randomBytes(32)), scrypt: CHEAP_SCRYPT, ...security },
  });
}

describe('provider profiles', () => {
  let app: ConfiguredApp | undefined;
  let core: AppCore | undefined;
  afterEach(async () => {
    await app?.close();
    await core?.close();
    app = undefined;
    core = undefined;
  });

  it('stores the client secret and answers only that it is set', async () => {
    core = await bareCore();
    const { settings } = await expectOk<{ settings: { profiles: Array<Record<string, unknown>> } }>(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    );
    expect(settings.profiles[0]).toMatchObject({ clientSecretSet: true, missing: ['privateKey'] });
    expect(JSON.stringify(settings)).not.toContain(CLIENT_SECRET);
  });

  it('keeps the stored client secret when a save leaves it out', async () => {
    app = await configuredApp();
    const fields = { ...PROFILE_FIELDS, baseUrl: app.server.url, name: 'Renamed' };
    await expectOk(
      app.core.dispatch('settings:profile:save', {
        id: app.profileId,
        fields,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    await expect(app.core.security.getActiveProvider()).resolves.toMatchObject({
      kind: 'snap',
      profile: { name: 'Renamed', clientSecret: CLIENT_SECRET },
    });
  });

  it('refuses to make an incomplete profile active', async () => {
    core = await bareCore();
    const { profileId } = await expectOk<{ profileId: string }>(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS }),
    );
    const result = await core.dispatch('settings:profile:activate', { profileId });
    expect(result).toMatchObject({ ok: false, error: { code: 'PROFILE_INCOMPLETE' } });
    expect(JSON.stringify(result)).toContain('client secret, private key');
  });

  it('hands the active profile, secrets included, to main only', async () => {
    app = await configuredApp();
    const provider = await app.core.security.getActiveProvider();
    if (provider.kind !== 'snap') throw new Error('expected the SNAP profile');
    expect(provider.profile).toMatchObject({
      id: app.profileId,
      clientKey: PROFILE_FIELDS.clientKey,
      merchantId: '00007100010926',
      clientSecret: CLIENT_SECRET,
    });
    expect(keyFingerprint(provider.profile.privateKey)).toBe(FINGERPRINT);
    expect(provider.profile.providerPublicKey?.type).toBe('public');
  });

  it('tells the renderer which backend is in use', async () => {
    app = await configuredApp({ activate: false });
    await expect(app.core.dispatch('app:info', undefined)).resolves.toMatchObject({
      value: { backend: 'sandbox' },
    });
    await expectOk(
      app.core.dispatch('settings:profile:activate', {
        profileId: app.profileId,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    await expect(app.core.dispatch('app:info', undefined)).resolves.toMatchObject({
      value: { backend: 'provider' },
    });
  });

  it('announces every settings change to the renderer', async () => {
    core = await bareCore();
    const events: unknown[] = [];
    core.onEvent((event, payload) => events.push([event, payload]));
    await expectOk(core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS }));
    expect(events).toEqual([['app:changed', { topic: 'settings' }]]);
  });

  it('refuses to delete the active profile', async () => {
    app = await configuredApp();
    await expect(
      app.core.dispatch('settings:profile:delete', { profileId: app.profileId }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'PROFILE_ACTIVE' },
    });
  });

  it('deletes an inactive profile together with its secrets', async () => {
    app = await configuredApp({ activate: false });
    await expectOk(
      app.core.dispatch('settings:profile:delete', {
        profileId: app.profileId,
        supervisorPin: SUPERVISOR_PIN,
      }),
    );
    const vault = JSON.parse(readFileSync(join(app.dataDir, 'vault.json'), 'utf8')) as { entries: object };
    expect(Object.keys(vault.entries).filter((name) => name.includes(app?.profileId ?? '?'))).toEqual([]);
    expect(Object.keys(vault.entries)).toContain('supervisorPin');
  });

  it.each([
    [{ ...PROFILE_FIELDS, baseUrl: 'http://api.provider.example' }, 'fields.baseUrl', 'v.baseUrl'],
    [{ ...PROFILE_FIELDS, channelId: '952210' }, 'fields.channelId', 'v.tooLong:5'],
    [{ ...PROFILE_FIELDS, clientKey: 'has space' }, 'fields.clientKey', 'v.headerValue'],
    [{ ...PROFILE_FIELDS, utcOffset: '+7' }, 'fields.utcOffset', 'v.utcOffset'],
    [{ ...PROFILE_FIELDS, merchantId: '' }, 'fields.merchantId', 'v.required'],
  ])('names the wrong field of a profile (%#)', async (fields, path, message) => {
    core = await bareCore();
    await expect(core.dispatch('settings:profile:save', { fields })).resolves.toMatchObject({
      ok: false,
      error: { code: 'IPC_BAD_PAYLOAD', issues: [{ path, message }] },
    });
  });
});

describe('keys', () => {
  let core: AppCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  async function withProfile(security: Parameters<typeof bareCore>[0] = {}) {
    core = await bareCore(security);
    const { profileId } = await expectOk<{ profileId: string }>(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    );
    return { core, profileId };
  }

  it('imports our private key through the file dialog and shows its fingerprint', async () => {
    const { core, profileId } = await withProfile({ pickPemFile: async () => PRIVATE_KEY_FILE });
    const result = await expectOk<{ key: { fingerprint: string } }>(
      core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }),
    );
    expect(result.key).toEqual({ algorithm: 'RSA', bits: 2048, fingerprint: FINGERPRINT });
  });

  it('shows the public key to register with the provider, never the private one', async () => {
    const { core, profileId } = await withProfile({ pickPemFile: async () => PRIVATE_KEY_FILE });
    await expectOk(core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }));
    const shown = await expectOk<{ publicKeyPem: string }>(
      core.dispatch('settings:key:public', { profileId }),
    );
    expect(shown.publicKeyPem).toBe(PUBLIC_KEY_PEM.replace(/\r\n/g, '\n'));
  });

  it('changes nothing when the dialog is cancelled', async () => {
    const { core, profileId } = await withProfile({ pickPemFile: async () => undefined });
    await expect(
      core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }),
    ).resolves.toEqual({ ok: true, value: { cancelled: true } });
  });

  it('replaces an existing key only when asked to', async () => {
    const { core, profileId } = await withProfile({ pickPemFile: async () => PRIVATE_KEY_FILE });
    await expectOk(core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }));
    await expect(
      core.dispatch('settings:key:generate', { profileId, replace: false }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'KEY_EXISTS' } });
    const generated = await expectOk<{ key: { fingerprint: string } }>(
      core.dispatch('settings:key:generate', { profileId, replace: true }),
    );
    expect(generated.key.fingerprint).not.toBe(FINGERPRINT);
  });

  it('generates an RSA-2048 pair and shows its public key PEM', async () => {
    const { core, profileId } = await withProfile();
    const generated = await expectOk<{ publicKeyPem: string; key: { bits: number; fingerprint: string } }>(
      core.dispatch('settings:key:generate', { profileId, replace: false }),
    );
    expect(generated.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(generated.key.bits).toBe(2048);
    expect(keyFingerprint(loadPublicKey(generated.publicKeyPem))).toBe(generated.key.fingerprint);
    await expectOk(core.dispatch('settings:profile:activate', { profileId }));
  });

  it('says there is no file dialog when main was started without one', async () => {
    const { core, profileId } = await withProfile();
    await expect(
      core.dispatch('settings:key:import', { profileId, kind: 'private', replace: false }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'DIALOG_UNAVAILABLE' } });
  });
});

describe('secret storage rules', () => {
  let core: AppCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('stores no secret, and saves no profile, under plain Node without secret storage', async () => {
    core = await createAppCore({ dataDir: mkdtempSync(join(tmpdir(), 'kasir-sec-')) });
    await expect(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'VAULT_UNAVAILABLE' } });
    await expect(core.dispatch('settings:get', undefined)).resolves.toMatchObject({
      value: { profiles: [] },
    });
  });

  it('on basic_text stores secrets only after the explicit choice', async () => {
    core = await bareCore({
      cipher: createKeyCipher(randomBytes(32), { kind: 'basic_text', protected: false }),
    });
    await expect(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'VAULT_UNPROTECTED_NOT_ACCEPTED' } });
    await expect(core.dispatch('settings:vault:accept-unprotected', { accept: true })).resolves.toMatchObject(
      {
        ok: true,
        value: {
          vault: { backend: 'basic_text', protected: false, unprotectedAccepted: true, canStore: true },
        },
      },
    );
    await expectOk(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS, clientSecret: CLIENT_SECRET }),
    );
  });
});

describe('the supervisor PIN over IPC', () => {
  let app: ConfiguredApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is set, shown as set, and checked by verifySupervisorPin', async () => {
    app = await configuredApp();
    await expect(app.core.dispatch('settings:get', undefined)).resolves.toMatchObject({
      value: { pin: { set: true, lockedUntil: null, failedAttempts: 0 } },
    });
    await expect(
      app.core.security.verifySupervisorPin(SUPERVISOR_PIN, { purpose: 'refund', reference: 'KSR-1' }),
    ).resolves.toEqual({ ok: true });
  });

  it('needs the current PIN to change it', async () => {
    app = await configuredApp();
    await expect(app.core.dispatch('settings:pin:set', { newPin: '52816490' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PIN_CURRENT_REQUIRED' },
    });
  });

  it.each([' ', '1e3', `${SUPERVISOR_PIN}\0`])(
    'refuses a current PIN that is not digits (%j) as a bad request, counting no attempt',
    async (currentPin) => {
      app = await configuredApp();
      await expect(
        app.core.dispatch('settings:pin:set', { currentPin, newPin: '52816490' }),
      ).resolves.toMatchObject({ ok: false, error: { code: 'IPC_BAD_PAYLOAD' } });
      await expect(app.core.dispatch('settings:get', undefined)).resolves.toMatchObject({
        value: { pin: { failedAttempts: 0 } },
      });
    },
  );

  it('lists PIN uses and credential changes in the audit log', async () => {
    app = await configuredApp();
    await app.core.security.verifySupervisorPin('00000001', { purpose: 'cancel', reference: 'KSR-2' });
    const { entries } = await expectOk<{ entries: Array<{ action: string; outcome: string }> }>(
      app.core.dispatch('settings:audit:list', undefined),
    );
    expect(entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'pin.verify:wrong',
      'profile.activate:ok',
      'pin.verify:ok',
      'pin.set:ok',
      'key.generate:ok',
      'profile.save:created',
      'secret.store:ok',
      'key.import:ok',
      'key.import:ok',
      'profile.save:created',
      'secret.store:ok',
    ]);
  });
});

describe('test connection over IPC', () => {
  let app: ConfiguredApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('gets a token with the stored profile', async () => {
    app = await configuredApp();
    await expect(
      app.core.dispatch('settings:profile:test', { profileId: app.profileId }),
    ).resolves.toMatchObject({
      ok: true,
      value: { ok: true, outcome: 'ok', publicKeyFingerprint: FINGERPRINT },
    });
  });

  it('explains what is missing from an incomplete profile instead of calling out', async () => {
    const core = await bareCore();
    const { profileId } = await expectOk<{ profileId: string }>(
      core.dispatch('settings:profile:save', { fields: PROFILE_FIELDS }),
    );
    await expect(core.dispatch('settings:profile:test', { profileId })).resolves.toMatchObject({
      ok: true,
      value: { ok: false, outcome: 'incomplete', httpStatus: null },
    });
    await core.close();
  });
});
