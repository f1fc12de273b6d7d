import type { Severity } from "../finding.js";
import type { ProblemRule } from "../rules/problem-rule.js";
import { allRules, ruleForAlias } from "../rules/rule-registry.js";

/**
 * What a Bandit test id means for us: a view of the rule registry (analysis/rules/). A Bandit test
 * is the same check as ruff's S rule of the same number, so it reports the same problem, with the
 * same id, CWEs and severity (B608 → `ruff/S608`, B201 → `py/flask-debug`). Bandit's own
 * `issue_cwe` is not used: its table disagrees with CodeQL's for 26 shared checks.
 */
export interface BanditRuleMapping {
  ruleId: string;
  cwes: string[];
  severity: Severity;
  securitySeverity?: number;
  helpUri: string;
}

const BANDIT_PLUGINS = "https://bandit.readthedocs.io/en/latest/plugins/index.html";

function toMapping(rule: ProblemRule): BanditRuleMapping {
  const mapping: BanditRuleMapping = {
    ruleId: rule.id,
    cwes: [...rule.cwes],
    severity: rule.severity,
    helpUri: rule.helpUri ?? BANDIT_PLUGINS,
  };
  if (rule.securitySeverity !== undefined) mapping.securitySeverity = rule.securitySeverity;
  return mapping;
}

/** Mapping for a Bandit test id; one the registry does not know (a newer Bandit) keeps "bandit/<id>", no CWE. */
export function banditRuleMapping(testId: string): BanditRuleMapping {
  const rule = ruleForAlias("bandit", testId);
  if (rule) return toMapping(rule);
  return {
    ruleId: `bandit/${testId}`,
    cwes: [],
    severity: "warning",
    helpUri: BANDIT_PLUGINS,
  };
}

/** Every Bandit test id the registry knows (for coverage filters in the bench). */
export const BANDIT_TEST_IDS: readonly string[] = allRules()
  .flatMap((rule) => rule.aliases.filter((a) => a.tool === "bandit").map((a) => a.code))
  .sort();

/**
 * The finding's severity: the problem's, lowered to `note` when Bandit itself rates the issue LOW
 * (like ruff's "seems safe" for a literal shell command), so both tools agree on a problem.
 */
export function banditSeverity(issueSeverity: string, problem: Severity = "warning"): Severity {
  return issueSeverity.toUpperCase() === "LOW" ? "note" : problem;
}
