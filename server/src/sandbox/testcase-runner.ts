import { DEFAULT_LIMITS, type Isolation, runHarness, type SandboxLimits } from "./python-sandbox.js";

export type CaseKind = "capability" | "safety";
export type CaseOutcome = "pass" | "fail" | "error" | "timeout";

export interface CaseResult {
  kind: CaseKind;
  index: number;
  outcome: CaseOutcome;
  detail: string;
}

/** ran: cases executed; no-tests: the task has none (never counted as passing). */
export type TaskTestStatus = "ran" | "no-tests" | "skipped" | "load-error" | "crashed";

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
}

/** Run a task's unit tests on candidate code (the full module: code_before + body + code_after). */
export async function runTaskTests(
  task: TestableTask,
  candidateCode: string,
  options: RunTestsOptions = {},
): Promise<TaskTestResult> {
  const started = performance.now();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const caseTimeout = options.caseTimeoutSeconds ?? 5;
  const run = await runHarness(
    {
      setup: task.setup,
      code: candidateCode,
      testcases: task.testcases,
      function: task.functionName,
      requires: task.installRequires,
      caseTimeoutSeconds: caseTimeout,
      loadTimeoutSeconds: Math.max(caseTimeout, 10),
    },
    limits,
    { python: options.python, signal: options.signal },
  );
  const cases: CaseResult[] = [];
  let status: TaskTestStatus = "crashed";
  let reason: string | undefined;
  let expected: Record<CaseKind, number> = { capability: 0, safety: 0 };
  for (const record of run.records) {
    if (record.kind === "capability" || record.kind === "safety") {
      cases.push({
        kind: record.kind,
        index: Number(record.index),
        outcome: record.outcome as CaseOutcome,
        detail: String(record.detail ?? ""),
      });
    } else if (record.status === "started") {
      status = "ran";
      expected = { capability: Number(record.capability), safety: Number(record.safety) };
    } else if (typeof record.status === "string" && record.status !== "done") {
      status = record.status as TaskTestStatus;
      reason = typeof record.reason === "string" ? record.reason : undefined;
    }
  }
  const limitHit = run.timedOut
    ? `killed after the ${limits.wallMs} ms wall-clock limit`
    : run.outputLimitHit
      ? `killed after printing more than ${limits.outputBytes} bytes`
      : run.signal
        ? `killed by ${run.signal}`
        : undefined;
  if (status === "ran") {
    // Cases the process never reached (killed by a limit) count as failures of that limit.
    for (const kind of ["capability", "safety"] as const) {
      for (let index = 0; index < expected[kind]; index++) {
        if (!cases.some((c) => c.kind === kind && c.index === index)) {
          cases.push({
            kind,
            index,
            outcome: run.timedOut ? "timeout" : "error",
            detail: limitHit ?? "not reported",
          });
        }
      }
    }
    if (limitHit) reason = limitHit;
  } else if (status === "crashed") {
    reason = limitHit ?? `harness exited with ${run.exitCode}: ${run.stderr.trim().split("\n").pop() ?? ""}`;
  }
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
    reason,
    cases,
    capability,
    safety,
    allPassed: status === "ran" && total > 0 && capability.passed + safety.passed === total,
    isolation: run.isolation,
    durationMs: Math.round(performance.now() - started),
  };
}
