import { useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { ConnectionTestResult, ProfileView } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';

/** Requests a token with the saved profile and shows main's diagnosis, including the string signed. */
export function ConnectionTestPanel({ profile }: { profile: ProfileView }) {
  const { t, language } = useI18n();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    const answer = await call('settings:profile:test', { profileId: profile.id });
    setBusy(false);
    if (answer.ok) setResult(answer.value);
    else setError(answer.error);
  }

  const rows: Array<[string, string | null]> = result
    ? [
        [t('test.url'), result.url],
        [t('test.http'), result.httpStatus === null ? null : String(result.httpStatus)],
        [
          t('test.response'),
          result.responseCode === null
            ? null
            : `${result.responseCode} ${result.responseMessage ?? ''}`.trim(),
        ],
        [t('test.timestamp'), result.timestamp],
        [t('test.stringToSign'), result.stringToSign],
        [t('test.fingerprint'), result.publicKeyFingerprint],
        [t('test.skew'), result.clockSkewMs === null ? null : `${Math.round(result.clockSkewMs / 1000)} s`],
        [t('test.network'), result.networkCode],
        [t('test.elapsed'), `${result.elapsedMs} ms`],
      ]
    : [];

  return (
    <section className="settings-card" aria-label={t('test.title')}>
      <h4>{t('test.title')}</h4>
      <button type="button" className="button primary" disabled={busy} onClick={() => void run()}>
        {busy ? t('test.running') : t('test.run')}
      </button>
      <ErrorNote error={error} />
      {result && (
        <div
          className={result.ok ? 'test-result tone-ok' : 'test-result tone-bad'}
          data-outcome={result.outcome}
        >
          <p role="status">{result.message[language]}</p>
          <dl>
            {rows
              .filter((row): row is [string, string] => row[1] !== null)
              .map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd className="mono">{value}</dd>
                </div>
              ))}
          </dl>
        </div>
      )}
    </section>
  );
}
