/**
 * Identical requests in flight at the same time (a double-clicked "Fix", two bench conditions
 * sharing a first round) share one network call. The call is cancelled only when every caller
 * has cancelled; each caller still stops waiting as soon as its own signal aborts.
 */
export class InflightRequests<T> {
  private readonly entries = new Map<
    string,
    { promise: Promise<T>; controller: AbortController; waiters: number }
  >();

  /** Join the call for `key`, starting it with `start(signal)` when none is running. */
  run(
    key: string,
    signal: AbortSignal | undefined,
    start: (signal: AbortSignal) => Promise<T>,
  ): { promise: Promise<T>; joined: boolean } {
    let entry = this.entries.get(key);
    // A call every waiter abandoned is on its way out: start a fresh one.
    if (entry?.controller.signal.aborted) entry = undefined;
    const joined = entry !== undefined;
    if (!entry) {
      const controller = new AbortController();
      const created = { controller, waiters: 0, promise: start(controller.signal) };
      entry = created;
      this.entries.set(key, created);
      const forget = () => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      };
      created.promise.then(forget, forget);
    }
    return { promise: this.wait(entry, signal), joined };
  }

  private wait(
    entry: { promise: Promise<T>; controller: AbortController; waiters: number },
    signal: AbortSignal | undefined,
  ): Promise<T> {
    entry.waiters++;
    if (!signal) return entry.promise;
    if (signal.aborted) {
      this.leave(entry, signal);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.leave(entry, signal);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  private leave(entry: { controller: AbortController; waiters: number }, signal: AbortSignal): void {
    entry.waiters--;
    if (entry.waiters === 0) entry.controller.abort(signal.reason);
  }
}
