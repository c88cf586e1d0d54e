import { createContext, type FormEvent, type ReactNode, useCallback, useContext, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import { Modal } from '../../components/Modal';
import { PinInput } from '../../components/PinInput';
import { useI18n } from '../../i18n';

/**
 * A settings change to send: given the supervisor's PIN (undefined while no PIN is set), it calls
 * main and answers with main's error, or null when the change went through.
 */
export type SupervisedChange = (supervisorPin: string | undefined) => Promise<IpcError | null>;

type Supervise = (change: SupervisedChange) => Promise<void>;

const SuperviseContext = createContext<Supervise>(async (change) => {
  await change(undefined);
});

/** The request field for the PIN: absent until a PIN exists. */
export function withSupervisorPin(supervisorPin: string | undefined): { supervisorPin?: string } {
  return supervisorPin === undefined ? {} : { supervisorPin };
}

/** Errors the PIN dialog answers itself (stay open, try again); any other goes to the section. */
const PIN_ERRORS = new Set(['PIN_WRONG', 'PIN_LOCKED', 'PIN_REQUIRED']);

export function isPinRefusal(error: IpcError): boolean {
  return PIN_ERRORS.has(error.code);
}

/**
 * Once a supervisor PIN is set, every change to where payments go asks for it here first. Main
 * checks it (and counts wrong ones); the PIN is kept only until the change has been answered.
 */
export function SupervisorPinGate({ pinSet, children }: { pinSet: boolean; children: ReactNode }) {
  const [pending, setPending] = useState<{ change: SupervisedChange; done: () => void } | null>(null);

  const supervise = useCallback<Supervise>(
    async (change) => {
      if (!pinSet) {
        await change(undefined);
        return;
      }
      await new Promise<void>((done) => setPending({ change, done }));
    },
    [pinSet],
  );

  const close = () => {
    pending?.done();
    setPending(null);
  };

  return (
    <SuperviseContext.Provider value={supervise}>
      {children}
      {pending && <PinDialog change={pending.change} onClose={close} />}
    </SuperviseContext.Provider>
  );
}

/** Runs a settings change past the supervisor PIN (when one is set). */
export function useSupervise(): Supervise {
  return useContext(SuperviseContext);
}

type Answered<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/**
 * One settings call past the PIN: `send` gets the PIN field for its request; `done` takes the value,
 * `failed` any refusal the PIN dialog does not answer itself.
 */
export function useSupervisedCall(): <T>(
  send: (pin: { supervisorPin?: string }) => Promise<Answered<T>>,
  done: (value: T) => void,
  failed: (error: IpcError) => void,
) => Promise<void> {
  const supervise = useSupervise();
  return (send, done, failed) =>
    supervise(async (supervisorPin) => {
      const answer = await send(withSupervisorPin(supervisorPin));
      if (answer.ok) {
        done(answer.value);
        return null;
      }
      if (!isPinRefusal(answer.error)) failed(answer.error);
      return answer.error;
    });
}

function PinDialog({ change, onClose }: { change: SupervisedChange; onClose: () => void }) {
  const { t, language } = useI18n();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = /^\d{6,12}$/.test(pin);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    const failure = await change(pin);
    setBusy(false);
    setPin('');
    if (failure && isPinRefusal(failure)) setError(failure);
    else onClose();
  }

  return (
    <Modal title={t('gate.title')} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>{t('gate.body')}</p>
        <label className="field">
          <span>{t('gate.pin')}</span>
          <PinInput name="supervisorPin" value={pin} onDigits={setPin} />
        </label>
        {error && (
          <p className="error" role="alert" data-code={error.code}>
            {error.message[language]}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('settings.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={!valid || busy}>
            {t('gate.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
