import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PPOB_PRICING, PpobPricingSchema } from '../../../../preload/contract/ppob';
import type { ConnectionTestResult, ProfileView, SettingsView } from '../../../../preload/contract/settings';
import { I18nProvider } from '../../../../renderer/src/i18n';
import { SettingsScreen } from '../../../../renderer/src/screens/settings/SettingsScreen';
import { type FakeKasir, fail, installFakeKasir, ok, productView } from '../fake-kasir';

const PUBLIC_PEM =
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlWbtlh3eM+bW3n5AFj42\n-----END PUBLIC KEY-----\n';

function profile(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    id: 'p-dana',
    fields: {
      name: 'DANA',
      provider: 'aspi',
      baseUrl: 'https://api.provider.example',
      pathPrefix: '/snap',
      clientKey: '82150823919040624621823174737537',
      partnerId: '82150823919040624621823174737537',
      channelId: '95221',
      merchantId: '00007100010926',
      subMerchantId: '310928924949487',
      terminalId: '6476378',
      utcOffset: '+07:00',
      timeouts: { tokenMs: 10000, paymentMs: 30000, queryMs: 10000, cancelMs: 15000, refundMs: 30000 },
    },
    clientSecretSet: true,
    privateKey: { algorithm: 'RSA', bits: 2048, fingerprint: '9c12a84a902354de' },
    providerPublicKey: null,
    missing: [],
    ...overrides,
  };
}

function view(overrides: Partial<SettingsView> = {}): SettingsView {
  return {
    language: 'id',
    sandboxVariant: 'aspi',
    activeProfileId: 'sandbox',
    profiles: [profile()],
    scanner: {
      mode: 'wedge',
      wedgeMaxKeyIntervalMs: 35,
      wedgeTerminator: 'Enter',
      serialPath: '',
      serialBaudRate: 9600,
      webcamDeviceId: '',
    },
    printer: { enabled: false, deviceName: '', paperWidthMm: 58, customerCopy: false },
    vault: {
      available: true,
      backend: 'gnome_libsecret',
      protected: true,
      unprotectedAccepted: false,
      canStore: true,
    },
    pin: { set: false, lockedUntil: null, failedAttempts: 0, recovery: null },
    problems: [],
    ppob: DEFAULT_PPOB_PRICING,
    ...overrides,
  };
}

let kasir: FakeKasir;
let languagesSaved: string[] = [];

async function renderSettings(language: 'id' | 'en' = 'id') {
  languagesSaved = [];
  await act(async () => {
    render(
      <I18nProvider initial={language}>
        <SettingsScreen
          onLanguage={async (next) => {
            languagesSaved.push(next);
            return true;
          }}
        />
      </I18nProvider>,
    );
  });
}

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
}

async function typeInto(label: string | RegExp, value: string) {
  await act(async () => {
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  });
}

