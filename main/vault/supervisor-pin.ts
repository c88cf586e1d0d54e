// The supervisor PIN: required for refunds, cancels, manual overrides and settings changes. Hashed
// with scrypt and kept, together with its lockout counter, as one sealed vault entry, so neither can
// be rewritten, copied in from another vault or reset by editing a file. After repeated wrong entries
// every entry is refused for a while, each lock twice as long as the one before, and the lock
// survives a restart. Every use is written to the audit log, with what it was for.
//
// A PIN that was set (the settings and the audit log remember that it was) but is no longer in the
// vault, or sits in a vault that no longer opens, is "lost", not "not set": nothing it guarded opens
// without it, and a new one can only be set through recover(), after the caller has checked
// something a cashier does not know (main/settings/security.ts asks for the provider's client secret).

import { z } from 'zod';
import type { ErrorCode, LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { AuditAction, AuditLog } from '../settings/audit-log';
import type { ScryptParams } from './pin-hash';
import { DEFAULT_SCRYPT, hashPin, verifyPinHash } from './pin-hash';
import type { Vault } from './vault';

export type PinCheck =
  | { ok: true }
  | { ok: false; code: 'PIN_WRONG'; attemptsLeft: number }
  | { ok: false; code: 'PIN_LOCKED'; retryAfterMs: number }
  | { ok: false; code: 'PIN_NOT_SET' }
  | { ok: false; code: 'PIN_LOST' };

/** Why a PIN that was set cannot be used: its vault entry is gone, or does not open. */
export type PinLoss = 'missing' | 'unreadable';

export interface SupervisorPinStatus {
  set: boolean;
  /** Epoch ms until which every entry is refused, or null. */
  lockedUntil: number | null;
  failedAttempts: number;
  lost: PinLoss | null;
}

export interface PinUse {
  /** What the PIN authorises: 'refund', 'cancel', 'override', … (goes into the audit log). */
  purpose: string;
  /** The payment or refund reference, if any. */
  reference?: string | undefined;
}

export interface PinPolicy {
  maxFailures: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_PIN_POLICY: PinPolicy = {
  maxFailures: 5,
  firstLockMs: 5 * 60_000,
  maxLockMs: 60 * 60_000,
};

export interface SupervisorPin {
  status(): Promise<SupervisorPinStatus>;
  verify(pin: string, use: PinUse): Promise<PinCheck>;
  /** Sets the first PIN, or changes it (then `currentPin` must be right). A lost PIN: see recover(). */
  set(input: { currentPin?: string | undefined; newPin: string }): Promise<void>;
  /**
   * Sets a new PIN in place of a lost one; the caller has already checked who is asking, and says how
   * in `verifiedBy` (for the audit log). A vault that no longer opens is kept aside and started anew.
   */
  recover(input: { newPin: string; verifiedBy: string }): Promise<void>;
}

export interface SupervisorPinDeps {
  vault: Vault;
  audit: AuditLog;
  now: () => number;
  /** Whether a PIN was ever set here (recorded outside the vault, so losing the vault shows). */
  pinWasSet: () => boolean;
  /** Records, outside the vault, that a PIN has been set. */
  notePinSet: (at: number) => void;
  /** What the PIN record is sealed to besides the vault: this install (main/settings/security.ts). */
  binding: () => string;
  policy?: PinPolicy;
  scrypt?: ScryptParams;
}

const PIN_SECRET = 'supervisorPin';

/** The PIN's hash and its lockout counter, sealed together as one vault entry. */
const PinRecordSchema = z.strictObject({
  hash: z.string().max(300),
  /** Wrong entries since the last lock (or the last right one). */
  failures: z.number().int().min(0),
  lockedUntil: z.number().nullable(),
  /** Locks since the last right entry; each one lasts twice as long as the one before. */
  lockouts: z.number().int().min(0),
});
type PinRecord = z.infer<typeof PinRecordSchema>;

type PinState = { kind: 'none' } | { kind: 'set'; record: PinRecord } | { kind: 'lost'; loss: PinLoss };

function pinError(code: ErrorCode, message: LocalizedText): KasirError {
  return new KasirError({ code, message });
}

/** What a failed check means, in words for the person at the till. */
export function pinCheckMessage(check: Exclude<PinCheck, { ok: true }>): LocalizedText {
  switch (check.code) {
    case 'PIN_WRONG':
      return {
        id: `PIN supervisor salah. Sisa percobaan: ${check.attemptsLeft}.`,
        en: `Wrong supervisor PIN. Attempts left: ${check.attemptsLeft}.`,
      };
    case 'PIN_LOCKED': {
      const minutes = Math.max(1, Math.ceil(check.retryAfterMs / 60_000));
      return {
        id: `Terlalu banyak PIN salah. PIN supervisor dikunci; coba lagi dalam ${minutes} menit.`,
        en: `Too many wrong PINs. The supervisor PIN is locked; try again in ${minutes} min.`,
      };
    }
    case 'PIN_NOT_SET':
      return {
        id: 'PIN supervisor belum diatur. Atur dulu di Pengaturan.',
        en: 'No supervisor PIN has been set. Set one in Settings first.',
      };
    case 'PIN_LOST':
      return {
        id: 'PIN supervisor tidak dapat dipakai: brankas rahasia hilang atau tidak dapat dibuka. Supervisor harus mengatur PIN baru di Pengaturan dengan client secret penyedia.',
        en: 'The supervisor PIN cannot be used: the secrets vault is missing or cannot be opened. A supervisor must set a new PIN in Settings with the provider’s client secret.',
      };
  }
}

/** A failed check as the error to throw from an IPC handler. */
export function pinCheckError(check: Exclude<PinCheck, { ok: true }>): KasirError {
  return pinError(check.code, pinCheckMessage(check));
}

/** Rejects PINs a bystander would guess first: all one digit, or a run like 123456 / 987654. */
export function pinPolicyProblem(pin: string): LocalizedText | null {
  if (!/^\d{6,12}$/.test(pin)) {
    return { id: 'PIN harus 6 sampai 12 angka.', en: 'The PIN must be 6 to 12 digits.' };
  }
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => d - (digits[i] ?? 0)));
  if (steps.size === 1 && [0, 1, -1].includes([...steps][0] ?? 99)) {
    return {
      id: 'PIN ini terlalu mudah ditebak (angka sama atau berurutan). Pilih PIN lain.',
      en: 'This PIN is too easy to guess (one digit repeated, or a run). Choose another.',
    };
  }
  return null;
}

