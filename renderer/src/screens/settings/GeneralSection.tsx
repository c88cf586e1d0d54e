import { type FormEvent, useState } from 'react';
import type { IpcError } from '../../../../preload/contract';
import type { Language } from '../../../../preload/contract/app';
import type { ProviderName } from '../../../../preload/contract/providers';
import { PROVIDER_LABELS, PROVIDER_NAMES, ProviderNameSchema } from '../../../../preload/contract/providers';
import type { GeneralSettings, SettingsView } from '../../../../preload/contract/settings';
import { GeneralSettingsSchema } from '../../../../preload/contract/settings';
import { useI18n } from '../../i18n';
import { ErrorNote } from './ErrorNote';
import { CheckField, Field, SelectField } from './Field';
import { ErrorSummary, useFocusFirstError, withoutError } from './FormErrors';
import { call } from './ipc';
import { errorsFromIpc, type FieldErrors, issuesToErrors } from './validation';

type Form = {
  sandboxVariant: ProviderName;
  mode: string;
  wedgeMaxKeyIntervalMs: string;
  wedgeTerminator: string;
  serialPath: string;
  serialBaudRate: string;
  webcamDeviceId: string;
  printerEnabled: boolean;
  deviceName: string;
  paperWidthMm: string;
  customerCopy: boolean;
};

function toForm(settings: SettingsView): Form {
  return {
    sandboxVariant: settings.sandboxVariant,
    mode: settings.scanner.mode,
    wedgeMaxKeyIntervalMs: String(settings.scanner.wedgeMaxKeyIntervalMs),
    wedgeTerminator: settings.scanner.wedgeTerminator,
    serialPath: settings.scanner.serialPath,
    serialBaudRate: String(settings.scanner.serialBaudRate),
    webcamDeviceId: settings.scanner.webcamDeviceId,
    printerEnabled: settings.printer.enabled,
    deviceName: settings.printer.deviceName,
    paperWidthMm: String(settings.printer.paperWidthMm),
    customerCopy: settings.printer.customerCopy,
  };
}

function toRequest(form: Form, language: Language) {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    language,
    sandboxVariant: form.sandboxVariant,
    scanner: {
      mode: form.mode,
      wedgeMaxKeyIntervalMs: number(form.wedgeMaxKeyIntervalMs),
      wedgeTerminator: form.wedgeTerminator,
      serialPath: form.serialPath,
      serialBaudRate: number(form.serialBaudRate),
      webcamDeviceId: form.webcamDeviceId,
    },
    printer: {
      enabled: form.printerEnabled,
      deviceName: form.deviceName,
      paperWidthMm: number(form.paperWidthMm),
      customerCopy: form.customerCopy,
    },
  };
}

const BAUD_RATES = ['9600', '19200', '38400', '57600', '115200'];

/** Where each form field's errors are reported (the schema's paths). */
const ERROR_PATHS: Partial<Record<keyof Form, string>> = {
  wedgeMaxKeyIntervalMs: 'scanner.wedgeMaxKeyIntervalMs',
  serialPath: 'scanner.serialPath',
  webcamDeviceId: 'scanner.webcamDeviceId',
  deviceName: 'printer.deviceName',
  printerEnabled: 'printer.deviceName',
  mode: 'scanner.serialPath',
};

/**
 * Language, scanner and printer. The language is the app's one language setting: changing it here
 * saves it at once, exactly as the header's button does, and the field always shows the saved value.
 */
