// Who may change where payments go. Until a supervisor PIN is set, setting up is open (a new till
// has nobody to ask). From then on every change to a provider profile, its keys, which profile is
// active or how secrets are stored needs the PIN, checked (and counted against the lockout) like a
// refund's. What comes back names who acted, for the audit log.

import { KasirError } from '../errors';
import type { PinUse, SupervisorPin } from '../vault/supervisor-pin';
import { pinCheckError } from '../vault/supervisor-pin';

export const ACTOR_SUPERVISOR = 'supervisor';
export const ACTOR_BEFORE_PIN = 'no PIN set yet';

export type SupervisorGate = (supervisorPin: string | undefined, use: PinUse) => Promise<string>;

export function createSupervisorGate(pin: SupervisorPin): SupervisorGate {
  return async (supervisorPin, use) => {
    const status = await pin.status();
    if (!status.set && status.lost === null) return ACTOR_BEFORE_PIN;
    if (status.set && (supervisorPin === undefined || supervisorPin === '')) {
      throw new KasirError({
        code: 'PIN_REQUIRED',
        message: {
          id: 'Perubahan ini memerlukan PIN supervisor.',
          en: 'This change needs the supervisor PIN.',
        },
      });
    }
    // A lost PIN refuses every change until a new one is set (verify answers PIN_LOST).
    const check = await pin.verify(supervisorPin ?? '', use);
    if (!check.ok) throw pinCheckError(check);
    return ACTOR_SUPERVISOR;
  };
}
