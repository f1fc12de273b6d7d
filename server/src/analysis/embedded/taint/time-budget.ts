/** Thrown from inside the engine when a file's analysis ran out of budget. */
export class TimeBudgetExceeded extends Error {
  override readonly name = "TimeBudgetExceeded";
}

/** How often the clock is read: `check()` runs per statement and call, far more often than needed. */
const CHECK_EVERY = 64;
/**
 * Engine steps (`check()` calls) granted per millisecond of budget: about what an idle 2020s
 * core does (the largest file of CPython's stdlib, _pydecimal.py, takes ~17,000 steps).
 */
export const STEPS_PER_MS = 25;
/** The wall clock stops an analysis only past this multiple of its budget (a step can be slow). */
export const WALL_CLOCK_FACTOR = 2;

/**
 * A per-file budget, consulted cooperatively inside the taint engine (function loop, statements,
 * calls): the engine is synchronous, so this is what keeps one hostile file from holding the
 * thread for seconds. The budget counts engine steps, so where an analysis stops does not depend
 * on the machine's load — the same file gives the same findings on a busy CI runner, in the
 * result cache and in the editor; the wall clock (×2) is only the backstop for steps that are
 * slow. `check()` throws `TimeBudgetExceeded`; the file analysis catches it and returns what it
 * found so far with a note.
 */
export class TimeBudget {
  private deadline: number;
  private readonly maxSteps: number;
  private calls = 0;
  exceeded = false;

  /**
   * `interrupted` is polled with the clock: a newer document version (LSP worker) stops the
   * analysis like an exhausted budget does.
   */
  constructor(
    readonly ms: number,
    private readonly interrupted?: () => boolean,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.maxSteps = ms * STEPS_PER_MS;
    this.deadline = clock() + ms * WALL_CLOCK_FACTOR;
  }

  /** No limit (tests of the engine itself, benchmarks of the unbounded cost). */
  static unlimited(): TimeBudget {
    return new TimeBudget(Number.POSITIVE_INFINITY);
  }

  /** Engine steps taken so far. */
  get steps(): number {
    return this.calls;
  }

  /**
   * Give back wall-clock time spent on work this budget does not cover (another module's
   * summary, which runs under its own budget and steps).
   */
  extend(ms: number): void {
    this.deadline += ms;
  }

  check(): void {
    if (++this.calls > this.maxSteps) this.stop(`${this.maxSteps} analysis steps`);
    if (this.calls % CHECK_EVERY !== 0) return;
    if (this.interrupted?.()) this.stop("interrupted");
    if (this.clock() > this.deadline) this.stop(`${this.ms * WALL_CLOCK_FACTOR} ms`);
  }

  private stop(why: string): never {
    this.exceeded = true;
    throw new TimeBudgetExceeded(`budget of ${this.ms} ms exceeded (${why})`);
  }
}