describe('the settings screen', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('settings:get', ok(view()));
    kasir.answer('settings:audit:list', ok({ entries: [] }));
  });
  afterEach(cleanup);

  it('shows a broken settings file, where it was kept, and which fields were wrong', async () => {
    kasir.answer(
      'settings:get',
      ok(
        view({
          problems: [
            {
              file: 'settings',
              code: 'SETTINGS_FILE_INVALID',
              message: {
                id: 'File pengaturan berisi nilai yang tidak valid.',
                en: 'The settings file contains values that are not valid.',
              },
              keptAs: '/data/settings.json.broken-2026-11-22T03-00-00-000Z',
              issues: ['profiles.0.fields.baseUrl: v.baseUrl'],
            },
          ],
        }),
      ),
    );
    await renderSettings();
    const alert = screen.getAllByRole('alert')[0];
    expect(alert?.textContent).toContain('File pengaturan berisi nilai yang tidak valid.');
    expect(alert?.textContent).toContain('profiles.0.fields.baseUrl');
  });

  it('warns plainly about basic_text and stores nothing until the user accepts', async () => {
    kasir.answer(
      'settings:get',
      ok(
        view({
          vault: {
            available: true,
            backend: 'basic_text',
            protected: false,
            unprotectedAccepted: false,
            canStore: false,
          },
        }),
      ),
    );
    kasir.answer(
      'settings:vault:accept-unprotected',
      ok(
        view({
          vault: {
            available: true,
            backend: 'basic_text',
            protected: false,
            unprotectedAccepted: true,
            canStore: true,
          },
        }),
      ),
    );
    await renderSettings('en');
    expect(screen.getByText('Secrets are NOT protected on this computer')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'I understand, store without protection' }));
    expect(kasir.callsTo('settings:vault:accept-unprotected')).toEqual([{ accept: true }]);
    expect(screen.getByText('You accepted storing secrets without protection (basic_text).')).toBeTruthy();
  });

  it('checks a new profile before sending it, with the messages in Bahasa Indonesia', async () => {
    await renderSettings();
    await click(screen.getByRole('button', { name: 'Tambah profil penyedia' }));
    await typeInto('Base URL', 'http://api.provider.example');
    await typeInto('Channel ID (CHANNEL-ID)', '952210');
    await click(screen.getByRole('button', { name: 'Simpan profil' }));
    expect(kasir.callsTo('settings:profile:save')).toEqual([]);
    expect(
      screen.getByText('Harus alamat https:// (http hanya untuk komputer ini), tanpa ?query atau #.'),
    ).toBeTruthy();
    expect(screen.getByText('Maksimal 5 karakter.')).toBeTruthy();
    expect(screen.getAllByText('Wajib diisi.').length).toBeGreaterThan(0);
    expect(screen.getByLabelText('Base URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('saves the provider preset chosen in the dropdown, with its own CHANNEL-ID limit', async () => {
    kasir.answer('settings:profile:save', ok({ profileId: 'p-dana', settings: view() }));
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    const provider = screen.getByLabelText('Provider (preset)') as HTMLSelectElement;
    expect([...provider.options].map((o) => o.value)).toEqual([
      'aspi',
      'dana',
      'bri',
      'bca',
      'shopeepay',
      'doku',
    ]);
    await act(async () => {
      fireEvent.change(provider, { target: { value: 'dana' } });
    });
    expect(screen.getByText(/DANA: paths end in \.htm, RSA signatures with no token/)).toBeTruthy();
    await typeInto('Channel ID (CHANNEL-ID)', '82150823919040624621823174737537-SERVER');
    await click(screen.getByRole('button', { name: 'Save profile' }));
    expect(kasir.callsTo('settings:profile:save')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({
          provider: 'dana',
          channelId: '82150823919040624621823174737537-SERVER',
        }),
      }),
    ]);
  });

  it('words the same checks in English', async () => {
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Add a provider profile' }));
    await typeInto('Time zone (UTC offset)', '+7');
    await click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('A form such as +07:00.')).toBeTruthy();
  });

  it('sends the client secret once, and does not keep it in the form', async () => {
    kasir.answer('settings:profile:save', ok({ profileId: 'p-dana', settings: view() }));
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    const secret = screen.getByLabelText('Client Secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toBe('Stored (fill in only to replace it)');
    await typeInto('Client Secret', 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS');
    await click(screen.getByRole('button', { name: 'Save profile' }));
    expect(kasir.callsTo('settings:profile:save')).toEqual([
      expect.objectContaining({ id: 'p-dana', clientSecret: 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS' }),
    ]);
    expect((screen.getByLabelText('Client Secret') as HTMLInputElement).value).toBe('');
  });

  it('leaves the stored client secret alone when the field stays empty', async () => {
    kasir.answer('settings:profile:save', ok({ profileId: 'p-dana', settings: view() }));
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    await click(screen.getByRole('button', { name: 'Save profile' }));
    expect(kasir.callsTo('settings:profile:save')[0]).not.toHaveProperty('clientSecret');
  });

  it('shows the field main refused when its own check disagrees', async () => {
    kasir.answer('settings:profile:save', {
      ok: false,
      error: {
        code: 'IPC_BAD_PAYLOAD',
        message: { id: 'Data permintaan tidak valid.', en: 'The request data is not valid.' },
        issues: [{ path: 'fields.merchantId', message: 'v.tooLong:64' }],
      },
    });
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    await click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('At most 64 characters.')).toBeTruthy();
  });

  it('shows the public key to register after generating a pair, and asks before replacing a key', async () => {
    kasir.answer(
      'settings:key:generate',
      ok({
        publicKeyPem: PUBLIC_PEM,
        key: { algorithm: 'RSA', bits: 2048, fingerprint: 'abcdef0123456789' },
        settings: view(),
      }),
    );
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByText('SHA-256 fingerprint: 9c12a84a902354de (RSA 2048 bits)')).toBeTruthy();
    await click(screen.getByRole('button', { name: 'Generate an RSA-2048 key pair' }));
    expect(kasir.callsTo('settings:key:generate')).toEqual([]);
    await click(screen.getByRole('button', { name: 'Yes, replace the key' }));
    expect(kasir.callsTo('settings:key:generate')).toEqual([{ profileId: 'p-dana', replace: true }]);
    const pem = screen.getByLabelText('Public key to register with the provider') as HTMLTextAreaElement;
    expect(pem.value).toBe(PUBLIC_PEM);
    expect(screen.getByText('SHA-256 fingerprint: abcdef0123456789 (RSA 2048 bits)')).toBeTruthy();
  });

  it('imports a key through main’s file dialog, sending no path or key itself', async () => {
    kasir.answer(
      'settings:get',
      ok(view({ profiles: [profile({ privateKey: null, missing: ['privateKey'] })] })),
    );
    kasir.answer('settings:key:import', ok({ cancelled: true }));
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    await click(screen.getByRole('button', { name: 'Import private key (PEM)…' }));
    expect(kasir.callsTo('settings:key:import')).toEqual([
      { profileId: 'p-dana', kind: 'private', replace: false },
    ]);
  });

  it('explains a failed connection test with the string that was signed', async () => {
    const result: ConnectionTestResult = {
      ok: false,
      outcome: 'signature_mismatch',
      message: {
        id: 'Penyedia tidak dapat memverifikasi tanda tangan kita.',
        en: 'The provider could not verify our signature.',
      },
      url: 'https://api.provider.example/snap/v1.0/access-token/b2b',
      httpStatus: 401,
      responseCode: '4017300',
      responseMessage: 'Unauthorized. [Signature]',
      timestamp: '2026-11-22T10:15:30+07:00',
      stringToSign: '82150823919040624621823174737537|2026-11-22T10:15:30+07:00',
      publicKeyFingerprint: '9c12a84a902354de',
      clockSkewMs: 1000,
      networkCode: null,
      expiresInSeconds: null,
      elapsedMs: 120,
    };
    kasir.answer('settings:profile:test', ok(result));
    await renderSettings('en');
    await click(screen.getByRole('button', { name: 'Edit' }));
    await click(screen.getByRole('button', { name: 'Test connection (request a token)' }));
    const panel = screen.getByRole('region', { name: 'Test connection' });
    expect(within(panel).getByRole('status').textContent).toBe(
      'The provider could not verify our signature.',
    );
    expect(panel.textContent).toContain('82150823919040624621823174737537|2026-11-22T10:15:30+07:00');
    expect(panel.textContent).toContain('4017300 Unauthorized. [Signature]');
  });

  it('makes a complete profile active, and will not offer an incomplete one', async () => {
    kasir.answer(
      'settings:get',
      ok(view({ profiles: [profile(), profile({ id: 'p-other', missing: ['clientSecret'] })] })),
    );
    kasir.answer('settings:profile:activate', ok(view({ activeProfileId: 'p-dana' })));
    await renderSettings('en');
    const buttons = screen.getAllByRole('button', { name: 'Make active' }) as HTMLButtonElement[];
    expect(buttons.map((b) => b.disabled)).toEqual([false, true]);
    expect(screen.getByText('Not complete: client secret')).toBeTruthy();
    await click(buttons[0] as HTMLElement);
    expect(kasir.callsTo('settings:profile:activate')).toEqual([{ profileId: 'p-dana' }]);
  });

  it('sets the first supervisor PIN only when both entries match', async () => {
    kasir.answer(
      'settings:pin:set',
      ok(view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } })),
    );
    await renderSettings('en');
    await typeInto('New PIN (6–12 digits)', '482913');
    await typeInto('Repeat the new PIN', '482914');
    await click(screen.getByRole('button', { name: 'Set PIN' }));
    expect(screen.getByText('The two new PINs differ.')).toBeTruthy();
    expect(kasir.callsTo('settings:pin:set')).toEqual([]);
    await typeInto('Repeat the new PIN', '482913');
    await click(screen.getByRole('button', { name: 'Set PIN' }));
    expect(kasir.callsTo('settings:pin:set')).toEqual([{ newPin: '482913' }]);
    expect(screen.getByText('Supervisor PIN saved.')).toBeTruthy();
  });

  it('refuses a PIN that is too short before sending it', async () => {
    await renderSettings();
    await typeInto('PIN baru (6–12 angka)', '1234');
    await typeInto('Ulangi PIN baru', '1234');
    await click(screen.getByRole('button', { name: 'Atur PIN' }));
    expect(screen.getByText('PIN harus 6 sampai 12 angka.')).toBeTruthy();
    expect(kasir.callsTo('settings:pin:set')).toEqual([]);
  });

  it('leaves out an empty current PIN, so main asks for it rather than refusing a malformed request', async () => {
    kasir.answer(
      'settings:get',
      ok(view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } })),
    );
    kasir.answer(
      'settings:pin:set',
      fail('PIN_CURRENT_REQUIRED', 'Masukkan PIN saat ini.', 'Enter the current PIN.'),
    );
    await renderSettings('en');
    await typeInto('New PIN (6–12 digits)', '730516');
    await typeInto('Repeat the new PIN', '730516');
    await click(screen.getByRole('button', { name: 'Change PIN' }));
    expect(kasir.callsTo('settings:pin:set')).toEqual([{ newPin: '730516' }]);
    expect(screen.getByText('Enter the current PIN.')).toBeTruthy();
  });

  it('shows main’s answer to a wrong current PIN', async () => {
    kasir.answer(
      'settings:get',
      ok(view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } })),
    );
    kasir.answer(
      'settings:pin:set',
      fail(
        'PIN_WRONG',
        'PIN supervisor salah. Sisa percobaan: 4.',
        'Wrong supervisor PIN. Attempts left: 4.',
      ),
    );
    await renderSettings('en');
    await typeInto('Current PIN', '111111');
    await typeInto('New PIN (6–12 digits)', '730516');
    await typeInto('Repeat the new PIN', '730516');
    await click(screen.getByRole('button', { name: 'Change PIN' }));
    expect(kasir.callsTo('settings:pin:set')).toEqual([{ newPin: '730516', currentPin: '111111' }]);
    expect(screen.getByText('Wrong supervisor PIN. Attempts left: 4.')).toBeTruthy();
  });

  it('asks for the serial port when the serial scanner is chosen, then saves with the saved language', async () => {
    kasir.answer('settings:general:save', ok(view()));
    await renderSettings();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Jenis pemindai'), { target: { value: 'serial' } });
    });
    const general = screen.getByRole('region', { name: 'Umum' });
    await click(within(general).getByRole('button', { name: 'Simpan' }));
    expect(screen.getByText('Wajib diisi.')).toBeTruthy();
    await typeInto('Port serial (mis. /dev/ttyACM0 atau COM3)', '/dev/ttyACM0');
    await click(within(general).getByRole('button', { name: 'Simpan' }));
    expect(kasir.callsTo('settings:general:save')).toEqual([
      expect.objectContaining({
        language: 'id',
        scanner: expect.objectContaining({ mode: 'serial', serialPath: '/dev/ttyACM0' }),
      }),
    ]);
  });

  it('saves the language the moment it is chosen, through the one language setting', async () => {
    await renderSettings();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Bahasa'), { target: { value: 'en' } });
    });
    expect(languagesSaved).toEqual(['en']);
    expect(kasir.callsTo('settings:general:save')).toEqual([]);
  });

  it('shows the language the app shows, not a copy of its own', async () => {
    await renderSettings('en');
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('en');
  });

  it('on an invalid save, moves focus to the first wrong field and says how many need fixing', async () => {
    await renderSettings();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Jenis pemindai'), { target: { value: 'serial' } });
    });
    const general = screen.getByRole('region', { name: 'Umum' });
    await click(within(general).getByRole('button', { name: 'Simpan' }));
    const port = screen.getByLabelText('Port serial (mis. /dev/ttyACM0 atau COM3)');
    expect(document.activeElement).toBe(port);
    expect(within(general).getByTestId('error-summary').textContent).toBe(
      '1 isian perlu diperbaiki; kursor dipindah ke yang pertama.',
    );
  });

  it('clears a field’s old error as soon as it is edited', async () => {
    await renderSettings();
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Jenis pemindai'), { target: { value: 'serial' } });
    });
    const general = screen.getByRole('region', { name: 'Umum' });
    await click(within(general).getByRole('button', { name: 'Simpan' }));
    expect(within(general).queryByText('Wajib diisi.')).not.toBeNull();
    await typeInto('Port serial (mis. /dev/ttyACM0 atau COM3)', '/dev/tty');
    expect(within(general).queryByText('Wajib diisi.')).toBeNull();
    expect(within(general).queryByTestId('error-summary')).toBeNull();
  });

  it('shows the audit log in words, in WIB, with the raw codes as small print', async () => {
    kasir.answer(
      'settings:audit:list',
      ok({
        entries: [
          {
            id: 7,
            at: Date.UTC(2026, 10, 22, 3, 15, 30),
            action: 'pin.verify',
            outcome: 'wrong',
            purpose: 'refund',
            reference: 'KSR-1',
            detail: 'failure 1 of 5',
            actor: null,
          },
          {
            id: 6,
            at: Date.UTC(2026, 10, 22, 3, 10, 0),
            action: 'profile.activate',
            outcome: 'ok',
            purpose: null,
            reference: 'p-dana',
            detail: 'sandbox → p-dana (https://api.provider.example)',
            actor: 'supervisor',
          },
        ],
      }),
    );
    await renderSettings();
    const rows = screen.getByRole('region', { name: 'Log audit (terbaru)' }).querySelectorAll('tbody tr');
    const cellsOf = (row: Element | undefined) =>
      [...(row?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent);
    expect(cellsOf(rows[1])).toEqual([
      '22-11-2026 10:10:00 WIB',
      'Profil penyedia diaktifkan',
      'Berhasil',
      'Supervisor (PIN)',
      ' p-dana',
      'profile.activate · ok · sandbox → p-dana (https://api.provider.example)',
    ]);
    const cells = cellsOf(rows[0]);
    expect(cells).toEqual([
      '22-11-2026 10:15:30 WIB',
      'PIN supervisor dimasukkan',
      'PIN salah',
      '',
      'Pengembalian dana KSR-1',
      'pin.verify · wrong · failure 1 of 5',
    ]);
  });

  it('reloads when main says the settings changed', async () => {
    await renderSettings('en');
    kasir.answer('settings:get', ok(view({ activeProfileId: 'p-dana' })));
    await act(async () => {
      kasir.emit('app:changed', { topic: 'settings' });
    });
    expect(document.querySelector('[data-profile="p-dana"]')?.textContent).toContain('Active');
  });

  describe('once a supervisor PIN is set', () => {
    const withPin = () => view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } });

    it('asks for the PIN before making a profile active, and sends it with the change', async () => {
      kasir.answer('settings:get', ok(withPin()));
      kasir.answer('settings:profile:activate', ok(view({ activeProfileId: 'p-dana' })));
      await renderSettings('en');
      await click(screen.getByRole('button', { name: 'Make active' }));
      const dialog = screen.getByRole('dialog', { name: 'Supervisor PIN needed' });
      expect(kasir.callsTo('settings:profile:activate')).toEqual([]);
      await act(async () => {
        fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '730516' } });
      });
      await click(within(dialog).getByRole('button', { name: 'Continue' }));
      expect(kasir.callsTo('settings:profile:activate')).toEqual([
        { profileId: 'p-dana', supervisorPin: '730516' },
      ]);
      expect(screen.queryByRole('dialog')).toBeNull();
    });

    it('keeps the PIN dialog open on a wrong PIN, with main’s answer, and sends nothing when cancelled', async () => {
      kasir.answer('settings:get', ok(withPin()));
      kasir.answer(
        'settings:profile:activate',
        fail(
          'PIN_WRONG',
          'PIN supervisor salah. Sisa percobaan: 4.',
          'Wrong supervisor PIN. Attempts left: 4.',
        ),
      );
      await renderSettings('en');
      await click(screen.getByRole('button', { name: 'Make active' }));
      const dialog = screen.getByRole('dialog', { name: 'Supervisor PIN needed' });
      await act(async () => {
        fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '111111' } });
      });
      await click(within(dialog).getByRole('button', { name: 'Continue' }));
      expect(within(dialog).getByRole('alert').textContent).toBe('Wrong supervisor PIN. Attempts left: 4.');
      expect((within(dialog).getByLabelText('Supervisor PIN') as HTMLInputElement).value).toBe('');
      await click(within(dialog).getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(kasir.callsTo('settings:profile:activate')).toHaveLength(1);
    });

    it('asks for the PIN before saving a profile, too', async () => {
      kasir.answer('settings:get', ok(withPin()));
      kasir.answer('settings:profile:save', ok({ profileId: 'p-dana', settings: withPin() }));
      await renderSettings('en');
      await click(screen.getByRole('button', { name: 'Edit' }));
      await click(screen.getByRole('button', { name: 'Save profile' }));
      expect(kasir.callsTo('settings:profile:save')).toEqual([]);
      const dialog = screen.getByRole('dialog', { name: 'Supervisor PIN needed' });
      await act(async () => {
        fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '730516' } });
      });
      await click(within(dialog).getByRole('button', { name: 'Continue' }));
      expect(kasir.callsTo('settings:profile:save')).toEqual([
        expect.objectContaining({ id: 'p-dana', supervisorPin: '730516' }),
      ]);
    });
  });

  describe('a supervisor PIN lost with the vault', () => {
    const lost = (profiles: { id: string; name: string }[]) =>
      view({
        activeProfileId: 'p-dana',
        pin: { set: false, lockedUntil: null, failedAttempts: 0, recovery: { reason: 'missing', profiles } },
      });

    it('is said in red, with whose client secret a new PIN needs', async () => {
      kasir.answer('settings:get', ok(lost([{ id: 'p-dana', name: 'DANA' }])));
      await renderSettings('en');
      const alert = document.querySelector('[data-code="PIN_LOST"]');
      expect(alert?.getAttribute('role')).toBe('alert');
      expect(alert?.className).toContain('error');
      expect(alert?.textContent).toContain('the secrets vault is missing or was emptied');
      expect(alert?.textContent).toContain('the client secret of profile "DANA"');
    });

    it('sets a new PIN only with the client secret, sent once and not kept', async () => {
      kasir.answer('settings:get', ok(lost([{ id: 'p-dana', name: 'DANA' }])));
      kasir.answer(
        'settings:pin:set',
        ok(view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } })),
      );
      await renderSettings('en');
      await typeInto('New PIN (6–12 digits)', '730516');
      await typeInto('Repeat the new PIN', '730516');
      await click(screen.getByRole('button', { name: 'Set a new PIN' }));
      expect(kasir.callsTo('settings:pin:set')).toEqual([]);
      expect(screen.getByText('Required.')).toBeTruthy();
      await typeInto('That profile’s client secret', 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS');
      await typeInto('New PIN (6–12 digits)', '730516');
      await typeInto('Repeat the new PIN', '730516');
      await click(screen.getByRole('button', { name: 'Set a new PIN' }));
      expect(kasir.callsTo('settings:pin:set')).toEqual([
        {
          newPin: '730516',
          recovery: { profileId: 'p-dana', clientSecret: 'Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS' },
        },
      ]);
      expect(document.body.innerHTML).not.toContain('Zx8qL2vN7rT4mB9kP1wE6yH3jD5cF0aS');
    });
  });
});

