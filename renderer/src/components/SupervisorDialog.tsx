import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import { useAppInfo } from '../app-info';
import { useI18n } from '../i18n';
import { Modal } from './Modal';
import { PinInput } from './PinInput';

export interface SupervisorApproval {
  pin: string;
  reason: string;
}

const MIN_REASON = 3;

/**
 * Asks for a supervisor's PIN and a reason. `onSubmit` goes to main, which checks the PIN; its
 * error (wrong PIN, locked) is shown here and the dialog stays open. Extra fields go in `children`;
 * `blocked` says why the dialog's own fields are not enough yet (e.g. an amount is wrong). While the
 * confirm button is disabled, the reason is written under it.
 */
export function SupervisorDialog({
  title,
  confirmLabel,
  onSubmit,
  onClose,
  children,
  blocked = null,
  danger = false,
  medium = false,
}: {
  title: string;
  confirmLabel: string;
  onSubmit: (approval: SupervisorApproval) => Promise<IpcError | null>;
  onClose: () => void;
  children?: ReactNode;
  blocked?: string | null;
  danger?: boolean;
  medium?: boolean;
}) {
  const { t, language } = useI18n();
  const { demoPin } = useAppInfo();
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const whyId = useId();
  const pinHintId = useId();

  const pinOk = /^\d{4,12}$/.test(pin);
  const reasonOk = reason.trim().length >= MIN_REASON;
  const why =
    blocked ??
    (!reasonOk && !pinOk
      ? t('supervisor.needBoth', { n: MIN_REASON })
      : !reasonOk
        ? t('supervisor.needReason', { n: MIN_REASON })
        : !pinOk
          ? t('supervisor.needPin')
          : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (why !== null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const failure = await onSubmit({ pin, reason: reason.trim() });
      if (failure) {
        setError(failure);
        setPin('');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose} dismissable={pin === '' && reason === ''} medium={medium}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {children}
        <label className="field">
          <span>{t('supervisor.reason')}</span>
          <input
            name="reason"
            value={reason}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => {
              setReason(event.target.value);
              setError(null);
            }}
          />
        </label>
        <label className="field">
          <span>{t('supervisor.pin')}</span>
          <PinInput
            name="pin"
            value={pin}
            placeholder={demoPin ? t('supervisor.demoPinPlaceholder', { pin: demoPin }) : undefined}
            aria-describedby={pinHintId}
            aria-invalid={error?.code.startsWith('PIN_') ? true : undefined}
            onDigits={(digits) => {
              setPin(digits);
              setError(null);
            }}
          />
        </label>
        <p className="hint" id={pinHintId}>
          {demoPin ? t('supervisor.demoPinHint', { pin: demoPin }) : t('supervisor.hint')}
        </p>
        {error && (
          <p className="error" role="alert" data-code={error.code}>
            {error.message[language]}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('action.back')}
          </button>
          <button
            type="submit"
            className={danger ? 'button danger' : 'button primary'}
            disabled={why !== null || busy}
            aria-describedby={why === null ? undefined : whyId}
          >
            {busy ? t('action.working') : confirmLabel}
          </button>
        </div>
        {why !== null && (
          <p className="why-disabled" id={whyId} data-testid="why-disabled">
            {why}
          </p>
        )}
      </form>
    </Modal>
  );
}
