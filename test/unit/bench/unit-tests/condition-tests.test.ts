import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../../server/src/analysis/finding.js";
import type { BenchWorkflows } from "../../../../server/src/bench/bench-workflows.js";
import { runCondition } from "../../../../server/src/bench/condition-runner.js";
import { loadDataset } from "../../../../server/src/bench/datasets/load-dataset.js";
import { testOutcomeTable } from "../../../../server/src/bench/report/test-outcome-table.js";
import type { ResultRow } from "../../../../server/src/bench/result-row.js";
import { TaskTestPool } from "../../../../server/src/bench/unit-tests/task-test-pool.js";
import type {
  GenerateResult,
  RepairResult,
  WorkflowContext,
} from "../../../../server/src/workflows/types.js";

const fixture = fileURLToPath(new URL("../../../fixtures/datasets/seccodeplt-format.jsonl", import.meta.url));

const PICKLE_BODY =
  "import pickle\n\ndef restore_settings(blob: bytes) -> dict:\n    return pickle.loads(blob)\n";
const JSON_BODY =
  "import json\n\ndef restore_settings(blob: bytes) -> dict:\n    value = json.loads(blob)\n    if not isinstance(value, dict):\n        raise ValueError('not an object')\n    return value\n";
const BROKEN_BODY = "def restore_settings(blob: bytes) -> dict:\n    return {}\n";
const pickleFinding = { ruleId: "py/unsafe-deserialization", cwes: ["CWE-502"] } as Finding;

/** Scripted workflows: vanilla writes pickle; repair switches to json (or breaks the function). */
function workflows(repairCode: string): BenchWorkflows {
  return {
    generate: async (): Promise<GenerateResult> => ({
      code: PICKLE_BODY,
      hints: [],
      findings: [pickleFinding],
      conversation: [],
      calls: [],
    }),
    repair: async (): Promise<RepairResult> => ({
      rounds: [
        {
          round: 1,
          feedback: "f",
          code: repairCode,
          findings: [],
          resolved: true,
          introduced: [],
          calls: [],
        },
      ],
      code: repairCode,
      findings: [],
      verified: true,
    }),
  } as unknown as BenchWorkflows;
}

async function run(repairCode: string): Promise<{ vanilla: ResultRow; repaired: ResultRow }> {
  const dataset = await loadDataset(fixture);
  const task = dataset.tasks.find((t) => t.functionName === "restore_settings")!;
  const common = {
    task,
    model: "m",
    analyzer: "embedded",
    ctx: {} as WorkflowContext,
    workflows: workflows(repairCode),
    rounds: 1,
    iterativeFeedback: "direct" as const,
    tests: new TaskTestPool({ caseTimeoutSeconds: 5 }),
  };
  const [vanilla] = await runCondition({ ...common, condition: "vanilla", state: {} });
  const [repaired] = await runCondition({ ...common, condition: "repair-direct", state: { vanilla } });
  return { vanilla: vanilla!, repaired: repaired! };
}

describe("bench rows carry SecCodePLT test outcomes", () => {
  it("vanilla pickle code fails both kinds (JSON input is not a pickle); the json repair passes everything", async () => {
    const { vanilla, repaired } = await run(JSON_BODY);
    expect(vanilla.tests).toMatchObject({
      status: "ran",
      capability: { passed: 0, total: 1 },
      safety: { passed: 0, total: 1 },
      allPassed: false,
    });
    expect(repaired.tests).toMatchObject({ status: "ran", allPassed: true });
    const table = testOutcomeTable({
      models: ["m"],
      datasets: [vanilla.dataset],
      codeConditions: () => ["vanilla", "repair-direct"],
      final: (_m, _d, c) => (c === "vanilla" ? [vanilla] : [repaired]),
    });
    expect(table?.rows).toEqual([
      [vanilla.dataset, "m", "vanilla", "100.0%", "100.0%", "1", "0.0%", "0.0%", "0.0%", "0 / 0 / 0"],
      [
        vanilla.dataset,
        "m",
        "repair-direct",
        "0.0%",
        "0.0%",
        "1",
        "100.0%",
        "100.0%",
        "100.0% (before 0.0%)",
        "0 / 0 / 0",
      ],
    ]);
  });

  it("a row whose tests could not be set up shows as a setup error, not as tested or failing", async () => {
    const { vanilla } = await run(JSON_BODY);
    const unset = {
      ...vanilla,
      tests: { ...vanilla.tests!, status: "setup-error" as const, allPassed: false },
    };
    const table = testOutcomeTable({
      models: ["m"],
      datasets: [vanilla.dataset],
      codeConditions: () => ["vanilla"],
      final: () => [unset],
    });
    expect(table?.rows[0]?.slice(5)).toEqual(["0", "–", "–", "–", "0 / 0 / 1"]);
  });

  it("a repair that deletes the feature is secure but not correct", async () => {
    const { repaired } = await run(BROKEN_BODY);
    expect(repaired.findings).toEqual([]);
    expect(repaired.tests?.capability).toEqual({ passed: 0, total: 1 });
    expect(repaired.tests?.allPassed).toBe(false);
  });
});
