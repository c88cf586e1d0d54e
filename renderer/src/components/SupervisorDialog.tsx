import { type FormEvent, type ReactNode, useState } from 'react';
import type { IpcError } from '../../../preload/contract';
import { useI18n } from '../i18n';
import { Modal } from './Modal';

export interface SupervisorApproval {
  pin: string;
  reason: string;
}

/**
 * Asks for a supervisor's PIN and a reason. `onSubmit` goes to main, which checks the PIN; its
 * error (wrong PIN, locked) is shown here and the dialog stays open. Extra fields go in `children`.
 */
export function SupervisorDialog({
  title,
  confirmLabel,
  onSubmit,
  onClose,
  children,
  canSubmit = true,
  danger = false,
}: {
  title: string;
  confirmLabel: string;
  onSubmit: (approval: SupervisorApproval) => Promise<IpcError | null>;
  onClose: () => void;
  children?: ReactNode;
  canSubmit?: boolean;
  danger?: boolean;
}) {
  const { t, language } = useI18n();
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  const pinOk = /^\d{4,12}$/.test(pin);
  const reasonOk = reason.trim().length >= 3;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!pinOk || !reasonOk || !canSubmit || busy) return;
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
    <Modal title={title} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        {children}
        <label className="field">
          <span>{t('supervisor.reason')}</span>
          <input
            name="reason"
            value={reason}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('supervisor.pin')}</span>
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={pin}
            onChange={(event) => setPin(event.target.value.replace(/\D/g, ''))}
          />
        </label>
        <p className="hint">{t('supervisor.hint')}</p>
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
            disabled={!pinOk || !reasonOk || !canSubmit || busy}
          >
            {busy ? t('action.working') : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
