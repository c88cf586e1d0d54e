import type { InputHTMLAttributes } from 'react';

/**
 * The supervisor PIN field, the same wherever a PIN is asked for: masked, a numeric keypad on touch
 * screens, digits only, at most 12, and never remembered by the browser.
 */
export function PinInput({
  value,
  onDigits,
  ...rest
}: { value: string; onDigits: (digits: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'type'
>) {
  return (
    <input
      type="password"
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      value={value}
      onChange={(event) => onDigits(event.target.value.replace(/\D/g, ''))}
      {...rest}
    />
  );
}
