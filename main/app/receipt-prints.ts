// One print at a time of each receipt. Whether a receipt prints as the original or as a copy is read
// from the receipts the journal says were printed, so that reading, the print and its journal record
// run as one step, behind any print of the same receipt still under way: three clicks at once give
// the original and two copies, never three originals. A print that fails or is cancelled records
// nothing, so the next one is still the original; only a receipt that came out counts.

export class ReceiptPrints {
  /** The last print queued for each receipt, settled either way. */
  private readonly last = new Map<string, Promise<void>>();

  /** Runs `print` once every earlier print of `key` has finished (printed, failed or thrown). */
  run<T>(key: string, print: () => Promise<T>): Promise<T> {
    const mine = (this.last.get(key) ?? Promise.resolve()).then(print);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.last.set(key, done);
    void done.then(() => {
      if (this.last.get(key) === done) this.last.delete(key);
    });
    return mine;
  }
}
