import type { ReactNode } from 'react';

/**
 * A short message that is not a payment's state. Its colour keeps the screens' meanings: green done,
 * red went wrong, amber not known yet, grey just so you know.
 */
export type NoticeTone = 'ok' | 'bad' | 'wait' | 'info';

export function Notice({
  tone,
  children,
  testId,
}: {
  tone: NoticeTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <p className={`notice tone-${tone}`} role={tone === 'bad' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </p>
  );
}
