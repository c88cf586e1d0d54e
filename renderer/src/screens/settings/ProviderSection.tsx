import { useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { ProfileView, SettingsView } from '../../../../preload/contract/settings';
import { SANDBOX_PROFILE_ID } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ConnectionTestPanel } from './ConnectionTestPanel';
import { ErrorNote } from './ErrorNote';
import { call } from './ipc';
import { KeysPanel } from './KeysPanel';
import { ProfileForm } from './ProfileForm';
import { useSupervisedCall } from './SupervisorPinGate';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'profile'; id: string };

/** The sandbox and the SNAP provider profiles: which one is active, and each one's setup. */
export function ProviderSection({
  settings,
  onChange,
}: {
  settings: SettingsView;
  onChange: (view: SettingsView) => void;
}) {
  const { t } = useI18n();
  const supervised = useSupervisedCall();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [error, setError] = useState<IpcError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<ProfileView | null>(null);

  async function activate(profileId: string) {
    setError(null);
    await supervised((pin) => call('settings:profile:activate', { profileId, ...pin }), onChange, setError);
  }

  async function remove(profile: ProfileView) {
    setConfirmDelete(null);
    setError(null);
    await supervised(
      (pin) => call('settings:profile:delete', { profileId: profile.id, ...pin }),
      (view) => {
        onChange(view);
        setEditing({ kind: 'none' });
      },
      setError,
    );
  }

  const missingText = (profile: ProfileView) =>
    profile.missing
      .map((m) => t(m === 'clientSecret' ? 'provider.missing.clientSecret' : 'provider.missing.privateKey'))
      .join(', ');

  const editedProfile =
    editing.kind === 'profile' ? settings.profiles.find((p) => p.id === editing.id) : undefined;

  return (
    <section className="settings-section" aria-labelledby="settings-provider">
      <h3 id="settings-provider">{t('provider.title')}</h3>
      <ul className="profile-list">
        <li className={settings.activeProfileId === SANDBOX_PROFILE_ID ? 'profile active' : 'profile'}>
          <span className="profile-name">{t('provider.sandbox')}</span>
          {settings.activeProfileId === SANDBOX_PROFILE_ID ? (
            <span className="badge">{t('provider.active')}</span>
          ) : (
            <button type="button" className="button" onClick={() => void activate(SANDBOX_PROFILE_ID)}>
              {t('provider.activate')}
            </button>
          )}
        </li>
        {settings.profiles.map((profile) => {
          const active = settings.activeProfileId === profile.id;
          return (
            <li key={profile.id} className={active ? 'profile active' : 'profile'} data-profile={profile.id}>
              <span className="profile-name">
                {profile.fields.name} <span className="code">{profile.fields.baseUrl}</span>
              </span>
              {profile.missing.length > 0 && (
                <span className="hint">{t('provider.incomplete', { missing: missingText(profile) })}</span>
              )}
              {active ? (
                <span className="badge">{t('provider.active')}</span>
              ) : (
                <button
                  type="button"
                  className="button"
                  disabled={profile.missing.length > 0}
                  onClick={() => void activate(profile.id)}
                >
                  {t('provider.activate')}
                </button>
              )}
              <button
                type="button"
                className="button"
                onClick={() => setEditing({ kind: 'profile', id: profile.id })}
              >
                {t('provider.edit')}
              </button>
              {!active && (
                <button type="button" className="button" onClick={() => setConfirmDelete(profile)}>
                  {t('provider.delete')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {confirmDelete && (
        <div className="notice" role="alertdialog" aria-label={t('provider.delete')}>
          <p>{t('provider.confirmDelete', { name: confirmDelete.fields.name })}</p>
          <div className="actions start">
            <button type="button" className="button danger" onClick={() => void remove(confirmDelete)}>
              {t('provider.delete')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(null)}>
              {t('settings.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
      {editing.kind === 'none' && (
        <button type="button" className="button" onClick={() => setEditing({ kind: 'new' })}>
          {t('provider.add')}
        </button>
      )}
      {(editing.kind === 'new' || editedProfile) && (
        <div className="profile-editor">
          <ProfileForm
            key={editedProfile?.id ?? 'new'}
            profile={editedProfile ?? null}
            onSaved={(profileId, view) => {
              onChange(view);
              setEditing({ kind: 'profile', id: profileId });
            }}
            onCancel={() => setEditing({ kind: 'none' })}
          />
          {editedProfile ? (
            <>
              <KeysPanel profile={editedProfile} onChange={onChange} />
              <ConnectionTestPanel profile={editedProfile} />
            </>
          ) : (
            <p className="hint">{t('keys.saveProfileFirst')}</p>
          )}
        </div>
      )}
    </section>
  );
}
