import { useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { SettingsView, VaultStatus } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';
import { useSupervisedCall } from './SupervisorPinGate';

/** Where secrets go on this computer; on Linux without a keyring, a plain warning and an explicit choice. */
export function VaultNotice({
  vault,
  onChange,
}: {
  vault: VaultStatus;
  onChange: (view: SettingsView) => void;
}) {
  const { t } = useI18n();
  const supervised = useSupervisedCall();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  if (!vault.available) {
    return (
      <p className="error" role="alert">
        {t('vault.unavailable')}
      </p>
    );
  }
  if (vault.protected) return <p className="hint">{t('vault.protectedNote', { backend: vault.backend })}</p>;
  if (vault.unprotectedAccepted) {
    return <p className="notice">{t('vault.acceptedNote', { backend: vault.backend })}</p>;
  }

  async function accept() {
    setBusy(true);
    await supervised(
      (pin) => call('settings:vault:accept-unprotected', { accept: true, ...pin }),
      onChange,
      setError,
    );
    setBusy(false);
  }

  return (
    <div className="notice" role="alert">
      <strong>{t('vault.unprotectedTitle')}</strong>
      <p>{t('vault.unprotectedBody', { backend: vault.backend })}</p>
      <button type="button" className="button danger" disabled={busy} onClick={() => void accept()}>
        {t('vault.accept')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
