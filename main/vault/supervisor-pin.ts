import type { ErrorCode } from '../errors';
// The supervisor PIN: required for refunds, cancels and manual overrides. Hashed with scrypt and kept
// encrypted in the vault; after repeated wrong entries every entry is refused for a while, each lock
// twice as long as the one before, and the lock survives a restart (it is stored, not in memory).
// Every use is written to the audit log, with what it was for.

import type { PinStatus } from '../../preload/contract/settings';
import type { LocalizedText } from '../errors';
import { KasirError } from '../errors';
import type { AuditLog } from '../settings/audit-log';
import type { ScryptParams } from './pin-hash';
import { DEFAULT_SCRYPT, hashPin, verifyPinHash } from './pin-hash';
import type { PinGuard, Vault } from './vault';

export type PinCheck =
  | { ok: true }
  | { ok: false; code: 'PIN_WRONG'; attemptsLeft: number }
  | { ok: false; code: 'PIN_LOCKED'; retryAfterMs: number }
  | { ok: false; code: 'PIN_NOT_SET' };

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
  status(): PinStatus;
  verify(pin: string, use: PinUse): Promise<PinCheck>;
  /** Sets the first PIN, or changes it (then `currentPin` must be right). */
  set(input: { currentPin?: string | undefined; newPin: string }): Promise<void>;
}

export interface SupervisorPinDeps {
  vault: Vault;
  audit: AuditLog;
  now: () => number;
  policy?: PinPolicy;
  scrypt?: ScryptParams;
}

const PIN_SECRET = 'supervisorPin';

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

  function lockedFor(guard: PinGuard): number {
    return guard.lockedUntil === null ? 0 : Math.max(0, guard.lockedUntil - deps.now());
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
    const hash = await deps.vault.get(PIN_SECRET);
    if (hash === undefined) {
      audit('not_set');
      return { ok: false, code: 'PIN_NOT_SET' };
    }
    const guard = deps.vault.pinGuard();
    const waiting = lockedFor(guard);
    if (waiting > 0) {
      audit('locked');
      return { ok: false, code: 'PIN_LOCKED', retryAfterMs: waiting };
    }
    if (await verifyPinHash(pin, hash)) {
      if (guard.failures !== 0 || guard.lockouts !== 0 || guard.lockedUntil !== null) {
        deps.vault.setPinGuard({ failures: 0, lockouts: 0, lockedUntil: null });
      }
      audit('ok');
      return { ok: true };
    }
    const failures = guard.failures + 1;
    if (failures < policy.maxFailures) {
      deps.vault.setPinGuard({ ...guard, failures, lockedUntil: null });
      audit('wrong', `failure ${failures} of ${policy.maxFailures}`);
      return { ok: false, code: 'PIN_WRONG', attemptsLeft: policy.maxFailures - failures };
    }
    const lockouts = guard.lockouts + 1;
    const lockMs = Math.min(policy.firstLockMs * 2 ** (lockouts - 1), policy.maxLockMs);
    deps.vault.setPinGuard({ failures: 0, lockouts, lockedUntil: deps.now() + lockMs });
    audit('wrong', `locked for ${Math.round(lockMs / 1000)} s (lock ${lockouts})`);
    return { ok: false, code: 'PIN_LOCKED', retryAfterMs: lockMs };
  }

  return {
    status() {
      const guard = deps.vault.pinGuard();
      const waiting = lockedFor(guard);
      return {
        set: deps.vault.has(PIN_SECRET),
        lockedUntil: waiting > 0 ? guard.lockedUntil : null,
        failedAttempts: guard.failures,
      };
    },
    verify(pin, use) {
      return serial(() => check(pin, use));
    },
    set({ currentPin, newPin }) {
      return serial(async () => {
        const changing = deps.vault.has(PIN_SECRET);
        const action = changing ? 'pin.change' : 'pin.set';
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
        const problem =
          pinPolicyProblem(newPin) ??
          (changing && currentPin === newPin
            ? { id: 'PIN baru sama dengan PIN lama.', en: 'The new PIN is the same as the old one.' }
            : null);
        if (problem) {
          deps.audit.append({ action, outcome: 'rejected', purpose: 'settings', detail: 'policy' });
          throw pinError('PIN_TOO_SIMPLE', problem);
        }
        await deps.vault.put(PIN_SECRET, await hashPin(newPin, params));
        deps.audit.append({ action, outcome: 'ok', purpose: 'settings' });
      });
    },
  };
}
