// Thousands of malformed payloads at every IPC channel of a configured app: each is answered with a
// typed error, the dispatcher keeps answering, and nothing is written (every file in the data folder
// stays byte for byte the same, and no change event goes out). Payloads are what structured clone
// (Electron's IPC) can carry; seeded, so a failure replays.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../preload/contract';
import { channelNames, channels } from '../../../preload/contract';
import { IpcErrorSchema } from '../../../preload/contract/result';
import { SANDBOX_PROFILE_ID } from '../../../preload/contract/settings';
import { SAMPLE_QR, type SampleContext, samplesFor } from './ipc-samples';
import { type ConfiguredApp, configuredApp, SUPERVISOR_PIN } from './support/configured-app';

const PER_CHANNEL = 150;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** Values of every kind structured clone carries, and the classic troublemakers. */
const JUNK: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  2 ** 53 + 1,
  10n,
  '',
  ' ',
  '\u0000',
  '😀'.repeat(300),
  'x'.repeat(100_000),
  '../../../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE audit; --",
  '1e309',
  'sandbox',
  '__proto__',
  [],
  [1, 'a', null],
  {},
  Object.create(null),
  JSON.parse('{"__proto__":{"polluted":true}}'),
  { constructor: { prototype: { polluted: true } } },
  new Date(0),
  new Map([['profileId', 'sandbox']]),
  new Set(['sandbox']),
  new Uint8Array([1, 2, 3]),
  /profileId/,
  new Error('boom'),
  nested(5_000),
];

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function withAt(value: unknown, path: Path, replacement: unknown | typeof DELETE): unknown {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const [head, ...rest] = path;
  // An earlier mutation may have replaced a parent with a primitive: build over an empty object.
  const base = value !== null && typeof value === 'object' ? value : {};
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(base)
    ? [...base]
    : { ...(base as Record<string, unknown>) };
  const key = head as string & number;
  if (rest.length === 0 && replacement === DELETE) {
    if (Array.isArray(copy)) copy.splice(key, 1);
    else delete copy[key];
  } else {
    copy[key] = withAt((base as Record<string | number, unknown>)[key], rest, replacement);
  }
  return copy;
}

const DELETE = Symbol('delete');

function malformedPayloads(channel: Channel, samples: unknown[], random: () => number): unknown[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const candidates: unknown[] = [...JUNK];
  for (const sample of samples) {
    for (const path of paths(sample)) {
      candidates.push(withAt(sample, path, DELETE));
      for (const junk of JUNK) candidates.push(withAt(sample, path, junk));
    }
    // Two fields wrong at once, at random.
    for (let i = 0; i < 60; i += 1) {
      const all = paths(sample);
      candidates.push(withAt(withAt(sample, pick(all), pick(JUNK)), pick(all), pick(JUNK)));
    }
    if (sample !== null && typeof sample === 'object') {
      candidates.push([sample], { ...sample, extra: 'field', __proto__: { admin: true } });
    }
  }
  // Each field the schema names, set to each kind of junk.
  const shape = (channels[channel].request as { shape?: Record<string, unknown> }).shape ?? {};
  for (const key of Object.keys(shape)) for (const junk of JUNK) candidates.push({ [key]: junk });
  // Random objects with plausible keys.
  const keys = [
    'profileId',
    'id',
    'pin',
    'newPin',
    'currentPin',
    'fields',
    'kind',
    'replace',
    'accept',
    'amountMinor',
  ];
  for (let i = 0; i < 80; i += 1) {
    const object: Record<string, unknown> = {};
    for (let k = 0; k < 1 + Math.floor(random() * 4); k += 1) object[pick(keys)] = pick(JUNK);
    candidates.push(object);
  }
  const schema = channels[channel].request;
  const malformed = candidates.filter((payload) => !schema.safeParse(payload).success);
  // Shuffle deterministically and keep a fixed number per channel.
  for (let i = malformed.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [malformed[i], malformed[j]] = [malformed[j], malformed[i]];
  }
  return malformed.slice(0, PER_CHANNEL);
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) visit(full);
      // SQLite's shared-memory index changes on reads; it holds no data.
      else if (!name.endsWith('-shm'))
        out[full] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  visit(dir);
  return out;
}

describe('IPC fuzzing', () => {
  let app: ConfiguredApp;
  const events: unknown[] = [];
  const failures: string[] = [];
  let sent = 0;
  const perChannel = new Map<Channel, number>();
  let before: Record<string, string>;

  beforeAll(async () => {
    app = await configuredApp();
    const random = mulberry32(0x4b415349);
    const ctx: SampleContext = {
      profileId: app.profileId,
      spareProfileId: app.spareProfileId,
      activeProfileId: app.profileId,
      baseUrl: app.server.url,
      pin: SUPERVISOR_PIN,
      qrContent: SAMPLE_QR,
      last: () => undefined,
    };
    before = snapshot(app.dataDir);
    app.core.onEvent((event, payload) => events.push([event, payload]));
    for (const channel of channelNames) {
      for (const payload of malformedPayloads(channel, samplesFor(channel, ctx) ?? [], random)) {
        sent += 1;
        perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
        let result: unknown;
        try {
          result = await app.core.dispatch(channel, payload);
        } catch (error) {
          failures.push(`${channel}: threw ${String(error)}`);
          continue;
        }
        const answer = result as { ok?: unknown; error?: unknown };
        const typed = IpcErrorSchema.safeParse(answer.error);
        if (answer.ok !== false || !typed.success || typed.data.code !== 'IPC_BAD_PAYLOAD') {
          failures.push(`${channel}: answered ${JSON.stringify(result).slice(0, 200)}`);
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('sent thousands of malformed payloads, at least a hundred to every channel', () => {
    expect(sent).toBeGreaterThan(3_000);
    const thin = channelNames.filter((channel) => (perChannel.get(channel) ?? 0) < 100);
    expect(thin).toEqual([]);
  });

  it('answered every one with a typed IPC_BAD_PAYLOAD error', () => {
    expect(failures).toEqual([]);
  });

  it('wrote nothing: every file in the data folder is unchanged', () => {
    expect(Object.keys(before)).toEqual(expect.arrayContaining([expect.stringMatching(/settings\.json$/)]));
    expect(snapshot(app.dataDir)).toEqual(before);
  });

  it('changed nothing the renderer would be told about', () => {
    expect(events).toEqual([]);
  });

  it('keeps answering valid requests afterwards', async () => {
    await expect(app.core.dispatch('app:info', undefined)).resolves.toMatchObject({ ok: true });
    await expect(app.core.dispatch('settings:get', undefined)).resolves.toMatchObject({
      ok: true,
      value: { activeProfileId: app.profileId, pin: { failedAttempts: 0 } },
    });
    await expect(
      app.core.dispatch('settings:profile:activate', {
        profileId: SANDBOX_PROFILE_ID,
        supervisorPin: SUPERVISOR_PIN,
      }),
    ).resolves.toMatchObject({ ok: true });
  });
});
