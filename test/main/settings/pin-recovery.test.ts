// A supervisor PIN that was set cannot be made "not set" through the files: an emptied, deleted,
// replaced or unopenable vault leaves the PIN lost, said so in Settings, and a new one is set only
// with the active provider's client secret, every step on the audit log. Real files, the real core.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/core';
import { createAppCore } from '../../../main/app/core';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { AuditEntry, PinStatus } from '../../../preload/contract/settings';
import {
  CHEAP_SCRYPT,
  CLIENT_SECRET,
  type ConfiguredApp,
  configuredApp,
  expectOk,
  SPARE_CLIENT_SECRET,
  SUPERVISOR_PIN,
} from '../security/support/configured-app';

const NEW_PIN = '58203917';

let app: ConfiguredApp | undefined;
let other: AppCore | undefined;

afterEach(async () => {
  await app?.close();
  await other?.close();
  app = undefined;
  other = undefined;
});

async function pinStatus(core: AppCore): Promise<PinStatus> {
  return (await expectOk<{ pin: PinStatus }>(core.dispatch('settings:get', undefined))).pin;
}

async function actions(core: AppCore): Promise<string[]> {
  const { entries } = await expectOk<{ entries: AuditEntry[] }>(
    core.dispatch('settings:audit:list', undefined),
  );
  return entries.map((entry) => `${entry.action}:${entry.outcome}`);
}

/** Damages the app's vault file while it is closed, and starts it again. */
async function withVault(damage: (file: string) => void): Promise<ConfiguredApp> {
  const configured = await configuredApp();
  await configured.core.close();
  damage(join(configured.dataDir, 'vault.json'));
  await configured.restart();
  return configured;
}

describe('a supervisor PIN whose vault was emptied', () => {
  it('is lost, not "not set": Settings says so and names the profile whose secret is needed', async () => {
    app = await withVault((file) => truncateSync(file, 0));
    expect(await pinStatus(app.core)).toMatchObject({
      set: false,
      recovery: { reason: 'missing', profiles: [{ id: app.profileId, name: 'Penyedia Uji' }] },
    });
    await expect(app.core.security.verifySupervisorPin(SUPERVISOR_PIN)).resolves.toEqual({
      ok: false,
      code: 'PIN_LOST',
    });
  });

  it('cannot be set afresh without a client secret, as a first PIN could', async () => {
    app = await withVault((file) => truncateSync(file, 0));
    await expect(app.core.dispatch('settings:pin:set', { newPin: NEW_PIN })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PIN_RECOVERY_REQUIRED' },
    });
    expect((await pinStatus(app.core)).recovery).not.toBeNull();
  });

  it('refuses a wrong client secret, and another profile’s while this one is active', async () => {
    app = await withVault((file) => truncateSync(file, 0));
    for (const recovery of [
      { profileId: app.profileId, clientSecret: 'guessed-by-the-cashier' },
      { profileId: app.profileId, clientSecret: SPARE_CLIENT_SECRET },
      { profileId: app.spareProfileId, clientSecret: SPARE_CLIENT_SECRET },
    ]) {
      const result = await app.core.dispatch('settings:pin:set', { newPin: NEW_PIN, recovery });
      expect(result).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^PIN_RECOVERY_/) } });
    }
    await expect(app.core.security.verifySupervisorPin(NEW_PIN)).resolves.toMatchObject({ code: 'PIN_LOST' });
  });

  it('is set again with the active profile’s client secret, which goes back into the vault', async () => {
    app = await withVault((file) => truncateSync(file, 0));
    await expectOk(
      app.core.dispatch('settings:pin:set', {
        newPin: NEW_PIN,
        recovery: { profileId: app.profileId, clientSecret: CLIENT_SECRET },
      }),
    );
    await expect(app.core.security.verifySupervisorPin(NEW_PIN)).resolves.toEqual({ ok: true });
    const settings = await expectOk<{ pin: PinStatus; profiles: { id: string; clientSecretSet: boolean }[] }>(
      app.core.dispatch('settings:get', undefined),
    );
    expect(settings.pin).toMatchObject({ set: true, recovery: null });
    expect(settings.profiles.find((p) => p.id === app?.profileId)?.clientSecretSet).toBe(true);
  });

  it('leaves every step on the audit log, without the secret', async () => {
    app = await withVault((file) => rmSync(file));
    await app.core.dispatch('settings:pin:set', {
      newPin: NEW_PIN,
      recovery: { profileId: app.profileId, clientSecret: 'guessed-by-the-cashier' },
    });
    await app.core.dispatch('settings:pin:set', {
      newPin: NEW_PIN,
      recovery: { profileId: app.profileId, clientSecret: CLIENT_SECRET },
    });
    const log = await actions(app.core);
    expect(log.slice(0, 3)).toEqual(['pin.recover:ok', 'pin.recover:rejected', 'pin.lost:detected']);
    const { entries } = await expectOk<{ entries: AuditEntry[] }>(
      app.core.dispatch('settings:audit:list', undefined),
    );
    expect(entries[0]?.detail).toContain(`client secret of profile ${app.profileId} matched`);
    expect(JSON.stringify(entries)).not.toContain(CLIENT_SECRET);
  });
});

