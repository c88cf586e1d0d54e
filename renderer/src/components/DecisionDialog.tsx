// The form of a supervisor's manual decision (on a payment or on a refund): the facts the caller
// shows, one outcome to pick, a reason and the PIN. Main takes the decision only after asking the
// provider once more; when that settled it (MANUAL_NOT_NEEDED), the caller shows what it settled to.
import { type ReactNode, useState } from 'react';
import type { IpcError, IpcResult } from '../../../preload/contract';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { SupervisorDialog } from './SupervisorDialog';

/** The engine's refusal when its own recheck found the provider settled it after all. */
const MANUAL_NOT_NEEDED = 'MANUAL_NOT_NEEDED';

export interface DecisionChoice<V extends string> {
  value: V;
  tone: 'ok' | 'bad';
  label: MessageKey;
  hint: MessageKey;
  /** The confirm button once this outcome is picked. */
  confirm: MessageKey;
  /** The outcome that can cost money if wrong: its confirm button is red. */
  danger?: boolean;
}

export function DecisionDialog<V extends string, T>({
  title,
  name,
  explain,
  chooseFirst,
  choices,
  decide,
  settledMeanwhile,
  onDone,
  onClose,
  children,
}: {
  title: string;
  name: string;
  explain: MessageKey;
  chooseFirst: MessageKey;
  choices: readonly DecisionChoice<V>[];
  decide: (outcome: V, pin: string, reason: string) => Promise<IpcResult<T>>;
  /** After MANUAL_NOT_NEEDED: shows the settled outcome and says true, or false to show the refusal. */
  settledMeanwhile: () => Promise<boolean>;
  onDone: (value: T) => void;
  onClose: () => void;
  /** The facts the supervisor decides on. */
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<V | null>(null);
  const chosen = choices.find((choice) => choice.value === outcome);

  const submit = async (pin: string, reason: string): Promise<IpcError | null> => {
    if (outcome === null) return null;
    const result = await decide(outcome, pin, reason);
    if (!result.ok && result.error.code === MANUAL_NOT_NEEDED && (await settledMeanwhile())) return null;
    if (!result.ok) return result.error;
    onDone(result.value);
    return null;
  };

  return (
    <SupervisorDialog
      title={title}
      confirmLabel={t(chosen?.confirm ?? 'decide.confirm')}
      danger={chosen?.danger === true}
      medium
      blocked={chosen === undefined ? t(chooseFirst) : null}
      onClose={onClose}
      onSubmit={({ pin, reason }) => submit(pin, reason)}
    >
      <p className="dialog-text small-text">{t(explain)}</p>
      {children}
      <fieldset className="choice">
        <legend>{t('decide.outcome')}</legend>
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={outcome === choice.value ? `choice-item chosen tone-${choice.tone}` : 'choice-item'}
          >
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={outcome === choice.value}
              onChange={() => setOutcome(choice.value)}
            />
            <span>
              <strong>{t(choice.label)}</strong> {t(choice.hint)}
            </span>
          </label>
        ))}
      </fieldset>
    </SupervisorDialog>
  );
}
