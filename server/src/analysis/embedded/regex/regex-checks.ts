import type { CheckFindings } from "../checks/check-finding.js";
import type { PyNode } from "../taint/syntax-tree.js";
import type { RegexLedger } from "./regex-ledger.js";

/** A pattern the analysis skipped: the node and why (becomes a 'not analyzed' note). */
export interface SkippedRegex {
  node: PyNode;
  reason: string;
}

/**
 * `py/redos`, `py/bad-tag-filter`, `py/overly-large-range` and `py/incomplete-hostname-regexp`
 * on every pattern given to an `re` function as a literal (or a name with one literal value),
 * reported at the literal. Returns the patterns that could not be analyzed, among them those past
 * the file's work budget (the ledger's: deterministic, not the clock).
 */
export function runRegexChecks(ledger: RegexLedger, findings: CheckFindings): SkippedRegex[] {
  const skipped = new Map<PyNode, string>();
  for (const { use, analysis } of ledger.uses) {
    if (!analysis) {
      skipped.set(
        use.literal,
        `this file's regular expressions exceed their analysis budget (${ledger.units} units)`,
      );
      continue;
    }
    if (analysis.incompleteHost)
      findings.emit("py/incomplete-hostname-regexp", use.literal, analysis.incompleteHost);
    if (analysis.status !== "analyzed") {
      skipped.set(use.literal, analysis.reason);
      continue;
    }
    const { backtracking } = analysis;
    if (backtracking.kind === "exponential")
      findings.emit("py/redos", use.literal, backtracking.part ?? "?", backtracking.repeated ?? "?");
    if (analysis.badTag) findings.emit("py/bad-tag-filter", use.literal, analysis.badTag);
    const range = analysis.overlyLargeRanges[0];
    if (range) findings.emit("py/overly-large-range", use.literal, range);
  }
  return [...skipped].map(([node, reason]) => ({ node, reason }));
}
