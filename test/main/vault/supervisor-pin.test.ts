import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../main/settings/audit-log';
import { openAuditLog } from '../../../main/settings/audit-log';
import { createJsonFileStore } from '../../../main/settings/document-store';
import { createKeyCipher } from '../../../main/vault/cipher';
import type { SupervisorPin } from '../../../main/vault/supervisor-pin';
import { createSupervisorPin, pinCheckMessage, pinPolicyProblem } from '../../../main/vault/supervisor-pin';
import type { Vault } from '../../../main/vault/vault';
import { openVault } from '../../../main/vault/vault';

const PIN = '482913';
const MINUTE = 60_000;
const key = randomBytes(32);

/** What stands, outside the vault, for "a PIN was set here": the settings file's record of it. */
interface Witness {
  pinSetAt: number | null;
}

/** A supervisor PIN on `vault`, its use audited in `audit`, cheap scrypt. */
function pinOn(vault: Vault, audit: AuditLog, now: () => number, witness: Witness): SupervisorPin {
  return createSupervisorPin({
    vault,
    audit,
    now,
    pinWasSet: () => witness.pinSetAt !== null || audit.pinEverSet(),
    notePinSet: (at) => {
      witness.pinSetAt ??= at;
    },
    binding: () => 'install:test',
    scrypt: { logN: 10, r: 8, p: 1 },
  });
}

function vaultAt(file: string, cipherKey: Buffer, now: () => number): Vault {
  return openVault({ store: createJsonFileStore(file), cipher: createKeyCipher(cipherKey), now });
}

async function wrong(pin: { verify: SupervisorPin['verify'] }, times: number) {
  for (let i = 0; i < times; i += 1) await pin.verify('000111', { purpose: 'refund' });
}

