import type { Severity } from "../finding.js";
import { type ProblemRule, type RuleAlias, ruffHelpUri } from "../rules/problem-rule.js";
import { allRules } from "../rules/rule-registry.js";

/**
 * What one ruff flake8-bandit (S) rule means for us: a view of the rule registry
 * (analysis/rules/), which holds the data. Ruff matches patterns, not data flows, so
 * a rule only borrows CodeQL's query id when that CodeQL query is itself a pattern query (or
 * its "flow" starts at a literal, like hard-coded credentials). Rules whose CodeQL twin needs a
 * taint flow keep "ruff/<code>" and name the twin in `taintTwin`; the taint engine emits the twin
 * when it confirms a flow and merges this finding into it.
 */
export interface RuffRuleMapping {
  /** Ruff's code, "S608". */
  code: string;
  /** Ruff's rule name, "hardcoded-sql-expression" (also the slug of its docs page). */
  name: string;
  /** Short human title. */
  title: string;
  /** CodeQL's query id when CodeQL has the same (pattern) query, else "ruff/<code>". */
  ruleId: string;
  /** Normalized CWE ids, most specific first. */
  cwes: string[];
  severity: Severity;
  /** CodeQL's security-severity; only set when `ruleId` is CodeQL's. */
  securitySeverity?: number;
  /** CodeQL taint query that reports the same weakness once a flow is confirmed. */
  taintTwin?: string;
  /** The rule's documentation page. */
  helpUri: string;
}

/**
 * S rules ruff 0.17.4 knows but never reports in our (non-preview) configuration, and why.
 * Not mapped: a mapping nobody can trigger would only pad the coverage list.
 */
export const RUFF_UNREPORTED_RULES: Record<string, string> = {
  S320: "suspicious-xmle-tree-usage: deprecated and removed (lxml is safe by default); never fires",
  S401: "suspicious-telnetlib-import: preview only (flags the import itself)",
  S402: "suspicious-ftplib-import: preview only",
  S403: "suspicious-pickle-import: preview only",
  S404: "suspicious-subprocess-import: preview only",
  S405: "suspicious-xml-etree-import: preview only",
  S406: "suspicious-xml-sax-import: preview only",
  S407: "suspicious-xml-expat-import: preview only",
  S408: "suspicious-xml-minidom-import: preview only",
  S409: "suspicious-xml-pulldom-import: preview only",
  S410: "suspicious-lxml-import: removed; never fires",
  S411: "suspicious-xmlrpc-import: preview only",
  S412: "suspicious-httpoxy-import: preview only",
  S413: "suspicious-pycrypto-import: preview only",
  S415: "suspicious-pyghmi-import: preview only",
};

function toMapping(rule: ProblemRule, alias: RuleAlias): RuffRuleMapping {
  const mapping: RuffRuleMapping = {
    code: alias.code,
    name: alias.slug ?? alias.code,
    title: alias.title ?? rule.name,
    ruleId: rule.id,
    cwes: [...rule.cwes],
    severity: rule.severity,
    helpUri: rule.helpUri ?? ruffHelpUri(alias.slug ?? alias.code),
  };
  if (rule.securitySeverity !== undefined) mapping.securitySeverity = rule.securitySeverity;
  if (rule.taintTwin !== undefined) mapping.taintTwin = rule.taintTwin;
  return mapping;
}

/** ruff flake8-bandit code → meaning. */
export const RUFF_RULES: Readonly<Record<string, RuffRuleMapping>> = Object.freeze(
  Object.fromEntries(
    allRules()
      .flatMap((rule) =>
        rule.aliases.filter((a) => a.tool === "ruff" && /^S\d+$/.test(a.code)).map((a) => toMapping(rule, a)),
      )
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((m) => [m.code, m]),
  ),
);

/** Mapping for a ruff code; an S code we do not know (newer ruff) falls back to ruff/<code>, no CWE. */
export function ruffRuleMapping(code: string): RuffRuleMapping {
  return (
    RUFF_RULES[code] ?? {
      code,
      name: code,
      title: `ruff ${code}`,
      ruleId: `ruff/${code}`,
      cwes: [],
      severity: "warning",
      helpUri: "https://docs.astral.sh/ruff/rules/",
    }
  );
}

/**
 * What the embedded ruff pass can report: CodeQL query ids (rules that borrow CodeQL's id) and
 * CWEs. The bench uses it as the paper's "coverage filter" (only tasks whose CWE the analyzer can
 * see count). Taint twins are not included: the ruff pass alone never emits them.
 */
export const RUFF_COVERAGE: Readonly<{ codeqlIds: readonly string[]; cwes: readonly string[] }> =
  Object.freeze({
    codeqlIds: [...new Set(Object.values(RUFF_RULES).map((m) => m.ruleId))]
      .filter((id) => id.startsWith("py/"))
      .sort(),
    cwes: [...new Set(Object.values(RUFF_RULES).flatMap((m) => m.cwes))].sort(
      (a, b) => Number(a.slice(4)) - Number(b.slice(4)),
    ),
  });
