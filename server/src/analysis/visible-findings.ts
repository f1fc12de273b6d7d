import type { Finding } from "./finding.js";
import { stableFingerprints } from "./fingerprint.js";
import { mergeFindings } from "./merge.js";
import { applySuppressions } from "./suppression.js";

/**
 * What a user sees for one file: every backend's findings merged into one per problem, then the
 * `# seclsp: ignore[...]` comments applied. Merging first means a comment naming any of a merged
 * finding's reporters (`S608`, `py/sql-injection`, `bandit/B608`) hides that one problem, whichever
 * backend's report was kept. Fingerprints are then made stable (fingerprint.ts), so every consumer
 * sees the same ids whichever backend reported. Used by the CLI, the editor, the workspace scan and fix verification.
 */
export function visibleFindings(text: string, findings: readonly Finding[]): Finding[] {
  return stableFingerprints(text, applySuppressions(text, mergeFindings(findings)));
}
