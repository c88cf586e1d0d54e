export interface Shortcut {
  key: string;
  label: string;
  enabled?: boolean;
  onPress?: () => void;
}

/** The keys that work right now, always on screen, clickable too. */
export function ShortcutBar({ shortcuts, label }: { shortcuts: Shortcut[]; label: string }) {
  return (
    <div className="shortcut-bar" role="toolbar" aria-label={label}>
      {shortcuts.map((s) => (
        <button
          key={s.key}
          type="button"
          className="shortcut"
          disabled={s.enabled === false}
          onClick={s.onPress}
          tabIndex={-1}
        >
          <kbd>{s.key}</kbd>
          <span>{s.label}</span>
        </button>
      ))}
    </div>
  );
}
