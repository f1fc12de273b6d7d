import type { ReporterTool, Severity } from "../finding.js";

export type { ReporterTool };

/** One tool's name for a problem: ruff "S608", Bandit "B608", taint/CodeQL "py/sql-injection". */
export interface RuleAlias {
  tool: ReporterTool;
  code: string;
  /** What this tool's check flags, when it differs from the problem's summary (ruff S105 vs S106). */
  title?: string;
  /** The tool's own rule name ("hardcoded-sql-expression"), used for its docs link. */
  slug?: string;
  /** One sentence for docs/findings.md. */
  help?: string;
}

/**
 * One problem seclsp can report, whoever reports it. Keyed by CodeQL's query id where CodeQL has
 * the query ("py/flask-debug"), else by the pattern check's own id ("ruff/S608", "bandit/B613").
 * A pattern check whose CodeQL twin is a taint query keeps its own id (it saw no flow) and names
 * the twin in `taintTwin`.
 */
export interface ProblemRule {
  id: string;
  /** Short human title. */
  name: string;
  /** Normalized CWE ids ("CWE-89"), most specific first. */
  cwes: readonly string[];
  severity: Severity;
  /** CodeQL's security-severity; only for CodeQL ids. */
  securitySeverity?: number;
  /** Documentation page (CodeQL's, ruff's or Bandit's); none for seclsp's own notes. */
  helpUri?: string;
  /** Every tool's name for this problem. */
  aliases: readonly RuleAlias[];
  /** CodeQL taint query that reports this pattern once a flow is confirmed. */
  taintTwin?: string;
}

/** CodeQL's query help page: py/sql-injection → .../python/py-sql-injection/. */
export function codeqlHelpUri(id: string): string {
  return `https://codeql.github.com/codeql-query-help/python/${id.replaceAll("/", "-")}/`;
}

export function ruffHelpUri(slug: string): string {
  return `https://docs.astral.sh/ruff/rules/${slug}/`;
}

export function banditHelpUri(code: string): string {
  return `https://bandit.readthedocs.io/en/latest/search.html?q=${code}`;
}
