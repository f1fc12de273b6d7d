import type { Finding } from "./finding.js";
import { mergeFindings } from "./merge.js";
import { applySuppressions } from "./suppression.js";

/**
 * What a user sees for one file: every backend's findings merged into one per problem, then the
 * `# seclsp: ignore[...]` comments applied. Merging first means a comment naming any of a merged
 * finding's reporters (`S608`, `py/sql-injection`, `bandit/B608`) hides that one problem, whichever
 * backend's report was kept. Used by the CLI, the editor, the workspace scan and fix verification.
 */
export function visibleFindings(text: string, findings: readonly Finding[]): Finding[] {
  return applySuppressions(text, mergeFindings(findings));
}