export function GeneralSection({
  settings,
  onChange,
  onLanguage,
}: {
  settings: SettingsView;
  onChange: (view: SettingsView) => void;
  onLanguage: (language: Language) => Promise<boolean>;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useFocusFirstError(Object.keys(errors).length, attempt);

  const set = <K extends keyof Form>(name: K, value: Form[K]) => {
    setForm((previous) => ({ ...previous, [name]: value }));
    const path = ERROR_PATHS[name];
    if (path) setErrors((previous) => withoutError(previous, path));
    setFailure(null);
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setAttempt((n) => n + 1);
    const checked = GeneralSettingsSchema.safeParse(toRequest(form, settings.language));
    if (!checked.success) {
      setErrors(issuesToErrors(checked.error.issues));
      return;
    }
    setErrors({});
    const request: GeneralSettings = checked.data;
    const answer = await call('settings:general:save', request);
    if (answer.ok) {
      setSaved(true);
      onChange(answer.value);
    } else {
      setErrors(errorsFromIpc(answer.error) ?? {});
      setFailure(answer.error);
    }
  }

  return (
    <section className="settings-section" aria-labelledby="settings-general">
      <h3 id="settings-general">{t('general.title')}</h3>
      <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="settings-grid">
          <SelectField
            name="language"
            label={t('general.language')}
            hint={t('general.languageHint')}
            value={language}
            onChange={(event) => void onLanguage(event.target.value === 'en' ? 'en' : 'id')}
            options={[
              { value: 'id', label: 'Bahasa Indonesia' },
              { value: 'en', label: 'English' },
            ]}
          />
          <SelectField
            label={t('general.sandboxVariant')}
            hint={t('general.sandboxVariantHint')}
            value={form.sandboxVariant}
            onChange={(event) => {
              const chosen = ProviderNameSchema.safeParse(event.target.value);
              if (chosen.success) set('sandboxVariant', chosen.data);
            }}
            options={PROVIDER_NAMES.map((name) => ({ value: name, label: PROVIDER_LABELS[name] }))}
          />
        </div>
        <fieldset>
          <legend>{t('general.scanner')}</legend>
          <div className="settings-grid">
            <SelectField
              label={t('general.scannerMode')}
              value={form.mode}
              onChange={(event) => set('mode', event.target.value)}
              options={[
                { value: 'wedge', label: t('general.mode.wedge') },
                { value: 'serial', label: t('general.mode.serial') },
                { value: 'webcam', label: t('general.mode.webcam') },
              ]}
            />
            {form.mode === 'wedge' && (
              <>
                <Field
                  name="wedgeMaxKeyIntervalMs"
                  type="number"
                  label={t('general.wedgeInterval')}
                  value={form.wedgeMaxKeyIntervalMs}
                  error={errors['scanner.wedgeMaxKeyIntervalMs']}
                  onChange={(event) => set('wedgeMaxKeyIntervalMs', event.target.value)}
                />
                <SelectField
                  label={t('general.wedgeTerminator')}
                  value={form.wedgeTerminator}
                  onChange={(event) => set('wedgeTerminator', event.target.value)}
                  options={[
                    { value: 'Enter', label: 'Enter' },
                    { value: 'Tab', label: 'Tab' },
                  ]}
                />
              </>
            )}
            {form.mode === 'serial' && (
              <>
                <Field
                  name="serialPath"
                  label={t('general.serialPath')}
                  value={form.serialPath}
                  error={errors['scanner.serialPath']}
                  onChange={(event) => set('serialPath', event.target.value)}
                />
                <SelectField
                  label={t('general.baudRate')}
                  value={form.serialBaudRate}
                  onChange={(event) => set('serialBaudRate', event.target.value)}
                  options={BAUD_RATES.map((rate) => ({ value: rate, label: rate }))}
                />
              </>
            )}
            {form.mode === 'webcam' && (
              <Field
                name="webcamDeviceId"
                label={t('general.webcamDevice')}
                value={form.webcamDeviceId}
                error={errors['scanner.webcamDeviceId']}
                onChange={(event) => set('webcamDeviceId', event.target.value)}
              />
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('general.printer')}</legend>
          <CheckField
            label={t('general.printerEnabled')}
            checked={form.printerEnabled}
            onChange={(event) => set('printerEnabled', event.target.checked)}
          />
          <div className="settings-grid">
            <Field
              name="deviceName"
              label={t('general.printerName')}
              value={form.deviceName}
              error={errors['printer.deviceName']}
              onChange={(event) => set('deviceName', event.target.value)}
            />
            <SelectField
              label={t('general.paperWidth')}
              value={form.paperWidthMm}
              onChange={(event) => set('paperWidthMm', event.target.value)}
              options={[
                { value: '58', label: '58 mm' },
                { value: '80', label: '80 mm' },
              ]}
            />
          </div>
          <CheckField
            label={t('general.customerCopy')}
            checked={form.customerCopy}
            onChange={(event) => set('customerCopy', event.target.checked)}
          />
        </fieldset>
        <ErrorNote error={failure} />
        <ErrorSummary count={Object.keys(errors).length} />
        {saved && (
          <p className="hint" role="status">
            {t('settings.saved')}
          </p>
        )}
        <div className="actions start">
          <button type="submit" className="button primary">
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