describe('the supervisor PIN', () => {
  let now: number;
  let dir: string;
  let audit: AuditLog;
  let witness: Witness;

  const open = (cipherKey = key) =>
    pinOn(
      vaultAt(join(dir, 'vault.json'), cipherKey, () => now),
      audit,
      () => now,
      witness,
    );

  beforeEach(() => {
    now = Date.UTC(2025, 0, 6, 3, 0, 0);
    dir = mkdtempSync(join(tmpdir(), 'kasir-pin-'));
    audit = openAuditLog(':memory:', () => now);
    witness = { pinSetAt: null };
  });

  it('answers PIN_NOT_SET before a PIN has been set', async () => {
    await expect(open().verify(PIN, { purpose: 'refund' })).resolves.toEqual({
      ok: false,
      code: 'PIN_NOT_SET',
    });
  });

  it('accepts the PIN that was set', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await expect(pin.verify(PIN, { purpose: 'refund', reference: 'KSR-20250106-0001' })).resolves.toEqual({
      ok: true,
    });
  });

  it('counts down the attempts left on a wrong PIN', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await expect(pin.verify('482914', { purpose: 'cancel' })).resolves.toEqual({
      ok: false,
      code: 'PIN_WRONG',
      attemptsLeft: 4,
    });
  });

  it('locks for five minutes after the fifth wrong PIN', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await wrong(pin, 4);
    await expect(pin.verify('000111', { purpose: 'refund' })).resolves.toEqual({
      ok: false,
      code: 'PIN_LOCKED',
      retryAfterMs: 5 * MINUTE,
    });
  });

  it('refuses even the right PIN while locked', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await wrong(pin, 5);
    now += 2 * MINUTE;
    await expect(pin.verify(PIN, { purpose: 'refund' })).resolves.toEqual({
      ok: false,
      code: 'PIN_LOCKED',
      retryAfterMs: 3 * MINUTE,
    });
  });

  it('accepts the right PIN once the lock has run out', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await wrong(pin, 5);
    now += 5 * MINUTE;
    await expect(pin.verify(PIN, { purpose: 'refund' })).resolves.toEqual({ ok: true });
  });

  it('doubles the lock each time it is earned again', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await wrong(pin, 5);
    now += 5 * MINUTE;
    await wrong(pin, 4);
    await expect(pin.verify('000111', { purpose: 'refund' })).resolves.toMatchObject({
      code: 'PIN_LOCKED',
      retryAfterMs: 10 * MINUTE,
    });
  });

  it('keeps the lock across a restart', async () => {
    await open().set({ newPin: PIN });
    await wrong(open(), 5);
    await expect(open().verify(PIN, { purpose: 'refund' })).resolves.toMatchObject({ code: 'PIN_LOCKED' });
    expect((await open().status()).lockedUntil).toBe(now + 5 * MINUTE);
  });

  it('counts concurrent wrong entries one by one', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pin.verify('000111', { purpose: 'refund' })),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'PIN_WRONG',
      'PIN_WRONG',
      'PIN_WRONG',
      'PIN_WRONG',
      'PIN_LOCKED',
    ]);
  });

  it('audits every use with its purpose and reference, never the PIN', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await pin.verify(PIN, { purpose: 'refund', reference: 'KSR-20250106-0001' });
    await pin.verify('482914', { purpose: 'override', reference: 'KSR-20250106-0002' });
    const entries = audit.recent();
    expect(entries.map((e) => [e.action, e.outcome, e.purpose, e.reference])).toEqual([
      ['pin.verify', 'wrong', 'override', 'KSR-20250106-0002'],
      ['pin.verify', 'ok', 'refund', 'KSR-20250106-0001'],
      ['pin.set', 'ok', 'settings', null],
    ]);
    expect(JSON.stringify(entries)).not.toContain(PIN);
  });

  it('audits an attempt refused because of the lock', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await wrong(pin, 5);
    await pin.verify(PIN, { purpose: 'cancel' });
    expect(audit.recent(1)[0]).toMatchObject({ action: 'pin.verify', outcome: 'locked', purpose: 'cancel' });
  });

  it('changes the PIN only with the current one', async () => {
    const pin = open();
    await pin.set({ newPin: PIN });
    await expect(pin.set({ newPin: '730516' })).rejects.toMatchObject({ code: 'PIN_CURRENT_REQUIRED' });
    await expect(pin.set({ currentPin: '111000', newPin: '730516' })).rejects.toMatchObject({
      code: 'PIN_WRONG',
    });
    await pin.set({ currentPin: PIN, newPin: '730516' });
    await expect(pin.verify('730516', { purpose: 'refund' })).resolves.toEqual({ ok: true });
    await expect(pin.verify(PIN, { purpose: 'refund' })).resolves.toMatchObject({ code: 'PIN_WRONG' });
  });

  it.each([['123456'], ['987654'], ['000000'], ['12345'], ['12a456']])('refuses the PIN %s', async (weak) => {
    await expect(open().set({ newPin: weak })).rejects.toMatchObject({ code: 'PIN_TOO_SIMPLE' });
    expect(pinPolicyProblem(weak)).not.toBeNull();
  });

  it('tells the cashier how long the lock lasts, in both languages', () => {
    expect(pinCheckMessage({ ok: false, code: 'PIN_LOCKED', retryAfterMs: 5 * MINUTE })).toEqual({
      id: 'Terlalu banyak PIN salah. PIN supervisor dikunci; coba lagi dalam 5 menit.',
      en: 'Too many wrong PINs. The supervisor PIN is locked; try again in 5 min.',
    });
  });
});

