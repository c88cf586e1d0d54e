import { useEffect, useRef } from 'react';
import { dialogOpen, isTypingTarget } from '../components/Modal';

/**
 * Screen-level keys (F5–F9, Enter, Escape…). Ignored while a dialog is open or a field has focus,
 * except function keys, which never type anything.
 */
export function useShortcuts(map: Record<string, (() => void) | undefined>, enabled = true): void {
  const latest = useRef(map);
  latest.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialogOpen()) return;
      const isFunctionKey = /^F\d{1,2}$/.test(event.key);
      if (!isFunctionKey && isTypingTarget(event.target)) return;
      const action = latest.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
