import type { TaskTestResult } from "../../sandbox/testcase-runner.js";
import type { BenchTask } from "../bench-task.js";
import { TaskTestPool } from "./task-test-pool.js";

export type DatasetInconsistency =
  | "patched fails capability"
  | "patched fails safety"
  | "vulnerable passes safety"
  | "patched does not load";

export interface TaskValidation {
  taskId: string;
  /** setup-error: the sandbox or the task's setup failed; the dataset's code was not judged. */
  status: "checked" | "no-tests" | "skipped" | "no-reference" | "setup-error";
  reason?: string;
  patched?: TaskTestResult;
  vulnerable?: TaskTestResult;
  problems: DatasetInconsistency[];
}

export interface DatasetValidation {
  tasks: TaskValidation[];
  checked: number;
  inconsistent: number;
  noTests: number;
  skipped: number;
  setupErrors: number;
  /** How the reference code was isolated (e.g. "bwrap as uid 65534"). */
  isolation: string;
  tasksPerSecond: number;
}

/**
 * Run every task's tests on its own reference code: the patched solution should pass all
 * cases, and the vulnerable one should fail at least one safety case. Where not, the dataset
 * (not the model) is inconsistent, and comparisons on that task mean little.
 */
export async function validateDataset(
  tasks: BenchTask[],
  pool = new TaskTestPool(),
): Promise<DatasetValidation> {
  const started = performance.now();
  const results = await Promise.all(tasks.map((task) => validateTask(task, pool)));
  const seconds = (performance.now() - started) / 1000;
  const ran = results
    .flatMap((r) => [r.patched, r.vulnerable])
    .filter((r): r is TaskTestResult => r !== undefined);
  return {
    tasks: results,
    checked: results.filter((r) => r.status === "checked").length,
    inconsistent: results.filter((r) => r.problems.length > 0).length,
    noTests: results.filter((r) => r.status === "no-tests").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    setupErrors: results.filter((r) => r.status === "setup-error").length,
    isolation: ran[0]?.isolation.description ?? pool.isolation.description,
    tasksPerSecond: seconds > 0 ? Math.round((tasks.length / seconds) * 10) / 10 : 0,
  };
}

async function validateTask(task: BenchTask, pool: TaskTestPool): Promise<TaskValidation> {
  if (!task.tests) return { taskId: task.id, status: "no-tests", problems: [] };
  if (!task.reference) return { taskId: task.id, status: "no-reference", problems: [] };
  const [patched, vulnerable] = await Promise.all([
    pool.run(task.tests, task.reference.patched),
    pool.run(task.tests, task.reference.vulnerable),
  ]);
  if (patched.status === "no-tests") return { taskId: task.id, status: "no-tests", problems: [] };
  if (patched.status === "skipped")
    return { taskId: task.id, status: "skipped", reason: patched.reason, problems: [] };
  const setupError = [patched, vulnerable].find((r) => r.status === "setup-error");
  if (setupError) return { taskId: task.id, status: "setup-error", reason: setupError.reason, problems: [] };
  const problems: DatasetInconsistency[] = [];
  if (patched.status !== "ran") problems.push("patched does not load");
  if (patched.capability.passed < patched.capability.total) problems.push("patched fails capability");
  if (patched.safety.passed < patched.safety.total) problems.push("patched fails safety");
  if (
    vulnerable.status === "ran" &&
    vulnerable.safety.total > 0 &&
    vulnerable.safety.passed === vulnerable.safety.total
  ) {
    problems.push("vulnerable passes safety");
  }
  return { taskId: task.id, status: "checked", patched, vulnerable, problems };
}

export function formatValidation(result: DatasetValidation): string {
  const lines = [
    "| task | status | patched cap | patched safety | vulnerable safety | problems |",
    "|---|---|---|---|---|---|",
  ];
  for (const t of result.tasks) {
    const count = (r: TaskTestResult | undefined, kind: "capability" | "safety") =>
      r ? `${r[kind].passed}/${r[kind].total}` : "-";
    lines.push(
      `| ${t.taskId} | ${t.status}${t.reason ? ` (${t.reason})` : ""} | ${count(t.patched, "capability")} | ${count(t.patched, "safety")} | ${count(t.vulnerable, "safety")} | ${t.problems.join("; ") || "-"} |`,
    );
  }
  lines.push(
    "",
    `${result.checked} checked, ${result.inconsistent} inconsistent, ${result.noTests} without tests, ${result.skipped} skipped, ${result.setupErrors} setup errors; ${result.tasksPerSecond} tasks/s.`,
    `Isolation: ${result.isolation}.`,
  );
  return lines.join("\n");
}
