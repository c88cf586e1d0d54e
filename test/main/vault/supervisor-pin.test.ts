import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../main/settings/audit-log';
import { openAuditLog } from '../../../main/settings/audit-log';
import { createJsonFileStore } from '../../../main/settings/document-store';
import { createKeyCipher } from '../../../main/vault/cipher';
import { createSupervisorPin, pinCheckMessage, pinPolicyProblem } from '../../../main/vault/supervisor-pin';
import { openVault } from '../../../main/vault/vault';

const PIN = '482913';
const MINUTE = 60_000;
const key = randomBytes(32);

describe('the supervisor PIN', () => {
  let now: number;
  let dir: string;
  let audit: AuditLog;

  const open = () =>
    createSupervisorPin({
      vault: openVault({
        store: createJsonFileStore(join(dir, 'vault.json')),
        cipher: createKeyCipher(key),
        now: () => now,
      }),
      audit,
      now: () => now,
      scrypt: { logN: 10, r: 8, p: 1 },
    });

  async function wrong(pin: ReturnType<typeof open>, times: number) {
    for (let i = 0; i < times; i += 1) await pin.verify('000111', { purpose: 'refund' });
  }

  beforeEach(() => {
    now = Date.UTC(2025, 0, 6, 3, 0, 0);
    dir = mkdtempSync(join(tmpdir(), 'kasir-pin-'));
    audit = openAuditLog(':memory:', () => now);
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
    expect(open().status().lockedUntil).toBe(now + 5 * MINUTE);
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
