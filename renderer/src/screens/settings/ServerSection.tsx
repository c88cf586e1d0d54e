import { type FormEvent, useEffect, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { ServerLinkStatus } from '../../../../preload/contract/server-link';
import { EnrolInputSchema } from '../../../../preload/contract/server-link';
import { useKasirEvent } from '../../hooks/useKasirEvent';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { call } from './ipc';

/** Enrol this terminal with the merchant server using the one-time code its back office shows. */
export function ServerSection() {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<ServerLinkStatus | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ serverUrl?: string; code?: string }>({});
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    void call('server:status').then((answer) => {
      if (answer.ok) setStatus(answer.value);
    });
  }, []);
  useKasirEvent('server:status', setStatus);

  async function enrol(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    setFailure(null);
    const parsed = EnrolInputSchema.safeParse({ serverUrl: serverUrl.trim(), code });
    if (!parsed.success) {
      const problems: { serverUrl?: string; code?: string } = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'code' ? 'code' : 'serverUrl';
        problems[field] ??= (field === 'code' ? code : serverUrl).trim() === '' ? 'v.required' : 'v.invalid';
      }
      setErrors(problems);
      return;
    }
    setErrors({});
    setBusy(true);
    const answer = await call('server:enrol', parsed.data);
    setBusy(false);
    if (answer.ok) {
      setStatus(answer.value);
      setCode('');
      setDone(true);
    } else setFailure(answer.error);
  }

  async function forget() {
    setFailure(null);
    const answer = await call('server:forget');
    if (answer.ok) setStatus(answer.value);
    else setFailure(answer.error);
  }

  const enrolled = status !== null && status.state !== 'not-enrolled' && status.server !== null;
  return (
    <section className="settings-section" aria-labelledby="settings-server">
      <h3 id="settings-server">{t('server.title')}</h3>
      <p className="hint">{t('server.intro')}</p>
      {enrolled ? (
        <>
          <p data-testid="server-enrolled">
            {t('server.enrolled', {
              server: status.server ?? '',
              shop: status.shop ?? '',
              label: status.label ?? '',
            })}
          </p>
          {status.pending > 0 && <p className="hint">{t('server.pending', { n: status.pending })}</p>}
          {status.error && (
            <p className="error" role="alert" data-code={status.error.code}>
              {status.error.message[language]}
            </p>
          )}
          <button type="button" onClick={() => void forget()}>
            {t('server.forget')}
          </button>
        </>
      ) : (
        <p className={status?.state === 'error' ? 'error' : 'notice'}>
          {status?.error ? status.error.message[language] : t('server.notEnrolled')}
        </p>
      )}
      <form className="form settings-grid" onSubmit={(event) => void enrol(event)} noValidate>
        <Field
          name="serverUrl"
          type="url"
          label={t('server.url')}
          hint={t('server.urlHint')}
          value={serverUrl}
          error={errors.serverUrl}
          onChange={(event) => setServerUrl(event.target.value)}
        />
        <Field
          name="enrolmentCode"
          label={t('server.code')}
          hint={t('server.codeHint')}
          value={code}
          autoComplete="off"
          error={errors.code}
          onChange={(event) => setCode(event.target.value.toUpperCase())}
        />
        <button type="submit" disabled={busy}>
          {t('server.enrol')}
        </button>
      </form>
      {done && <output className="hint">{t('server.done')}</output>}
      <ErrorNote error={failure} />
    </section>
  );
}
