import type { IpcError } from '../../../../preload/contract';
import { useI18n } from '../../i18n';

/** Main's own explanation of what went wrong, in the screen's language. */
export function ErrorNote({ error }: { error: IpcError | null }) {
  const { language } = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert" data-code={error.code}>
      {error.message[language]}
    </p>
  );
}
