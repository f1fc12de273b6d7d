import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import {
  type RunTestsOptions,
  runTaskTests,
  type TaskTestResult,
  type TestableTask,
} from "../../sandbox/testcase-runner.js";

/**
 * Runs task tests in parallel, one sandboxed python3 per task, bounded by the cores: the tests
 * are CPU-bound and each sandbox holds its own interpreter.
 */
export class TaskTestPool {
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly options: RunTestsOptions = {},
    concurrency = Math.max(1, availableParallelism()),
  ) {
    this.limit = pLimit(concurrency);
  }

  run(task: TestableTask, code: string): Promise<TaskTestResult> {
    return this.limit(() => runTaskTests(task, code, this.options));
  }
}
