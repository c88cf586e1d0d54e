import { type FormEvent, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { PinStatus, SettingsView } from '../../../../preload/contract/settings';
import { PinSchema } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { Field } from './Field';
import { call } from './ipc';

const digitsOnly = (value: string) => value.replace(/\D/g, '').slice(0, 12);

/** Set or change the supervisor PIN; main hashes it, checks the current one and audits both. */
export function PinSection({ pin, onChange }: { pin: PinStatus; onChange: (view: SettingsView) => void }) {
  const { t, language } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ newPin?: string; repeat?: string }>({});
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    setFailure(null);
    const format = PinSchema.safeParse(next);
    const problems = {
      ...(format.success ? {} : { newPin: format.error.issues[0]?.message ?? 'v.pinFormat' }),
      ...(format.success && next !== repeat ? { repeat: 'mismatch' } : {}),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const answer = await call('settings:pin:set', {
      newPin: next,
      ...(pin.set ? { currentPin: current } : {}),
    });
    setBusy(false);
    setCurrent('');
    if (answer.ok) {
      setNext('');
      setRepeat('');
      setDone(true);
      onChange(answer.value);
    } else setFailure(answer.error);
  }

  const lockedUntil =
    pin.lockedUntil === null
      ? null
      : new Date(pin.lockedUntil).toLocaleTimeString(language === 'id' ? 'id-ID' : 'en-GB', {
          hour: '2-digit',
          minute: '2-digit',
        });

  return (
    <section className="settings-section" aria-labelledby="settings-pin">
      <h3 id="settings-pin">{t('pin.title')}</h3>
      <p className={pin.set ? 'hint' : 'notice'}>{pin.set ? t('pin.statusSet') : t('pin.statusNotSet')}</p>
      {lockedUntil && (
        <p className="error" role="alert">
          {t('pin.locked', { time: lockedUntil })}
        </p>
      )}
      <form className="form settings-grid" onSubmit={(event) => void submit(event)} noValidate>
        {pin.set && (
          <Field
            name="currentPin"
            type="password"
            inputMode="numeric"
            label={t('pin.current')}
            value={current}
            onChange={(event) => setCurrent(digitsOnly(event.target.value))}
          />
        )}
        <Field
          name="newPin"
          type="password"
          inputMode="numeric"
          label={t('pin.new')}
          value={next}
          error={errors.newPin}
          onChange={(event) => setNext(digitsOnly(event.target.value))}
        />
        <Field
          name="repeatPin"
          type="password"
          inputMode="numeric"
          label={t('pin.repeat')}
          value={repeat}
          onChange={(event) => setRepeat(digitsOnly(event.target.value))}
        />
        {errors.repeat && (
          <p className="field-error" role="alert">
            {t('pin.mismatch')}
          </p>
        )}
        <ErrorNote error={failure} />
        {done && (
          <p className="hint" role="status">
            {t('pin.done')}
          </p>
        )}
        <div className="actions start">
          <button type="submit" className="button primary" disabled={busy}>
            {pin.set ? t('pin.change') : t('pin.set')}
          </button>
        </div>
      </form>
    </section>
  );
}
