import { type FormEvent, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { ProviderName } from '../../../../preload/contract/providers';
import { PROVIDER_LABELS, PROVIDER_NAMES, ProviderNameSchema } from '../../../../preload/contract/providers';
import type { ProfileView, SettingsView } from '../../../../preload/contract/settings';
import { SaveProfileRequestSchema } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { ErrorNote } from './ErrorNote';
import { Field, SelectField } from './Field';
import { ErrorSummary, useFocusFirstError, withoutError } from './FormErrors';
import { call } from './ipc';
import { useSupervisedCall } from './SupervisorPinGate';
import { errorsFromIpc, type FieldErrors, issuesToErrors } from './validation';

const TEXT_FIELDS = [
  'name',
  'baseUrl',
  'pathPrefix',
  'clientKey',
  'partnerId',
  'channelId',
  'merchantId',
  'subMerchantId',
  'terminalId',
  'utcOffset',
] as const;
const TIMEOUTS = ['tokenMs', 'paymentMs', 'queryMs', 'cancelMs', 'refundMs'] as const;

type TextField = (typeof TEXT_FIELDS)[number];
type TimeoutField = (typeof TIMEOUTS)[number];
type FormState = Record<TextField | TimeoutField | 'clientSecret', string> & { provider: ProviderName };

const HINTS: Partial<Record<TextField, MessageKey>> = {
  baseUrl: 'field.baseUrlHint',
  pathPrefix: 'field.pathPrefixHint',
  channelId: 'field.channelIdHint',
};

function initialState(profile: ProfileView | null): FormState {
  const fields = profile?.fields;
  return {
    name: fields?.name ?? '',
    provider: fields?.provider ?? 'aspi',
    baseUrl: fields?.baseUrl ?? 'https://',
    pathPrefix: fields?.pathPrefix ?? '',
    clientKey: fields?.clientKey ?? '',
    partnerId: fields?.partnerId ?? '',
    channelId: fields?.channelId ?? '',
    merchantId: fields?.merchantId ?? '',
    subMerchantId: fields?.subMerchantId ?? '',
    terminalId: fields?.terminalId ?? '',
    utcOffset: fields?.utcOffset ?? '+07:00',
    tokenMs: String(fields?.timeouts.tokenMs ?? 10_000),
    paymentMs: String(fields?.timeouts.paymentMs ?? 30_000),
    queryMs: String(fields?.timeouts.queryMs ?? 10_000),
    cancelMs: String(fields?.timeouts.cancelMs ?? 15_000),
    refundMs: String(fields?.timeouts.refundMs ?? 30_000),
    clientSecret: '',
  };
}

/** An empty number field is "not a number", not zero. */
const asNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function toRequest(state: FormState, id: string | undefined) {
  const fields = Object.fromEntries(TEXT_FIELDS.map((name) => [name, state[name]]));
  const timeouts = Object.fromEntries(TIMEOUTS.map((name) => [name, asNumber(state[name])]));
  return {
    ...(id ? { id } : {}),
    fields: { ...fields, provider: state.provider, timeouts },
    ...(state.clientSecret === '' ? {} : { clientSecret: state.clientSecret }),
  };
}

/** A SNAP provider profile's fields; the client secret is write-only. */
export function ProfileForm({
  profile,
  onSaved,
  onCancel,
}: {
  profile: ProfileView | null;
  onSaved: (profileId: string, view: SettingsView) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const supervised = useSupervisedCall();
  const [state, setState] = useState<FormState>(() => initialState(profile));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useFocusFirstError(Object.keys(errors).length, attempt);

  const set = (name: keyof FormState) => (event: { target: { value: string } }) => {
    setState((previous) => ({ ...previous, [name]: event.target.value }));
    setErrors((previous) => withoutError(previous, name, `fields.${name}`, `fields.timeouts.${name}`));
    setFailure(null);
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const request = toRequest(state, profile?.id);
    const checked = SaveProfileRequestSchema.safeParse(request);
    setFailure(null);
    if (!checked.success) {
      setErrors(issuesToErrors(checked.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    await supervised(
      (pin) => call('settings:profile:save', { ...checked.data, ...pin }),
      (value) => {
        // The secret has gone to main; the form does not keep it.
        setState((previous) => ({ ...previous, clientSecret: '' }));
        setSaved(true);
        onSaved(value.profileId, value.settings);
      },
      (error) => {
        setErrors(errorsFromIpc(error) ?? {});
        setFailure(error);
      },
    );
    setBusy(false);
  }

  const labelOf = (name: TextField | TimeoutField) => t(`field.${name}` as MessageKey);

  return (
    <form ref={formRef} className="form settings-form" onSubmit={(event) => void submit(event)} noValidate>
      <h4>{profile ? t('provider.editTitle', { name: profile.fields.name }) : t('provider.newTitle')}</h4>
      <div className="settings-grid">
        <SelectField
          name="provider"
          label={t('field.provider')}
          hint={t(`field.providerHint.${state.provider}` as MessageKey)}
          value={state.provider}
          error={errors['fields.provider']}
          onChange={(event) => {
            const chosen = ProviderNameSchema.safeParse(event.target.value);
            if (chosen.success) set('provider')({ target: { value: chosen.data } });
          }}
          options={PROVIDER_NAMES.map((name) => ({ value: name, label: PROVIDER_LABELS[name] }))}
        />
        {TEXT_FIELDS.map((name) => (
          <Field
            key={name}
            name={name}
            label={labelOf(name)}
            hint={HINTS[name] ? t(HINTS[name]) : undefined}
            value={state[name]}
            error={errors[`fields.${name}`]}
            onChange={set(name)}
          />
        ))}
        <Field
          name="clientSecret"
          type="password"
          label={t('field.clientSecret')}
          placeholder={profile?.clientSecretSet ? t('field.clientSecretSet') : ''}
          hint={t('field.clientSecretHint')}
          value={state.clientSecret}
          error={errors.clientSecret}
          onChange={set('clientSecret')}
        />
      </div>
      <fieldset className="settings-timeouts">
        <legend>{t('field.timeouts')}</legend>
        {TIMEOUTS.map((name) => (
          <Field
            key={name}
            name={name}
            type="number"
            inputMode="numeric"
            label={labelOf(name)}
            value={state[name]}
            error={errors[`fields.timeouts.${name}`]}
            onChange={set(name)}
          />
        ))}
      </fieldset>
      <ErrorNote error={failure} />
      <ErrorSummary count={Object.keys(errors).length} />
      {saved && (
        <p className="hint" role="status">
          {t('settings.saved')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('settings.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {t('provider.save')}
        </button>
      </div>
    </form>
  );
}
