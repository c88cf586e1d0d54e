// What an invalid save does on a long form: a summary beside the button says how many fields need
// fixing, and focus moves to the first of them, so nothing is left to hunt for.
import { type RefObject, useEffect, useRef } from 'react';
import { useI18n } from '../../i18n';

/** Moves focus to the first invalid field each time a save finds errors (`attempt` counts the saves). */
export function useFocusFirstError(count: number, attempt: number): RefObject<HTMLFormElement | null> {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (attempt === 0 || count === 0) return;
    const first = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    first?.scrollIntoView?.({ block: 'center' });
  }, [attempt, count]);
  return form;
}

export function ErrorSummary({ count }: { count: number }) {
  const { t } = useI18n();
  if (count === 0) return null;
  return (
    <p className="error" role="alert" data-testid="error-summary">
      {t('form.errorSummary', { count })}
    </p>
  );
}

/** The field errors without the one just edited: an old error never stays while the field is retyped. */
export function withoutError<E extends Record<string, string>>(errors: E, ...paths: string[]): E {
  if (!paths.some((path) => path in errors)) return errors;
  const next = { ...errors };
  for (const path of paths) delete next[path];
  return next;
}
