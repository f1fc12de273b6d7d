import type { CheckFindings } from "../checks/check-finding.js";
import type { ImportMap } from "../taint/imports.js";
import type { PyNode, SyntaxTree } from "../taint/syntax-tree.js";
import { analyzeRegex, isRegexCached } from "./regex-analysis.js";

/** Analysis time per file for uncached patterns; one pattern takes ~1 ms, a bounded worst ~200 ms. */
export const REGEX_FILE_BUDGET_MS = 300;

import { findRegexUses } from "./regex-uses.js";

/** A pattern the analysis skipped: the node and why (becomes a 'not analyzed' note). */
export interface SkippedRegex {
  node: PyNode;
  reason: string;
}

/**
 * `py/redos`, `py/bad-tag-filter`, `py/overly-large-range` and `py/incomplete-hostname-regexp`
 * on every pattern given to an `re` function as a literal (or a name with one literal value),
 * reported at the literal. Returns the patterns that could not be analyzed.
 */
export function runRegexChecks(
  tree: SyntaxTree,
  imports: ImportMap,
  constants: Map<string, PyNode>,
  findings: CheckFindings,
  calls: readonly PyNode[],
  budgetMs = REGEX_FILE_BUDGET_MS,
): SkippedRegex[] {
  const skipped = new Map<PyNode, string>();
  const deadline = performance.now() + budgetMs;
  for (const use of findRegexUses(tree, imports, constants, calls)) {
    // Past the file's budget only cached patterns are answered: many slow patterns cannot add up.
    if (performance.now() > deadline && !isRegexCached(use.pattern, use.flags, use.anchoredAtStart)) {
      skipped.set(use.literal, `time budget of ${budgetMs} ms for this file's regular expressions exceeded`);
      continue;
    }
    const analysis = analyzeRegex(use.pattern, use.flags, use.anchoredAtStart);
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
