import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import { removeStaleWorkdirs } from "../../sandbox/host-workdir.js";
import {
  chooseIsolation,
  describePlan,
  type Isolation,
  type IsolationPlan,
} from "../../sandbox/isolation.js";
import {
  type RunTestsOptions,
  runTaskTests,
  type TaskTestResult,
  type TestableTask,
} from "../../sandbox/testcase-runner.js";

/**
 * Runs task tests in parallel, sandboxed, bounded by the cores: the tests are CPU-bound and each
 * sandbox holds its own interpreter. The isolation is chosen once, when the pool is made: with
 * mode `on` (default) and no working isolation the constructor throws with what is missing, so a
 * bench refuses to start instead of running model code unisolated.
 */
export class TaskTestPool {
  private readonly limit: ReturnType<typeof pLimit>;
  readonly plan: IsolationPlan;
  private cleanup: Promise<unknown> | undefined;

  constructor(
    private readonly options: RunTestsOptions = {},
    concurrency = Math.max(1, availableParallelism()),
  ) {
    this.limit = pLimit(concurrency);
    this.plan = options.plan ?? chooseIsolation(options.mode ?? "on");
  }

  get isolation(): Isolation {
    return describePlan(this.plan);
  }

  async run(task: TestableTask, code: string): Promise<TaskTestResult> {
    // Work dirs a SIGKILLed earlier run left behind (only unsafe mode makes them).
    this.cleanup ??= removeStaleWorkdirs();
    await this.cleanup;
    return this.limit(() => runTaskTests(task, code, { ...this.options, plan: this.plan }));
  }
}