describe('a supervisor PIN whose vault no longer opens', () => {
  it('is lost, and recovered with the client secret checked against the record beside the profile', async () => {
    app = await configuredApp();
    await app.core.close();
    // The same files under another OS keyring (a new user account, a reinstalled keyring).
    other = await createAppCore({
      dataDir: app.dataDir,
      security: { cipher: createKeyCipher(randomBytes(32)), scrypt: CHEAP_SCRYPT },
    });
    expect((await pinStatus(other)).recovery).toMatchObject({ reason: 'unreadable' });
    await expect(
      other.dispatch('settings:pin:set', {
        newPin: NEW_PIN,
        recovery: { profileId: app.profileId, clientSecret: 'guessed-by-the-cashier' },
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'PIN_RECOVERY_SECRET_WRONG' } });
    await expectOk(
      other.dispatch('settings:pin:set', {
        newPin: NEW_PIN,
        recovery: { profileId: app.profileId, clientSecret: CLIENT_SECRET },
      }),
    );
    await expect(other.security.verifySupervisorPin(NEW_PIN)).resolves.toEqual({ ok: true });
    expect(readdirSync(app.dataDir).some((name) => name.startsWith('vault.json.broken-'))).toBe(true);
  });

  it('is lost when the whole vault file was copied in from another install', async () => {
    app = await configuredApp();
    const theirs = await configuredApp();
    try {
      await app.core.close();
      copyFileSync(join(theirs.dataDir, 'vault.json'), join(app.dataDir, 'vault.json'));
      await app.restart();
      // Their PIN does not open here, and neither does ours.
      await expect(app.core.security.verifySupervisorPin(SUPERVISOR_PIN)).resolves.toEqual({
        ok: false,
        code: 'PIN_LOST',
      });
    } finally {
      await theirs.close();
    }
  });
});

describe('a lost PIN on a till with no provider profile', () => {
  it('can be set again, with the log saying nothing could verify who set it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kasir-recover-sandbox-'));
    const cipher = createKeyCipher(randomBytes(32));
    const start = () => createAppCore({ dataDir, security: { cipher, scrypt: CHEAP_SCRYPT } });
    let core = await start();
    await expectOk(core.dispatch('settings:pin:set', { newPin: SUPERVISOR_PIN }));
    await core.close();
    rmSync(join(dataDir, 'vault.json'));
    core = await start();
    other = core;
    expect((await pinStatus(core)).recovery).toEqual({ reason: 'missing', profiles: [] });
    await expectOk(core.dispatch('settings:pin:set', { newPin: NEW_PIN }));
    const { entries } = await expectOk<{ entries: AuditEntry[] }>(
      core.dispatch('settings:audit:list', undefined),
    );
    expect(entries[0]).toMatchObject({ action: 'pin.recover', outcome: 'ok' });
    expect(entries[0]?.detail).toContain('not verified');
  });
});
