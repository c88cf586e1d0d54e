import { useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { SettingsView, VaultStatus } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';
import { isPinRefusal, useSupervise, withSupervisorPin } from './SupervisorPinGate';

/** Where secrets go on this computer; on Linux without a keyring, a plain warning and an explicit choice. */
export function VaultNotice({
  vault,
  onChange,
}: {
  vault: VaultStatus;
  onChange: (view: SettingsView) => void;
}) {
  const { t } = useI18n();
  const supervise = useSupervise();
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
    await supervise(async (supervisorPin) => {
      const answer = await call('settings:vault:accept-unprotected', {
        accept: true,
        ...withSupervisorPin(supervisorPin),
      });
      if (answer.ok) {
        onChange(answer.value);
        return null;
      }
      if (!isPinRefusal(answer.error)) setError(answer.error);
      return answer.error;
    });
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
