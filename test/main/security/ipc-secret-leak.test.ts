// The renderer can't get in: every IPC channel, called with valid payloads in a fully configured app
// (sandbox active, then the SNAP profile active), answers without any secret, private key, PIN, PIN
// hash, access token or full customer QR in it; and so does every event main pushes meanwhile.
// The walk is driven by the contract: a new channel is walked as soon as it has a sample.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../preload/contract';
import { channelNames, channels } from '../../../preload/contract';
import { SANDBOX_PROFILE_ID } from '../../../preload/contract/settings';
import { OTHER_PIN, SAMPLE_QR, SAMPLE_QR_2, type SampleContext, samplesFor } from './ipc-samples';
import {
  ACCESS_TOKEN,
  CLIENT_SECRET,
  type ConfiguredApp,
  configuredApp,
  SPARE_CLIENT_SECRET,
  SUPERVISOR_PIN,
} from './support/configured-app';

interface Needle {
  label: string;
  text: string;
}

function windows(text: string, size: number, step: number): string[] {
  const out: string[] = [];
  for (let at = 0; at + size <= text.length; at += step) out.push(text.slice(at, at + size));
  return out;
}

/** Everything that gives a private key away, in the forms a leak would take. */
function privateKeyNeedles(label: string, pem: string): Needle[] {
  const key = createPrivateKey(pem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const publicForms = [
    createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
    createPublicKey(key).export({ type: 'pkcs1', format: 'der' }).toString('base64'),
  ].join(' ');
  const jwk = key.export({ format: 'jwk' });
  const parts = [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].filter(
    (v): v is string => typeof v === 'string',
  );
  return [
    // The public modulus is inside the private DER too, and showing the public key is allowed.
    ...windows(der.toString('base64'), 24, 12)
      .filter((w) => !publicForms.includes(w))
      .map((text) => ({ label: `${label} (PKCS#8 base64)`, text })),
    ...windows(
      String(key.export({ type: 'pkcs1', format: 'pem' })).replace(/-----[^-]+-----|\s/g, ''),
      24,
      12,
    )
      .filter((w) => !publicForms.includes(w))
      .map((text) => ({ label: `${label} (PKCS#1 base64)`, text })),
    ...parts.map((part) => ({ label: `${label} (JWK component)`, text: part.slice(0, 24) })),
    ...parts.map((part) => ({
      label: `${label} (hex component)`,
      text: Buffer.from(part, 'base64url').toString('hex').slice(0, 32),
    })),
  ];
}

function secretNeedles(label: string, secret: string): Needle[] {
  if (/PRIVATE KEY-----/.test(secret)) return privateKeyNeedles(label, secret);
  const needles = [{ label, text: secret }];
  // A PIN hash: its salt and digest each give it away.
  for (const part of secret.split('$').filter((p) => p.length >= 16))
    needles.push({ label: `${label} part`, text: part });
  return needles;
}

function qrNeedles(qr: string): Needle[] {
  return windows(qr, 32, 16).map((text) => ({ label: 'customer QR content', text }));
}

function leaksIn(haystack: string, needles: Needle[]): string[] {
  // PEM and base64 may be split over lines: also search with JSON's escaped newlines taken out.
  const flat = haystack.replace(/\\[nr]/g, '');
  const found = new Set<string>();
  for (const needle of needles) {
    if (haystack.includes(needle.text) || flat.includes(needle.text)) found.add(needle.label);
  }
  if (/PRIVATE KEY-----/.test(flat)) found.add('a PEM private key header');
  return [...found];
}

interface Recorded {
  phase: string;
  channel: Channel | 'event';
  sample: number;
  json: string;
}

describe('no secret crosses IPC', () => {
  let app: ConfiguredApp;
  const recorded: Recorded[] = [];
  const missingSamples: Channel[] = [];
  const invalidSamples: string[] = [];
  const secretsSeen = new Set<string>();

  async function noteVaultSecrets() {
    for (const secret of await app.vaultSecrets()) secretsSeen.add(secret);
  }

  async function walk(phase: string, activeProfileId: string, qrContent: string) {
    await app.core.dispatch('settings:profile:activate', { profileId: activeProfileId });
    const answers = new Map<Channel, unknown>();
    const ctx: SampleContext = {
      profileId: app.profileId,
      spareProfileId: app.spareProfileId,
      activeProfileId,
      baseUrl: app.server.url,
      pin: SUPERVISOR_PIN,
      qrContent,
      last: (channel) => answers.get(channel),
    };
    for (const channel of channelNames) {
      const samples = samplesFor(channel, ctx);
      if (!samples) {
        if (!missingSamples.includes(channel)) missingSamples.push(channel);
        continue;
      }
      for (const [index, payload] of samples.entries()) {
        if (!channels[channel].request.safeParse(payload).success)
          invalidSamples.push(`${channel} #${index}`);
        const result = await app.core.dispatch(channel, payload);
        if (result.ok) answers.set(channel, result.value);
        recorded.push({ phase, channel, sample: index, json: JSON.stringify(result) });
        await noteVaultSecrets();
      }
    }
  }

  beforeAll(async () => {
    app = await configuredApp();
    app.core.onEvent((event, payload) => {
      recorded.push({ phase: 'events', channel: 'event', sample: 0, json: JSON.stringify([event, payload]) });
    });
    await noteVaultSecrets();
    // A fresh QR per phase: a CPM QR is single-use, and each phase should really pay with one.
    await walk('sandbox active', SANDBOX_PROFILE_ID, SAMPLE_QR);
    await walk('SNAP profile active', app.profileId, SAMPLE_QR_2);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('has a valid sample payload for every channel that takes one', () => {
    expect(missingSamples, 'add samples to test/main/security/ipc-samples.ts').toEqual([]);
    expect(invalidSamples, 'these samples fail their own request schema').toEqual([]);
  });

  it('called every channel in both phases', () => {
    const called = new Set(
      recorded.filter((r) => r.channel !== 'event').map((r) => `${r.phase}/${r.channel}`),
    );
    for (const channel of channelNames) {
      if (missingSamples.includes(channel)) continue;
      expect(called).toContain(`sandbox active/${channel}`);
      expect(called).toContain(`SNAP profile active/${channel}`);
    }
  });

  it('really exercised both backends: a payment in each phase, a token from the provider', () => {
    const started = recorded.filter((r) => r.channel === 'payment:start' && r.json.startsWith('{"ok":true'));
    expect(started.map((r) => r.phase)).toEqual(['sandbox active', 'SNAP profile active']);
    expect(app.server.requests.some((r) => r.path === '/snap/v1.0/qr/qr-cpm-payment')).toBe(true);
    expect(
      recorded.some((r) => r.channel === 'settings:profile:test' && r.json.includes('"outcome":"ok"')),
    ).toBe(true);
  });

  it('answers without a client secret, private key, PIN, PIN hash, token or customer QR', () => {
    const needles: Needle[] = [
      ...[...secretsSeen].flatMap((secret, i) => secretNeedles(`vault secret #${i}`, secret)),
      ...secretNeedles('client secret', CLIENT_SECRET),
      ...secretNeedles('spare client secret', SPARE_CLIENT_SECRET),
      ...secretNeedles(
        'private key file',
        readFileSync(join(import.meta.dirname, '../../fixtures/keys/midtrans-sample-private.pem'), 'utf8'),
      ),
      { label: 'supervisor PIN', text: SUPERVISOR_PIN },
      { label: 'second supervisor PIN', text: OTHER_PIN },
      { label: 'access token', text: ACCESS_TOKEN },
      ...qrNeedles(SAMPLE_QR),
      ...qrNeedles(SAMPLE_QR_2),
    ];
    // The needles must be able to find what they look for, or the walk proves nothing.
    expect(secretsSeen.size).toBeGreaterThanOrEqual(6);
    expect(leaksIn(JSON.stringify({ leaked: [...secretsSeen] }), needles).length).toBeGreaterThan(0);
    expect(leaksIn(JSON.stringify(SAMPLE_QR.slice(0, 60)), needles)).toEqual(['customer QR content']);

    const leaks = recorded.flatMap((r) =>
      leaksIn(r.json, needles).map((what) => `${r.phase} ${r.channel} sample ${r.sample}: ${what}`),
    );
    expect(leaks).toEqual([]);
  });
});
