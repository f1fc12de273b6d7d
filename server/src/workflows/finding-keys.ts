import type { Finding } from "../analysis/finding.js";

/**
 * Location-insensitive identity of a finding for the repair loop: code moves when the model
 * rewrites it, so "the same finding" means the same rule and CWEs, counted as a multiset. (To
 * name one shown finding — a diagnostic, a command argument — use FindingRef in finding-ref.ts.)
 */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}|${[...finding.cwes].sort().join(",")}`;
}

export function countByKey(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return counts;
}

/** Findings in `after` beyond what `before` had of the same key (the extra occurrences). */
export function newFindings(before: Finding[], after: Finding[]): Finding[] {
  const budget = countByKey(before);
  const extra: Finding[] = [];
  for (const f of after) {
    const key = findingKey(f);
    const left = budget.get(key) ?? 0;
    if (left > 0) budget.set(key, left - 1);
    else extra.push(f);
  }
  return extra;
}
