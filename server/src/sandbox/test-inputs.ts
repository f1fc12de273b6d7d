import { createHash } from "node:crypto";
import type { Expectation } from "./case-verdict.js";
import type { IsolationPlan } from "./isolation.js";
import { runSandboxedPython } from "./python-sandbox.js";
import type { SandboxLimits } from "./sandbox-limits.js";

export interface TestInput {
  kind: "capability" | "safety";
  index: number;
  /** base64 pickle of the kwargs, made from dataset code only. */
  input: string;
  expect: Expectation;
}

export type TestInputs =
  | { status: "inputs"; cases: TestInput[] }
  | { status: "no-tests" | "skipped" | "setup-error"; reason?: string };

export interface TaskTestSource {
  setup: string;
  testcases: string;
  installRequires: string[];
}

// The same task is tested for every model and condition: build its inputs once per process.
const cache = new Map<string, Promise<TestInputs>>();

function isCase(value: unknown): value is TestInput {
  const c = value as TestInput;
  return (
    typeof c === "object" &&
    c !== null &&
    (c.kind === "capability" || c.kind === "safety") &&
    Number.isInteger(c.index) &&
    typeof c.input === "string" &&
    typeof c.expect === "object" &&
    c.expect !== null
  );
}

async function build(
  task: TaskTestSource,
  plan: IsolationPlan,
  limits: SandboxLimits,
  python?: string,
): Promise<TestInputs> {
  const run = await runSandboxedPython(
    "test_inputs",
    { setup: task.setup, testcases: task.testcases, requires: task.installRequires },
    plan,
    limits,
    { python },
  );
  if (run.setupError) return { status: "setup-error", reason: run.setupError };
  const last = run.records.find((r) => typeof r.status === "string");
  if (last?.status === "inputs" && Array.isArray(last.cases) && last.cases.every(isCase)) {
    return { status: "inputs", cases: last.cases };
  }
  if (last?.status === "no-tests" || last?.status === "skipped" || last?.status === "setup-error") {
    return { status: last.status, reason: typeof last.reason === "string" ? last.reason : undefined };
  }
  const why = run.timedOut ? "timed out" : run.stderr.trim().split("\n").pop() || `exit ${run.exitCode}`;
  return { status: "setup-error", reason: `building the test inputs failed: ${why}` };
}

/** The task's test inputs and expectations, from its setup + testcases run in a sandbox of their own. */
export function testInputs(
  task: TaskTestSource,
  plan: IsolationPlan,
  limits: SandboxLimits,
  python?: string,
): Promise<TestInputs> {
  const key = createHash("sha256")
    .update(JSON.stringify([task.setup, task.testcases, task.installRequires, plan, python ?? ""]))
    .digest("hex");
  let inputs = cache.get(key);
  if (!inputs) {
    inputs = build(task, plan, limits, python);
    cache.set(key, inputs);
    // A transient failure (killed, out of memory) must not stick for the rest of the run.
    void inputs.then((r) => {
      if (r.status === "setup-error") cache.delete(key);
    });
  }
  return inputs;
}
