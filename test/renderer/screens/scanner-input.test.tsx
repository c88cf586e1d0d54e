// The keyboard-wedge scanner through the whole app: timing tells a scanner's burst from a person's
// typing wherever focus is, the scan reaches main exactly as typed (+ / = included), and typing still
// reaches the amount or the focused field.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import { I18nProvider } from '../../../renderer/src/i18n';
import { appInfo, type FakeKasir, fail, installFakeKasir, ok, paymentView } from './fake-kasir';

vi.mock('../../../renderer/src/audio/beep', () => ({ play: vi.fn() }));

// The EMVCo example payload: upper and lower case, digits, "+" and "=".
const CPM =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

let kasir: FakeKasir;

function keydown(key: string, timeStamp: number): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'timeStamp', { value: timeStamp });
  (document.activeElement ?? document.body).dispatchEvent(event);
  return event;
}

/** A scanner: every key 2 ms after the last, then the suffix. */
async function scanner(text: string, suffix = 'Enter') {
  await act(async () => {
    const start = performance.now();
    [...text].forEach((key, i) => {
      keydown(key, start + i * 2);
    });
    keydown(suffix, start + text.length * 2);
  });
}

/** A person: keys a good 40 ms apart, as typed. */
async function person(text: string) {
  for (const key of text) {
    await act(async () => {
      keydown(key, performance.now());
      await new Promise((resolve) => setTimeout(resolve, 40));
    });
  }
  await act(async () => new Promise((resolve) => setTimeout(resolve, 60)));
}

async function renderApp() {
  await act(async () => {
    render(
      <I18nProvider>
        <App />
      </I18nProvider>,
    );
  });
}

describe('scanner input across the app', () => {
  beforeEach(() => {
    kasir = installFakeKasir();
    kasir.answer('app:info', ok(appInfo()));
    kasir.answer('settings:get', fail('BACKEND_UNAVAILABLE', 'x'));
    kasir.answer('payment:active', ok(null));
    kasir.answer(
      'history:search',
      ok({ from: '2026-11-22', to: '2026-11-22', items: [], purchases: [], truncated: false }),
    );
    kasir.answer(
      'scan:check',
      ok({
        scanId: 'scan-0001-abcdef',
        fingerprint: 'sha256:1',
        wallet: { label: 'Product1', last4: '3458' },
        expiresAt: 0,
      }),
    );
    kasir.answer('payment:start', ok(paymentView({ state: 'PAID', amountMinor: '2500000' })));
  });
  afterEach(cleanup);

  it('takes a person’s slow digits as the amount', async () => {
    await renderApp();
    await person('25000');
    expect(screen.getByTestId('amount').textContent).toContain('Rp25.000');
    expect(kasir.callsTo('scan:check')).toEqual([]);
  });

  it('takes a 2 ms burst ending in Enter as one scan, sent exactly as typed with + / =', async () => {
    await renderApp();
    await person('25000');
    await scanner(CPM);
    expect(kasir.callsTo('scan:check')).toEqual([{ text: CPM, source: 'keyboard' }]);
    // None of the scan's digits leaked into the amount.
    expect(kasir.callsTo('payment:start')).toEqual([{ scanId: 'scan-0001-abcdef', amountMinor: '2500000' }]);
    expect(document.querySelector('.status-panel')?.textContent).toContain('LUNAS');
  });

  it('accepts Tab as the suffix too', async () => {
    await renderApp();
    await person('9');
    await scanner(CPM, 'Tab');
    expect(kasir.callsTo('scan:check')).toEqual([{ text: CPM, source: 'keyboard' }]);
  });

  it('takes a scan while a search field has focus, leaves the field alone, and goes to the checkout', async () => {
    await renderApp();
    await person('25000');
    await act(async () => keydown('F2', performance.now()));
    const reference = document.querySelector<HTMLInputElement>('input[name="reference"]');
    if (!reference) throw new Error('no reference field');
    reference.focus();
    await person('77');
    expect(reference.value).toBe('77');

    await scanner(CPM);
    expect(reference.value).toBe('77');
    expect(kasir.callsTo('scan:check')).toEqual([{ text: CPM, source: 'keyboard' }]);
    expect(document.querySelector('main')?.getAttribute('data-screen')).toBe('checkout');
  });

  it('shows why a layout-mangled scan cannot be used', async () => {
    kasir.answer(
      'scan:check',
      fail(
        'CPM_KEYBOARD_LAYOUT',
        'Hasil pindaian teracak oleh tata letak keyboard QWERTZ. Ubah tata letak keyboard komputer ke US.',
      ),
    );
    await renderApp();
    await person('5000');
    const qwertz = CPM.replace('hQVDUFYwMW', 'hQVDUFZwMW');
    await scanner(qwertz);
    expect(kasir.callsTo('scan:check')).toEqual([{ text: qwertz, source: 'keyboard' }]);
    expect(screen.getByRole('alert').getAttribute('data-code')).toBe('CPM_KEYBOARD_LAYOUT');
    expect(screen.getByRole('alert').textContent).toContain('QWERTZ');
  });

  it('turns serial scanner bytes from main into scans', async () => {
    await renderApp();
    await person('5000');
    const bytes = new TextEncoder().encode(`${CPM}\r\n`);
    const half = Math.floor(bytes.length / 2);
    const base64 = (part: Uint8Array) => btoa(String.fromCharCode(...part));
    await act(async () => {
      kasir.emit('scanner:serial', { kind: 'data', base64: base64(bytes.subarray(0, half)) });
      kasir.emit('scanner:serial', { kind: 'data', base64: base64(bytes.subarray(half)) });
    });
    expect(kasir.callsTo('scan:check')).toEqual([{ text: CPM, source: 'serial' }]);
  });
});
