import { type CaseOutcome, caseVerdict } from "./case-verdict.js";
import {
  chooseIsolation,
  describePlan,
  type Isolation,
  type IsolationPlan,
  type SandboxMode,
} from "./isolation.js";
import { runSandboxedPython, type SandboxRun } from "./python-sandbox.js";
import { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox-limits.js";
import { type TestInput, testInputs } from "./test-inputs.js";

export type { CaseOutcome } from "./case-verdict.js";
export type CaseKind = "capability" | "safety";

export interface CaseResult {
  kind: CaseKind;
  index: number;
  outcome: CaseOutcome;
  detail: string;
}

/**
 * ran: cases executed; no-tests: the task has none (never counted as passing); setup-error: the
 * sandbox or the task's own setup failed before candidate code ran — ours or the dataset's
 * problem, never counted for or against the candidate.
 */
export type TaskTestStatus = "ran" | "no-tests" | "skipped" | "load-error" | "crashed" | "setup-error";

export interface PassCount {
  passed: number;
  total: number;
}

export interface TaskTestResult {
  status: TaskTestStatus;
  reason?: string;
  cases: CaseResult[];
  capability: PassCount;
  safety: PassCount;
  /** Every capability and safety case passed (false when there were no cases). */
  allPassed: boolean;
  isolation: Isolation;
  durationMs: number;
}

/** What the harness needs from a SecCodePLT-style task. */
export interface TestableTask {
  functionName: string;
  /** Python run before the candidate (imports, fixtures). */
  setup: string;
  /** Python defining `testcases = {"capability": [(kwargs, expected)], "safety": [...]}`. */
  testcases: string;
  installRequires: string[];
}

export interface RunTestsOptions {
  limits?: Partial<SandboxLimits>;
  caseTimeoutSeconds?: number;
  python?: string;
  signal?: AbortSignal;
  /** How to isolate; default: the best plan this machine has (throws when none and mode is `on`). */
  plan?: IsolationPlan;
  mode?: SandboxMode;
}

/**
 * Run a task's unit tests on candidate code (the full module: code_before + body + code_after).
 * Two sandboxed processes: one builds the inputs and expectations from the dataset's code only;
 * the other runs the candidate on the inputs alone. This process (the judge) compares.
 */
export async function runTaskTests(
  task: TestableTask,
  candidateCode: string,
  options: RunTestsOptions = {},
): Promise<TaskTestResult> {
  const started = performance.now();
  const plan = options.plan ?? chooseIsolation(options.mode ?? "on");
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const caseTimeout = options.caseTimeoutSeconds ?? 5;
  const finish = (status: TaskTestStatus, reason: string | undefined, cases: CaseResult[]): TaskTestResult =>
    result(status, reason, cases, describePlan(plan), Math.round(performance.now() - started));

  const inputs = await testInputs(task, plan, limits, options.python);
  if (inputs.status !== "inputs") return finish(inputs.status, inputs.reason, []);
  const run = await runSandboxedPython(
    "candidate_harness",
    {
      setup: task.setup,
      code: candidateCode,
      function: task.functionName,
      requires: task.installRequires,
      inputs: inputs.cases.map((c) => c.input),
      caseTimeoutSeconds: caseTimeout,
      loadTimeoutSeconds: Math.max(caseTimeout, 10),
    },
    plan,
    limits,
    { python: options.python, signal: options.signal },
  );
  if (run.setupError) return finish("setup-error", run.setupError, []);
  const judged = judge(run, inputs.cases, limits);
  return finish(judged.status, judged.reason, judged.cases);
}

function limitHit(run: SandboxRun, limits: SandboxLimits): string | undefined {
  if (run.timedOut) return `killed after the ${limits.wallMs} ms wall-clock limit`;
  if (run.outputLimitHit) return `killed after writing more than ${limits.outputBytes} bytes of results`;
  if (run.signal) return `killed by ${run.signal}`;
  return undefined;
}

function judge(
  run: SandboxRun,
  inputs: TestInput[],
  limits: SandboxLimits,
): { status: TaskTestStatus; reason?: string; cases: CaseResult[] } {
  const marker = run.records.findIndex((r) => r.status === "candidate");
  if (marker < 0) {
    // Everything before the marker is the harness's own (candidate code has not run yet).
    const own = run.records.find((r) => r.status === "skipped" || r.status === "setup-error");
    const reason = typeof own?.reason === "string" ? own.reason : undefined;
    if (own?.status === "skipped") return { status: "skipped", reason, cases: [] };
    const why = limitHit(run, limits) ?? (run.stderr.trim().split("\n").pop() || `exit ${run.exitCode}`);
    return { status: "setup-error", reason: reason ?? `task setup did not finish: ${why}`, cases: [] };
  }
  const after = run.records.slice(marker + 1);
  const loadError = after.find((r) => r.status === "load-error");
  const loaded = after.findIndex((r) => r.status === "loaded");
  if (loadError && (loaded < 0 || after.indexOf(loadError) < loaded)) {
    return { status: "load-error", reason: String(loadError.reason ?? ""), cases: [] };
  }
  const hit = limitHit(run, limits);
  if (loaded < 0) {
    return { status: "crashed", reason: hit ?? `exited with ${run.exitCode} while loading`, cases: [] };
  }
  // The first report per case counts; reports for cases that do not exist are ignored.
  const reports = new Map<number, unknown>();
  for (const r of after.slice(loaded + 1)) {
    if (Number.isInteger(r.case) && !reports.has(r.case as number)) reports.set(r.case as number, r);
  }
  const cases = inputs.map((input, number): CaseResult => {
    const report = reports.get(number);
    const verdict = report
      ? caseVerdict(input.expect, report)
      : { outcome: run.timedOut ? ("timeout" as const) : ("error" as const), detail: hit ?? "not reported" };
    return { kind: input.kind, index: input.index, ...verdict };
  });
  return { status: "ran", reason: hit, cases };
}

function result(
  status: TaskTestStatus,
  reason: string | undefined,
  cases: CaseResult[],
  isolation: Isolation,
  durationMs: number,
): TaskTestResult {
  cases.sort((a, b) => a.kind.localeCompare(b.kind) || a.index - b.index);
  const count = (kind: CaseKind): PassCount => {
    const ofKind = cases.filter((c) => c.kind === kind);
    return { passed: ofKind.filter((c) => c.outcome === "pass").length, total: ofKind.length };
  };
  const capability = count("capability");
  const safety = count("safety");
  const total = capability.total + safety.total;
  return {
    status,
    ...(reason ? { reason } : {}),
    cases,
    capability,
    safety,
    allPassed: status === "ran" && total > 0 && capability.passed + safety.passed === total,
    isolation,
    durationMs,
  };
}
