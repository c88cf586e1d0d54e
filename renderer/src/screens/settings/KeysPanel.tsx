import { useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type {
  KeyInfo,
  ProfileView,
  PublicKeyResult,
  SettingsView,
} from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';
import { useSupervisedCall } from './SupervisorPinGate';

type KeyAction = 'import' | 'generate' | 'provider';

function KeyLine({ label, info }: { label: string; info: KeyInfo | null }) {
  const { t } = useI18n();
  return (
    <p>
      <strong>{label}:</strong>{' '}
      {info ? (
        <span className="mono">
          {t('keys.fingerprint', { fingerprint: info.fingerprint, bits: info.bits })}
        </span>
      ) : (
        <span className="hint">{t('keys.none')}</span>
      )}
    </p>
  );
}

/** Our signing key and the provider's public key: import, generate, and show what to register. */
export function KeysPanel({
  profile,
  onChange,
}: {
  profile: ProfileView;
  onChange: (view: SettingsView) => void;
}) {
  const { t } = useI18n();
  const supervised = useSupervisedCall();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<KeyAction | null>(null);
  const [publicKey, setPublicKey] = useState<PublicKeyResult | null>(null);
  const [copied, setCopied] = useState(false);

  const hasOwnKey = profile.privateKey !== null;
  const needsConfirm = (action: KeyAction) =>
    action === 'provider' ? profile.providerPublicKey !== null : hasOwnKey;

  async function run(action: KeyAction, replace: boolean) {
    if (needsConfirm(action) && !replace) {
      setConfirming(action);
      return;
    }
    setConfirming(null);
    setError(null);
    setBusy(true);
    try {
      if (action === 'generate') {
        await supervised(
          (pin) => call('settings:key:generate', { profileId: profile.id, replace, ...pin }),
          (value) => {
            setPublicKey({ publicKeyPem: value.publicKeyPem, key: value.key });
            onChange(value.settings);
          },
          setError,
        );
        return;
      }
      const kind = action === 'provider' ? 'provider-public' : 'private';
      let imported = false;
      await supervised(
        (pin) => call('settings:key:import', { profileId: profile.id, kind, replace, ...pin }),
        (value) => {
          if (value.cancelled) return;
          imported = true;
          onChange(value.settings);
        },
        setError,
      );
      if (imported && kind === 'private') await showPublic();
    } finally {
      setBusy(false);
    }
  }

  async function showPublic() {
    const answer = await call('settings:key:public', { profileId: profile.id });
    if (answer.ok) setPublicKey(answer.value);
    else setError(answer.error);
  }

  async function copy() {
    if (!publicKey) return;
    try {
      await navigator.clipboard.writeText(publicKey.publicKeyPem);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section className="settings-card" aria-label={t('keys.title')}>
      <h4>{t('keys.title')}</h4>
      <KeyLine label={t('keys.own')} info={profile.privateKey} />
      <div className="actions start">
        <button type="button" className="button" disabled={busy} onClick={() => void run('import', false)}>
          {t('keys.import')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void run('generate', false)}>
          {t('keys.generate')}
        </button>
        {hasOwnKey && (
          <button type="button" className="button" disabled={busy} onClick={() => void showPublic()}>
            {t('keys.showPublic')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="notice" role="alertdialog" aria-label={t('keys.replaceConfirm')}>
          <p>{t('keys.replaceWarning')}</p>
          <div className="actions start">
            <button type="button" className="button danger" onClick={() => void run(confirming, true)}>
              {t('keys.replaceConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              {t('settings.cancel')}
            </button>
          </div>
        </div>
      )}
      {publicKey && (
        <div className="public-key">
          <p>
            <strong>{t('keys.publicTitle')}</strong>{' '}
            <span className="mono">
              {t('keys.fingerprint', { fingerprint: publicKey.key.fingerprint, bits: publicKey.key.bits })}
            </span>
          </p>
          <p className="hint">{t('keys.publicHint')}</p>
          <textarea
            className="mono pem"
            readOnly
            aria-label={t('keys.publicTitle')}
            value={publicKey.publicKeyPem}
            rows={9}
            onFocus={(event) => event.currentTarget.select()}
          />
          <div className="actions start">
            <button type="button" className="button" onClick={() => void copy()}>
              {t('keys.copy')}
            </button>
            {copied && <span className="hint">{t('keys.copied')}</span>}
          </div>
        </div>
      )}
      <KeyLine label={t('keys.provider')} info={profile.providerPublicKey} />
      <div className="actions start">
        <button type="button" className="button" disabled={busy} onClick={() => void run('provider', false)}>
          {t('keys.importProvider')}
        </button>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
