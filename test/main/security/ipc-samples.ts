// Valid sample payloads for every IPC channel, used by the secret-leak walk and the fuzz test.
// A channel whose request is not `undefined` needs an entry here: ADD ONE WITH EVERY NEW CHANNEL
// (the walk fails and names the channel until you do). Samples run in channel order, once with the
// sandbox active and once with the SNAP profile active; a sample may read earlier answers through
// ctx.last(channel). Leave the app as you found it where you can (the walk re-activates the phase's
// profile itself).
import type { Channel, RequestOf } from '../../../preload/contract';
import { channels } from '../../../preload/contract';
import { DEFAULT_PPOB_PRICING } from '../../../preload/contract/ppob';
import { PROFILE_FIELDS } from './support/configured-app';

/** The EMVCo QRCPS example payload: a customer's CPM QR, which must never come back whole. */
export const SAMPLE_QR =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

/** Another customer's CPM QR (512 characters, with "+", "/" and "="). */
export const SAMPLE_QR_2 =
  'hQVDUFYwMWGBvE8FoAAABgJQCERvbXBldEt1X1B7aHR0cHM6Ly9kb21wZXRrdS5leGFtcGxlLmlkL3FxcXFxcXFxcXFxcXFxcXFxcXFxcXFx' +
  'cXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxnyUCASNjJp8Q' +
  'CPv/vz7+f77/nyYI+++//j9++/+fJwGAnzYC+/+fNwS//vv/YYG1TwegAAAAVVVVUAhQcm9kdWN0MVoIk2AAEjRWeJBfIAxCVURJIFNBTlRP' +
  'U09fLQRpZGVuX1B/aHR0cHM6Ly93YWxsZXQuZXhhbXBsZS5pZC8/eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4' +
  'eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==';

/** A second PIN the walk changes to and back from. */
export const OTHER_PIN = '52816490';

export interface SampleContext {
  /** The configured SNAP provider profile. */
  profileId: string;
  /** A second, complete SNAP profile that samples may delete. */
  spareProfileId: string;
  /** 'sandbox' or profileId, whichever the walk has made active. */
  activeProfileId: string;
  baseUrl: string;
  pin: string;
  qrContent: string;
  /** The last successful answer of a channel in this phase. */
  last(channel: Channel): unknown;
}

type Samples = { [C in Channel]?: (ctx: SampleContext) => Array<RequestOf<C>> };

const scanId = (ctx: SampleContext) => {
  const value = ctx.last('scan:check') as { scanId?: string } | undefined;
  return value?.scanId ?? 'scan-unknown-0000';
};

const saleReference = (ctx: SampleContext) => {
  const value = ctx.last('ppob:sell') as { reference?: string } | undefined;
  return value?.reference ?? '0f3c2a1e-7b4d-4c1a-9e2f-000000000001';
};

