/**
 * Per-document debounce: a newer request for the same document cancels the pending one, so a
 * typing burst costs one analysis. The analysis itself reads the document when it runs, so it
 * always sees the latest text.
 */
export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly run: (uri: string) => void) {}

  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri);
      }, delayMs),
    );
  }

  /** Run now (open, save), dropping any pending debounced run. */
  runNow(uri: string): void {
    this.cancel(uri);
    this.run(uri);
  }

  /** Debounced runs waiting. */
  get size(): number {
    return this.timers.size;
  }

  pending(uri: string): boolean {
    return this.timers.has(uri);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  cancelAll(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }
}
