import type { TestableTask } from "../../sandbox/testcase-runner.js";

/** The reference solutions a SecCodePLT row ships (code_before + body + code_after). */
export interface ReferenceCode {
  vulnerable: string;
  patched: string;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The unit tests of a SecCodePLT row, or undefined when it has none (no `unittest.testcases`).
 * Tasks with an empty test list are still returned: the harness reports them as "no-tests".
 */
export function testableTaskFromRow(row: Record<string, unknown>): TestableTask | undefined {
  const unittest = record(row.unittest);
  const testcases = text(unittest.testcases);
  const functionName = text(record(row.task_description).function_name).trim();
  if (testcases.trim() === "" || functionName === "") return undefined;
  const requires = Array.isArray(row.install_requires)
    ? row.install_requires.filter((r) => typeof r === "string")
    : [];
  return { functionName, setup: text(unittest.setup), testcases, installRequires: requires as string[] };
}

export function referenceCodeFromRow(row: Record<string, unknown>): ReferenceCode | undefined {
  const truth = record(row.ground_truth);
  const before = text(truth.code_before);
  const after = text(truth.code_after);
  if (!("vulnerable_code" in truth) || !("patched_code" in truth)) return undefined;
  return {
    vulnerable: `${before}${text(truth.vulnerable_code)}${after}\n`,
    patched: `${before}${text(truth.patched_code)}${after}\n`,
  };
}
