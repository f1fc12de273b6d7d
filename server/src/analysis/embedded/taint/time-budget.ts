/** Thrown from inside the engine when a file's analysis ran out of time. */
export class TimeBudgetExceeded extends Error {
  override readonly name = "TimeBudgetExceeded";
}

/** How often the clock is read: `check()` runs per statement and call, far more often than needed. */
const CHECK_EVERY = 64;

/**
 * A per-file time budget, consulted cooperatively inside the taint engine (function loop,
 * statements, calls): the engine is synchronous, so this is what keeps one hostile file from
 * holding the thread for seconds. `check()` throws `TimeBudgetExceeded`; the file analysis
 * catches it and returns what it found so far with a note.
 */
export class TimeBudget {
  private deadline: number;
  private calls = 0;
  exceeded = false;

  /**
   * `interrupted` is polled with the clock: a newer document version (LSP worker) stops the
   * analysis like an exhausted budget does.
   */
  constructor(
    readonly ms: number,
    private readonly interrupted?: () => boolean,
  ) {
    this.deadline = performance.now() + ms;
  }

  /** No limit (tests of the engine itself, benchmarks of the unbounded cost). */
  static unlimited(): TimeBudget {
    return new TimeBudget(Number.POSITIVE_INFINITY);
  }

  /** Give back time spent on work this budget does not cover (another module's summary). */
  extend(ms: number): void {
    this.deadline += ms;
  }

  check(): void {
    if (++this.calls % CHECK_EVERY !== 0) return;
    if (performance.now() <= this.deadline && !this.interrupted?.()) return;
    this.exceeded = true;
    throw new TimeBudgetExceeded(`time budget of ${this.ms} ms exceeded`);
  }
}
