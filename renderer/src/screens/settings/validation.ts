// Field errors from the shared contract schemas (checked here before sending, and by main again):
// each zod issue carries a message key such as 'v.required' or 'v.tooLong:36', worded here.
import type { IpcError } from '../../../../preload/contract';
import type { MessageKey } from '../../i18n/messages';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Field path ("fields.baseUrl") → message key. */
export type FieldErrors = Record<string, string>;

export function issuesToErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> | string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

export function validationText(t: Translate, message: string | undefined): string {
  if (message === undefined) return '';
  const [key, param] = message.split(':');
  switch (key) {
    case 'v.tooLong':
      return t('v.tooLong', { n: param ?? '' });
    case 'v.range': {
      const [min, max] = (param ?? '').split('-');
      return t('v.range', { min: min ?? '', max: max ?? '' });
    }
    case 'v.required':
    case 'v.baseUrl':
    case 'v.pathPrefix':
    case 'v.headerValue':
    case 'v.utcOffset':
    case 'v.timeoutRange':
    case 'v.number':
    case 'v.integer':
    case 'v.pinFormat':
    case 'pin.mismatch':
      return t(key);
    default:
      return t('v.invalid');
  }
}

/** A bad-payload answer from main carries the same issues the local check would have found. */
export function errorsFromIpc(error: IpcError): FieldErrors | null {
  return error.code === 'IPC_BAD_PAYLOAD' && error.issues ? issuesToErrors(error.issues) : null;
}
