import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.hidden);
}

function topmost(): Element | undefined {
  const open = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
  return open[open.length - 1];
}

/**
 * A modal dialog. While it is open it owns the keyboard: focus moves in and Tab cycles inside it, Esc
 * and its close button close it, and screen keys (F1–F12) do nothing behind it, so a stray F2 never
 * throws away a typed reason or PIN. `dismissable`: a click outside closes it too (dialogs that hold
 * nothing typed yet).
 */
export function Modal({
  title,
  onClose,
  children,
  wide = false,
  medium = false,
  dismissable = true,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** Between a form and the payment detail: room for two columns. */
  medium?: boolean;
  dismissable?: boolean;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    // The first field, else the dialog itself: never a button, which the Enter that opened the
    // dialog (a History row) would press at once.
    const first = dialog?.querySelector<HTMLElement>('input:not([disabled]), select, textarea') ?? dialog;
    first?.focus();

    const onKey = (event: KeyboardEvent) => {
      if (!dialog || topmost() !== dialog) return;
      if (/^F\d{1,2}$/.test(event.key)) {
        // Screen keys belong to the screen behind: not while a dialog is open.
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        latestClose.current();
        return;
      }
      if (event.key === 'Tab') {
        const items = focusables(dialog);
        const firstItem = items[0];
        const lastItem = items[items.length - 1];
        if (!firstItem || !lastItem) {
          event.preventDefault();
          return;
        }
        const inside = document.activeElement instanceof Node && dialog.contains(document.activeElement);
        if (event.shiftKey && (document.activeElement === firstItem || !inside)) {
          event.preventDefault();
          lastItem.focus();
        } else if (!event.shiftKey && (document.activeElement === lastItem || !inside)) {
          event.preventDefault();
          firstItem.focus();
        }
      }
    };
    // Focus that escapes anyway (a click on the page's edge, a button that got disabled) comes back.
    const onFocusIn = (event: FocusEvent) => {
      if (!dialog || topmost() !== dialog) return;
      if (event.target instanceof Node && !dialog.contains(event.target)) {
        (focusables(dialog)[0] ?? dialog).focus();
      }
    };
    // Capture phase: the dialog hears a key before the screens' own listeners do.
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop's click is the mouse's "outside"; Esc is the keyboard's
    <div
      className="modal-backdrop"
      onMouseDown={(event) => {
        if (dismissable && event.target === event.currentTarget) latestClose.current();
      }}
    >
      <div
        ref={ref}
        className={wide ? 'modal wide' : medium ? 'modal medium' : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <div className="modal-head">
          <h3 id={titleId}>{title}</h3>
          <button type="button" className="modal-close" onClick={() => latestClose.current()}>
            <span aria-hidden="true">×</span> {t('action.close')} <kbd>Esc</kbd>
          </button>
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}

/** True when a key belongs to a field or a dialog rather than to the screen's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[role="dialog"]')) return true;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** True while any modal dialog is open. */
export function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}
