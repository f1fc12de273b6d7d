/**
 * npm run perf:sandbox — cost of running SecCodePLT-style task tests in the sandbox.
 *
 * 1. Per-task latency, one at a time, under every isolation plan this machine has (and
 *    `--tests unsafe` as the no-namespace baseline): a new task (inputs built in one sandbox,
 *    the candidate run in another) and the same task again (inputs cached: one sandbox).
 * 2. Throughput: the fixture dataset's reference code (validate-dataset) and a synthetic set of
 *    tasks (3 capability + 2 safety cases each) with the default pool (one sandbox per core).
 * Prints Markdown; writes perf/results/sandbox.json. SECLSP_BENCH_TASKS (default 200) and
 * SECLSP_BENCH_REPEAT (default 20) size the runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../server/src/bench/datasets/load-dataset.js";
import { TaskTestPool } from "../server/src/bench/unit-tests/task-test-pool.js";
import { validateDataset } from "../server/src/bench/unit-tests/validate-dataset.js";
import { describePlan, type IsolationPlan, workingPlans } from "../server/src/sandbox/isolation.js";
import { runTaskTests, type TestableTask } from "../server/src/sandbox/testcase-runner.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SYNTHETIC = Number(process.env.SECLSP_BENCH_TASKS ?? 200);
const REPEAT = Number(process.env.SECLSP_BENCH_REPEAT ?? 20);

function syntheticTask(i: number): { task: TestableTask; code: string } {
  return {
    task: {
      functionName: `clamp_${i}`,
      setup: `LIMIT = ${100 + i}`,
      testcases: `testcases = {"capability": [({"x": 1}, 1), ({"x": ${200 + i}}, ${100 + i}), ({"x": 0}, 0)], "safety": [({"x": -1}, ValueError), ({"x": "a"}, TypeError)]}`,
      installRequires: [],
    },
    code: `def clamp_${i}(x):\n    if not isinstance(x, int):\n        raise TypeError("int")\n    if x < 0:\n        raise ValueError("negative")\n    return min(x, LIMIT)\n`,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
}

async function timed(plan: IsolationPlan, task: TestableTask, code: string): Promise<number> {
  const started = performance.now();
  const result = await runTaskTests(task, code, { plan });
  if (!result.allPassed)
    throw new Error(`bench task failed under ${plan.tool}: ${result.status} ${result.reason ?? ""}`);
  return performance.now() - started;
}

async function latency(
  plan: IsolationPlan,
  offset: number,
): Promise<{ newTaskMs: number; repeatMs: number }> {
  const fresh: number[] = [];
  const repeat: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const { task, code } = syntheticTask(offset + i);
    fresh.push(await timed(plan, task, code));
    repeat.push(await timed(plan, task, code));
  }
  return { newTaskMs: median(fresh), repeatMs: median(repeat) };
}

async function main(): Promise<void> {
  const plans: IsolationPlan[] = [...workingPlans(), { tool: "none" }];
  const perPlan = [];
  for (const [n, plan] of plans.entries()) {
    perPlan.push({ plan: describePlan(plan).description, ...(await latency(plan, 10_000 * (n + 1))) });
  }
  const fixture = await loadDataset(here("../test/fixtures/datasets/seccodeplt-format.jsonl"));
  const pool = new TaskTestPool({ caseTimeoutSeconds: 5 });
  const validation = await validateDataset(fixture.tasks, pool);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: SYNTHETIC }, (_, i) => syntheticTask(i)).map(({ task, code }) =>
      pool.run(task, code),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const passed = results.filter((r) => r.allPassed).length;
  const summary = {
    cores: availableParallelism(),
    isolation: pool.isolation,
    latency: perPlan,
    fixture: {
      tasks: fixture.tasks.length,
      runs: fixture.tasks.length * 2,
      tasksPerSecond: validation.tasksPerSecond,
    },
    synthetic: {
      tasks: SYNTHETIC,
      allPassed: passed,
      seconds: Math.round(seconds * 10) / 10,
      tasksPerSecond: Math.round((SYNTHETIC / seconds) * 10) / 10,
    },
  };
  console.log(`Per-task latency, one at a time (median of ${REPEAT}; 5 cases per task):\n`);
  console.log(
    "| isolation | new task (2 sandboxes) ms | same task again (inputs cached) ms |\n|---|---|---|",
  );
  for (const row of perPlan) console.log(`| ${row.plan} | ${row.newTaskMs} | ${row.repeatMs} |`);
  console.log(
    `\nThroughput with the default pool (${summary.cores} cores, ${pool.isolation.description}):\n`,
  );
  console.log("| set | tasks | tasks/s |\n|---|---|---|");
  console.log(
    `| fixture (validate-dataset: patched + vulnerable) | ${fixture.tasks.length} | ${validation.tasksPerSecond} |`,
  );
  console.log(`| synthetic (5 cases each, new tasks) | ${SYNTHETIC} | ${summary.synthetic.tasksPerSecond} |`);
  console.log(`\n${passed}/${SYNTHETIC} synthetic tasks passed.`);
  mkdirSync(here("results"), { recursive: true });
  writeFileSync(here("results/sandbox.json"), `${JSON.stringify(summary, null, 2)}\n`);
}

await main();
