// A wait that something can cut short: the sync loops sleep between rounds and are woken by new
// journal entries, a reconnect request or a stop.

export class Wakeable {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or as soon as wake() is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}
