// A business day typed the way every screen writes dates (dd-mm-yyyy), rather than the browser's own
// date picker, whose format follows the machine's locale (12/01/2026 on one till, 01/12/2026 on the next).
import { useId } from 'react';
import { useI18n } from '../i18n';

export function DayField({
  label,
  name,
  value,
  invalid,
  onChange,
}: {
  label: string;
  name: string;
  /** As typed. */
  value: string;
  invalid: boolean;
  onChange: (text: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('day.placeholder')}
        maxLength={10}
        value={value}
        aria-invalid={invalid ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
