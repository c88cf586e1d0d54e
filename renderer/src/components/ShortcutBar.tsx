export interface Shortcut {
  key: string;
  label: string;
  enabled?: boolean;
  onPress?: () => void;
  /** Why the key does nothing right now (shown on hover and read by screen readers). */
  why?: string | undefined;
}

/** The keys that work right now, always on screen, each one a button for mouse and touch too. */
export function ShortcutBar({ shortcuts, label }: { shortcuts: Shortcut[]; label: string }) {
  return (
    <div className="shortcut-bar" role="toolbar" aria-label={label}>
      {shortcuts.map((s) => (
        <button
          key={s.key}
          type="button"
          className="shortcut"
          disabled={s.enabled === false || !s.onPress}
          onClick={s.onPress}
          // A tap must not take the focus (and the scanner's keys) away from the screen.
          onMouseDown={(event) => event.preventDefault()}
          tabIndex={-1}
          title={s.enabled === false ? s.why : undefined}
          aria-description={s.enabled === false ? s.why : undefined}
        >
          <kbd>{s.key}</kbd>
          <span>{s.label}</span>
        </button>
      ))}
    </div>
  );
}
