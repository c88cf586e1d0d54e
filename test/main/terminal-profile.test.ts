import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KasirError } from '../../main/errors';
import type { TerminalProfileFile } from '../../main/profile-format';
import { loadTerminalProfile } from '../../main/terminal-profile';

const PRIVATE = readFileSync(
  new URL('../fixtures/keys/midtrans-sample-private.pem', import.meta.url),
  'utf8',
);
const PUBLIC = readFileSync(new URL('../fixtures/keys/midtrans-sample-public.pem', import.meta.url), 'utf8');
const SECRET = 'never-print-this-client-secret';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-profile-'));
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'partner.pem'), PRIVATE, { mode: 0o600 });
  writeFileSync(join(dir, 'keys', 'provider.pem'), PUBLIC, { mode: 0o644 });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const minimal: TerminalProfileFile = {
  baseUrl: 'https://api.provider.example',
  clientKey: 'kasir-client',
  clientSecret: SECRET,
  privateKeyFile: 'keys/partner.pem',
  channelId: '95221',
  merchantId: '00007100010926',
  terminalId: 'T-01',
};

function write(profile: unknown, mode = 0o600): string {
  const file = join(dir, 'terminal.json');
  writeFileSync(file, typeof profile === 'string' ? profile : JSON.stringify(profile), { mode });
  chmodSync(file, mode);
  return file;
}

function failure(file: string): KasirError {
  try {
    loadTerminalProfile(file);
  } catch (error) {
    if (error instanceof KasirError) return error;
    throw error;
  }
  throw new Error('expected the profile to be refused');
}

describe('loading a terminal profile', () => {
  it('fills the optional fields: partnerId from clientKey, no prefix, 15 s timeout, +07:00', () => {
    const profile = loadTerminalProfile(write(minimal));
    expect(profile).toMatchObject({
      partnerId: 'kasir-client',
      pathPrefix: '',
      timeoutMs: 15_000,
      utcOffset: '+07:00',
      subMerchantId: undefined,
      providerPublicKey: undefined,
    });
  });

  it('resolves key files against the profile folder, not the working directory', () => {
    const profile = loadTerminalProfile(write({ ...minimal, providerPublicKeyFile: 'keys/provider.pem' }));
    expect(profile.privateKeyFile).toBe(join(dir, 'keys', 'partner.pem'));
    expect(profile.privateKey.type).toBe('private');
    expect(profile.providerPublicKey?.type).toBe('public');
  });

  it('keeps every field of the full form', () => {
    const profile = loadTerminalProfile(
      write({
        ...minimal,
        pathPrefix: '/snap',
        partnerId: 'PARTNER-9',
        subMerchantId: '310928924949487',
        timeoutMs: 20_000,
        resolution: { deadlineMs: 90_000 },
      }),
    );
    expect(profile).toMatchObject({
      pathPrefix: '/snap',
      partnerId: 'PARTNER-9',
      subMerchantId: '310928924949487',
      timeoutMs: 20_000,
      resolution: { deadlineMs: 90_000 },
    });
  });
});

describe('a profile naming its provider', () => {
  it("takes the preset's rules where the profile says nothing: DANA's channel, 8 s and 25 characters", () => {
    const { channelId: _preset, ...withoutChannel } = minimal;
    const profile = loadTerminalProfile(write({ ...withoutChannel, provider: 'dana' }));
    expect(profile).toMatchObject({
      provider: 'dana',
      channelId: 'kasir-client-SERVER',
      timeoutMs: 8_000,
      pathPrefix: '',
      rules: { pathSuffix: '.htm', signature: 'rsa-sha256', accessToken: false, referenceMaxLength: 25 },
    });
  });

  it('lets every rule be overridden, and the long-standing fields override the preset too', () => {
    const profile = loadTerminalProfile(
      write({
        ...minimal,
        provider: 'bri',
        pathPrefix: '/snap-v2',
        timeoutMs: 12_000,
        rules: { versions: { payment: 'v2.0' }, expiryTime: { send: 'iso' } },
      }),
    );
    expect(profile.pathPrefix).toBe('/snap-v2');
    expect(profile.timeoutMs).toBe(12_000);
    expect(profile.rules.versions).toMatchObject({ payment: 'v2.0', query: 'v1.0' });
    expect(profile.rules.expiryTime).toEqual({ send: 'iso', accepted: ['seconds', 'iso'] });
  });

  it('is the standard when it names none', () => {
    expect(loadTerminalProfile(write(minimal)).provider).toBe('aspi');
  });
});