describe('the owner prices for digital products', () => {
  const withPin = () => view({ pin: { set: true, lockedUntil: null, failedAttempts: 0, recovery: null } });
  const catalogue = {
    available: true,
    reason: null,
    products: [
      productView(),
      productView({
        key: 'klikoo:TSEL5',
        code: 'TSEL5',
        name: 'Telkomsel 5.000',
        buyPriceMinor: '545000',
        sellingPriceMinor: '500000',
        storeFeeMinor: '0',
        marginMinor: '-45000',
        belowCost: true,
      }),
    ],
    deposits: [
      {
        provider: 'klikoo' as const,
        balanceMinor: '4000000',
        lowBalanceMinor: '50000000',
        low: true,
        error: null,
      },
    ],
    problems: [],
  };

  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('settings:get', ok(withPin()));
    kasir.answer('settings:audit:list', ok({ entries: [] }));
    kasir.answer('server:status', fail('IPC_UNKNOWN_CHANNEL', 'none'));
    kasir.answer('ppob:catalogue', ok(catalogue));
  });
  afterEach(cleanup);

  const section = () => screen.getByRole('region', { name: 'Harga produk digital (PPOB)' });

  it('shows each product with its buy price, selling price and margin, and below cost in red', async () => {
    await renderSettings();
    const rows = within(section()).getByTestId('pricing-pulsa').querySelectorAll('tbody tr');
    expect(rows[0]?.textContent).toContain('Rp10.450');
    expect(rows[0]?.textContent).toContain('Rp11.950');
    expect(rows[0]?.textContent).toContain('Rp1.500');
    expect(rows[1]?.querySelector('.bad-text')?.textContent).toContain('di bawah harga modal');
    expect(within(section()).getByTestId('deposit-klikoo').className).toContain('bad-text');
  });

  it('warns while a fixed price below cost is typed, and saves the prices past the supervisor PIN', async () => {
    kasir.answer('settings:ppob:save', (request) =>
      ok(view({ ppob: PpobPricingSchema.parse(request.pricing) })),
    );
    await renderSettings();
    fireEvent.change(within(section()).getByLabelText('Harga tetap Telkomsel 10.000'), {
      target: { value: '10.000' },
    });
    expect(within(section()).getByTestId('pricing-below-cost').textContent).toContain(
      'penjualan akan ditolak',
    );
    fireEvent.change(within(section()).getByLabelText('Harga tetap Telkomsel 10.000'), {
      target: { value: '12.500' },
    });
    expect(within(section()).queryByTestId('pricing-below-cost')).toBeNull();
    fireEvent.change(within(section()).getByLabelText('Biaya layanan (Rp)'), { target: { value: '2.000' } });
    fireEvent.change(within(section()).getByLabelText(/Batas deposit menipis Klikoo/), {
      target: { value: '250.000' },
    });
    await click(within(section()).getByRole('button', { name: 'Simpan' }));
    expect(kasir.callsTo('settings:ppob:save')).toEqual([]);
    const dialog = screen.getByRole('dialog');
    await act(async () => {
      fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: '730516' } });
    });
    await click(within(dialog).getByRole('button', { name: /Lanjutkan|Continue/ }));
    const [saved] = kasir.callsTo('settings:ppob:save') as {
      pricing: {
        categories: Record<string, unknown>;
        products: Record<string, unknown>;
        lowBalance: Record<string, unknown>;
      };
      supervisorPin: string;
    }[];
    expect(saved?.supervisorPin).toBe('730516');
    expect(saved?.pricing.categories.pulsa).toEqual({ storeFeeMinor: '200000' });
    expect(saved?.pricing.products['klikoo:TSEL10']).toEqual({
      acceptLoss: false,
      sellingPriceMinor: '1250000',
    });
    expect(saved?.pricing.lowBalance).toEqual({ klikoo: '25000000', doku: '50000000' });
    expect(within(section()).getByText('Tersimpan.')).toBeTruthy();
  });
});