export const ipcSamples: Samples = {
  // App
  'app:language:set': () => [{ language: 'en' }, { language: 'id' }],
  'customer:show': () => [{ amountMinor: '1000000', payment: null, qr: null, qrError: null, demo: true }],

  // Settings
  'settings:general:save': () => [
    {
      language: 'en',
      scanner: {
        mode: 'serial',
        wedgeMaxKeyIntervalMs: 35,
        wedgeTerminator: 'Enter',
        serialPath: '/dev/ttyACM0',
        serialBaudRate: 115200,
        webcamDeviceId: '',
      },
      printer: { enabled: true, deviceName: 'EPSON TM-T82', paperWidthMm: 80, customerCopy: true },
    },
  ],
  'settings:profile:save': (ctx) => [
    { id: ctx.profileId, fields: { ...PROFILE_FIELDS, baseUrl: ctx.baseUrl } },
    {
      fields: { ...PROFILE_FIELDS, name: 'Baru', baseUrl: ctx.baseUrl },
      clientSecret: 'n3wS3cretF0rWalk-9Qe7Lr2Vx5',
    },
  ],
  'settings:profile:delete': (ctx) => [{ profileId: ctx.spareProfileId }],
  'settings:profile:activate': (ctx) => [{ profileId: ctx.activeProfileId }],
  'settings:profile:test': (ctx) => [{ profileId: ctx.profileId }],
  'settings:key:generate': (ctx) => [{ profileId: ctx.profileId, replace: true }],
  // Puts the registered key back after key:generate replaced it.
  'settings:key:import': (ctx) => [
    { profileId: ctx.profileId, kind: 'private', replace: true },
    { profileId: ctx.profileId, kind: 'provider-public', replace: true },
  ],
  'settings:key:public': (ctx) => [{ profileId: ctx.profileId }],
  'settings:vault:accept-unprotected': () => [{ accept: true }],
  'settings:pin:set': (ctx) => [
    { currentPin: ctx.pin, newPin: OTHER_PIN },
    { currentPin: OTHER_PIN, newPin: ctx.pin },
  ],

  // Payments (issue: the cashier screens)
  'scan:check': (ctx) => [{ text: ctx.qrContent, source: 'keyboard' }],
  'payment:start': (ctx) => [{ scanId: scanId(ctx), amountMinor: '1000000' }],
  'payment:get': () => [{ paymentId: 1 }],
  'payment:recheck': () => [{ paymentId: 1 }],
  'payment:cancel': (ctx) => [{ paymentId: 1, pin: ctx.pin, reason: 'Pelanggan batal' }],
  'payment:refund': (ctx) => [
    { paymentId: 1, amountMinor: '500000', pin: ctx.pin, reason: 'Barang dikembalikan' },
  ],
  'payment:decide': (ctx) => [{ paymentId: 1, outcome: 'not_paid', pin: ctx.pin, reason: 'Penyedia diam' }],
  'refund:decide': (ctx) => [{ refundId: 1, outcome: 'not_refunded', pin: ctx.pin, reason: 'Penyedia diam' }],
  'history:search': () => [{}, { reference: 'KSR' }],
  'history:export': () => [{}],
  'report:day': () => [{}],
  'receipt:preview': () => [{ paymentId: 1 }],
  'receipt:print': () => [{ paymentId: 1 }],
  // Digital products (issue 16): a cash sale, a QRIS one, and the calls after them.
  'ppob:recent': () => [{ category: 'pulsa' }],
  'ppob:inquiry': () => [{ provider: 'klikoo', productCode: 'PLNPOST', customerNo: '512345678901' }],
  'ppob:sell': (ctx) => [
    {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo: '081234567890',
      payment: { method: 'cash', receivedMinor: '2000000' },
    },
    {
      provider: 'klikoo',
      productCode: 'TSEL10',
      customerNo: '081234567891',
      payment: { method: 'qris', scanId: scanId(ctx) },
    },
  ],
  'ppob:get': (ctx) => [{ reference: saleReference(ctx) }],
  'ppob:recheck': (ctx) => [{ reference: saleReference(ctx) }],
  'ppob:cash-returned': (ctx) => [
    { reference: saleReference(ctx), pin: ctx.pin, reason: 'Uang dikembalikan' },
  ],
  'ppob:decide': (ctx) => [
    { reference: saleReference(ctx), outcome: 'failed', pin: ctx.pin, reason: 'Penyedia diam' },
  ],
  'ppob:receipt:preview': (ctx) => [{ reference: saleReference(ctx) }],
  'ppob:receipt:print': (ctx) => [{ reference: saleReference(ctx) }],
  'ppob:reconcile': () => [{}],
  'settings:ppob:save': (ctx) => [{ pricing: DEFAULT_PPOB_PRICING, supervisorPin: ctx.pin }],
  // The merchant server: nothing listens on the discard port, so enrolling fails at once.
  'server:enrol': () => [{ serverUrl: 'http://127.0.0.1:9', code: 'ABCDE-23456' }],
};

/** The samples of a channel; a channel that takes no payload needs none listed. */
export function samplesFor(channel: Channel, ctx: SampleContext): unknown[] | undefined {
  const listed = (ipcSamples as Record<string, ((c: SampleContext) => unknown[]) | undefined>)[channel];
  if (listed) return listed(ctx);
  return channels[channel].request.safeParse(undefined).success ? [undefined] : undefined;
}