export function createSupervisorPin(deps: SupervisorPinDeps): SupervisorPin {
  const policy = deps.policy ?? DEFAULT_PIN_POLICY;
  const params = deps.scrypt ?? DEFAULT_SCRYPT;
  // One check at a time: two concurrent wrong entries must both count.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  // Found lost: said once in the audit log each time it is found so, not on every look.
  let lossReported = false;
  function lost(loss: PinLoss): PinState {
    if (!lossReported) {
      lossReported = true;
      deps.audit.append({
        action: 'pin.lost',
        outcome: 'detected',
        purpose: 'settings',
        detail: `vault ${loss}`,
      });
    }
    return { kind: 'lost', loss };
  }

  async function state(): Promise<PinState> {
    if (!deps.vault.has(PIN_SECRET)) return deps.pinWasSet() ? lost('missing') : { kind: 'none' };
    try {
      const text = await deps.vault.get(PIN_SECRET, deps.binding());
      if (text === undefined) return lost('missing');
      lossReported = false;
      return { kind: 'set', record: PinRecordSchema.parse(JSON.parse(text)) };
    } catch {
      // Copied from another vault, sealed under another name, or a vault key that no longer opens.
      return lost('unreadable');
    }
  }

  const save = (record: PinRecord) =>
    deps.vault.put(PIN_SECRET, JSON.stringify(PinRecordSchema.parse(record)), deps.binding());

  function lockedFor(record: PinRecord): number {
    return record.lockedUntil === null ? 0 : Math.max(0, record.lockedUntil - deps.now());
  }

  async function check(pin: string, use: PinUse): Promise<PinCheck> {
    const audit = (outcome: string, detail?: string) =>
      deps.audit.append({
        action: 'pin.verify',
        outcome,
        purpose: use.purpose,
        reference: use.reference,
        detail,
      });
    const current = await state();
    if (current.kind === 'none') {
      audit('not_set');
      return { ok: false, code: 'PIN_NOT_SET' };
    }
    if (current.kind === 'lost') {
      audit('lost', `vault ${current.loss}`);
      return { ok: false, code: 'PIN_LOST' };
    }
    const { record } = current;
    const waiting = lockedFor(record);
    if (waiting > 0) {
      audit('locked');
      return { ok: false, code: 'PIN_LOCKED', retryAfterMs: waiting };
    }
    if (await verifyPinHash(pin, record.hash)) {
      if (record.failures !== 0 || record.lockouts !== 0 || record.lockedUntil !== null) {
        await save({ hash: record.hash, failures: 0, lockouts: 0, lockedUntil: null });
      }
      audit('ok');
      return { ok: true };
    }
    const failures = record.failures + 1;
    if (failures < policy.maxFailures) {
      await save({ ...record, failures, lockedUntil: null });
      audit('wrong', `failure ${failures} of ${policy.maxFailures}`);
      return { ok: false, code: 'PIN_WRONG', attemptsLeft: policy.maxFailures - failures };
    }
    const lockouts = record.lockouts + 1;
    const lockMs = Math.min(policy.firstLockMs * 2 ** (lockouts - 1), policy.maxLockMs);
    await save({ hash: record.hash, failures: 0, lockouts, lockedUntil: deps.now() + lockMs });
    audit('wrong', `locked for ${Math.round(lockMs / 1000)} s (lock ${lockouts})`);
    return { ok: false, code: 'PIN_LOCKED', retryAfterMs: lockMs };
  }

  function policyProblem(action: AuditAction, newPin: string, currentPin?: string): void {
    const problem =
      pinPolicyProblem(newPin) ??
      (currentPin === newPin
        ? { id: 'PIN baru sama dengan PIN lama.', en: 'The new PIN is the same as the old one.' }
        : null);
    if (problem) {
      deps.audit.append({ action, outcome: 'rejected', purpose: 'settings', detail: 'policy' });
      throw pinError('PIN_TOO_SIMPLE', problem);
    }
  }

  async function store(newPin: string): Promise<void> {
    await save({ hash: await hashPin(newPin, params), failures: 0, lockouts: 0, lockedUntil: null });
    deps.notePinSet(deps.now());
  }

  return {
    async status() {
      const current = await state();
      const record = current.kind === 'set' ? current.record : undefined;
      const waiting = record ? lockedFor(record) : 0;
      return {
        set: current.kind === 'set',
        lockedUntil: waiting > 0 && record ? record.lockedUntil : null,
        failedAttempts: record?.failures ?? 0,
        lost: current.kind === 'lost' ? current.loss : null,
      };
    },
    verify(pin, use) {
      return serial(() => check(pin, use));
    },
    set({ currentPin, newPin }) {
      return serial(async () => {
        const current = await state();
        const changing = current.kind === 'set';
        const action = changing ? 'pin.change' : 'pin.set';
        if (current.kind === 'lost') {
          deps.audit.append({
            action,
            outcome: 'rejected',
            purpose: 'settings',
            detail: `vault ${current.loss}`,
          });
          throw pinError('PIN_RECOVERY_REQUIRED', {
            id: 'PIN supervisor pernah diatur, tetapi brankas rahasia hilang atau tidak dapat dibuka. Untuk mengatur PIN baru, masukkan client secret penyedia.',
            en: 'A supervisor PIN was set, but the secrets vault is missing or cannot be opened. To set a new PIN, enter the provider’s client secret.',
          });
        }
        if (changing) {
          if (currentPin === undefined || currentPin === '') {
            deps.audit.append({
              action,
              outcome: 'rejected',
              purpose: 'settings',
              detail: 'current PIN missing',
            });
            throw pinError('PIN_CURRENT_REQUIRED', {
              id: 'Masukkan PIN supervisor yang sekarang untuk menggantinya.',
              en: 'Enter the current supervisor PIN to change it.',
            });
          }
          const result = await check(currentPin, { purpose: 'pin.change' });
          if (!result.ok) throw pinCheckError(result);
        }
        policyProblem(action, newPin, changing ? currentPin : undefined);
        await store(newPin);
        deps.audit.append({ action, outcome: 'ok', purpose: 'settings' });
      });
    },
    recover({ newPin, verifiedBy }) {
      return serial(async () => {
        const current = await state();
        if (current.kind !== 'lost') {
          throw pinError('PIN_NOT_LOST', {
            id: 'PIN supervisor tidak hilang; ganti PIN dengan PIN yang sekarang.',
            en: 'The supervisor PIN is not lost; change it with the current PIN.',
          });
        }
        policyProblem('pin.recover', newPin);
        const keptAs = (await deps.vault.readable()) ? null : deps.vault.reset();
        await store(newPin);
        deps.audit.append({
          action: 'pin.recover',
          outcome: 'ok',
          purpose: 'settings',
          detail: `vault ${current.loss}; ${verifiedBy}${keptAs ? `; old vault kept as ${keptAs}` : ''}`,
        });
      });
    },
  };
}