describe('refusing a profile', () => {
  it('readable by group or others, saying how to fix it', () => {
    const error = failure(write(minimal, 0o640));
    expect(error.code).toBe('PROFILE_PERMISSIONS');
    expect(error.messages.en).toMatch(/chmod 600/);
  });

  it('whose private key is readable by others', () => {
    chmodSync(join(dir, 'keys', 'partner.pem'), 0o604);
    expect(failure(write(minimal)).code).toBe('PROFILE_PERMISSIONS');
  });

  it('that is not JSON', () => {
    expect(failure(write('{"baseUrl":')).code).toBe('PROFILE_INVALID');
  });

  it('with a missing or mistyped field, naming the field but never the secret', () => {
    const { terminalId: _missing, ...rest } = minimal;
    const error = failure(write({ ...rest, clientSecret: SECRET, channelId: 'C'.repeat(65) }));
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.messages.en).toMatch(/terminalId/);
    expect(error.messages.en).toMatch(/channelId/);
    expect(JSON.stringify(error.toPlain())).not.toContain(SECRET);
  });

  it('with an unknown key (a typo must not pass silently)', () => {
    expect(failure(write({ ...minimal, merchantID: 'x' })).messages.en).toMatch(/merchantID/);
  });

  it('whose key file is missing or not a PEM key', () => {
    expect(failure(write({ ...minimal, privateKeyFile: 'keys/none.pem' })).code).toBe('PROFILE_FILE_MISSING');
    writeFileSync(join(dir, 'keys', 'junk.pem'), 'not a key', { mode: 0o600 });
    expect(failure(write({ ...minimal, privateKeyFile: 'keys/junk.pem' })).code).toBe('PROFILE_KEY_INVALID');
  });

  it('with a CHANNEL-ID longer than its provider takes (5 for the standard)', () => {
    const error = failure(write({ ...minimal, channelId: '952210' }));
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.messages.en).toMatch(/channelId: at most 5 characters for provider aspi/);
  });

  it('naming a provider there is no preset for', () => {
    expect(failure(write({ ...minimal, provider: 'ovo' })).messages.en).toMatch(/provider/);
  });

  it('overriding a rule with a value of the wrong kind', () => {
    const error = failure(write({ ...minimal, rules: { referenceMaxLength: 5 } }));
    expect(error.messages.en).toMatch(/rules\.referenceMaxLength/);
  });

  it('that does not exist', () => {
    expect(failure(join(dir, 'nope.json')).code).toBe('PROFILE_FILE_MISSING');
  });

  it.each(['http://api.provider.example', 'http://192.168.1.20:8080', 'http://127.0.0.1.nip.io:8080'])(
    'that sends credentials over plain http to another computer (%s)',
    (baseUrl) => {
      const error = failure(write({ ...minimal, baseUrl }));
      expect(error.code).toBe('PROFILE_INVALID');
      expect(error.messages.en).toMatch(/baseUrl: https, or plain http to this computer only/);
    },
  );

  it('that is a FIFO, at once instead of hanging on it', () => {
    const fifo = join(dir, 'terminal.json');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    expect(failure(fifo).code).toBe('PROFILE_FILE_NOT_REGULAR');
  });

  it('whose key path names a FIFO or a folder', () => {
    execFileSync('mkfifo', ['-m', '600', join(dir, 'keys', 'fifo.pem')]);
    expect(failure(write({ ...minimal, privateKeyFile: 'keys/fifo.pem' })).code).toBe(
      'PROFILE_FILE_NOT_REGULAR',
    );
    expect(failure(write({ ...minimal, privateKeyFile: 'keys' })).code).toBe('PROFILE_FILE_NOT_REGULAR');
  });

  it('that is far too large to be a profile', () => {
    expect(failure(write(`{"baseUrl":"${'x'.repeat(300 * 1024)}"}`)).code).toBe('PROFILE_FILE_TOO_LARGE');
  });
});

describe('plain http to this computer', () => {
  it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.0.0.2:4010'])(
    'is allowed (%s)',
    (baseUrl) => {
      expect(loadTerminalProfile(write({ ...minimal, baseUrl })).baseUrl).toBe(baseUrl);
    },
  );
});

describe('a symlinked profile', () => {
  it('finds relative key paths next to the real file, not next to the link', () => {
    const real = write(minimal);
    const elsewhere = mkdtempSync(join(tmpdir(), 'kasir-profile-link-'));
    try {
      // A decoy key beside the link: it must not be the one that is read.
      mkdirSync(join(elsewhere, 'keys'));
      writeFileSync(join(elsewhere, 'keys', 'partner.pem'), 'not a key', { mode: 0o600 });
      symlinkSync(real, join(elsewhere, 'terminal.json'));
      const profile = loadTerminalProfile(join(elsewhere, 'terminal.json'));
      expect(profile.privateKeyFile).toBe(join(dir, 'keys', 'partner.pem'));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
