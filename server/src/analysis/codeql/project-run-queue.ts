/**
 * One run at a time for one project, with coalescing: a request while a run is going marks the
 * project stale; when the run ends, ONE more run starts and answers every request made meanwhile.
 * Each run reads the project's state when it starts, so the newest state wins and N saves during
 * a run cost at most one extra run. Plain TS; the LSP wires it to saves and `$/progress`.
 */

export type QueuedOutcome<T> =
  | { status: "done"; value: T }
  | { status: "cancelled" }
  | { status: "failed"; error: Error };

interface Pending<T> {
  promise: Promise<QueuedOutcome<T>>;
  resolve: (outcome: QueuedOutcome<T>) => void;
}

export class ProjectRunQueue<T> {
  private current: { controller: AbortController; promise: Promise<QueuedOutcome<T>> } | undefined;
  private pending: Pending<T> | undefined;
  private disposed = false;
  /** Runs started (tests and debug info). */
  started = 0;

  constructor(private readonly run: (signal: AbortSignal) => Promise<T>) {}

  /** A run that covers the state as of now. Never rejects. */
  request(): Promise<QueuedOutcome<T>> {
    if (this.disposed) return Promise.resolve({ status: "cancelled" });
    if (!this.current) return this.start();
    if (!this.pending) {
      let resolve!: (outcome: QueuedOutcome<T>) => void;
      const promise = new Promise<QueuedOutcome<T>>((r) => {
        resolve = r;
      });
      this.pending = { promise, resolve };
    }
    return this.pending.promise;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Abort the running run (its process tree is killed through the signal) and drop the stale mark. */
  cancel(): void {
    const pending = this.pending;
    this.pending = undefined;
    this.current?.controller.abort();
    pending?.resolve({ status: "cancelled" });
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private start(): Promise<QueuedOutcome<T>> {
    const controller = new AbortController();
    this.started++;
    const promise = this.execute(controller.signal);
    const current = { controller, promise };
    this.current = current;
    void promise.then(() => {
      if (this.current !== current) return;
      this.current = undefined;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) void this.start().then(pending.resolve);
    });
    return promise;
  }

  private async execute(signal: AbortSignal): Promise<QueuedOutcome<T>> {
    try {
      const value = await this.run(signal);
      return signal.aborted ? { status: "cancelled" } : { status: "done", value };
    } catch (error) {
      if (signal.aborted) return { status: "cancelled" };
      return { status: "failed", error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}
