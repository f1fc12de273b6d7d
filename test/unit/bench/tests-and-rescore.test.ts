import { describe, expect, it } from "vitest";
import type { BenchTask } from "../../../server/src/bench/bench-task.js";
import { runCondition } from "../../../server/src/bench/condition-runner.js";
import { secCodePltTask } from "../../../server/src/bench/datasets/seccodeplt.js";
import { securityEvalTask } from "../../../server/src/bench/datasets/securityeval.js";
import type { RunManifest } from "../../../server/src/bench/manifest.js";
import { testOutcomeTable } from "../../../server/src/bench/report/test-outcome-table.js";
import { rescoreThreatModel } from "../../../server/src/bench/rescore.js";
import type { ResultRow } from "../../../server/src/bench/result-row.js";
import type { TaskTestPool } from "../../../server/src/bench/unit-tests/task-test-pool.js";
import type { ChatModel, RoleName } from "../../../server/src/llm/types.js";
import type { TaskTestResult } from "../../../server/src/sandbox/testcase-runner.js";
import type { WorkflowContext } from "../../../server/src/workflows/types.js";
import { fakeWorkflows } from "../../bench/helpers/fake-workflows.js";

const ORIGIN = { file: "d.jsonl", line: 1, dataset: "SecCodePLT" };
const DESCRIPTION = { function_name: "f", description: "Return x doubled.", arguments: "- x: int" };

function model(role: RoleName, code: string): ChatModel {
  return {
    role,
    model: "m",
    async complete() {
      return {
        text: `\`\`\`python\n${code}\`\`\`\n`,
        call: {
          role,
          model: "m",
          usage: { promptTokens: 1, completionTokens: 1 },
          cached: false,
          latencyMs: 0,
        },
      };
    },
  };
}

const ctx: WorkflowContext = {
  models: {
    generator: model("generator", "def f(x):\n    return 2 * x\n"),
    explainer: model("explainer", ""),
    judge: model("judge", ""),
  },
  analyze: async () => [],
};

/** A sandbox pool that records what it was asked to run and reports every case passing. */
function recordingPool(): { pool: TaskTestPool; runs: string[] } {
  const runs: string[] = [];
  const pool = {
    async run(_task: unknown, code: string): Promise<TaskTestResult> {
      runs.push(code);
      return {
        status: "ran",
        cases: [],
        capability: { passed: 1, total: 1 },
        safety: { passed: 1, total: 1 },
        allPassed: true,
        isolation: { network: true },
        durationMs: 0,
      } as unknown as TaskTestResult;
    },
  } as unknown as TaskTestPool;
  return { pool, runs };
}

async function vanilla(task: BenchTask, pool: TaskTestPool | undefined): Promise<ResultRow[]> {
  return runCondition({
    condition: "vanilla",
    task,
    model: "m",
    analyzer: "embedded",
    ctx,
    workflows: fakeWorkflows,
    state: {},
    rounds: 1,
    iterativeFeedback: "direct",
    ...(pool ? { tests: pool } : {}),
  });
}

describe("SecCodePLT tasks without unit tests", () => {
  const untested = secCodePltTask({ CWE_ID: "20", task_description: DESCRIPTION, index: 1 }, ORIGIN);
  const tested = secCodePltTask(
    {
      CWE_ID: "20",
      task_description: DESCRIPTION,
      unittest: { setup: "", testcases: "testcases = {'capability': [({'x': 1}, 2)], 'safety': []}" },
      index: 2,
    },
    ORIGIN,
  );

  it("are recorded as 'no tests' (not silently untested) and nothing is run for them", async () => {
    const { pool, runs } = recordingPool();
    const [row] = await vanilla(untested, pool);
    expect(row!.tests).toMatchObject({ status: "no-tests", allPassed: false });
    expect(runs).toEqual([]);
    const [ran] = await vanilla(tested, pool);
    expect(ran!.tests).toMatchObject({ status: "ran", allPassed: true });
    expect(runs).toHaveLength(1);
  });

  it("show up in the unit-tests table's 'No tests' column and never as passing", async () => {
    const { pool } = recordingPool();
    const rows = [...(await vanilla(untested, pool)), ...(await vanilla(tested, pool))];
    const table = testOutcomeTable({
      models: ["m"],
      datasets: ["SecCodePLT"],
      codeConditions: () => ["vanilla"],
      final: () => rows,
    });
    expect(table?.rows).toEqual([
      ["SecCodePLT", "m", "vanilla", "0.0%", "0.0%", "1", "100.0%", "100.0%", "100.0%", "1 / 0 / 0"],
    ]);
  });

  it("with --tests off, or for SecurityEval (no tests in the format), rows carry no test outcome", async () => {
    expect((await vanilla(untested, undefined))[0]!.tests).toBeUndefined();
    const stub = securityEvalTask({ ID: "CWE-020_a_1.py", Prompt: "def f(x):\n    '''x'''\n" }, ORIGIN);
    expect((await vanilla(stub, recordingPool().pool))[0]!.tests).toBeUndefined();
  });
});

describe("bench rescore's threat model", () => {
  const manifest = (threatModel: unknown) => ({ threatModel }) as unknown as RunManifest;

  it("defaults to the run's, so the label matches what was analyzed; --threat-model wins", () => {
    expect(rescoreThreatModel(undefined, manifest("library"))).toBe("library");
    expect(rescoreThreatModel(undefined, manifest("local"))).toBe("local");
    expect(rescoreThreatModel("remote", manifest("library"))).toBe("remote");
    expect(rescoreThreatModel(undefined, manifest(undefined))).toBe("remote");
    expect(() => rescoreThreatModel(undefined, manifest("everything"))).toThrow(/pass --threat-model/);
  });
});
