/**
 * npm run bench:sandbox — throughput of SecCodePLT-style task tests in the sandbox.
 * Runs the fixture dataset's reference code (validate-dataset) and a synthetic set of 500 tasks
 * (one correct body each, 3 capability + 2 safety cases) with the default pool (one sandbox per
 * core). Prints tasks/s; writes bench/results/sandbox.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../server/src/bench/datasets/load-dataset.js";
import { TaskTestPool } from "../server/src/bench/unit-tests/task-test-pool.js";
import { validateDataset } from "../server/src/bench/unit-tests/validate-dataset.js";
import { availableIsolation } from "../server/src/sandbox/python-sandbox.js";
import type { TestableTask } from "../server/src/sandbox/testcase-runner.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const SYNTHETIC = Number(process.env.SECLSP_BENCH_TASKS ?? 500);

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

async function main(): Promise<void> {
  const fixture = await loadDataset(here("../test/fixtures/datasets/seccodeplt-format.jsonl"));
  const validation = await validateDataset(fixture.tasks);
  const pool = new TaskTestPool({ caseTimeoutSeconds: 5 });
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: SYNTHETIC }, (_, i) => syntheticTask(i)).map(({ task, code }) => pool.run(task, code)),
  );
  const seconds = (performance.now() - started) / 1000;
  const passed = results.filter((r) => r.allPassed).length;
  const isolation = availableIsolation();
  const summary = {
    cores: availableParallelism(),
    isolation,
    fixture: { tasks: fixture.tasks.length, runs: fixture.tasks.length * 2, tasksPerSecond: validation.tasksPerSecond },
    synthetic: { tasks: SYNTHETIC, allPassed: passed, seconds: Math.round(seconds * 10) / 10, tasksPerSecond: Math.round((SYNTHETIC / seconds) * 10) / 10 },
  };
  console.log("| set | tasks | sandboxes | tasks/s |\n|---|---|---|---|");
  console.log(`| fixture (validate-dataset: patched + vulnerable) | ${fixture.tasks.length} | ${fixture.tasks.length * 2} | ${validation.tasksPerSecond} |`);
  console.log(`| synthetic (5 cases each) | ${SYNTHETIC} | ${SYNTHETIC} | ${summary.synthetic.tasksPerSecond} |`);
  console.log(`isolation: network ${isolation.network ? "cut" : "NOT isolated"}, filesystem ${isolation.filesystem ? "read-only outside the task dir" : "NOT isolated"}; ${passed}/${SYNTHETIC} synthetic tasks passed`);
  mkdirSync(here("results"), { recursive: true });
  writeFileSync(here("results/sandbox.json"), `${JSON.stringify(summary, null, 2)}\n`);
}

await main();
