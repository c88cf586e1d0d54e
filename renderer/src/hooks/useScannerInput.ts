// The keyboard-wedge scanner, heard wherever focus is. Every keydown goes first (capture phase) to
// the wedge detector (renderer/scanner); the keys it holds back are either a scan, published on the
// scan bus, or a person's typing, given back to the focused field (or, with no field focused, to the
// screen as keys). Serial scanner bytes forwarded by main are split into scans the same way.
import { useEffect } from 'react';
import { createSerialFramer } from '../../scanner/serial-frames';
import type { WedgeOptions } from '../../scanner/wedge';
import { createWedgeListener } from '../../scanner/wedge-listener';
import { dialogOpen, isTypingTarget } from '../components/Modal';
import { kasir } from '../kasir';
import type { ScanBus } from './scan-bus';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'password', 'tel', 'url', 'email', '']);

type TextField = HTMLInputElement | HTMLTextAreaElement;

function textField(element: Element | null): TextField | null {
  if (element instanceof HTMLTextAreaElement && !element.readOnly && !element.disabled) return element;
  if (
    element instanceof HTMLInputElement &&
    TEXT_INPUT_TYPES.has(element.type) &&
    !element.readOnly &&
    !element.disabled
  ) {
    return element;
  }
  return null;
}

/**
 * Fields the detector must leave alone: a date picker or a select edits itself key by key and
 * cannot take characters given back later.
 */
function ownsItsKeys(target: EventTarget | null): boolean {
  if (target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !TEXT_INPUT_TYPES.has(target.type);
}

/** Puts typed characters into a field the way typing would, so React sees an input event. */
export function insertIntoField(field: TextField, text: string): void {
  field.focus();
  // execCommand keeps the field's undo history and fires the input event React listens to.
  if (typeof document.execCommand === 'function' && document.execCommand('insertText', false, text)) return;
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const next = field.value.slice(0, start) + text + field.value.slice(end);
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
  setter?.call(field, next);
  field.setSelectionRange?.(start + text.length, start + text.length);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

function deliverTyping(keys: readonly string[], bus: ScanBus): void {
  const field = textField(document.activeElement);
  if (field) {
    insertIntoField(field, keys.join(''));
    return;
  }
  if (dialogOpen()) return;
  for (const key of keys) bus.publishKey(key);
}

export interface ScannerInputOptions {
  wedge?: Partial<WedgeOptions>;
}

export function useScannerInput(bus: ScanBus, options: ScannerInputOptions = {}): void {
  const maxInterKeyMs = options.wedge?.maxInterKeyMs;
  const suffixes = options.wedge?.suffixes?.join('|');

  useEffect(() => {
    const listener = createWedgeListener({
      options: {
        ...(maxInterKeyMs !== undefined
          ? { maxInterKeyMs, incompleteAfterMs: Math.max(100, maxInterKeyMs) }
          : {}),
        ...(suffixes !== undefined ? { suffixes: suffixes.split('|') } : {}),
      },
      onScan: (scan) => bus.publishScan({ text: scan.text, source: 'keyboard' }),
      onTyping: (keys) => deliverTyping(keys, bus),
    });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || ownsItsKeys(event.target)) return;
      if (listener.handleKey(event)) {
        event.preventDefault();
        return;
      }
      // A key doing its normal work (Enter, Backspace, F-keys…): screens hear it unless a field, a
      // dialog or a focused button (Enter and Space press it) has it.
      const pressesButton =
        event.target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ');
      if (!isTypingTarget(event.target) && !dialogOpen() && !pressesButton) bus.publishKey(event.key);
    };
    const onBlur = () => listener.flush();
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('blur', onBlur);
      listener.dispose();
    };
  }, [bus, maxInterKeyMs, suffixes]);

  useEffect(() => {
    const framer = createSerialFramer({ maxFrameBytes: 4096 });
    return kasir().on('scanner:serial', (event) => {
      if (event.kind !== 'data') return;
      const bytes = Uint8Array.from(atob(event.base64), (c) => c.charCodeAt(0));
      for (const frame of framer.push(bytes)) {
        if (frame.kind === 'scan') bus.publishScan({ text: frame.text, source: 'serial' });
      }
    });
  }, [bus]);
}