describe('the supervisor PIN against its files', () => {
  let now: number;
  let root: string;
  let audit: AuditLog;
  let witness: Witness;

  const vaultIn = (folder: string, cipherKey = key) =>
    vaultAt(join(root, folder, 'vault.json'), cipherKey, () => now);
  const pinIn = (folder: string, cipherKey = key) =>
    pinOn(vaultIn(folder, cipherKey), audit, () => now, witness);
  /** Another install's PIN: its own settings and audit log, the same OS keyring. */
  const theirPin = (folder: string) =>
    pinOn(
      vaultIn(folder),
      openAuditLog(':memory:', () => now),
      () => now,
      { pinSetAt: null },
    );
  const file = (folder: string) => join(root, folder, 'vault.json');
  const readVault = (folder: string) =>
    JSON.parse(readFileSync(file(folder), 'utf8')) as { entries: Record<string, { ciphertext: string }> };

  beforeEach(() => {
    now = Date.UTC(2025, 0, 6, 3, 0, 0);
    root = mkdtempSync(join(tmpdir(), 'kasir-pin-files-'));
    audit = openAuditLog(':memory:', () => now);
    witness = { pinSetAt: null };
  });

  it('keeps the lockout counter sealed with the hash: nothing in the file to reset', async () => {
    const pin = pinIn('a');
    await pin.set({ newPin: PIN });
    await wrong(pin, 5);
    const text = readFileSync(file('a'), 'utf8');
    expect(text).not.toMatch(/failures|lockedUntil|lockouts|scrypt/);
    await expect(pinIn('a').verify(PIN, { purpose: 'refund' })).resolves.toMatchObject({
      code: 'PIN_LOCKED',
    });
  });

  it('treats a sealed PIN record that was tampered with as lost, not as unlocked', async () => {
    await pinIn('a').set({ newPin: PIN });
    const vault = readVault('a');
    const entry = vault.entries.supervisorPin;
    if (!entry) throw new Error('no PIN entry');
    const bytes = Buffer.from(entry.ciphertext, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    entry.ciphertext = bytes.toString('base64');
    writeFileSync(file('a'), JSON.stringify(vault));
    await expect(pinIn('a').verify(PIN, { purpose: 'refund' })).resolves.toEqual({
      ok: false,
      code: 'PIN_LOST',
    });
  });

  it('does not accept a PIN record copied in from another vault, even one the same keyring opens', async () => {
    await pinIn('ours').set({ newPin: PIN });
    await theirPin('theirs').set({ newPin: '730516' });
    const ours = readVault('ours');
    const theirs = readVault('theirs');
    ours.entries.supervisorPin = theirs.entries.supervisorPin as { ciphertext: string };
    writeFileSync(file('ours'), JSON.stringify(ours));
    const pin = pinIn('ours');
    await expect(pin.verify('730516', { purpose: 'refund' })).resolves.toEqual({
      ok: false,
      code: 'PIN_LOST',
    });
    await expect(pin.verify(PIN, { purpose: 'refund' })).resolves.toEqual({ ok: false, code: 'PIN_LOST' });
  });

  it('does not accept another entry of the same vault moved under the PIN’s name', async () => {
    await pinIn('a').set({ newPin: PIN });
    const other = vaultIn('a');
    await other.put(
      'snap/p-1/clientSecret',
      JSON.stringify({ hash: 'x', failures: 0, lockouts: 0, lockedUntil: null }),
    );
    const vault = readVault('a');
    vault.entries.supervisorPin = vault.entries['snap/p-1/clientSecret'] as { ciphertext: string };
    writeFileSync(file('a'), JSON.stringify(vault));
    expect((await pinIn('a').status()).lost).toBe('unreadable');
  });

  it.each([
    ['truncated', (path: string) => truncateSync(path, 0)],
    ['deleted', (path: string) => rmSync(path)],
  ])('counts a PIN as lost, not as never set, once its vault file is %s', async (_how, damage) => {
    await pinIn('a').set({ newPin: PIN });
    damage(file('a'));
    const pin = pinIn('a');
    expect(await pin.status()).toMatchObject({ set: false, lost: 'missing' });
    await expect(pin.verify(PIN, { purpose: 'refund' })).resolves.toEqual({ ok: false, code: 'PIN_LOST' });
    await expect(pin.set({ newPin: '730516' })).rejects.toMatchObject({ code: 'PIN_RECOVERY_REQUIRED' });
    expect(audit.recent().map((e) => `${e.action}:${e.outcome}`)).toContain('pin.lost:detected');
  });

  it('sets a new PIN in place of a lost one through recover, keeping a vault that no longer opens aside', async () => {
    await pinIn('a').set({ newPin: PIN });
    const elsewhere = pinIn('a', randomBytes(32));
    expect((await elsewhere.status()).lost).toBe('unreadable');
    await elsewhere.recover({ newPin: '730516', verifiedBy: 'test' });
    await expect(elsewhere.verify('730516', { purpose: 'refund' })).resolves.toEqual({ ok: true });
    expect(readdirSync(join(root, 'a')).some((name) => name.startsWith('vault.json.broken-'))).toBe(true);
    expect(audit.recent(2).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'pin.verify:ok',
      'pin.recover:ok',
    ]);
  });

  it('refuses recover while the PIN is not lost', async () => {
    const pin = pinIn('a');
    await pin.set({ newPin: PIN });
    await expect(pin.recover({ newPin: '730516', verifiedBy: 'test' })).rejects.toMatchObject({
      code: 'PIN_NOT_LOST',
    });
  });
});
