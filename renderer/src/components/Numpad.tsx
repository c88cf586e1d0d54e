// The on-screen keypad for touch counters: digits, 000, backspace and clear, and exact-amount buttons
// (cash notes) that set the amount in one touch. The same keys as the keyboard, the same reducer.
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';

/** Whole Rupiah of the exact-amount buttons: the common notes. */
export const QUICK_AMOUNTS = ['10000', '20000', '50000', '100000'] as const;

const DIGITS = ['7', '8', '9', '4', '5', '6', '1', '2', '3'] as const;

export function Numpad({
  enabled,
  onKey,
  onAmount,
  amounts = QUICK_AMOUNTS,
}: {
  enabled: boolean;
  /** A digit, "000", "Backspace" or "Clear". */
  onKey: (key: string) => void;
  /** Sets the whole amount (whole Rupiah digits). */
  onAmount?: (digits: string) => void;
  amounts?: readonly string[];
}) {
  const { t, language } = useI18n();
  // tabIndex -1: a mouse or finger tap must not take the keyboard's focus (and with it, the scanner's).
  const key = (value: string, label: string, className = 'numpad-key', aria?: string) => (
    <button
      key={value}
      type="button"
      className={className}
      disabled={!enabled}
      tabIndex={-1}
      aria-label={aria}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onKey(value)}
    >
      {label}
    </button>
  );
  return (
    <fieldset className="numpad" aria-label={t('numpad.title')}>
      <div className="numpad-grid">
        {DIGITS.map((digit) => key(digit, digit))}
        {key('000', '000')}
        {key('0', '0')}
        {key('Backspace', '⌫', 'numpad-key secondary', t('shortcut.backspace'))}
      </div>
      <div className="numpad-side">
        {key('Clear', t('numpad.clear'), 'numpad-key secondary wide')}
        {onAmount &&
          amounts.map((digits) => (
            <button
              key={digits}
              type="button"
              className="numpad-key quick"
              disabled={!enabled}
              tabIndex={-1}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onAmount(digits)}
            >
              {formatRupiah(`${digits}00`, language)}
            </button>
          ))}
      </div>
    </fieldset>
  );
}
