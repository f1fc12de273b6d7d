import type { FindingSource, ReporterTool } from "../../analysis/finding.js";
import { allRules } from "../../analysis/rules/rule-registry.js";
import type { BenchTask } from "../bench-task.js";
import { CODEQL_SECURITY_EXTENDED_CWES } from "./codeql-cwes.js";

/** The set of CWEs an analyzer can detect at all (the paper's coverage filter). */
export function analyzerCoverage(analyzer: FindingSource): Set<string> {
  switch (analyzer) {
    case "codeql":
      return new Set(CODEQL_SECURITY_EXTENDED_CWES);
    case "bandit":
      return cwesReportedBy(["bandit"]);
    case "embedded":
      // The embedded analyzer's two engines.
      return cwesReportedBy(["ruff", "taint"]);
  }
}

/** CWEs of every registry problem one of `tools` reports. */
function cwesReportedBy(tools: ReporterTool[]): Set<string> {
  return new Set(
    allRules()
      .filter((rule) => rule.aliases.some((a) => tools.includes(a.tool)))
      .flatMap((rule) => rule.cwes),
  );
}

export interface CoverageReport {
  kept: number;
  dropped: number;
  /** Target CWEs whose tasks were dropped, with how many tasks each. Sorted by CWE number. */
  droppedCwes: Array<{ cwe: string; tasks: number }>;
}

/**
 * Keep tasks whose target CWE at least one of the chosen analyzers can detect, like the paper
 * dropped the SecCodePLT CWEs CodeQL does not cover.
 */
export function applyCoverageFilter(
  tasks: BenchTask[],
  coverage: Set<string>,
): { tasks: BenchTask[]; report: CoverageReport } {
  const kept: BenchTask[] = [];
  const droppedByCwe = new Map<string, number>();
  for (const task of tasks) {
    if (coverage.has(task.targetCwe)) kept.push(task);
    else droppedByCwe.set(task.targetCwe, (droppedByCwe.get(task.targetCwe) ?? 0) + 1);
  }
  const droppedCwes = [...droppedByCwe.entries()]
    .map(([cwe, count]) => ({ cwe, tasks: count }))
    .sort((a, b) => cweNumber(a.cwe) - cweNumber(b.cwe));
  return {
    tasks: kept,
    report: { kept: kept.length, dropped: tasks.length - kept.length, droppedCwes },
  };
}

export function cweNumber(cwe: string): number {
  return Number(/\d+/.exec(cwe)?.[0] ?? Number.MAX_SAFE_INTEGER);
}
