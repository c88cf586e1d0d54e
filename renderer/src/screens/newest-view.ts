// Which of two views of one payment or purchase is the newer, and the newest seen of each while a
// sale waits for main to say which operation is its own: one rule for the checkout and the PPOB screen.

interface TimedView {
  updatedAt: number;
  outcome: string;
}

/** Whether `next` may replace `current`, two views of the same operation. */
export function isNewerView<V extends TimedView>(current: V, next: V): boolean {
  if (next.updatedAt < current.updatedAt) return false;
  // Two moves in the same millisecond: a final state is never replaced by an open one.
  return !(
    next.updatedAt === current.updatedAt &&
    current.outcome !== 'unresolved' &&
    next.outcome === 'unresolved'
  );
}

/**
 * `kept` with `view` as its operation's newest view (the same array when it is not newer), at most
 * `keep` of them, the least recently changed dropped first.
 */
export function rememberView<V extends TimedView>(
  kept: readonly V[],
  view: V,
  same: (a: V, b: V) => boolean,
  keep: number,
): readonly V[] {
  const known = kept.find((seen) => same(seen, view));
  if (known !== undefined && !isNewerView(known, view)) return kept;
  return [...kept.filter((seen) => !same(seen, view)), view].slice(-keep);
}

/** `view`, or the newer view of the same operation in `kept`. */
export function newestView<V extends TimedView>(
  kept: readonly V[],
  view: V,
  same: (a: V, b: V) => boolean,
): V {
  const seen = kept.find((candidate) => same(candidate, view));
  return seen !== undefined && isNewerView(view, seen) ? seen : view;
}
