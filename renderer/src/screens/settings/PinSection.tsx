import { type FormEvent, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { PinStatus, SettingsView } from '../../../../preload/contract/settings';
import { PinSchema } from '../../../../preload/contract/settings';
import { useClock } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { ErrorSummary, useFocusFirstError } from './FormErrors';
import { call } from './ipc';

const digitsOnly = (value: string) => value.replace(/\D/g, '').slice(0, 12);

/**
 * Set or change the supervisor PIN; main hashes it, checks the current one and audits both. A PIN
 * lost with the vault is said so in red, and a new one needs a provider's client secret instead of
 * the current PIN.
 */
export function PinSection({ pin, onChange }: { pin: PinStatus; onChange: (view: SettingsView) => void }) {
  const { t } = useI18n();
  const clock = useClock();
  const recovery = pin.recovery;
  const [current, setCurrent] = useState('');
  const [secret, setSecret] = useState('');
  const [recoveryProfile, setRecoveryProfile] = useState(recovery?.profiles[0]?.id ?? '');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{
    newPin?: string | undefined;
    repeat?: string | undefined;
    secret?: string | undefined;
  }>({});
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useFocusFirstError(Object.values(errors).filter(Boolean).length, attempt);
  const edited = (field: 'newPin' | 'repeat' | null) => {
    setFailure(null);
    setDone(false);
    // The two new PINs are compared as a pair: editing the new one clears its error and the mismatch.
    if (field === 'newPin') setErrors({});
    else if (field === 'repeat') setErrors((previous) => ({ ...previous, repeat: undefined }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setDone(false);
    setFailure(null);
    const format = PinSchema.safeParse(next);
    const problems = {
      ...(format.success ? {} : { newPin: format.error.issues[0]?.message ?? 'v.pinFormat' }),
      ...(format.success && next !== repeat ? { repeat: 'mismatch' } : {}),
      ...(recovery && recovery.profiles.length > 0 && secret === '' ? { secret: 'v.required' } : {}),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const profileId = recoveryProfile || recovery?.profiles[0]?.id;
    const answer = await call('settings:pin:set', {
      newPin: next,
      // Left out when empty: main then asks for it (or takes the recovery instead).
      ...(pin.set && current !== '' ? { currentPin: current } : {}),
      ...(recovery && profileId ? { recovery: { profileId, clientSecret: secret } } : {}),
    });
    setBusy(false);
    setCurrent('');
    setSecret('');
    if (answer.ok) {
      setNext('');
      setRepeat('');
      setDone(true);
      onChange(answer.value);
    } else setFailure(answer.error);
  }

  const lockedUntil = pin.lockedUntil === null ? null : clock.time(pin.lockedUntil);

  return (
    <section className="settings-section" aria-labelledby="settings-pin">
      <h3 id="settings-pin">{t('pin.title')}</h3>
      {recovery ? (
        <div className="error" role="alert" data-code="PIN_LOST">
          <p>
            <strong>{t(recovery.reason === 'missing' ? 'pin.lostMissing' : 'pin.lostUnreadable')}</strong>
          </p>
          <p>
            {recovery.profiles.length > 0
              ? t('pin.lostAction', { names: recovery.profiles.map((p) => `"${p.name}"`).join(', ') })
              : t('pin.lostUnverified')}
          </p>
        </div>
      ) : (
        <p className={pin.set ? 'hint' : 'notice'}>{pin.set ? t('pin.statusSet') : t('pin.statusNotSet')}</p>
      )}
      {lockedUntil && (
        <p className="error" role="alert">
          {t('pin.locked', { time: lockedUntil })}
        </p>
      )}
      <form ref={formRef} className="form settings-grid" onSubmit={(event) => void submit(event)} noValidate>
        {pin.set && (
          <Field
            name="currentPin"
            type="password"
            inputMode="numeric"
            label={t('pin.current')}
            value={current}
            onChange={(event) => {
              setCurrent(digitsOnly(event.target.value));
              edited(null);
            }}
          />
        )}
        {recovery && recovery.profiles.length > 1 && (
          <label className="field">
            <span>{t('pin.recoveryProfile')}</span>
            <select
              name="recoveryProfile"
              value={recoveryProfile}
              onChange={(event) => setRecoveryProfile(event.target.value)}
            >
              {recovery.profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {recovery && recovery.profiles.length > 0 && (
          <Field
            name="recoverySecret"
            type="password"
            label={t('pin.recoverySecret')}
            hint={t('pin.recoverySecretHint')}
            value={secret}
            error={errors.secret}
            onChange={(event) => setSecret(event.target.value)}
          />
        )}
        <Field
          name="newPin"
          type="password"
          inputMode="numeric"
          label={t('pin.new')}
          value={next}
          error={errors.newPin}
          onChange={(event) => {
            setNext(digitsOnly(event.target.value));
            edited('newPin');
          }}
        />
        <Field
          name="repeatPin"
          type="password"
          inputMode="numeric"
          label={t('pin.repeat')}
          value={repeat}
          error={errors.repeat ? 'pin.mismatch' : undefined}
          onChange={(event) => {
            setRepeat(digitsOnly(event.target.value));
            edited('repeat');
          }}
        />
        <ErrorNote error={failure} />
        <ErrorSummary count={Object.values(errors).filter(Boolean).length} />
        {done && (
          <p className="hint" role="status">
            {t('pin.done')}
          </p>
        )}
        <div className="actions start">
          <button type="submit" className="button primary" disabled={busy}>
            {pin.set ? t('pin.change') : recovery ? t('pin.recover') : t('pin.set')}
          </button>
        </div>
      </form>
    </section>
  );
}
