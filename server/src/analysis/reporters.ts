import type { Finding, Reporter } from "./finding.js";

/**
 * Provenance views of `Finding.reporters`: which tools reported a finding, for humans (CLI text,
 * LSP message, SARIF properties) and for suppression. The message text never carries it.
 */

/** "ruff/S608", "bandit/B608", "taint/py/sql-injection", "codeql/py/sql-injection". */
export function reporterLabel(reporter: Reporter): string {
  return `${reporter.tool}/${reporter.ruleId}`;
}

/** Who reported `f`; a finding built without `reporters` had one: its source under its rule id. */
export function reportersOf(f: Finding): Reporter[] {
  if (f.reporters && f.reporters.length > 0) return f.reporters;
  return [{ tool: f.source === "embedded" ? "taint" : f.source, ruleId: f.ruleId }];
}

/** The report that was kept when several were merged (the first reporter). */
export function primaryReporter(f: Finding): Reporter {
  return reportersOf(f)[0]!;
}

/** Labels of the reports merged into `f` besides the kept one, sorted. */
export function alsoReportedBy(f: Finding): string[] {
  return reportersOf(f).slice(1).map(reporterLabel).sort();
}

/** " (also: bandit/B608, ruff/S608)" for display, or "" when one tool reported the finding. */
export function alsoReportedSuffix(f: Finding): string {
  const also = alsoReportedBy(f);
  return also.length > 0 ? ` (also: ${also.join(", ")})` : "";
}

const key = (r: Reporter): string => `${r.tool}\0${r.ruleId}`;

/**
 * The kept finding's reporters first (in their order), then every other finding's, each once, the
 * added ones sorted: deterministic whatever the input order, and a no-op when merged again.
 */
export function unionReporters(kept: Finding, others: readonly Finding[]): Reporter[] {
  const seen = new Set(reportersOf(kept).map(key));
  const added = new Map<string, Reporter>();
  for (const other of others) {
    for (const r of reportersOf(other)) if (!seen.has(key(r))) added.set(key(r), r);
  }
  const sorted = [...added.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  return [...reportersOf(kept), ...sorted];
}
