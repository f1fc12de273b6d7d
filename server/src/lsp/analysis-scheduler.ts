/**
 * Per-document debounce: a newer request for the same document cancels the pending one, so a
 * typing burst costs one analysis. The analysis itself reads the document when it runs, so it
 * always sees the latest text.
 */
export class AnalysisScheduler {
  /** Pending runs by document: how to cancel each. */
  private readonly pendingRuns = new Map<string, () => void>();

  constructor(private readonly run: (uri: string) => void) {}

  /**
   * Run after `delayMs`. A delay of 0 runs once the messages already read are handled (so a
   * burst read at once still costs one analysis), without a timer's ≥ 1 ms wait and timer phase.
   */
  schedule(uri: string, delayMs: number): void {
    this.cancel(uri);
    const fire = () => {
      this.pendingRuns.delete(uri);
      this.run(uri);
    };
    if (delayMs <= 0) {
      const immediate = setImmediate(fire);
      this.pendingRuns.set(uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(fire, delayMs);
      this.pendingRuns.set(uri, () => clearTimeout(timer));
    }
  }

  /** Run now (open, save), dropping any pending debounced run. */
  runNow(uri: string): void {
    this.cancel(uri);
    this.run(uri);
  }

  /** Debounced runs waiting. */
  get size(): number {
    return this.pendingRuns.size;
  }

  pending(uri: string): boolean {
    return this.pendingRuns.has(uri);
  }

  cancel(uri: string): void {
    this.pendingRuns.get(uri)?.();
    this.pendingRuns.delete(uri);
  }

  cancelAll(): void {
    for (const uri of [...this.pendingRuns.keys()]) this.cancel(uri);
  }
}
